"""A visitor finds digital skills help by postcode with a filter, opens a centre and
reports a change; every page passes axe and fits a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ldsp.finder.models import ChangeReport
from ldsp.finder.services import (
    CentreDetails,
    OfferDetails,
    centre_save,
    course_session_save,
    offer_save,
)
from ldsp.places.models import Area
from ldsp.places.services import places_load
from tests.e2e.conftest import PageChecker
from tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

WEEKDAYS = [(day, datetime.time(9, 30), datetime.time(17)) for day in range(5)]


def _help_in_sheffield() -> None:
    """A few centres around Sheffield city centre, one with a dated course."""
    library = OrganisationFactory.create(name="Sheffield Libraries")
    college = OrganisationFactory.create(name="Sheffield College")
    central = centre_save(
        actor=None,
        details=CentreDetails(
            name="Central Library",
            organisation=library,
            address="Surrey Street\nSheffield",
            postcode="S1 1XZ",
            phone="0114 273 4711",
            website="https://www.example.org/libraries/central-library-digital-help-sessions",
            step_free=True,
            hearing_loop=True,
            languages=["en", "pl", "ur"],
            opening_slots=WEEKDAYS,
            opening_note="Closed on bank holidays.",
        ),
    )
    offer_save(
        actor=None,
        centre=central,
        details=OfferDetails(
            title="Online banking and shopping, one-to-one",
            skill_areas=["transacting", "safe_legal"],
            levels=["foundation", "life"],
            formats=["one_to_one"],
            audiences=["older"],
            lends_devices=True,
        ),
    )
    course = offer_save(
        actor=None,
        centre=central,
        details=OfferDetails(
            title="Get online: a six-week course",
            skill_areas=["communicating"],
            levels=["foundation"],
            formats=["group"],
            booking_needed=True,
        ),
    )
    starts = (timezone.localtime() + datetime.timedelta(days=9)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    course_session_save(
        actor=None,
        offer=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        places=12,
        places_left=5,
    )
    for name, postcode, title, area in (
        ("Attercliffe Community Hub", "S9 3TY", "Email and video calls", "communicating"),
        ("Sheffield College City Campus", "S2 2RL", "Paying bills online", "transacting"),
        ("Hillsborough Library", "S6 4AB", "Staying safe online", "safe_legal"),
    ):
        centre = centre_save(
            actor=None,
            details=CentreDetails(
                name=name,
                organisation=college if "College" in name else library,
                address="1 High Street\nSheffield",
                postcode=postcode,
                opening_slots=WEEKDAYS[:3],
            ),
        )
        offer_save(
            actor=None,
            centre=centre,
            details=OfferDetails(title=title, skill_areas=[area], formats=["group"]),
        )
    PartnershipFactory.create(
        name="Sheffield City Region Digital Skills Partnership",
        areas=[Area.objects.filter(local_authorities__name="Sheffield").get()],
    )


def test_a_visitor_finds_help_by_postcode_opens_a_centre_and_reports_a_change(
    live_server: object, checked_page: PageChecker
) -> None:
    places_load()
    _help_in_sheffield()
    base = str(live_server)
    page = checked_page.page

    page.goto(f"{base}/")
    page.get_by_label("Postcode or town").fill("S1 2BX")
    page.get_by_role("button", name="Find help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find digital skills help near you")
    expect(page.locator("#results")).to_contain_text("4 places within 5 miles of S1 2BX")
    checked_page.check()

    page.get_by_text("Filter what you need").click()
    page.get_by_label("Skills area").select_option(label="Transacting")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results")).to_contain_text("2 places within 5 miles of S1 2BX")
    results = page.locator(".ldsp-find-result h3")
    expect(results).to_have_count(2)
    expect(page.locator(".ldsp-find-results")).not_to_contain_text("Attercliffe")
    expect(page.locator("svg.ldsp-find-map text")).to_have_count(2)
    expect(page.get_by_role("img", name="Map of the 2 places listed, near S1 2BX")).to_be_visible()
    checked_page.check()

    page.get_by_role("link", name="Central Library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Central Library")
    expect(page.locator("main")).to_contain_text("5 of 12")
    checked_page.check()

    page.get_by_role("link", name="Report a change to these details").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what is wrong or out of date"
    )
    checked_page.check()
    page.get_by_label("What is wrong or out of date?").fill(
        "The library opens on Saturday mornings now, 10 till 1."
    )
    page.get_by_label("Your email address (optional)").fill("vera@example.net")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    expect(page.locator("main")).not_to_contain_text("vera@example.net")
    checked_page.check()

    report = ChangeReport.objects.get()
    assert report.centre.name == "Central Library" and report.email == "vera@example.net"


def test_a_place_that_cannot_be_found_and_an_empty_search_read_well(
    live_server: object, checked_page: PageChecker
) -> None:
    places_load()
    _help_in_sheffield()
    base = str(live_server)
    page = checked_page.page

    page.goto(f"{base}/find/")
    checked_page.check()
    page.get_by_label("Postcode, or town").fill("Atlantis")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot find a place called")
    checked_page.check()

    page.get_by_label("Postcode, or town").fill("S1")
    page.get_by_label("Within").select_option("1")
    page.get_by_text("Filter what you need").click()
    page.get_by_label("Free mobile data or SIMs").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results")).to_contain_text("No places found within 1 mile of S1")
    expect(page.get_by_role("link", name="look further away, within 3 miles")).to_be_visible()
    checked_page.check()
    page.get_by_role("link", name="search again without the 1 filter you chose").click()
    expect(page.locator("#results")).to_contain_text("within 1 mile of S1")
