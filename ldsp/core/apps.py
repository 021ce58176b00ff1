from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces: home page, health check, email delivery, audit log."""

    name = "ldsp.core"
    label = "core"
    verbose_name = "Site"
