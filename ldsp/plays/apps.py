from django.apps import AppConfig


class PlaysConfig(AppConfig):
    """Plays: case studies of what worked, submitted, moderated and published."""

    name = "ldsp.plays"
    label = "plays"
    verbose_name = "Plays"

    def ready(self) -> None:
        from ldsp.core import extensions
        from ldsp.plays import selectors

        extensions.register("round_contributions", selectors.round_contributions)
        extensions.register("release_appendix", selectors.release_appendix)
        extensions.register("search_results", selectors.search_plays)
