"""The site's URLs plus /bench/floor/, the cheapest page Django can serve through
the same middleware. Every page is measured as a ratio of it."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    """Does nothing: the cost of the server, WSGI and middleware alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("ldsp.urls")),
]
