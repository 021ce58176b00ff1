"""Site-wide pages: home, health check, data licences and the error pages."""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, DataError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ldsp.core import extensions
from ldsp.core.pagecache import cached_for_visitors

logger = logging.getLogger(__name__)

# The words pages and the API use for the same refusals, so both say the same thing.
FORBIDDEN_DETAIL = "You do not have permission to do this."
UNAVAILABLE_DETAIL = "Sorry, the service is unavailable. Try again in a few minutes."
# How long a browser or API client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 30


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@require_GET
@cached_for_visitors()
def home(request: HttpRequest) -> HttpResponse:
    """What LDSP Hub is, who it is for, and where to start, with the network's figures
    (from the ``home_figures`` extension point, which the partnerships app answers)."""
    figures = extensions.collect("home_figures")
    return render(request, "core/home.html", {"network": figures[0] if figures else None})


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
    except DatabaseError as error:
        logger.error("Health check could not reach the database: %s", error)
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 in the site's look, or as JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 in the site's look, or as JSON under /api/, with the service's reason if it gave one."""
    reason = str(exception or "")
    if _wants_json(request):
        return JsonResponse({"detail": reason or FORBIDDEN_DETAIL}, status=403)
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's look, or as JSON under /api/."""
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After`` while the database cannot be reached.

    The page is drawn without the request's context processors: they read the session
    and the signed-in person, which live in the database that is down.
    """
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"detail": UNAVAILABLE_DETAIL}, status=503)
    else:
        try:
            response = HttpResponse(
                loader.render_to_string("503.html", {"request": request}), status=503
            )
        except Exception:  # the outage must never turn into a 500
            logger.exception("The 503 page could not be drawn")
            response = HttpResponse(
                UNAVAILABLE_DETAIL, content_type="text/plain; charset=utf-8", status=503
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the site's look; falls back to plain text if even that fails.

    Django calls this for exceptions raised outside a view too (saving the session, say),
    where no middleware's ``process_exception`` sees them: an expected failure there
    still gets its own answer (a database outage is a 503, not a 500).
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, Exception):
        answer = answer_for_exception(request, exception)
        if answer is not None:
            return answer
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


def is_permission_refusal(exception: Exception) -> bool:
    """The person asking may not do this: Python's and Django's way of saying so.

    A ``PermissionError`` with an ``errno`` comes from the operating system (a file the
    server may not write): that is the server's fault, a 500, not the person's.
    """
    if isinstance(exception, PermissionDenied):
        return True
    return isinstance(exception, PermissionError) and exception.errno is None


def is_database_unavailable(exception: Exception) -> bool:
    """The database could not be reached or dropped the connection (not a bug in a query:
    those are ``ProgrammingError`` or ``IntegrityError`` and stay 500s)."""
    return isinstance(exception, (OperationalError, InterfaceError))


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    try:
        return f"user {user.pk}" if user is not None and user.is_authenticated else "anonymous"
    except DatabaseError:  # the session could not be read: the refusal still stands
        return "unknown"


def answer_permission_refusal(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403, logged in one line: a refusal is expected, so no traceback."""
    logger.warning(
        "Refused %s %s for %s: %s",
        request.method,
        request.path,
        _who(request),
        str(exception) or type(exception).__name__,
    )
    return permission_denied(request, exception)


def answer_database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """503 with ``Retry-After``, logged in one line naming the database's complaint."""
    complaint = str(exception).strip().splitlines()
    logger.error(
        "Database unavailable for %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        complaint[0] if complaint else "",
    )
    return service_unavailable(request)


def answer_for_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
    """The answer for an expected kind of failure, or ``None`` to let Django's 500 stand."""
    if is_permission_refusal(exception):
        return answer_permission_refusal(request, exception)
    if is_database_unavailable(exception):
        return answer_database_unavailable(request, exception)
    if isinstance(exception, DataError):
        logger.warning("Refused a value the database cannot store: %s", exception)
        return bad_request(request, exception)
    return None
