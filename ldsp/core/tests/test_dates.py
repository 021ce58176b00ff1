"""Dates asked for the GOV.UK way: parsing day, month and year, and the messages."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ldsp.core.dates import DateProblem, GovukDateField, date_from_parts, long_date


def _problem(day: str, month: str, year: str) -> tuple[str, tuple[str, ...]]:
    with pytest.raises(DateProblem) as caught:
        date_from_parts(day, month, year, noun="Due date")
    return caught.value.message, caught.value.parts


@given(st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)))
def test_every_real_date_typed_as_numbers_is_read_back(value: datetime.date) -> None:
    typed = (str(value.day), str(value.month), str(value.year))
    assert date_from_parts(*typed, noun="Due date") == value


def test_nothing_typed_is_no_date() -> None:
    assert date_from_parts("", " ", "", noun="Due date") is None


def test_leading_zeros_spaces_and_month_names_are_accepted() -> None:
    assert date_from_parts(" 07", "03 ", "2027", noun="Due date") == datetime.date(2027, 3, 7)
    assert date_from_parts("7", "March", "2027", noun="D") == datetime.date(2027, 3, 7)
    assert date_from_parts("7", "mar", "2027", noun="D") == datetime.date(2027, 3, 7)
    assert date_from_parts("7", "Sept.", "2027", noun="D") == datetime.date(2027, 9, 7)


@pytest.mark.parametrize(
    ("typed", "message", "parts"),
    [
        (("", "3", "2027"), "Due date must include a day", ("day",)),
        (("7", "", "2027"), "Due date must include a month", ("month",)),
        (("7", "3", ""), "Due date must include a year", ("year",)),
        (("", "", "2027"), "Due date must include a day and month", ("day", "month")),
        (("7", "", ""), "Due date must include a month and year", ("month", "year")),
        (("", "3", ""), "Due date must include a day and year", ("day", "year")),
        (("7", "13", "2027"), "Due date must be a real date", ("month",)),
        (("32", "3", "2027"), "Due date must be a real date", ("day",)),
        (("0", "3", "2027"), "Due date must be a real date", ("day",)),
        (("31", "2", "2027"), "Due date must be a real date", ("day",)),
        (("29", "2", "2027"), "Due date must be a real date", ("day",)),
        (("7", "Marchuary", "2027"), "Due date must be a real date", ("month",)),
        (("-1", "3", "2027"), "Due date must be a real date", ("day",)),
        (("x", "y", "2027"), "Due date must be a real date", ("day", "month")),
        (("7", "3", "twenty"), "Due date must be a real date", ("year",)),
        (("7", "3", "27"), "Year must include 4 numbers", ("year",)),
        (("7", "3", "20270"), "Year must include 4 numbers", ("year",)),
        (("٣", "3", "2027"), "Due date must be a real date", ("day",)),
    ],
)
def test_each_mistake_gets_govuk_words_and_names_only_the_wrong_boxes(
    typed: tuple[str, str, str], message: str, parts: tuple[str, ...]
) -> None:
    assert _problem(*typed) == (message, parts)


def test_a_leap_day_is_real_in_a_leap_year() -> None:
    assert date_from_parts("29", "2", "2028", noun="D") == datetime.date(2028, 2, 29)


def test_dates_are_written_the_govuk_way() -> None:
    assert long_date(datetime.date(2027, 6, 4)) == "4 June 2027"


class _DueForm(forms.Form):
    due_on = GovukDateField(noun="Due date", label="Due", required=False)
    launched_on = GovukDateField(
        noun="Launch date",
        label="Launched",
        earliest=datetime.date(2016, 1, 1),
        latest=datetime.date(2030, 12, 31),
    )


def _form(**typed: str) -> _DueForm:
    data = {"launched_on-day": "1", "launched_on-month": "6", "launched_on-year": "2020"}
    data.update({key.replace("__", "-"): value for key, value in typed.items()})
    return _DueForm(data)


def test_the_field_reads_the_three_boxes() -> None:
    form = _form(due_on__day="31", due_on__month="12", due_on__year="2027")
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "due_on": datetime.date(2027, 12, 31),
        "launched_on": datetime.date(2020, 6, 1),
    }


def test_an_optional_date_may_be_left_empty_but_a_required_one_may_not() -> None:
    form = _DueForm({})
    assert not form.is_valid()
    assert form.errors == {"launched_on": ["Enter the launch date"]}


def test_the_field_gives_govuk_messages() -> None:
    form = _form(due_on__day="31", due_on__month="2", due_on__year="2027")
    assert form.errors == {"due_on": ["Due date must be a real date"]}
    form = _form(due_on__month="2")
    assert form.errors == {"due_on": ["Due date must include a day and year"]}


def test_bounds_are_explained_with_the_date_in_words() -> None:
    form = _form(launched_on__year="2031")
    assert form.errors == {
        "launched_on": ["Launch date must be the same as or before 31 December 2030"]
    }
    form = _form(launched_on__year="2015")
    assert form.errors == {
        "launched_on": ["Launch date must be the same as or after 1 January 2016"]
    }


def test_today_as_a_bound_is_said_as_today() -> None:
    class Past(forms.Form):
        happened_on = GovukDateField(noun="Date", latest=timezone.localdate)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = Past(
        {
            "happened_on-day": str(tomorrow.day),
            "happened_on-month": str(tomorrow.month),
            "happened_on-year": str(tomorrow.year),
        }
    )
    assert form.errors == {"happened_on": ["Date must be today or in the past"]}


def test_a_percent_sign_in_the_noun_is_kept() -> None:
    class Odd(forms.Form):
        when = GovukDateField(noun="100% date", required=False)

    form = Odd({"when-day": "1", "when-month": "", "when-year": "2027"})
    assert form.errors == {"when": ["100% date must include a month"]}
