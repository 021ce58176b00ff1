"""Suggesting from the current text, and reviewing with a confirmation: a contributor
picks a paragraph, edits its Markdown and sends it; an editor finds it from the
navigation, accepts it with a response, and the section reads the new text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.coproduction.models import Suggestion
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.imports import playbook_import
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = [
    "Every partnership starts with a **shared purpose** that partners sign up to.",
    "Partners meet in person at least twice a year.",
    "The steering group meets every quarter to review progress against the "
    "[action plan](https://example.org/plan), and publishes its notes for anyone to read.",
    "A coordinator keeps partners talking between meetings.",
]


def _signed_in(base: str, persona: Persona, checker: PageChecker) -> None:
    page = checker.page
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_contributor_edits_a_paragraph_and_an_editor_accepts_it_with_a_response(
    live_server: object,
    browser: Browser,
    checked_page: PageChecker,
    contributor: Persona,
    editor: Persona,
) -> None:
    playbook = Playbook.objects.create(slug="lds", title="Playbook", is_default=True)
    body = "\n\n".join(PARAGRAPHS)
    playbook_import(actor=None, playbook=playbook, text=f"# Running\n\n## Governance\n\n{body}\n")
    base = str(live_server)
    section_url = f"{base}/playbooks/lds/sections/governance/"

    # The contributor (the checked page, so its pages are screenshotted) signs in.
    alice = checked_page
    page = alice.page
    _signed_in(base, contributor, alice)

    # Selecting words on the section page leads to that paragraph, ready to edit.
    page.goto(section_url)
    page.evaluate(
        """() => {
          const paragraph = [...document.querySelectorAll('.ldsp-prose p')]
            .find(p => p.textContent.includes('steering group'));
          const range = document.createRange();
          range.selectNodeContents(paragraph.firstChild);
          const selection = document.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.get_by_role("link", name="Suggest a change to this paragraph").click()
    version = page.get_by_label("Your version of that paragraph")
    expect(version).to_have_value(PARAGRAPHS[2])
    alice.check()

    # Choosing another paragraph from the list shows its Markdown; coming back keeps edits.
    version.fill(PARAGRAPHS[2].replace("every quarter", "every month"))
    page.get_by_label(re.compile(r"Paragraph 1: Every partnership")).check()
    expect(version).to_have_value(PARAGRAPHS[0])
    page.get_by_label(re.compile(r"Paragraph 3: The steering group")).check()
    expect(version).to_have_value(PARAGRAPHS[2].replace("every quarter", "every month"))
    page.get_by_label("Why do you suggest this change?").fill("Quarterly is too slow.")
    alice.check()
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Suggestion \d+$"))
    suggestion = Suggestion.objects.get()
    assert suggestion.body == body.replace("every quarter", "every month")

    # The editor sees it waiting on the section page and opens the queue from the navigation.
    context = browser.new_context()
    eddie = PageChecker(context.new_page(), alice.screenshot_dir)
    eddie.visited = alice.visited  # one numbering for the screenshots of both people
    editor_page = eddie.page
    editor_page.set_default_timeout(15_000)
    _signed_in(base, editor, eddie)
    editor_page.goto(section_url)
    expect(editor_page.get_by_role("link", name="1 suggestion waiting for review")).to_be_visible()
    eddie.check()
    menu = editor_page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name=re.compile(r"^Review")).click()
    expect(editor_page.get_by_role("heading", level=1)).to_have_text("Suggestions to review")
    card = editor_page.locator(".govuk-summary-card").first
    expect(card).to_contain_text("The steering group meets every month")
    expect(card).to_contain_text("Quarterly is too slow.")
    expect(card).to_contain_text("just now")
    eddie.check()

    # Accepting asks for confirmation, shows the change, and takes a response.
    card.get_by_role("link", name=f"Suggestion {suggestion.pk}", exact=True).click()
    editor_page.get_by_role("button", name="Accept").click()
    expect(editor_page.get_by_role("heading", level=1)).to_have_text(
        f"Accept suggestion {suggestion.pk}?"
    )
    expect(editor_page.locator(".ldsp-diff ins")).to_contain_text("month")
    editor_page.get_by_label("Editors’ response (optional)").fill(
        "Agreed: the group now meets monthly."
    )
    eddie.check()
    editor_page.get_by_role("button", name="Accept suggestion").click()
    expect(editor_page.locator(".govuk-notification-banner")).to_contain_text("accepted")
    expect(editor_page.locator(".govuk-inset-text")).to_contain_text(
        "Agreed: the group now meets monthly."
    )
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    assert suggestion.decision_reason == "Agreed: the group now meets monthly."

    editor_page.goto(section_url)
    expect(editor_page.locator(".ldsp-prose")).to_contain_text("meets every month")
    expect(editor_page.locator("#pending-suggestions")).to_contain_text("No suggestions")
    eddie.check()
