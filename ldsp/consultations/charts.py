"""The report's charts, each drawn from the same figures as its table."""

from __future__ import annotations

from typing import Any

from ldsp.lib.charts import Bar, bar_chart


def report_charts(figures: dict[str, Any]) -> dict[str, str]:
    return {
        "sector": bar_chart(
            [Bar(label, count) for label, count in figures["by_sector"]],
            title="Contributions by sector",
            description="How many contributions came from people in each sector.",
        ),
        "area": bar_chart(
            [Bar(label, count) for label, count in figures["by_area"]],
            title="Contributions by area",
            description="How many contributions came from people in each area.",
        ),
        "week": bar_chart(
            [Bar(f"w/c {week}", count) for week, count in figures["by_week"]],
            title="Contributions by week",
            description="How many contributions arrived in each week of the round.",
            horizontal=False,
        ),
    }
