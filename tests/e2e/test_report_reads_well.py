"""The demo's concluded round: its "You said, we did" report reads well on a desktop
and on a phone - coloured bars as long as their figures, labels as text, nothing wider
than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ldsp.accounts import demo as accounts_demo
from ldsp.consultations import demo as consultations_demo
from ldsp.coproduction import demo as coproduction_demo
from ldsp.playbook import demo as playbook_demo
from tests.e2e.conftest import PHONE_VIEWPORT, PageChecker
from tests.factories import AreaFactory, AreaSchemeFactory

pytestmark = pytest.mark.django_db(transaction=True)

AREAS = {
    "E37000003": "Cheshire and Warrington",
    "E37000005": "Cornwall and Isles of Scilly",
    "E37000012": "Greater Birmingham and Solihull",
    "E37000015": "Greater Manchester",
    "E37000016": "Heart of the South West",
    "E37000019": "Lancashire",
    "E37000022": "Liverpool City Region",
    "E37000025": "North East",
    "E37000037": "West of England",
    "E37000051": "London",
    "E37000056": "South East",
}

BLUE = "rgb(29, 112, 184)"


def _load_the_demo_round() -> None:
    """The demo's people, Playbook and first round, with the areas its people live in."""
    scheme = AreaSchemeFactory.create(slug="lep-2020", name="LEP 2020", is_default=True)
    for code, name in AREAS.items():
        AreaFactory.create(scheme=scheme, code=code, name=name)
    for module in (accounts_demo, playbook_demo, coproduction_demo, consultations_demo):
        module.load()


def _bars(page: Page, chart: str) -> list[tuple[float, int]]:
    """Each bar of a chart as (its drawn width in pixels, the figure beside it)."""
    return page.eval_on_selector_all(
        f"#chart-{chart} tbody tr",
        """rows => rows.map(row => [
            row.querySelector('.ldsp-bar-chart__fill').getBoundingClientRect().width,
            Number(row.querySelector('td').textContent.replace(/,/g, '')),
        ])""",
    )


def test_the_concluded_report_has_visible_bars_sized_to_their_figures(
    live_server: object, checked_page: PageChecker
) -> None:
    _load_the_demo_round()
    page = checked_page.page
    page.goto(f"{live_server}/consultations/public-draft-consultation/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    expect(page.get_by_text("contributions from", exact=False).first).to_contain_text(
        "suggested changes"
    )
    expect(page.get_by_text("so far")).to_have_count(0)

    for phone in (False, True):
        if phone:
            page.set_viewport_size({"width": PHONE_VIEWPORT["width"], "height": 812})
        for chart in ("outcome", "sector", "area", "week"):
            bars = _bars(page, chart)
            assert len(bars) > 1, chart
            longest, most = max(bars, key=lambda bar: bar[1])
            assert longest > 100, f"the {chart} chart's longest bar is only {longest} px"
            for drawn, figure in bars:
                assert drawn == pytest.approx(longest * figure / most, abs=1.5), chart
            total = int(page.inner_text(f"#chart-{chart} tfoot td"))
            assert sum(figure for _, figure in bars) == total, chart
            label = page.locator(f"#chart-{chart} tbody th").first
            assert float(label.evaluate("th => getComputedStyle(th).fontSize")[:-2]) >= 16
    fill = page.locator(".ldsp-bar-chart__fill").first
    assert fill.evaluate("rect => getComputedStyle(rect).fill") == BLUE

    expect(page.locator(".ldsp-said-did__item").first).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Answered").first).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Removed by the editors").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    checked_page.check()
