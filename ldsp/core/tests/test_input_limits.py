"""The building blocks of input limits: API types and form fields with plain messages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from ldsp.core import apitypes
from ldsp.core.formfields import text_field, whole_number_field
from ldsp.core.limits import BIGINT_MAX, BODY_MAX, INT_MAX, NAME_MAX, ROW_ID_MAX, SMALLINT_MAX


def _check(kind: Any, value: object) -> object:
    return TypeAdapter(kind).validate_python(value)


def _refusal(kind: Any, value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        _check(kind, value)
    return str(caught.value.errors()[0]["msg"])


@given(st.text().filter(lambda text: "\x00" not in text and len(text) <= NAME_MAX))
def test_text_without_nul_within_its_length_is_kept_as_it_is(text: str) -> None:
    assert _check(apitypes.Name, text) == text


@given(st.text(max_size=20), st.text(max_size=20))
def test_text_with_a_nul_anywhere_is_refused(before: str, after: str) -> None:
    assert _refusal(apitypes.Message, f"{before}\x00{after}") == (
        "Text must not contain null characters."
    )


def test_each_text_type_stops_at_its_limit() -> None:
    assert _check(apitypes.Body, "x" * BODY_MAX)
    assert "at most 100000 characters" in _refusal(apitypes.Body, "x" * (BODY_MAX + 1))
    assert "at most 200 characters" in _refusal(apitypes.Name, "x" * 201)


@pytest.mark.parametrize("address", ["name@example.org", "first.last+tag@sub.example.co.uk"])
def test_an_email_address_in_the_usual_form_is_accepted(address: str) -> None:
    assert _check(apitypes.Email, address) == address


@pytest.mark.parametrize(
    "address", ["", "name", "name@", "@example.org", "name@example..org", "na me@example.org"]
)
def test_anything_else_is_not_an_email_address(address: str) -> None:
    assert _refusal(apitypes.Email, address).startswith("Enter an email address")


def test_an_email_address_longer_than_the_standard_allows_is_refused() -> None:
    assert "at most 254 characters" in _refusal(apitypes.Email, "a" * 250 + "@example.org")


@pytest.mark.parametrize(
    ("kind", "lowest", "highest"),
    [
        (apitypes.RowId, 1, ROW_ID_MAX),
        (apitypes.RevisionNumber, 1, INT_MAX),
        (apitypes.Position, 0, INT_MAX),
    ],
)
def test_each_number_type_is_bounded_at_both_ends(kind: Any, lowest: int, highest: int) -> None:
    assert _check(kind, lowest) == lowest
    assert _check(kind, highest) == highest
    assert "greater than or equal" in _refusal(kind, lowest - 1)
    assert "less than or equal" in _refusal(kind, highest + 1)
    assert "less than or equal" in _refusal(kind, 10**20)


def test_the_column_ranges_are_the_databases() -> None:
    assert (SMALLINT_MAX, INT_MAX, BIGINT_MAX) == (2**15 - 1, 2**31 - 1, 2**63 - 1)
    assert ROW_ID_MAX < INT_MAX


def _view(slug: apitypes.Slug) -> None:
    """A view as django-ninja sees it: its annotations are strings until resolved."""


def test_resolving_annotations_turns_names_into_types() -> None:
    assert _view.__annotations__["slug"] == "apitypes.Slug"
    assert apitypes.resolve_annotations(_view).__annotations__["slug"] == apitypes.Slug


class _Example(forms.Form):
    title = text_field(noun="The title", max_length=10)
    reason = text_field(
        noun="The reason", max_length=5, error_messages={"max_length": "Keep it short"}
    )
    count = whole_number_field(noun="The number", min_value=1, max_value=INT_MAX)


def _errors(**data: str) -> dict[str, list[str]]:
    form = _Example({"title": "T", "reason": "R", "count": "1", **data})
    form.is_valid()
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def test_a_text_field_says_how_long_it_may_be_in_plain_english() -> None:
    assert _errors(title="x" * 11) == {"title": ["The title must be 10 characters or fewer"]}
    assert _errors(title="a\x00b") == {"title": ["The title must not contain null characters"]}


def test_a_message_given_for_the_field_wins() -> None:
    assert _errors(reason="x" * 6) == {"reason": ["Keep it short"]}


def test_a_number_field_says_what_it_accepts_in_plain_english() -> None:
    too_big = str(INT_MAX + 1)
    assert _errors(count=too_big) == {"count": ["The number must be 2,147,483,647 or less"]}
    assert _errors(count="9" * 40) == {"count": ["The number must be 2,147,483,647 or less"]}
    assert _errors(count="0") == {"count": ["The number must be 1 or more"]}
    assert _errors(count="1.5") == {"count": ["The number must be a whole number"]}
    assert _errors() == {}
