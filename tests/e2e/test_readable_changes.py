"""Readers see what changed as rendered text; editors see what a release will change
before they publish it. Axe, the phone width and screenshots on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import outline_text
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = (
    "Partnerships work best when everyone agrees what they are for.\n\n"
    "## Who to involve\n\n"
    "Partners meet every month to plan the courses together and share what they learn.\n\n"
    "- councils\n- colleges\n- charities\n\n"
    "Old advice that nobody follows any more, about printed leaflets in every library."
)
AFTER = (
    "Partnerships work best when everyone agrees what they are for.\n\n"
    "## Who to involve\n\n"
    "Partners meet every week to plan the courses together and share what they learn.\n\n"
    "- councils\n- colleges\n- libraries\n- charities\n\n"
    "Libraries lend laptops and data to learners, so cost is never the reason to stop."
)


def _edit(editor: Persona, section: Section, body: str, message: str) -> None:
    section.refresh_from_db()
    assert section.current_revision is not None
    section_edit(
        actor=editor.user,
        section=section,
        title=section.current_revision.title,
        body=body,
        message=message,
        base_revision_id=section.current_revision_id,
    )


def test_readers_and_editors_see_changes_as_rendered_text(
    live_server: object, checked_page: PageChecker, editor: Persona
) -> None:
    playbook = Playbook.objects.create(
        slug="lds", title="Local Digital Skills Playbook", is_default=True
    )
    playbook_import(actor=None, playbook=playbook, text=outline_text(6))
    section = next(s for s in Section.objects.filter(playbook=playbook) if s.title == "Section 2")
    _edit(editor, section, BEFORE, "Set out who to involve")
    release_publish(actor=editor.user, playbook=playbook, number="0.1", label="Public draft")
    _edit(editor, section, AFTER, "Weekly meetings, and libraries lend laptops")
    base = str(live_server)
    page = checked_page.page
    section_url = f"{base}/playbooks/lds/sections/{section.slug}"

    page.goto(f"{section_url}/")
    expect(page.locator(".govuk-pagination__next")).to_contain_text("Section 3")
    expect(page.locator(".govuk-pagination__prev")).to_contain_text("Section 1")
    checked_page.check()

    page.goto(f"{section_url}/history/")
    checked_page.check()
    page.get_by_role("button", name="Compare revisions").click()
    expect(page.get_by_role("heading", name="Who to involve")).to_be_visible()
    expect(page.locator("del", has_text="month")).to_be_visible()
    expect(page.locator("ins", has_text="week")).to_be_visible()
    checked_page.check()
    page.get_by_role("link", name="Added: “libraries”").click()
    expect(page).to_have_url(re.compile(r"/compare/\?.*#change-2$"))

    page.goto(f"{base}/playbooks/lds/releases/0.1/")
    checked_page.check()
    page.get_by_role("link", name="Section 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Section 2")
    expect(page.locator(".govuk-inset-text")).to_contain_text("as it stood in release 0.1")
    expect(page.get_by_text("Partners meet every month")).to_be_visible()
    checked_page.check()
    page.get_by_role("link", name="see what changed").click()
    expect(page.locator("ins", has_text="week")).to_be_visible()

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/playbooks/lds/releases/new/")
    expect(page.get_by_text("1 section has changed")).to_be_visible()
    checked_page.check()
    page.get_by_role("link", name="See what changed in Section 2").click()
    expect(page.locator("del", has_text="month")).to_be_visible()

    page.goto(f"{base}/playbooks/lds/releases/new/")
    page.get_by_label("Release number").fill("0.2")
    page.get_by_label("Label").fill("Second draft")
    page.get_by_role("button", name="Publish release").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release 0.2: Second draft")
    page.goto(f"{base}/playbooks/lds/releases/compare/?from=0.1&to=0.2")
    expect(page.get_by_role("link", name="Section 2", exact=True)).to_be_visible()
    expect(page.locator("#section-1 del", has_text="month")).to_be_visible()
    checked_page.check()
