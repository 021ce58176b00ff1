from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Reference geography: area schemes, local authorities, postcode districts."""

    name = "ldsp.places"
    label = "places"
    verbose_name = "Places"
