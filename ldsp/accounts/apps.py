from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate, post_save


class AccountsConfig(AppConfig):
    """People: profiles, roles and personal API tokens."""

    name = "ldsp.accounts"
    label = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        from ldsp.accounts import roles, signals

        # Keep the role groups' permissions in step with ROLE_PERMISSIONS after
        # every migrate, the same moment Django creates permissions themselves.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
        # Accounts made outside our services (`createsuperuser`, the admin) need a
        # profile too; pages and the API expect every person to have one.
        post_save.connect(
            signals.profile_for_new_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="accounts.profile_for_new_user",
        )
