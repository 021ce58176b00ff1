from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    """The Playbook: sections with immutable history, releases and exports."""

    name = "ldsp.playbook"
    label = "playbook"
    verbose_name = "Playbook"
