from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    """Taking part in the Playbook: suggestions, endorsements, discussion, anchored
    comments, follows and the editors' review queue."""

    name = "ldsp.coproduction"
    label = "coproduction"
    verbose_name = "Co-production"

    def ready(self) -> None:
        from ldsp.coproduction import hooks
        from ldsp.core import extensions

        # The Playbook announces each new revision; it never imports this app.
        extensions.register("revision_written", hooks.revision_written)
