"""An expected refusal (403) is logged in one WARNING line, without a traceback, whether
it comes from a page, the API, or from before any view."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import override_settings

from conftest import Persona
from tests.factories import PartnershipFactory, RoundFactory


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_a_refused_page_is_one_line_naming_the_refusal(
    contributor: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    partnership = PartnershipFactory.create()
    with caplog.at_level(logging.INFO):
        response = contributor.client.get(f"/partnerships/{partnership.slug}/edit/")
    assert response.status_code == 403
    [line] = _warnings(caplog)
    assert line.exc_info is None
    assert line.getMessage() == (
        f"Refused GET /partnerships/{partnership.slug}/edit/ "
        f"for user {contributor.user.pk}: PermissionDenied"
    )
    assert "Traceback" not in caplog.text


def test_a_refused_api_call_is_one_line(
    contributor: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    round_ = RoundFactory.create()
    with caplog.at_level(logging.INFO):
        response = contributor.client.get(f"/api/v1/rounds/{round_.slug}/report")
    assert response.status_code == 403
    [line] = _warnings(caplog)
    assert "The report has not been published yet." in line.getMessage()
    assert "Traceback" not in caplog.text


def _refusing_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path == "/refused-before-the-view/":
            raise PermissionDenied("Not from here.")
        return get_response(request)

    return middleware


def test_a_refusal_before_any_view_is_one_line_without_a_traceback(
    contributor: Persona, caplog: pytest.LogCaptureFixture, settings: object
) -> None:
    from django.conf import settings as django_settings

    middleware = [*django_settings.MIDDLEWARE, f"{__name__}._refusing_middleware"]
    with override_settings(MIDDLEWARE=middleware), caplog.at_level(logging.INFO):
        response = contributor.client.get("/refused-before-the-view/")
    assert response.status_code == 403
    [line] = _warnings(caplog)
    assert line.exc_info is None and line.exc_text is None
    assert "Traceback" not in caplog.text
    formatted = logging.Formatter().format(line)
    assert "\n" not in formatted
