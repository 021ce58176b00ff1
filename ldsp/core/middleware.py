"""The one place where an exception a view lets through becomes an answer a person can use.

The mapping itself, :func:`ldsp.core.views.answer_for_exception`, sits with the error
pages it draws; Django's 500 handler and the API's exception handlers call it too:

- Not allowed (``PermissionError``, Django's ``PermissionDenied``, and so our ``NotAllowed``,
  which is both): the 403 page, or a 403 ``{"detail": …}`` under ``/api/``. Expected, so it
  is logged in one line, without a traceback.
- The database cannot be reached (``OperationalError``, ``InterfaceError``): the 503
  "Sorry, the service is unavailable" page, or a 503 ``{"detail": …}``, with
  ``Retry-After``. The request's transaction never committed, so nothing is half-written.
- A value the database cannot store (``DataError``, a number too large, say): the caller's
  mistake, a 400. Forms and URL converters catch the usual cases; this is the net beneath.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ldsp.core.views import answer_for_exception


class ExpectedFailuresMiddleware:
    """Answer permission refusals with 403, database outages with 503, and values the
    database cannot store with 400, for pages and the API alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        answer = answer_for_exception(request, exception)
        if answer is not None:
            already_logged(answer)
        return answer


def already_logged(response: HttpResponse) -> HttpResponse:
    """Mark an answer that :func:`answer_for_exception` has logged in its own line, so
    Django's ``django.request`` logger does not log it a second time."""
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's own flag
    return response
