"""A coordinator keeps their centres up to date in the browser: sees which centres have
not been checked for a year, fixes a centre's opening times (after a mistake the page
explains), adds an offer covering two skills areas, and marks a centre as checked."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.finder.services import CentreDetails, centre_save
from ldsp.places.models import LocalAuthority
from ldsp.places.services import places_load
from tests.e2e.conftest import PageChecker
from tests.factories import MembershipFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_keeps_their_centres_up_to_date(
    live_server: object, checked_page: PageChecker, coordinator: Persona
) -> None:
    places_load()
    sheffield = LocalAuthority.objects.get(name="Sheffield")
    partnership = PartnershipFactory.create(
        name="Sheffield City Region Digital Skills Partnership",
        areas=[sheffield.areas.first()],
        coordinators=[coordinator.user],
    )
    libraries = OrganisationFactory.create(name="Sheffield Libraries")
    MembershipFactory.create(partnership=partnership, organisation=libraries)
    for name, postcode, days in (
        ("Central Library", "S1 2BX", 10),
        ("Darnall Community Hub", "S9 3TY", 420),
    ):
        centre_save(
            actor=None,
            details=CentreDetails(
                name=name,
                organisation=libraries,
                address="1 High Street\nSheffield",
                postcode=postcode,
                last_checked_on=datetime.date.today() - datetime.timedelta(days=days),
                opening_slots=[(0, datetime.time(9, 30), datetime.time(17))],
            ),
        )
    base = str(live_server)
    page = checked_page.page

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_attached()

    # The list flags the centre nobody has checked for over a year.
    page.goto(f"{base}/find/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Centres you keep up to date")
    expect(page.get_by_text("1 centre not checked for over a year")).to_be_visible()
    checked_page.check()

    # Opening times: a closing time before the opening time is explained beside the box.
    page.get_by_role("link", name="Central Library").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Central Library")
    checked_page.check()
    page.locator("#id_tuesday_opens").fill("10:00")
    page.locator("#id_tuesday_closes").fill("9:00")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#opening-tuesday-error")).to_contain_text(
        "The closing time on Tuesday must be after the opening time, 10:00"
    )
    expect(page.locator("#id_tuesday_opens")).to_have_value("10:00")
    checked_page.check()
    page.locator("#id_tuesday_closes").fill("4pm")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("The details of Central Library are saved.")).to_be_visible()
    expect(page.locator("#id_tuesday_closes")).to_have_value("16:00")
    expect(page.locator("#id_monday_opens")).to_have_value("09:30")

    # An offer covering two skills areas keeps both.
    page.get_by_role("button", name="Add an offer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add an offer")
    checked_page.check()
    page.get_by_label("What is it called?").fill("Staying safe online")
    skills = page.get_by_role("group", name="Which Essential Digital Skills areas does it cover?")
    skills.get_by_label("Communicating").check()
    skills.get_by_label("Being safe and legal online").check()
    page.get_by_role("button", name="Add the offer").click()
    expect(page.get_by_text("“Staying safe online” is added.")).to_be_visible()
    expect(page.get_by_text("Communicating, Being safe and legal online")).to_be_visible()
    checked_page.check()
    page.get_by_role("link", name="Change Staying safe online").click()
    skills = page.get_by_role("group", name="Which Essential Digital Skills areas does it cover?")
    expect(skills.get_by_label("Communicating")).to_be_checked()
    expect(skills.get_by_label("Being safe and legal online")).to_be_checked()
    expect(skills.get_by_label("Transacting")).not_to_be_checked()
    checked_page.check()

    # Marking the stale centre as checked clears the flag.
    page.goto(f"{base}/find/manage/")
    page.get_by_role("row", name="Darnall Community Hub").get_by_role("button").click()
    expect(page.get_by_text("Darnall Community Hub is marked as checked today.")).to_be_visible()
    expect(page.get_by_text("not checked for over a year")).to_have_count(0)
    checked_page.check()
