"""A section whose text has its own headings (`###` under the section's `##`) reads in
order under the page's heading, on the site and in a release."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from ldsp.core.management.commands.load_demo import load_all_demo_content
from ldsp.playbook.models import Section
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)


def _outline(checked_page: PageChecker) -> list[str]:
    return checked_page.page.eval_on_selector_all(
        "main h1, main h2, main h3, main h4", "els => els.map(e => e.tagName)"
    )


def test_a_sections_own_headings_follow_the_page_heading(
    live_server: object, checked_page: PageChecker
) -> None:
    load_all_demo_content()
    section = Section.objects.get(slug="appointing-a-coordinator", playbook__is_default=True)
    page = checked_page.page
    page.goto(f"{live_server}{section.get_absolute_url()}")
    expect(page.get_by_role("heading", level=2, name="What the coordinator does")).to_be_visible()
    levels = [int(tag[1]) for tag in _outline(checked_page)]
    # No heading is more than one level below the one before it.
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels
    checked_page.check()  # axe's heading-order rule included
