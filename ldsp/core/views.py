"""Site-wide pages: home, health check, data licences and the error pages."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, DataError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ldsp.core.pagecache import cached_for_visitors

logger = logging.getLogger(__name__)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@require_GET
@cached_for_visitors()
def home(request: HttpRequest) -> HttpResponse:
    """What LDSP Hub is, who it is for, and where to start."""
    return render(request, "core/home.html")


@require_GET
def data_licence(request: HttpRequest) -> HttpResponse:
    """Where the reference data comes from and the licences it is used under."""
    return render(request, "core/data_licence.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 after a round trip to the database; 503 when the database cannot answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check could not reach the database")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 in the site's look, or as JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 in the site's look, or as JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's look, or as JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the site's look; falls back to plain text if even that fails."""
    if _wants_json(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    try:
        return HttpResponse(loader.render_to_string("500.html", request=request), status=500)
    except Exception:  # the error may be in the templates themselves
        logger.exception("The 500 page could not be drawn")
        return HttpResponse(
            "Sorry, there is a problem with the service. Try again later.",
            content_type="text/plain; charset=utf-8",
            status=500,
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form was sent without a valid CSRF token: usually an expired page."""
    if _wants_json(request):
        return JsonResponse({"detail": f"CSRF check failed: {reason}"}, status=403)
    return render(request, "403_csrf.html", status=403)


class DatabaseValueErrorMiddleware:
    """A value the database cannot store (a number too large, say) is the caller's
    mistake: answer 400, not 500. Forms and URL converters catch the usual cases;
    this is the net beneath them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DataError):
            logger.warning("Refused a value the database cannot store: %s", exception)
            return bad_request(request, exception)
        return None
