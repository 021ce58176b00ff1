"""The one API: django-ninja at /api/v1/, with one error shape, ``{"detail": …}``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import DocsBase

from ldsp.accounts.api import router as accounts_router
from ldsp.consultations.api import router as rounds_router
from ldsp.coproduction.api import router as contributions_router
from ldsp.core.errors import Refused
from ldsp.core.middleware import already_logged
from ldsp.core.views import answer_for_exception
from ldsp.finder.api import openreferral_router
from ldsp.finder.api import router as finder_router
from ldsp.lib.api_reference import api_reference, inline_code_html
from ldsp.partnerships.api import router as network_router
from ldsp.playbook.api import router as playbook_router
from ldsp.plays.api import router as plays_router


class ApiReferencePage(DocsBase):
    """/api/v1/docs: the reference in the site's own accessible pages, drawn on the server
    from the same OpenAPI document as /api/v1/openapi.json (no Swagger UI, no script)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        reference = api_reference(api.get_openapi_schema(path_params=kwargs))
        context: dict[str, Any] = {
            "reference": reference,
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        area = request.GET.get("section", "")
        if not area:
            context |= {
                "introduction_html": inline_code_html(reference.description),
                "site_url": settings.SITE_URL,
                "error_statuses": ERROR_STATUSES,
            }
            return render(request, "api/reference.html", context)
        # One page for each area (tag) keeps each short enough to read on a phone.
        group = next((group for group in reference.groups if group.tag == area), None)
        if group is None:
            raise Http404("No such part of the API reference.")
        return render(request, "api/reference_section.html", context | {"group": group})


# The statuses every caller should expect, with what each means here.
ERROR_STATUSES = [
    ("400", "Bad Request", "The request was understood but refused: the reason is in detail."),
    ("401", "Unauthorized", "This needs you signed in: send a token (see Authentication)."),
    ("403", "Forbidden", "You are signed in but may not do this, or the CSRF check failed."),
    ("404", "Not Found", "There is nothing at this address, or it is not public."),
    ("422", "Unprocessable Entity", "The input is not valid: detail lists each problem."),
    ("503", "Service Unavailable", "Try again later; Retry-After says after how many seconds."),
]

api = NinjaAPI(
    title="LDSP Hub API",
    version="1",
    description=(
        "Read what is public without signing in. To write, use your browser session "
        "(with its CSRF token) or a personal API token from your profile page, sent as "
        "`Authorization: Bearer ldsp_…`. Lists are paginated with `page` and `page_size`. "
        'Errors are JSON: `{"detail": …}`.'
    ),
    urls_namespace="api",
    docs=ApiReferencePage(),
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Sign in, or send a personal API token as 'Authorization: Bearer …'."},
        status=401,
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


# Refusals and outages are answered as the pages answer them (ldsp.core.views): the
# same words, the same one-line log, and for an outage the same Retry-After.
@api.exception_handler(PermissionError)
@api.exception_handler(PermissionDenied)
@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _expected_failure(request: HttpRequest, exc: Exception) -> HttpResponse:
    answer = answer_for_exception(request, exc)
    if answer is None:  # e.g. a file the server may not open: the server's fault, a 500
        raise exc
    return already_logged(answer)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Input types keep numbers and text within the columns' ranges; this is the
    # last line for a value that slips past them (SQLite raises OverflowError for
    # a number too large, PostgreSQL a DataError, as it does for NUL in text).
    return api.create_response(request, {"detail": "A value is out of range."}, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(Refused)
def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


api.add_router("/", accounts_router)
api.add_router("/", playbook_router)
api.add_router("/", contributions_router)
api.add_router("/", network_router)
api.add_router("/", rounds_router)
api.add_router("/", plays_router)
api.add_router("/", finder_router)
api.add_router("/", openreferral_router)
