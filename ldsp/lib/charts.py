"""Bar charts as figures a page can draw with HTML and a stylesheet.

A "You said, we did" report shows who took part in a consultation: how many
contributions came from each sector, from each area and in each week, and what
became of them. The charts are simple - a handful of bars with whole numbers -
so they are drawn as a table: each row's label and count are ordinary HTML
text (readable, and read out by screen readers, at any width), and each bar is
a tiny SVG whose ``<rect>`` is ``width`` long out of 100.

Why a ``<rect>`` and not a ``style="width: …"``: the site's Content Security
Policy forbids inline styles, but it does not forbid SVG's presentation
attributes, and an SVG of ``viewBox="0 0 100 …"`` stretched across its cell by
the stylesheet turns ``width`` into a share of the cell. Colours and sizes come
from the stylesheet (``ldsp-bar-chart`` and friends).

This module is framework-free on purpose - standard library only, no Django -
so views, management commands and tests can all use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The SVG's viewBox is this wide: a bar's width is its share of the longest, in per cent.
FULL_WIDTH = 100


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it counts and how many."""

    label: str
    """What the bar counts, such as ``Further education`` or ``3 March 2025``."""
    value: int
    """How many; never negative."""


@dataclass(frozen=True)
class ChartRow:
    """A bar ready to draw: its label, its count as GOV.UK writes it, and its length."""

    label: str
    value: int
    length: float
    """The bar's length as a share of the longest bar, 0 to ``FULL_WIDTH``."""

    @property
    def value_text(self) -> str:
        """The count with commas between thousands, such as ``1,250``."""
        return f"{self.value:,}"

    @property
    def width(self) -> str:
        """The length for a ``width`` attribute: plain digits and a dot, whatever the locale."""
        text = f"{self.length:.2f}".rstrip("0").rstrip(".")
        return text or "0"


def chart_rows(bars: Sequence[Bar]) -> list[ChartRow]:
    """The bars in the order given, each as long as its value compared with the largest.

    The largest bar spans the whole width and every other is in proportion to
    it; a bar of 0 (or every bar, when all are 0) has no length but keeps its
    label and count. Raises ``ValueError`` for a negative value: a count cannot be.
    """
    for bar in bars:
        if bar.value < 0:
            raise ValueError(f"bar values must not be negative, got {bar.value} for {bar.label!r}")
    most = max((bar.value for bar in bars), default=0)
    return [
        ChartRow(bar.label, bar.value, FULL_WIDTH * bar.value / most if most else 0.0)
        for bar in bars
    ]
