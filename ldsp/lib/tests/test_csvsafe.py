from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.csvsafe import FORMULA_STARTS, SafeDictWriter, SafeWriter, safe_cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_it_quotes_each_character_that_starts_a_formula(start: str) -> None:
    assert safe_cell(f'{start}HYPERLINK("https://example.com")') == (
        f'\'{start}HYPERLINK("https://example.com")'
    )


@pytest.mark.parametrize("text", [" =1+1", "  @SUM(A1)", "\n-2+3", " \t+1"])
def test_it_quotes_a_formula_behind_leading_whitespace(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "Lancashire", "Digital skills = confidence", "'quoted", "1-2", "a@b.org"]
)
def test_it_leaves_plain_text_alone(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    ("value", "cell"), [(-5, "-5"), (-2.5, "-2.5"), (Decimal("-0.10"), "-0.10"), (0, "0")]
)
def test_it_leaves_numbers_as_numbers(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_a_number_typed_as_text_is_still_text() -> None:
    assert safe_cell("-5") == "'-5"


def test_none_is_an_empty_cell() -> None:
    assert safe_cell(None) == ""


def test_the_writers_quote_every_cell_and_double_embedded_quotes() -> None:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["name", "count"])
    writer.writerows([['=HYPERLINK("https://evil.example","Click")', -3], ['Say "hi"', 4]])
    assert out.getvalue().splitlines() == [
        "name,count",
        '"\'=HYPERLINK(""https://evil.example"",""Click"")",-3',
        '"Say ""hi""",4',
    ]

    out = io.StringIO()
    dict_writer = SafeDictWriter(out, fieldnames=["author", "summary"])
    dict_writer.writeheader()
    dict_writer.writerow({"author": "@Ann", "summary": "Fine"})
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["author", "summary"],
        ["'@Ann", "Fine"],
    ]


def test_the_dict_writer_refuses_an_unknown_field_like_the_csv_module() -> None:
    with pytest.raises(ValueError, match="not in fieldnames"):
        SafeDictWriter(io.StringIO(), fieldnames=["a"]).writerow({"a": "1", "b": "2"})


@given(st.text())
def test_no_cell_read_back_starts_a_formula_and_nothing_else_is_lost(text: str) -> None:
    out = io.StringIO()
    SafeWriter(out).writerow([text])
    [[cell]] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert not cell.startswith(FORMULA_STARTS)
    assert not cell.lstrip().startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
