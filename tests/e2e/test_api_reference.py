"""A developer reads the API reference at /api/v1/docs: the site's own pages, no Swagger
UI, clean under axe and readable on a phone, every operation two links away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_developer_finds_an_operation_from_the_footer(
    live_server: object, checked_page: PageChecker
) -> None:
    page = checked_page.page
    page.goto(f"{live_server}/")
    page.get_by_role("contentinfo").get_by_role("link", name="API reference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    expect(page.get_by_text("Authorization: Bearer ldsp_…").first).to_be_visible()
    assert page.locator("script[src*='swagger']").count() == 0
    checked_page.check()

    page.get_by_role("link", name="Submit a play", exact=True).click()
    expect(page).to_have_url(f"{live_server}/api/v1/docs?section=plays#post-api-v1-plays")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plays")
    section = page.locator("section", has=page.locator("#post-api-v1-plays"))
    expect(section).to_contain_text("POST /api/v1/plays")
    expect(section).to_contain_text("Needs you signed in")
    expect(section).to_contain_text('{"detail": …}')
    checked_page.check()
    section.get_by_role("link", name="PlayOut").click()
    expect(page).to_have_url(f"{live_server}/api/v1/docs?section=plays#shape-playout")
