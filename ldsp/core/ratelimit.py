"""Fixed-window rate limits counted in the database, so no cache eviction can reset them.

Each check adds one to a ``RateCount`` row with a single
``INSERT … ON CONFLICT … DO UPDATE … RETURNING`` statement (SQLite 3.35+ and
PostgreSQL), so the database, not a read-then-write in Python, decides the count
when two requests arrive together.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ldsp.core.errors import Refused
from ldsp.core.models import RateCount

# One check in this many also deletes windows that have ended, which keeps the
# table small without a scheduler.
PRUNE_ONE_IN = 100


class RateLimited(Refused):
    """Someone has done one kind of thing too often in a short time."""


def _window(period_seconds: int, now: datetime) -> tuple[datetime, datetime]:
    start = int(now.timestamp()) // period_seconds * period_seconds
    window_start = datetime.fromtimestamp(start, tz=UTC)
    return window_start, window_start + timedelta(seconds=period_seconds)


def rate_count_add(scope: str, who: object, *, period_seconds: int) -> int:
    """Add one to ``who``'s count for ``scope`` in the current window; return the new count."""
    if period_seconds < 1:
        raise ValueError("A rate-limit period must be at least one second.")
    now = timezone.now()
    window_start, expires_at = _window(period_seconds, now)
    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    count = quote("count")
    sql = (
        f"INSERT INTO {table} ({quote('scope')}, {quote('who')}, {quote('window_start')}, "  # noqa: S608 - names are quoted constants
        f"{quote('expires_at')}, {count}) VALUES (%s, %s, %s, %s, 1) "
        f"ON CONFLICT ({quote('scope')}, {quote('who')}, {quote('window_start')}) "
        f"DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope[:64], str(who)[:150], adapt(window_start), adapt(expires_at)])
        row = cursor.fetchone()
    if secrets.randbelow(PRUNE_ONE_IN) == 0:
        rate_counts_prune(now=now)
    return int(row[0])


def rate_counts_prune(*, now: datetime | None = None) -> int:
    """Delete the counts of windows that have ended; return how many went."""
    deleted, _ = RateCount.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def rate_limit_exceeded(scope: str, who: object, *, limit: int, period_seconds: int) -> bool:
    """Count one more action for ``who`` in ``scope``; True when it is over ``limit``."""
    return rate_count_add(scope, who, period_seconds=period_seconds) > limit


def per_person_rate_check(
    actor: Any,
    scope: str,
    *,
    per_hour: int,
    message: str,
    error: type[Refused] = RateLimited,
) -> None:
    """Refuse with ``message`` once ``actor`` has done ``scope`` ``per_hour`` times this hour.

    ``error`` lets a service raise its own ``Refused`` subclass, which its pages
    already show beside the form.
    """
    if rate_limit_exceeded(scope, actor.pk, limit=per_hour, period_seconds=3600):
        raise error(message)


def contribution_rate_check(actor: Any) -> None:
    """Stop floods: at most ``CONTRIBUTIONS_PER_HOUR`` contributions per person per hour.

    Every kind of contribution (suggestions, comments, discussion) shares the one count.
    """
    per_person_rate_check(
        actor,
        "contribution",
        per_hour=settings.CONTRIBUTIONS_PER_HOUR,
        message=(
            "You have sent a lot of contributions in the last hour. Wait a while, then try again."
        ),
    )
