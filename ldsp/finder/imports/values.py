"""Reading the values people write in spreadsheets: yes/no, lists, days and times, dates.

Each reader raises ``ValueProblem`` with a message that says what was found and
what we expected, in the words the documentation uses (docs/centre-imports.md).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import models

from ldsp.lib.csvsafe import FORMULA_STARTS


class ValueProblem(ValueError):
    """A value the file gives cannot be read; the message is for the person fixing it."""


YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}

DAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("mon", "monday", "mo"),
        ("tue", "tues", "tuesday", "tu"),
        ("wed", "wednesday", "we"),
        ("thu", "thur", "thurs", "thursday", "th"),
        ("fri", "friday", "fr"),
        ("sat", "saturday", "sa"),
        ("sun", "sunday", "su"),
    )
):
    for _name in _names:
        DAYS[_name] = _number
DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")
_SPAN = re.compile(r"^(?P<opens>[\d:.]+)\s*(?:-|–|—|to)\s*(?P<closes>[\d:.]+)$")
_LIST_SPLIT = re.compile(r"[;,\n]")

OpeningSlot = tuple[int, datetime.time, datetime.time]


def cell(value: str | None) -> str:
    """A cell's text, trimmed, without the quote our own CSV downloads put before
    anything a spreadsheet could take for a formula (see ``ldsp.lib.csvsafe``)."""
    text = (value or "").strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def yes_no(text: str) -> bool:
    cleaned = text.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise ValueProblem(f"Write yes or no, not “{text}”.")


def time_of(text: str) -> datetime.time:
    """``10:00``, ``9.30`` or ``10:00:00`` (with an offset or Z after it ignored)."""
    cleaned = re.sub(r"(Z|[+-]\d{2}:?\d{2})$", "", text.strip())
    match = _TIME.match(cleaned)
    if match is None:
        raise ValueProblem(f"Write times as 24-hour hours and minutes, like 09:30, not “{text}”.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValueProblem(f"“{text}” is not a time of day.")
    return datetime.time(hours, minutes)


def day_of(text: str) -> int:
    number = DAYS.get(text.strip().lower().rstrip("."))
    if number is None:
        raise ValueProblem(f"“{text}” is not a day of the week. Write Mon, Tue, Wed and so on.")
    return number


def _days(text: str) -> list[int]:
    """``Mon``, or a run like ``Mon-Fri``."""
    parts = re.split(r"\s*(?:-|–|—|to)\s*", text.strip())
    if len(parts) == 1:
        return [day_of(parts[0])]
    if len(parts) == 2:
        first, last = day_of(parts[0]), day_of(parts[1])
        if last < first:
            raise ValueProblem(f"“{text}” runs backwards. Write days in order, like Mon-Fri.")
        return list(range(first, last + 1))
    raise ValueProblem(f"“{text}” is not a day or a run of days like Mon-Fri.")


def opening_times(text: str) -> list[OpeningSlot]:
    """``Mon 10:00-12:30; Tue 14:00-16:00``; also ``Mon-Fri 09:00-17:00`` and
    ``Sat 10:00-12:00, 13:00-16:00`` (two stretches on one day)."""
    slots: list[OpeningSlot] = []
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        match = re.match(
            r"^(?P<days>[A-Za-z.]+(?:\s*(?:-|–|—|to)\s*[A-Za-z.]+)?)\s+(?P<times>.+)$", part
        )
        if match is None:
            raise ValueProblem(
                f"Write “{part}” as a day and times, like Mon 10:00-12:30. "
                "Separate days with semicolons."
            )
        days = _days(match.group("days"))
        for span_text in match.group("times").split(","):
            span = _SPAN.match(span_text.strip())
            if span is None:
                raise ValueProblem(
                    f"Write “{span_text.strip()}” as opening and closing times, like 10:00-12:30."
                )
            opens, closes = time_of(span.group("opens")), time_of(span.group("closes"))
            if closes <= opens:
                raise ValueProblem(
                    f"In “{part}” the closing time {closes:%H:%M} must be after "
                    f"the opening time {opens:%H:%M}."
                )
            slots.extend((day, opens, closes) for day in days)
    return sorted(set(slots))


def opening_times_text(slots: Iterable[OpeningSlot]) -> str:
    """The opening times as the CSV template writes them."""
    return "; ".join(
        f"{DAY_SHORT[day]} {opens:%H:%M}-{closes:%H:%M}" for day, opens, closes in sorted(slots)
    )


def date_of(text: str) -> datetime.date:
    """``2025-03-31`` or ``31/03/2025``; never in the future."""
    cleaned = text.strip()
    found: datetime.date | None = None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            found = datetime.datetime.strptime(cleaned[:10], pattern).date()
            break
        except ValueError:
            continue
    if found is None:
        raise ValueProblem(f"Write the date like 2025-03-31 or 31/03/2025, not “{text}”.")
    if found > datetime.date.today():
        raise ValueProblem(f"{found:%d %B %Y} is in the future. Give the date it was last checked.")
    return found


def words(text: str) -> list[str]:
    """The items of a list cell: separated by semicolons, commas or new lines."""
    return [item.strip() for item in _LIST_SPLIT.split(text) if item.strip()]


def choices_of(text: str, choices: type[models.TextChoices]) -> list[str]:
    """Stored values from a list of values or labels in any case (``Communicating``,
    ``safe_legal``, ``safe-legal`` and ``Being safe and legal online`` all work)."""
    by_word: dict[str, str] = {}
    for value, label in choices.choices:
        by_word[str(value).lower()] = str(value)
        by_word[str(value).lower().replace("_", "-")] = str(value)
        by_word[str(value).lower().replace("_", " ")] = str(value)
        by_word[str(label).lower()] = str(value)
    found: list[str] = []
    for item in words(text):
        stored = by_word.get(item.lower())
        if stored is None:
            allowed = ", ".join(str(value) for value in choices.values)
            raise ValueProblem(f"“{item}” is not one of the choices: {allowed}.")
        found.append(stored)
    return sorted(set(found))


def number_of(text: str, *, low: float, high: float, what: str, example: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueProblem(
            f"The {what} must be a number in decimal degrees, like {example}."
        ) from None
    if not low <= value <= high:
        raise ValueProblem(f"The {what} must be between {low:g} and {high:g}.")
    return value
