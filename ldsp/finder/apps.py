from django.apps import AppConfig


class FinderConfig(AppConfig):
    """Find digital-skills help near you: centres, offers and courses, imports, and where
    help is missing."""

    name = "ldsp.finder"
    label = "finder"
    verbose_name = "Finder"

    def ready(self) -> None:
        # The partnership and coverage pages show where help is missing without the
        # partnerships app (a lower layer) importing the finder.
        from ldsp.core import extensions
        from ldsp.finder import views_gaps

        extensions.register("partnership_panels", views_gaps.partnership_panel)
        extensions.register("coverage_panels", views_gaps.coverage_panel)
