from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.charts import FULL_WIDTH, Bar, chart_rows

SECTORS = [
    Bar("Further education", 40),
    Bar("Local authorities", 20),
    Bar("Charities", 10),
]


def test_the_longest_bar_spans_the_width_and_the_others_are_in_proportion() -> None:
    rows = chart_rows(SECTORS)
    assert [row.label for row in rows] == ["Further education", "Local authorities", "Charities"]
    assert [row.width for row in rows] == ["100", "50", "25"]


def test_counts_are_written_with_commas_between_thousands() -> None:
    [row] = chart_rows([Bar("Schools", 1250)])
    assert row.value_text == "1,250"


def test_a_bar_of_nothing_keeps_its_label_and_count_but_has_no_length() -> None:
    rows = chart_rows([Bar("Schools", 5), Bar("Employers", 0)])
    assert [(row.label, row.value_text, row.width) for row in rows] == [
        ("Schools", "5", "100"),
        ("Employers", "0", "0"),
    ]


def test_all_zero_bars_have_no_length_and_no_bars_are_no_rows() -> None:
    assert [row.width for row in chart_rows([Bar("A", 0), Bar("B", 0)])] == ["0", "0"]
    assert chart_rows([]) == []


def test_widths_are_plain_decimal_numbers() -> None:
    [_, third] = chart_rows([Bar("A", 3), Bar("B", 1)])
    assert third.width == "33.33"


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        chart_rows([Bar("Oops", -1)])


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40))
def test_every_bar_is_proportional_to_its_value(values: list[int]) -> None:
    rows = chart_rows([Bar(f"Bar {i}", value) for i, value in enumerate(values)])
    most = max(values)
    assert [row.value for row in rows] == values
    for row in rows:
        assert 0 <= float(row.width) <= FULL_WIDTH
        expected = FULL_WIDTH * row.value / most if most else 0
        # Widths have two decimals, so they are within half a hundredth; binary floats
        # put an exact half (0.825 shown as 0.82) a hair over, hence the allowance.
        assert float(row.width) == pytest.approx(expected, abs=0.005 + 1e-9)
    if most:
        assert max(float(row.width) for row in rows) == FULL_WIDTH
