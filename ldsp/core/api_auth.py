"""How API callers prove who they are: a browser session (with CSRF) or a token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer ldsp_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from ldsp.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Session first: a browser is the common caller. SessionAuth checks the CSRF
# token on unsafe methods; a bearer token needs none, as browsers never send it.
SIGNED_IN = [SessionAuth(csrf=True), ApiTokenAuth()]
