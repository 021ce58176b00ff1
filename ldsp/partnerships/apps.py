from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """The network: partnerships, organisations, memberships, plans and pledges."""

    name = "ldsp.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
