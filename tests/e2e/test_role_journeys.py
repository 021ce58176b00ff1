"""A day in each role, on the demo: sign in, then go everywhere through the navigation and
the links on the pages, as a person would; never by typing an address.

Every page is checked (axe, no sideways scrolling at 375 px) and photographed at desktop
and phone widths (docs/architecture.md, "Looking at the pages").
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ldsp.accounts.demo import DEMO_PASSWORD
from ldsp.coproduction.models import Suggestion
from ldsp.core.management.commands.load_demo import load_all_demo_content
from ldsp.partnerships.models import Pledge
from tests.e2e.conftest import PageChecker

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(checked_page: PageChecker, base: str, email: str) -> Page:
    load_all_demo_content()
    page = checked_page.page
    page.goto(f"{base}/")
    checked_page.check()
    _menu(page).get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    checked_page.check()
    return page


def _menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Menu")


def test_a_contributor_suggests_a_change_from_the_current_text(
    live_server: object, checked_page: PageChecker
) -> None:
    page = _sign_in(checked_page, str(live_server), "contributor@example.org")

    _menu(page).get_by_role("link", name="Playbook").click()
    checked_page.check()
    page.locator("main a.govuk-link[href*='/sections/']").first.click()
    section_title = page.get_by_role("heading", level=1).inner_text()
    checked_page.check()
    page.get_by_role("link", name="Suggest a change to one paragraph").click()
    checked_page.check()

    # Choosing a paragraph puts its current Markdown in "Your version", to edit.
    page.locator("input[type=radio][name=paragraph]").first.check()
    version = page.get_by_label("Your version of that paragraph")
    current = version.input_value()
    assert len(current) > 20, "choosing a paragraph fills in its current text"
    version.fill(current + " Libraries lend laptops too.")
    page.get_by_label("Why do you suggest this change?").fill("Our library lends laptops.")
    checked_page.check()
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Suggestion \d+$"))
    checked_page.check()
    suggestion = Suggestion.objects.filter(author__email="contributor@example.org").latest("pk")
    assert "Libraries lend laptops too." in suggestion.body

    # The dashboard lists it, with its state.
    _menu(page).get_by_role("link", name="Dashboard").click()
    expect(page.locator("main")).to_contain_text(section_title.splitlines()[-1])
    checked_page.check()


def test_an_editor_reviews_from_the_navigation_and_reads_the_report(
    live_server: object, checked_page: PageChecker
) -> None:
    page = _sign_in(checked_page, str(live_server), "editor@example.org")
    waiting = Suggestion.objects.filter(state=Suggestion.State.OPEN).count()
    assert waiting > 0, "the demo has suggestions waiting"

    review = _menu(page).get_by_role("link", name=re.compile(r"^Review"))
    expect(review).to_contain_text(f"({waiting})")
    review.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions to review")
    expect(page.locator(".govuk-summary-card")).to_have_count(min(waiting, 20))
    checked_page.check()

    card = page.locator(".govuk-summary-card").first
    card.get_by_role("link", name=re.compile(r"^Suggestion \d+$")).click()
    number = int(page.url.rstrip("/").rsplit("/", 1)[1])
    checked_page.check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Accept suggestion {number}?")
    checked_page.check()
    page.get_by_label("Editors’ response (optional)").fill("Thank you: we have made this change.")
    page.get_by_role("button", name="Accept suggestion").click()
    checked_page.check()
    decided = Suggestion.objects.get(pk=number)
    if decided.state == Suggestion.State.ACCEPTED:
        assert decided.decision_reason == "Thank you: we have made this change."
        expect(page.locator(".govuk-inset-text")).to_contain_text("we have made this change")
    else:  # overlapping edits: the editor is taken to resolve them first
        expect(page.get_by_role("heading", level=1)).to_contain_text("Resolve")

    # The concluded round's report, reached from the navigation.
    _menu(page).get_by_role("link", name="Consultations").click()
    checked_page.check()
    page.locator("main").get_by_role("link", name="Public draft consultation", exact=True).click()
    checked_page.check()
    page.locator("main").get_by_role("link", name=re.compile("You said, we did")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You said, we did")
    expect(page.locator("main")).not_to_contain_text("so far")
    checked_page.check()


def test_a_coordinator_decides_and_updates_a_pledge_with_a_govuk_date(
    live_server: object, checked_page: PageChecker
) -> None:
    page = _sign_in(checked_page, str(live_server), "coordinator@example.org")
    expect(page.locator("#partnerships")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Burnley Library Digital Hub")

    page.locator("main").get_by_role("link", name=re.compile(r"^View page")).first.click()
    checked_page.check()
    page.locator("main").get_by_role("link", name=re.compile(r"^Requests to join")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Requests to join")
    expect(page.locator("main")).to_contain_text("Burnley Library Digital Hub")
    checked_page.check()
    page.get_by_role("link", name="Back to the partnership").click()

    page.locator("main").get_by_role("link", name="Add a pledge").click()
    checked_page.check()
    page.get_by_label("Which member is pledging?").select_option(index=1)
    page.get_by_label("What will they do?").fill("Lend tablets to new learners")
    page.get_by_label("How many?").fill("40")
    page.get_by_label("Of what?").fill("tablets")
    # A date that is not real is refused with GOV.UK's words, and nothing typed is lost.
    due = page.get_by_role("group", name=re.compile("By when"))
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("2")
    due.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    expect(page.get_by_label("What will they do?")).to_have_value("Lend tablets to new learners")
    checked_page.check()
    due.get_by_label("Day").fill("28")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Lend tablets to new learners")
    checked_page.check()
    pledge = Pledge.objects.get(description="Lend tablets to new learners")
    assert str(pledge.due_on) == "2027-02-28"
    assert pledge.quantity == 40
