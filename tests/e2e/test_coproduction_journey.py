"""Co-production in the browser: a suggestion merged with an editor's later work, a
conflicting one resolved on the page, and comments that follow their passage."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.coproduction.models import Suggestion
from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = [
    "Every partnership starts with a shared purpose that partners sign up to.",
    "The steering group meets every quarter to review progress.",
    "A coordinator keeps partners talking between meetings.",
    "Printed newsletters were sent to every partner each month.",
    "Funding comes from councils, employers and national programmes.",
    "Impact is measured against the action plan each year.",
]


def _signed_in_page(browser: Browser, base: str, persona: Persona) -> PageChecker:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    checker = PageChecker(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    return checker


def test_suggestions_merge_conflicts_resolve_and_comments_follow_their_passage(
    live_server: object, browser: Browser, contributor: Persona, editor: Persona
) -> None:
    playbook = Playbook.objects.create(slug="lds", title="Playbook", is_default=True)
    body = "\n\n".join(PARAGRAPHS)
    playbook_import(actor=None, playbook=playbook, text=f"# Running\n\n## Governance\n\n{body}\n")
    base = str(live_server)
    section_url = f"{base}/playbooks/lds/sections/governance/"

    alice = _signed_in_page(browser, base, contributor)
    page = alice.page

    # Suggestion 1: paragraph 2, drafted against revision 1.
    page.goto(section_url)
    alice.check()
    page.get_by_role("link", name="Suggest a change to one paragraph").click()
    alice.check()
    page.get_by_label(PARAGRAPHS[1]).check()
    page.get_by_label("Your version of that paragraph").fill(
        "The steering group meets every month to review progress and risks."
    )
    page.get_by_label("Why do you suggest this change?").fill("Quarterly is too slow.")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Suggestion \d+$"))
    first_id = page.url.rstrip("/").rsplit("/", 1)[1]
    alice.check()

    # Suggestion 2 is drafted now, against revision 1, and sent later.
    draft = alice.page.context.new_page()
    draft_checker = PageChecker(draft)
    draft.goto(f"{section_url}suggest/passage/")
    draft.get_by_label(PARAGRAPHS[4]).check()
    draft.get_by_label("Your version of that paragraph").fill(
        "Funding comes mostly from the lottery."
    )
    draft.get_by_label("Why do you suggest this change?").fill("Reflects our area.")

    # Two comments: one on a passage nobody touches, one on a passage the editor deletes.
    for paragraph, quote in ((0, "shared purpose"), (3, "Printed newsletters")):
        page.goto(section_url)
        page.get_by_label("Which passage are you commenting on?").select_option(str(paragraph))
        page.get_by_label("The words you are commenting on (optional)").fill(quote)
        page.get_by_label("Your comment").fill(f"A thought on {quote}.")
        page.get_by_role("button", name="Add comment").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("comment has been added")
    alice.check()

    # The editor rewrites paragraph 5 and deletes paragraph 4.
    eddie = _signed_in_page(browser, base, editor)
    editor_page = eddie.page
    editor_page.goto(f"{section_url}edit/")
    edited = [
        *PARAGRAPHS[:3],
        "Funding comes from councils and employers, renewed each year.",
        PARAGRAPHS[5],
    ]
    editor_page.get_by_label("Text").fill("\n\n".join(edited))
    editor_page.get_by_label("What did you change?").fill("Updated funding, dropped newsletters")
    editor_page.get_by_role("button", name="Save changes").click()
    expect(editor_page.locator(".govuk-notification-banner")).to_contain_text("saved")

    # The editor accepts suggestion 1: both changes are in the new revision.
    editor_page.goto(f"{base}/suggestions/review/")
    eddie.check()
    editor_page.get_by_role("link", name=f"Suggestion {first_id}", exact=True).click()
    expect(editor_page.get_by_text("Compared with the current text")).to_be_visible()
    eddie.check()
    editor_page.get_by_role("button", name="Accept").click()
    editor_page.get_by_role("button", name="Accept suggestion").click()
    expect(editor_page.locator(".govuk-notification-banner")).to_contain_text("accepted")
    eddie.check()
    editor_page.goto(section_url)
    prose = editor_page.locator(".ldsp-prose")
    expect(prose).to_contain_text("meets every month to review progress and risks")
    expect(prose).to_contain_text("renewed each year")

    # Suggestion 2 overlaps the editor's change: it needs resolution, done on the page.
    draft.get_by_role("button", name="Send suggestion").click()
    expect(draft.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Suggestion \d+$"))
    second_id = draft.url.rstrip("/").rsplit("/", 1)[1]
    draft_checker.check()
    editor_page.goto(f"{base}/suggestions/{second_id}/")
    editor_page.get_by_role("button", name="Accept").click()
    editor_page.get_by_role("button", name="Accept suggestion").click()
    expect(editor_page.get_by_role("heading", level=1)).to_contain_text(
        f"Resolve suggestion {second_id}"
    )
    eddie.check()
    editor_page.get_by_role("button", name="Save the resolved text").click()
    expect(editor_page.locator(".govuk-error-summary")).to_be_visible()
    eddie.check()
    editor_page.get_by_label("Write a combined version").check()
    editor_page.get_by_label("Combined version (used if you choose to write one)").fill(
        "Funding comes from councils, employers and the lottery, renewed each year."
    )
    editor_page.get_by_role("button", name="Save the resolved text").click()
    expect(editor_page.locator(".govuk-notification-banner")).to_contain_text("resolved")
    eddie.check()
    assert Suggestion.objects.get(pk=int(second_id)).state == Suggestion.State.ACCEPTED

    # Comments: the untouched passage keeps its comment; the deleted one is on earlier text.
    page.goto(section_url)
    expect(page.locator(".ldsp-prose")).to_contain_text("and the lottery, renewed each year")
    comments = page.locator("#comments")
    earlier = comments.locator("h3#earlier-text")
    expect(earlier).to_be_visible()
    text = comments.inner_text()
    assert text.index("“shared purpose”") < text.index("Comments on earlier text")
    assert text.index("Comments on earlier text") < text.index("“Printed newsletters”")
    alice.check()
    section = Section.objects.get(key="governance")
    assert section.revisions.count() == 4
