from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.postcodes import (
    POSTCODE_AREAS,
    Postcode,
    PostcodeError,
    parse_postcode,
)

DATA = Path(__file__).resolve().parents[2] / "places" / "data"

FORMAT = "Enter a real postcode, like SW1A 1AA"
TOO_LONG = "A postcode has no more than 7 letters and numbers. Enter a real postcode, like SW1A 1AA"
INCOMPLETE = "Enter the full postcode, like SW1A 1AA, or just the first part, like SW1A"


def district_rows() -> list[dict[str, str]]:
    with (DATA / "postcode_districts.csv").open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize(
    ("text", "outward", "inward"),
    [
        ("SW1A 1AA", "SW1A", "1AA"),
        ("sw1a1aa", "SW1A", "1AA"),
        ("S1", "S1", None),
        ("m1 1ae", "M1", "1AE"),
        ("EC1A 1BB", "EC1A", "1BB"),
        ("W1A 0AX", "W1A", "0AX"),
        ("B33 8TH", "B33", "8TH"),
        ("CR2 6XH", "CR2", "6XH"),
        ("DN55 1PT", "DN55", "1PT"),
        ("GIR 0AA", "GIR", "0AA"),
        ("gir0aa", "GIR", "0AA"),
    ],
)
def test_full_postcodes_and_outward_codes_are_accepted(
    text: str, outward: str, inward: str | None
) -> None:
    assert parse_postcode(text) == Postcode(outward, inward)


@pytest.mark.parametrize(
    "text",
    ["  SW1A 1AA  ", "SW1A   1AA", "\tsw1a\n1aa ", "SW1A\u00a01AA", "S W 1 A 1 A A", "Sw1A 1aA"],
)
def test_case_and_whitespace_anywhere_do_not_matter(text: str) -> None:
    assert parse_postcode(text) == Postcode("SW1A", "1AA")


def test_a_postcode_is_formatted_with_one_space_between_its_parts() -> None:
    assert parse_postcode("sw1a1aa").formatted == "SW1A 1AA"
    assert parse_postcode("b338th").formatted == "B33 8TH"


def test_an_outward_code_is_formatted_on_its_own() -> None:
    assert parse_postcode(" s1 ").formatted == "S1"
    assert parse_postcode("ec1a").formatted == "EC1A"


@pytest.mark.parametrize(
    ("text", "district", "area"),
    [
        ("SW1A 1AA", "SW1A", "SW"),
        ("S1", "S1", "S"),
        ("M1 1AE", "M1", "M"),
        ("W1A 0AX", "W1A", "W"),
        ("DN55 1PT", "DN55", "DN"),
        ("GIR 0AA", "GIR", "GIR"),
    ],
)
def test_the_district_is_the_outward_code_and_the_area_its_leading_letters(
    text: str, district: str, area: str
) -> None:
    postcode = parse_postcode(text)
    assert postcode.district == district
    assert postcode.area == area


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a postcode"),
        ("   \t ", "Enter a postcode"),
        ("12345", FORMAT),
        ("SW1A-1AA", FORMAT),
        ("1AA", FORMAT),
        ("SW1A 1CA", FORMAT),
        ("ß1", FORMAT),
        ("ZZ1", "No UK postcode starts with ZZ. Enter a real postcode, like SW1A 1AA"),
        ("zz1 1aa", "No UK postcode starts with ZZ. Enter a real postcode, like SW1A 1AA"),
        ("Q1 1AA", "No UK postcode starts with Q. Enter a real postcode, like SW1A 1AA"),
        ("SW1A 1A", INCOMPLETE),
        ("SW1A 1", INCOMPLETE),
        ("b33 8", INCOMPLETE),
        ("SW1A 1AAA", TOO_LONG),
        ("SW1A 1AA SW1A 1AA", TOO_LONG),
        ("S" * 10_000, TOO_LONG),
    ],
)
def test_text_that_is_not_a_postcode_is_rejected_with_a_message_for_the_person(
    text: str, message: str
) -> None:
    with pytest.raises(PostcodeError) as raised:
        parse_postcode(text)
    assert str(raised.value) == message


def test_a_postcode_error_is_a_value_error() -> None:
    assert issubclass(PostcodeError, ValueError)


def test_the_areas_are_those_of_the_district_file_and_the_four_it_leaves_out() -> None:
    from_file = {row["area"] for row in district_rows()}
    # NPT (old Newport) is in the file but retired, and fits no postcode format.
    assert (from_file - {"NPT"}) | {"BT", "GY", "JE", "IM"} == POSTCODE_AREAS
    assert len(POSTCODE_AREAS) == 124


def test_every_live_district_in_the_file_is_accepted_as_an_outward_code() -> None:
    rows = [row for row in district_rows() if int(row["active_postcodes"]) > 0]
    assert len(rows) == 2872
    for row in rows:
        postcode = parse_postcode(row["district"].lower())
        assert postcode == Postcode(row["district"], None)
        assert postcode.area == row["area"]


DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@st.composite
def postcodes(draw: st.DrawFn) -> Postcode:
    """Valid postcodes: a real area, then A9 / A99 / A9A (or AA9 / AA99 / AA9A), then 9AA."""
    area = draw(st.sampled_from(sorted(POSTCODE_AREAS)))
    district = draw(st.sampled_from(DIGITS))
    district += draw(st.sampled_from(["", *DIGITS, *LETTERS]))
    inward = None
    if draw(st.booleans()):
        inward = draw(st.sampled_from(DIGITS))
        inward += "".join(draw(st.lists(st.sampled_from(INWARD_LETTERS), min_size=2, max_size=2)))
    return Postcode(area + district, inward)


@given(postcodes())
def test_a_formatted_postcode_typed_in_lower_case_without_spaces_reads_back_the_same(
    postcode: Postcode,
) -> None:
    parsed = parse_postcode(postcode.formatted)
    assert parsed == postcode
    assert parse_postcode(parsed.formatted.lower().replace(" ", "")) == parsed


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_a_postcode_error(text: str) -> None:
    try:
        postcode = parse_postcode(text)
    except PostcodeError as error:
        assert str(error)
    else:
        assert parse_postcode(postcode.formatted) == postcode
