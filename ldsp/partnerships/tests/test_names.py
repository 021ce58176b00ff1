"""The organisation name matching rule: spelling differences that cannot be seen or heard
match; punctuation and letters that differ do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.partnerships.names import organisation_name_normalise, organisation_name_tidy


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("  a&b   ltd ", "A&B Ltd"),
        ("A&B\tLtd", "A&B Ltd"),
        ("A&B\u00a0Ltd", "A&B Ltd"),  # a non-breaking space
        ("Ａ&Ｂ Ltd", "A&B Ltd"),  # full-width letters
        ("A\u200b&B Ltd", "A&B Ltd"),  # a zero-width space
        ("Straße Digital", "STRASSE DIGITAL"),
        ("Cafe\u0301 Hub", "Café Hub"),  # a combining accent
    ],
)
def test_spellings_of_one_name_match(one: str, other: str) -> None:
    assert organisation_name_normalise(one) == organisation_name_normalise(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("A&B Ltd", "AB Ltd"),
        ("A & B Ltd", "A&B Ltd"),
        ("A.B. Ltd", "AB Ltd"),
        ("Café Hub", "Cafe Hub"),
        ("Age UK", "Age UK Lancashire"),
    ],
)
def test_names_that_differ_in_punctuation_or_letters_do_not_match(one: str, other: str) -> None:
    assert organisation_name_normalise(one) != organisation_name_normalise(other)


@given(st.text())
def test_the_key_is_stable_once_made(name: str) -> None:
    key = organisation_name_normalise(name)
    assert organisation_name_normalise(key) == key


@given(st.text())
def test_the_key_never_has_outer_or_doubled_spaces(name: str) -> None:
    key = organisation_name_normalise(name)
    assert key == key.strip() and "  " not in key


@given(st.text(), st.sampled_from([" ", "  ", "\t", "\n", "\u00a0"]))
def test_spacing_and_case_never_matter(name: str, space: str) -> None:
    spaced = space + space.join(name.split(" ")) + space
    assert organisation_name_normalise(spaced.upper()) == organisation_name_normalise(name.upper())


def test_the_shown_name_keeps_case_and_punctuation() -> None:
    assert organisation_name_tidy("  A&B   Ltd ") == "A&B Ltd"
