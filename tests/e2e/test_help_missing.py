"""Where help is missing, in the browser: from the coverage page to England's gaps, a
skills area and reach chosen, a wrong reach corrected, and a partnership's own view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.places.models import Area
from ldsp.places.selectors import default_scheme
from ldsp.places.services import places_load
from tests.e2e.conftest import PageChecker
from tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _centre(postcode: str, *areas: str) -> None:
    centre = centre_save(
        actor=None,
        details=CentreDetails(
            name=f"Library at {postcode}",
            organisation=OrganisationFactory.create(),
            address="1 High Street",
            postcode=postcode,
        ),
    )
    offer_save(
        actor=None, centre=centre, details=OfferDetails(title="Drop-in", skill_areas=list(areas))
    )


def test_a_visitor_finds_where_help_is_missing(
    live_server: object, checked_page: PageChecker
) -> None:
    places_load()
    area = Area.objects.get(scheme=default_scheme(), local_authorities__name="Sheffield")
    PartnershipFactory.create(name="Sheffield Digital Skills Partnership", areas=[area])
    _centre("S6 3AA", "transacting", "communicating")
    _centre("S60 1AA", "communicating")
    _centre("DN1 1AA", "safe_legal")
    page = checked_page.page
    base = str(live_server)

    page.goto(f"{base}/areas/")
    expect(page.get_by_role("heading", name="Where help is missing")).to_be_visible()
    checked_page.check()
    # All of England is the heaviest page here (every district's outline, worked out
    # cold): on a busy machine it may take longer than the usual wait.
    page.get_by_role("link", name="See where help is missing in England").click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where help is missing", timeout=60_000
    )
    expect(page.locator("svg.ldsp-gaps-map")).to_be_visible()
    checked_page.check()

    page.get_by_label("Kind of help").select_option(label="Transacting")
    page.get_by_label("Within reach means within (kilometres)").fill("100")
    page.get_by_role("button", name="Show where help is missing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The distance must be 50 or less")
    checked_page.check()

    page.get_by_label("Within reach means within (kilometres)").fill("10")
    page.get_by_label("Area", exact=True).select_option(label=area.name)
    page.get_by_role("button", name="Show where help is missing").click()
    expect(page.locator("[data-district]").first).to_be_visible()
    expect(page.locator("#gaps-table-caption")).to_contain_text("within 10 km")
    expect(page.locator("tr[data-district] td[data-kind='transacting']").last).to_have_text("1")
    checked_page.check()

    page.get_by_role("link", name="Where help is missing for Sheffield Digital Skills").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Sheffield Digital Skills Partnership")
    checked_page.check()
    page.get_by_role("link", name="Sheffield Digital Skills Partnership").first.click()
    expect(page.get_by_role("heading", name="Where help is missing")).to_be_visible()
    checked_page.check()
