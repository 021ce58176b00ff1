from django.apps import AppConfig


class FinderConfig(AppConfig):
    """Find digital-skills help near you: centres, offers and courses, imports, and where
    help is missing."""

    name = "ldsp.finder"
    label = "finder"
    verbose_name = "Finder"
