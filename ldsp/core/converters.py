"""URL converters.

``<id:...>`` matches a row id of at most nine digits. Django's ``int`` converter
accepts any number of digits, and a number too large for the database column
makes PostgreSQL raise an error; a long number here is simply not found (404).
"""

from __future__ import annotations


class RowIdConverter:
    """A positive whole number small enough for any integer column."""

    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
