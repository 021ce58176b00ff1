"""A simple fixed-window rate limit kept in the shared cache."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from ldsp.core.errors import Refused


def rate_limit_exceeded(scope: str, who: object, *, limit: int, period_seconds: int) -> bool:
    """Count one more action for ``who`` in ``scope``; True when it is over ``limit``."""
    window = int(time.time() // period_seconds)
    key = f"ldsp:rate:{scope}:{who}:{window}"
    if cache.add(key, 1, timeout=period_seconds + 5):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period_seconds + 5)
        count = 1
    return count > limit


def contribution_rate_check(actor: Any) -> None:
    """Stop floods: at most ``CONTRIBUTIONS_PER_HOUR`` contributions per person per hour.

    Every kind of contribution (suggestions, comments, discussion) shares the one count.
    """
    if rate_limit_exceeded(
        "contribution", actor.pk, limit=settings.CONTRIBUTIONS_PER_HOUR, period_seconds=3600
    ):
        raise Refused(
            "You have sent a lot of contributions in the last hour. Wait a while, then try again."
        )
