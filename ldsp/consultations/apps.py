from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Dated rounds of public input on a playbook, and their "You said, we did" reports."""

    name = "ldsp.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from ldsp.consultations import selectors
        from ldsp.core import extensions

        extensions.register("phase_closed_reason", selectors.phase_closed_reason)
        extensions.register("playbook_notices", selectors.playbook_notice)
        extensions.register("round_windows", selectors.round_windows)
