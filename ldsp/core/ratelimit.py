"""A simple fixed-window rate limit kept in the shared cache."""

from __future__ import annotations

import time

from django.core.cache import cache


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
