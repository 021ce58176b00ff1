"""The network in the browser: find a partnership by postcode, ask to join, and the
coordinator approves; axe on every page of the network."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from conftest import Persona
from ldsp.partnerships.demo import load as load_network
from ldsp.partnerships.models import Membership, Partnership
from ldsp.places.services import places_load
from tests.e2e.test_coproduction_journey import _signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_newcomer_asks_to_join_and_the_coordinator_approves(
    live_server: object, browser: Browser, contributor: Persona, coordinator: Persona
) -> None:
    places_load()
    load_network()
    Partnership.objects.get(slug="lancashire-digital-skills-partnership").coordinators.add(
        coordinator.user
    )
    base = str(live_server)

    alice = _signed_in_page(browser, base, contributor)
    page = alice.page
    page.goto(f"{base}/areas/")
    expect(page.locator("svg.ldsp-map a")).to_have_count(38)
    alice.check()
    page.get_by_label("Postcode").fill("12345")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode")
    alice.check()
    page.get_by_label("Postcode").fill("PR1 2HE")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("status")).to_contain_text("in the Lancashire area")
    alice.check()
    page.get_by_role("status").get_by_role(
        "link", name="Lancashire Digital Skills Partnership"
    ).click()
    alice.check()

    page.get_by_role("link", name="Ask for your organisation to join").click()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of your organisation"
    )
    alice.check()
    page.get_by_label("Organisation name").fill("Blackburn Digital Hub")
    page.get_by_label("Online Centre or community organisation").check()
    page.get_by_label("What would you bring to the partnership? (optional)").fill(
        "Weekly drop-ins."
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("request has been sent")
    alice.check()

    page.goto(f"{base}/partnerships/")
    alice.check()
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("link", name="Cornwall and Isles of Scilly Digital Skills Partnership")
    ).to_be_visible()
    alice.check()
    page.goto(f"{base}/organisations/google-digital-garage/")
    alice.check()

    carol = _signed_in_page(browser, base, coordinator)
    cpage = carol.page
    cpage.goto(f"{base}/partnerships/lancashire-digital-skills-partnership/")
    cpage.get_by_role("link", name="Requests to join (1 waiting)").click()
    carol.check()
    cpage.get_by_role("link", name="Blackburn Digital Hub").click()
    carol.check()
    cpage.get_by_role("button", name="Approve: make Blackburn Digital Hub a member").click()
    expect(cpage.locator(".govuk-notification-banner")).to_contain_text("is now a member")
    carol.check()
    assert Membership.objects.filter(organisation__name="Blackburn Digital Hub").exists()

    cpage.goto(f"{base}/partnerships/lancashire-digital-skills-partnership/")
    expect(cpage.get_by_role("link", name="Blackburn Digital Hub")).to_be_visible()
    cpage.get_by_role("link", name="Edit the partnership's details").click()
    carol.check()
    cpage.goto(f"{base}/partnerships/lancashire-digital-skills-partnership/")
    cpage.get_by_role("link", name="Update Google Digital Garage pledge").click()
    cpage.get_by_label("Delivered so far").fill("-1")
    cpage.get_by_role("button", name="Save progress").click()
    expect(cpage.locator(".govuk-error-summary")).to_be_visible()
    carol.check()
    cpage.get_by_label("Delivered so far").fill("700")
    cpage.get_by_role("button", name="Save progress").click()
    expect(cpage.get_by_text("700 (70%)")).to_be_visible()
    carol.check()
