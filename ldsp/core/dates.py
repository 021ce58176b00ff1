"""Dates asked for the GOV.UK way: day, month and year in three boxes.

The Design System's date input (https://design-system.service.gov.uk/components/date-input/)
asks for a date as three numbers, says exactly what is wrong in its own words ("Due date
must include a month", "Due date must be a real date") and highlights only the box that is
wrong. ``date_from_parts`` is the parsing and the messages; ``GovukDateField`` and its
``GovukDateInput`` widget put them on a Django form, and the form renderer
(``ldsp.core.formfields``) draws the widget as the GOV.UK component.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

PARTS = ("day", "month", "year")
"""The three boxes, in the order GOV.UK shows them."""

MONTH_NAMES: dict[str, int] = {
    **{calendar.month_name[number].lower(): number for number in range(1, 13)},
    **{calendar.month_abbr[number].lower(): number for number in range(1, 13)},
    "sept": 9,
}
"""GOV.UK asks services to accept a month written as a word ("Jan", "January")."""


class DateProblem(ValueError):
    """What is wrong with a date someone typed, and which boxes to highlight."""

    def __init__(self, message: str, parts: tuple[str, ...] = PARTS) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _month_number(text: str) -> int | None:
    return _whole_number(text) or MONTH_NAMES.get(text.lower().rstrip("."))


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else " and ".join([", ".join(parts[:-1]), parts[-1]])


def date_from_parts(day: str, month: str, year: str, *, noun: str) -> datetime.date | None:
    """The date given as three typed parts, or None when all three are empty.

    ``noun`` starts each message, as GOV.UK words them: "Due date must include a month".
    Raises ``DateProblem`` naming the boxes that are wrong.
    """
    typed = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [part for part in PARTS if not typed[part]]
    if len(missing) == len(PARTS):
        return None
    if missing:
        raise DateProblem(f"{noun} must include a {_joined(missing)}", tuple(missing))

    day_number = _whole_number(typed["day"])
    month_number = _month_number(typed["month"])
    year_text = typed["year"]
    wrong = []
    if day_number is None or not 1 <= day_number <= 31:
        wrong.append("day")
    if month_number is None or not 1 <= month_number <= 12:
        wrong.append("month")
    if _whole_number(year_text) is None:
        wrong.append("year")
    if wrong:
        raise DateProblem(f"{noun} must be a real date", tuple(wrong))
    if len(year_text) != 4:
        raise DateProblem("Year must include 4 numbers", ("year",))

    assert day_number is not None and month_number is not None  # checked above
    year_number = int(year_text)
    if day_number > calendar.monthrange(year_number, month_number)[1]:
        raise DateProblem(f"{noun} must be a real date", ("day",))
    return datetime.date(year_number, month_number, day_number)


def long_date(value: datetime.date) -> str:
    """A date as GOV.UK writes it: "4 June 2027"."""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


class GovukDateInput(forms.MultiWidget):
    """Three text boxes named ``<name>-day``, ``<name>-month`` and ``<name>-year``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in PARTS], attrs)
        # GOV.UK's names ("due_on-day"), which the component draws; Django would add "_".
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


DateBound = datetime.date | Callable[[], datetime.date]
"""A limit on a date: a fixed date, or a function such as ``timezone.localdate``."""


def _resolved(bound: DateBound | None) -> datetime.date | None:
    return bound() if callable(bound) else bound


class GovukDateField(forms.Field):
    """A date asked for as day, month and year, with GOV.UK's error messages.

    ``noun`` names the date in messages ("Launch date"). ``earliest`` and ``latest``
    (a date, or a function such as ``timezone.localdate``) bound it; today as the latest
    gives "must be today or in the past", as GOV.UK words it.
    """

    widget = GovukDateInput

    def __init__(
        self,
        *,
        noun: str,
        earliest: DateBound | None = None,
        latest: DateBound | None = None,
        **kwargs: Any,
    ) -> None:
        self.noun = noun
        self.earliest = earliest
        self.latest = latest
        messages = {"required": f"Enter the {noun[:1].lower()}{noun[1:]}"}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            return value
        day, month, year = ([str(part or "") for part in value] + ["", "", ""])[:3]
        try:
            return date_from_parts(day, month, year, noun=self.noun)
        except DateProblem as problem:
            raise _invalid(problem) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        earliest, latest = _resolved(self.earliest), _resolved(self.latest)
        today = timezone.localdate()
        if latest is not None and value > latest:
            limit = (
                "today or in the past"
                if latest == today
                else f"the same as or before {long_date(latest)}"
            )
            raise _invalid(DateProblem(f"{self.noun} must be {limit}"))
        if earliest is not None and value < earliest:
            limit = (
                "today or in the future"
                if earliest == today
                else f"the same as or after {long_date(earliest)}"
            )
            raise _invalid(DateProblem(f"{self.noun} must be {limit}"))


def _invalid(problem: DateProblem) -> ValidationError:
    # The boxes to highlight travel with the error; "%" is doubled because Django
    # fills a message with its params.
    return ValidationError(
        problem.message.replace("%", "%%"), code="invalid", params={"parts": problem.parts}
    )


def parts_in_error(errors: list[ValidationError]) -> tuple[str, ...]:
    """The boxes to highlight for a field's errors: those named, or all three for an
    error that names none (such as "Enter the date" or a service's refusal)."""
    wrong: set[str] = set()
    for error in errors:
        named = (error.params or {}).get("parts") if isinstance(error.params, dict) else None
        if not named:
            return PARTS
        wrong.update(named)
    return tuple(part for part in PARTS if part in wrong)
