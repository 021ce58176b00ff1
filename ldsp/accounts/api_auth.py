"""How API callers prove who they are: a browser session (with CSRF) or a token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from ldsp.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer ldsp_…`` with a personal API token. Needs no CSRF token:
    browsers never attach it by themselves."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user  # type: ignore[assignment]
        return user


class CsrfCheckedSessionAuth(SessionAuth):
    """The browser session, with Django's CSRF check on unsafe methods.

    Unlike ninja's own, it checks CSRF only when there is a signed-in session,
    so a request with neither session nor token gets 401, not 403.
    """

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return request.user


# A token is tried first, so a script's request is never judged as a browser's.
SIGNED_IN = [ApiTokenAuth(), CsrfCheckedSessionAuth()]
