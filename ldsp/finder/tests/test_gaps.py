"""Where help is missing: offers within reach of each district's centre, on the real
shipped geography, and the pages, CSVs and summaries built from them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ldsp.finder.gaps import DistrictSupply, biggest_gaps_first, supply_by_district
from ldsp.finder.models import Centre
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.places.models import Area, LocalAuthority
from ldsp.places.selectors import default_scheme
from tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

# Sheffield's centre (the ONS point) is west of the city: S6 is about 2.2 km from it,
# S1 (the city centre) about 5.5 km, and S9 about 8.1 km.
NEAR_SHEFFIELD = "S6 3AA"
JUST_BEYOND_5_KM = "S1 2BX"
FAR = "S9 3TY"


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


@pytest.fixture
def sheffield() -> LocalAuthority:
    return LocalAuthority.objects.get(name="Sheffield")


@pytest.fixture
def sheffield_area(sheffield: LocalAuthority) -> Area:
    return Area.objects.get(scheme=default_scheme(), local_authorities=sheffield)


def _centre(postcode: str, *areas: str, status: str = "active", **offer: object) -> Centre:
    centre = centre_save(
        actor=None,
        details=CentreDetails(
            name=f"Centre at {postcode}",
            organisation=OrganisationFactory.create(),
            address="1 High Street",
            postcode=postcode,
            status=status,
        ),
    )
    offer_save(
        actor=None,
        centre=centre,
        details=OfferDetails(title="Help", skill_areas=list(areas), **offer),  # type: ignore[arg-type]
    )
    return centre


def _row(rows: list[DistrictSupply], code: str) -> DistrictSupply:
    return next(row for row in rows if row.code == code)


def test_an_offer_within_reach_counts_and_one_beyond_does_not(sheffield: LocalAuthority) -> None:
    _centre(NEAR_SHEFFIELD, "transacting", lends_devices=True)
    _centre(JUST_BEYOND_5_KM, "communicating")

    row = _row(supply_by_district(), sheffield.code)

    assert row.offers_of("transacting") == 1
    assert row.offers_of("devices") == 1
    assert row.offers_of("communicating") == 0
    assert row.offers_of("any") == 1
    assert row.centres == 1
    assert row.lacks("communicating") and not row.lacks("transacting")
    assert row.live_postcodes > 10_000  # the sum over Sheffield's S postcode districts


def test_the_reach_can_be_widened(sheffield: LocalAuthority) -> None:
    _centre(NEAR_SHEFFIELD, "transacting")
    _centre(JUST_BEYOND_5_KM, "communicating")
    _centre(FAR, "communicating")

    row = _row(supply_by_district(reach_km=6), sheffield.code)

    assert row.offers_of("communicating") == 1
    assert row.offers_of("any") == 2
    assert _row(supply_by_district(reach_km=9), sheffield.code).offers_of("communicating") == 2


def test_closed_and_temporarily_closed_centres_do_not_count(sheffield: LocalAuthority) -> None:
    _centre(NEAR_SHEFFIELD, "transacting", status=Centre.Status.CLOSED)
    _centre(NEAR_SHEFFIELD, "safe_legal", status=Centre.Status.TEMPORARILY_CLOSED)

    row = _row(supply_by_district(), sheffield.code)

    assert row.offers_of("any") == 0
    assert row.lacks("transacting") and row.lacks("safe_legal")


def test_districts_without_help_come_first_most_live_postcodes_first(
    sheffield: LocalAuthority, sheffield_area: Area
) -> None:
    _centre(NEAR_SHEFFIELD, "transacting")
    ids = list(sheffield_area.local_authorities.values_list("pk", flat=True))

    rows = biggest_gaps_first(supply_by_district(authority_ids=ids), "transacting")

    lacking = [row for row in rows if row.lacks("transacting")]
    assert rows[: len(lacking)] == lacking
    assert [row.live_postcodes for row in lacking] == sorted(
        (row.live_postcodes for row in lacking), reverse=True
    )
    assert rows[-1].code == sheffield.code
    assert {row.code for row in rows} == set(
        sheffield_area.local_authorities.values_list("code", flat=True)
    )


def test_the_page_lists_the_gaps_with_a_map_and_explains_the_method(
    client: Client, sheffield: LocalAuthority, sheffield_area: Area
) -> None:
    _centre(NEAR_SHEFFIELD, "transacting")

    response = client.get(
        "/areas/help-missing/",
        {"kind": "communicating", "reach_km": "5", "area": sheffield_area.slug},
    )

    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr[^>]*data-district="{sheffield.code}".*?</tr>', html, re.S)
    assert row is not None
    assert 'data-kind="communicating"><span class="ldsp-gaps-table__none">None within 5 km' in (
        row.group(0)
    )
    assert 'data-kind="transacting">1</td>' in row.group(0)
    districts = sheffield_area.local_authorities.count()
    assert f"{districts} of {districts} districts" in html
    assert 'role="img"' in html and "Open Government Licence" in html
    # Every district lacking help is numbered on the map, as in the table.
    assert html.count('class="ldsp-gaps-map__marker"') == districts
    assert "How this is worked out" in html


def test_england_is_paginated_fifty_districts_a_page(client: Client) -> None:
    first = client.get("/areas/help-missing/")
    second = client.get("/areas/help-missing/", {"page": "2"})

    assert first.status_code == second.status_code == 200
    assert "districts 1 to 50 of" in first.content.decode()
    assert "districts 51 to 100 of" in second.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"reach_km": "0"}, "The distance must be 1 or more"),
        ({"reach_km": "51"}, "The distance must be 50 or less"),
        ({"reach_km": "far"}, "The distance must be a whole number"),
        ({"kind": "cooking"}, "Choose a kind of help from the list"),
        ({"area": "atlantis"}, "Choose an area from the list"),
    ],
)
def test_a_bad_choice_gets_a_clear_message_not_an_error(
    client: Client, query: dict[str, str], message: str
) -> None:
    page = client.get("/areas/help-missing/", query)
    download = client.get("/areas/help-missing.csv", query)

    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert message in page.content.decode()
    assert download.status_code == 400
    assert message in download.content.decode()


def test_the_csv_rows_match_the_table(client: Client, sheffield_area: Area) -> None:
    _centre(NEAR_SHEFFIELD, "transacting", free_data=True)
    query = {"kind": "transacting", "reach_km": "7", "area": sheffield_area.slug}

    page = client.get("/areas/help-missing/", query).content.decode()
    download = client.get("/areas/help-missing.csv", query)

    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    codes_in_page = re.findall(r'data-district="(E\d+)"', page)
    assert [row["district_code"] for row in rows] == codes_in_page
    ids = list(sheffield_area.local_authorities.values_list("pk", flat=True))
    expected = biggest_gaps_first(supply_by_district(reach_km=7, authority_ids=ids), "transacting")
    assert [
        (r["district"], int(r["live_postcodes"]), int(r["offers_transacting"]), r["help_missing"])
        for r in rows
    ] == [
        (
            e.name,
            e.live_postcodes,
            e.offers_of("transacting"),
            "yes" if e.lacks("transacting") else "no",
        )
        for e in expected
    ]
    assert {r["reach_km"] for r in rows} == {"7"}


def test_a_partnership_page_summarises_the_gaps_and_links_the_full_view(
    client: Client, sheffield: LocalAuthority, sheffield_area: Area
) -> None:
    partnership = PartnershipFactory.create(areas=[sheffield_area], slug="sheffield-digital")
    _centre(NEAR_SHEFFIELD, "transacting")
    districts = sheffield_area.local_authorities.count()

    page = client.get(partnership.get_absolute_url()).content.decode()
    view = client.get("/partnerships/sheffield-digital/help-missing/", {"kind": "transacting"})

    assert "Where help is missing" in page
    assert f"{districts - 1} districts with no help with Transacting within 5 km" in page
    assert f"{districts} districts with no help with Communicating within 5 km" in page
    assert 'href="/partnerships/sheffield-digital/help-missing/"' in page
    assert view.status_code == 200
    codes = re.findall(r'data-district="(E\d+)"', view.content.decode())
    assert sorted(codes) == sorted(sheffield_area.local_authorities.values_list("code", flat=True))
    assert codes[-1] == sheffield.code


def test_the_coverage_page_summarises_england(client: Client) -> None:
    _centre(NEAR_SHEFFIELD, "transacting")
    districts = LocalAuthority.objects.filter(postcode_districts__isnull=False).distinct().count()

    page = client.get("/areas/").content.decode()

    assert f"{districts - 1} districts with no help with Transacting within 5 km" in page
    assert 'href="/areas/help-missing/"' in page


def test_an_unknown_partnership_is_not_found(client: Client) -> None:
    assert client.get("/partnerships/nobody/help-missing/").status_code == 404
    assert client.get("/partnerships/nobody/help-missing.csv").status_code == 404


def test_the_query_count_does_not_grow_with_districts(client: Client, sheffield_area: Area) -> None:
    _centre(NEAR_SHEFFIELD, "transacting")
    _centre(FAR, "communicating")

    with CaptureQueriesContext(connection) as few:
        assert client.get("/areas/help-missing/", {"area": sheffield_area.slug}).status_code == 200
    with CaptureQueriesContext(connection) as all_england:
        assert client.get("/areas/help-missing/").status_code == 200

    assert len(all_england) <= len(few)
