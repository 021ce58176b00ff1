"""A visitor writes to a partnership's coordinators and gives feedback from the Beta
banner; the network's pages read well on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import Persona
from ldsp.core.models import FeedbackMessage
from ldsp.partnerships.demo import load as load_network
from ldsp.partnerships.models import Partnership, PartnershipMessage
from ldsp.places.services import places_load
from tests.e2e.conftest import PHONE_VIEWPORT, PageChecker

pytestmark = pytest.mark.django_db(transaction=True)

LANCASHIRE = "Lancashire Digital Skills Partnership"
WORDS = "Do you run sessions for older people in Preston?"


def test_a_visitor_writes_to_the_coordinators_and_gives_feedback(
    live_server: object,
    checked_page: PageChecker,
    coordinator: Persona,
    deliver_queued_email: Callable[[], None],
) -> None:
    places_load()
    load_network()
    lancashire = Partnership.objects.get(name=LANCASHIRE)
    lancashire.coordinators.set([coordinator.user])
    base = str(live_server)
    page = checked_page.page

    page.goto(f"{base}/")
    checked_page.check()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Digital Skills Partnerships")
    checked_page.check()
    page.get_by_role("link", name=LANCASHIRE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LANCASHIRE)
    checked_page.check()

    page.get_by_role("link", name="Send a message to the coordinators").click()
    page.get_by_label("Your message").fill(WORDS)
    page.get_by_role("button", name="Send message").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Enter your email address")
    expect(page.get_by_label("Your message")).to_have_value(WORDS)
    checked_page.check()
    page.get_by_label("Your name").fill("Vera Visitor")
    page.get_by_label("Your email address").fill("vera@example.net")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    expect(page.locator("main")).not_to_contain_text("vera@example.net")
    checked_page.check()

    deliver_queued_email()
    assert [email.to for email in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].reply_to == ["vera@example.net"]
    assert PartnershipMessage.objects.get().message == WORDS

    came_from = page.url.split(base, 1)[1]
    page.locator(".govuk-phase-banner").get_by_role("link", name="give your feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback on LDSP Hub")
    expect(page.locator("main")).to_contain_text(came_from)
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your feedback")
    checked_page.check()
    page.get_by_label("What would you like to tell us?").fill("Writing to them was easy.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    checked_page.check()
    feedback = FeedbackMessage.objects.get()
    assert (feedback.page, feedback.email) == (came_from, "")


def test_the_network_pages_fit_a_phone(live_server: object, checked_page: PageChecker) -> None:
    places_load()
    load_network()
    base = str(live_server)
    page = checked_page.page
    for path in (
        "/areas/",
        "/partnerships/",
        "/partnerships/lancashire-digital-skills-partnership/",
    ):
        page.goto(f"{base}{path}")
        checked_page.check()  # includes: nothing wider than 375 px
    page.set_viewport_size({"width": PHONE_VIEWPORT["width"], "height": PHONE_VIEWPORT["height"]})
    page.goto(f"{base}/areas/")
    # On a phone each area is a block, its cells one under another, all on screen.
    cell = page.get_by_role("row").filter(has_text="Lancashire").first.get_by_role("cell").last
    box = cell.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= PHONE_VIEWPORT["width"]
