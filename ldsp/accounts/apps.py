from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """People: profiles, roles and personal API tokens."""

    name = "ldsp.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        from ldsp.accounts import roles

        # Keep the role groups' permissions in step with ROLE_PERMISSIONS after
        # every migrate, the same moment Django creates permissions themselves.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
