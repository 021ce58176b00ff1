"""The report's charts: each is a table of figures whose rows carry a bar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from ldsp.lib.charts import Bar, ChartRow, chart_rows


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn as a table: a caption, what the rows are, the bars and their total."""

    key: str
    caption: str
    row_heading: str
    rows: list[ChartRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.value for row in self.rows)


def _week_label(monday: str) -> str:
    """``2025-03-03`` as ``3 March 2025``; anything else as it is."""
    try:
        day = datetime.date.fromisoformat(monday)
    except ValueError:
        return monday
    return f"{day.day} {day:%B %Y}"


def _chart(key: str, caption: str, row_heading: str, pairs: list[Any]) -> Chart:
    bars = [Bar(str(label), int(count)) for label, count in pairs]
    return Chart(key, caption, row_heading, chart_rows(bars))


def report_charts(figures: dict[str, Any]) -> dict[str, Chart]:
    """The charts a report's figures make, by key (``outcome``, ``sector``, ``area``,
    ``week``); a report frozen before a breakdown existed simply lacks that chart."""
    charts = [
        ("by_outcome", "What became of the contributions", "Outcome"),
        ("by_sector", "Contributions by sector", "Sector"),
        ("by_area", "Contributions by area", "Area"),
        ("by_week", "Contributions by week", "Week beginning"),
    ]
    found = {}
    for key, caption, row_heading in charts:
        pairs = figures.get(key)
        if not pairs:
            continue
        if key == "by_week":
            pairs = [(_week_label(str(week)), count) for week, count in pairs]
        short_key = key.removeprefix("by_")
        found[short_key] = _chart(short_key, caption, row_heading, pairs)
    return found
