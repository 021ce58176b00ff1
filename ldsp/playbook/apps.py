from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    """The Playbook: sections with immutable history, releases and exports."""

    name = "ldsp.playbook"
    label = "playbook"
    verbose_name = "Playbook"

    def ready(self) -> None:
        from ldsp.core import extensions
        from ldsp.playbook import selectors

        extensions.register("search_results", selectors.search_sections)
