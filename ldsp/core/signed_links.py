"""Signed tokens for links in emails (such as one-click unsubscribe).

The token carries what the link is for and is signed with the site's secret
and a purpose-specific salt, so it cannot be forged or reused for another
purpose. No database row is needed to check it.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT_PREFIX = "ldsp.link."


def link_token(purpose: str, data: dict[str, Any]) -> str:
    """A URL-safe token for ``data``, valid only for ``purpose``."""
    return signing.dumps(data, salt=SALT_PREFIX + purpose, compress=True)


def link_read(
    purpose: str, token: str, *, max_age_days: int | None = None
) -> dict[str, Any] | None:
    """The data of a genuine, unexpired token for ``purpose``; None for anything else."""
    max_age = None if max_age_days is None else max_age_days * 86_400
    try:
        data = signing.loads(token, salt=SALT_PREFIX + purpose, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return data if isinstance(data, dict) else None
