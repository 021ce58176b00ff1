from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """The network: partnerships, organisations, memberships, plans and pledges."""

    name = "ldsp.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from ldsp.core import extensions
        from ldsp.partnerships.selectors import network_figures

        # The home page (in core, which cannot import this app) shows the network's figures.
        extensions.register("home_figures", network_figures)
