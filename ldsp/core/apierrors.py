"""The API's one error shape, ``{"detail": …}``, and the statuses each operation declares
with it, so the OpenAPI document lists every answer a caller can get."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """An error: a message, or for input that fails validation (422) what was wrong with it."""

    detail: str | list[dict[str, Any]]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Declare that an operation may answer each of ``statuses`` with an ``ErrorOut``."""
    return dict.fromkeys(statuses, ErrorOut)


# Invalid parameters or body: 422. A page of a list past its last: 404.
READ_ERRORS = errors(404, 422)
# A row named in the address that does not exist: 404 too.
LOOKUP_ERRORS = errors(404, 422)
# Not signed in: 401. Not allowed, or a session without its CSRF token: 403.
# A write the service refuses (rate limit, bad state): 400.
WRITE_ERRORS = errors(400, 401, 403, 404, 422)
