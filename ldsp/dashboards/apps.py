from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Each person's home after signing in: their contributions, and the work waiting for
    each role they hold; and the editors' daily digest of what arrived."""

    name = "ldsp.dashboards"
    label = "dashboards"
    verbose_name = "Dashboards"

    def ready(self) -> None:
        from ldsp.core import extensions
        from ldsp.dashboards import selectors, tasks

        extensions.register("navigation_counts", selectors.navigation_counts)
        extensions.register("contribution_arrived", tasks.contribution_arrived)
