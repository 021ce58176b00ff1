"""A cache backend that forgets only what has expired."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class DurableDatabaseCache(DatabaseCache):
    """Django's database cache, except that a full table never loses a live entry.

    The stock backend, once it holds more than ``MAX_ENTRIES``, deletes a share of
    entries whether or not they have expired. Rate-limit counts kept in the cache
    (allauth's sign-in limits) would then start again from nothing, so here going
    over ``MAX_ENTRIES`` only clears out the expired entries.
    """

    _table: str  # set by DatabaseCache from LOCATION

    def _cull(self, db: str, cursor: Any, now: datetime, num: int) -> None:
        connection = connections[db]
        quote = connection.ops.quote_name
        cursor.execute(
            f"DELETE FROM {quote(self._table)} WHERE {quote('expires')} < %s",  # noqa: S608 - quoted names
            [connection.ops.adapt_datetimefield_value(now)],
        )
