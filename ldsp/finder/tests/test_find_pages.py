"""The public finder's pages: search by postcode, outward code or town, filters, the map,
the CSV, a centre's page with its schema.org data; on the real shipped geography."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ldsp.finder.maps import Marker, results_map_svg
from ldsp.finder.models import Centre
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.places.models import Area
from tests.factories import CourseSessionFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

SHEFFIELD_CENTRE = "S1 2BX"  # S1, Sheffield city centre
SHEFFIELD_EAST = "S9 3TY"  # S9, about 4 km north-east of S1
ROTHERHAM = "S60 1AA"  # S60, Rotherham, about 9 km from S1
LEEDS = "LS1 4AP"  # LS1, about 48 km north


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


def _centre(name: str, postcode: str, **extra: Any) -> Centre:
    return centre_save(
        actor=None,
        details=CentreDetails(
            name=name,
            organisation=OrganisationFactory.create(),
            address="1 High Street\nSheffield",
            postcode=postcode,
            **extra,
        ),
    )


def _offer(centre: Centre, title: str = "Drop-in help", **extra: Any) -> None:
    offer_save(actor=None, centre=centre, details=OfferDetails(title=title, **extra))


def _names(html: str) -> list[str]:
    """The centres listed, in order."""
    return re.findall(
        r'<h3 class="govuk-heading-m[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )


def _find(client: Client, **query: Any) -> Any:
    return client.get("/find/", query)


def test_the_page_without_a_place_shows_the_form_and_what_it_is_for(client: Client) -> None:
    response = client.get("/find/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Find digital skills help near you" in html
    assert 'name="q"' in html and 'name="radius"' in html and 'name="area"' in html
    assert "drop-in sessions at libraries" in html
    assert "There is a problem" not in html


def test_a_postcode_finds_the_nearest_first_with_miles_and_km(client: Client) -> None:
    _centre("Attercliffe Hub", SHEFFIELD_EAST)
    _centre("Central Library", SHEFFIELD_CENTRE)
    _centre("Rotherham Library", ROTHERHAM)
    _centre("Leeds Library", LEEDS)

    response = _find(client, q="s1 2bx", radius="10")

    html = response.content.decode()
    assert response.status_code == 200
    assert _names(html) == ["Central Library", "Attercliffe Hub", "Rotherham Library"]
    assert "3 places within 10 miles of S1 2BX" in html
    miles = re.findall(
        r'data-figure="miles">(?:About )?([0-9.]+) miles</strong> '
        r'<span class="ldsp-meta">\(([0-9.]+) km\)',
        html,
    )
    assert [float(mile) for mile, _km in miles] == sorted(float(mile) for mile, _km in miles)
    for mile, km in miles:
        assert float(km) == pytest.approx(float(mile) * 1.609344, abs=0.11)
    assert "approximate" in html
    assert "Less than 0.1 miles" in html  # Central Library is in S1 itself


@pytest.mark.parametrize(("typed", "label"), [("S9", "S9 (Sheffield)"), ("Rotherham", "Rotherham")])
def test_an_outward_code_and_a_town_find_the_centres_near_them(
    client: Client, typed: str, label: str
) -> None:
    _centre("Attercliffe Hub", SHEFFIELD_EAST)
    _centre("Rotherham Library", ROTHERHAM)
    _centre("Leeds Library", LEEDS)

    html = _find(client, q=typed, radius="10").content.decode()

    expected = "Attercliffe Hub" if typed == "S9" else "Rotherham Library"
    assert _names(html)[0] == expected
    assert "Leeds Library" not in _names(html)
    assert f"of {label}" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a postcode like"),
        ("Atlantis", "cannot find a place called “Atlantis”"),
        ("ZZ9 9ZZ", "real postcode"),
        ("EH1 1YZ", "not in England"),
    ],
)
def test_a_place_that_cannot_be_found_gets_a_message_beside_the_box(
    client: Client, typed: str, message: str
) -> None:
    _centre("Central Library", SHEFFIELD_CENTRE)

    response = _find(client, q=typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and html.count(message) == 2  # summary and field
    assert 'href="#id_q"' in html
    assert _names(html) == []
    assert "<title>Error:" in html


def test_a_filter_value_that_is_not_a_choice_is_an_error_not_a_crash(client: Client) -> None:
    response = _find(client, q=SHEFFIELD_CENTRE, area="hacking", radius="7")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a skills area from the list" in html
    assert "Choose how far to look from the list" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Plain Hub", "Rich Hub"}),
        ({"area": "transacting"}, {"Rich Hub"}),
        ({"level": "foundation"}, {"Plain Hub"}),
        ({"format": "one_to_one"}, {"Rich Hub"}),
        ({"audience": "older"}, {"Rich Hub"}),
        ({"language": "pl"}, {"Rich Hub"}),
        ({"day": "5"}, {"Rich Hub"}),
        ({"day": "2"}, set()),
        ({"only": ["devices"]}, {"Rich Hub"}),
        ({"only": ["data"]}, {"Rich Hub"}),
        ({"only": ["step_free"]}, {"Rich Hub"}),
        ({"area": "communicating", "only": ["free"]}, {"Plain Hub"}),
        ({"area": "communicating"}, {"Plain Hub", "Rich Hub"}),
    ],
)
def test_filters_in_the_query_string_narrow_the_results(
    client: Client, query: dict[str, Any], expected: set[str]
) -> None:
    plain = _centre("Plain Hub", SHEFFIELD_CENTRE)
    _offer(plain, skill_areas=["communicating"], levels=["foundation"], formats=["group"])
    rich = _centre(
        "Rich Hub",
        SHEFFIELD_EAST,
        step_free=True,
        languages=["pl"],
        opening_slots=[(5, datetime.time(10), datetime.time(12))],
    )
    _offer(
        rich,
        title="Phone help",
        skill_areas=["transacting"],
        levels=["life"],
        formats=["one_to_one"],
        audiences=["older"],
        lends_devices=True,
        free_data=True,
    )
    _offer(rich, title="Paid course", is_free=False, cost="£20", skill_areas=["communicating"])

    response = _find(client, q=SHEFFIELD_CENTRE, **query)

    assert response.status_code == 200
    assert set(_names(response.content.decode())) == expected


def test_a_result_shows_the_offers_that_match_and_the_next_opening(client: Client) -> None:
    centre = _centre(
        "Rich Hub",
        SHEFFIELD_CENTRE,
        opening_slots=[(day, datetime.time(9), datetime.time(17)) for day in range(7)],
    )
    _offer(centre, title="Phone help", skill_areas=["transacting"], formats=["one_to_one"])
    _offer(
        centre, title="Paid course", is_free=False, cost="£20 a term", skill_areas=["communicating"]
    )

    html = _find(client, q=SHEFFIELD_CENTRE, area="transacting").content.decode()

    assert "Phone help</a>: free; one-to-one" in html
    assert "Paid course" not in html
    assert re.search(r"Open now|Opens (today|tomorrow) at 09:00", html)
    assert "Filter what you need (1 chosen)" in html

    unfiltered = _find(client, q=SHEFFIELD_CENTRE).content.decode()
    assert "Paid course</a>: £20 a term" in unfiltered


def test_temporarily_closed_and_unchecked_centres_say_so_and_closed_ones_are_hidden(
    client: Client,
) -> None:
    _centre("Paused Hub", SHEFFIELD_CENTRE, status=Centre.Status.TEMPORARILY_CLOSED)
    _centre(
        "Old Hub",
        SHEFFIELD_CENTRE,
        last_checked_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    _centre("Gone Hub", SHEFFIELD_CENTRE, status=Centre.Status.CLOSED)

    html = _find(client, q=SHEFFIELD_CENTRE).content.decode()

    assert set(_names(html)) == {"Paused Hub", "Old Hub"}
    assert "Temporarily closed</strong>" in html
    assert html.count("govuk-tag--yellow") == 1 and "Last checked" in html


def test_an_empty_result_says_what_to_try_and_links_the_partnership(client: Client) -> None:
    sheffield_area = Area.objects.filter(local_authorities__name="Sheffield").get()
    partnership = PartnershipFactory.create(name="Sheffield City Skills", areas=[sheffield_area])
    PartnershipFactory.create(name="Somewhere Else")
    _centre("Rotherham Library", ROTHERHAM)

    response = _find(client, q=SHEFFIELD_CENTRE, radius="3", area="transacting")

    html = response.content.decode()
    assert response.status_code == 200
    assert "No places found within 3 miles of S1 2BX" in html
    assert "look further away, within 5 miles" in html
    assert 'href="?q=S1+2BX&amp;radius=5&amp;area=transacting"' in html
    assert 'href="?q=S1+2BX&amp;radius=3"' in html  # without the filter
    assert f'href="{partnership.get_absolute_url()}"' in html
    assert "Somewhere Else" not in html
    assert "Download all" not in html


def test_the_widest_radius_offers_no_wider_one(client: Client) -> None:
    html = _find(client, q=SHEFFIELD_CENTRE, radius="25").content.decode()

    assert "No places found within 25 miles" in html
    assert "look further away" not in html


def test_results_come_ten_to_a_page_and_pages_keep_the_search(client: Client) -> None:
    for number in range(13):
        _centre(f"Hub {number:02d}", SHEFFIELD_CENTRE)

    first = _find(client, q=SHEFFIELD_CENTRE).content.decode()
    second = _find(client, q=SHEFFIELD_CENTRE, page="2").content.decode()

    assert len(_names(first)) == 10 and len(_names(second)) == 3
    assert set(_names(first)).isdisjoint(_names(second))
    assert "13 places within 5 miles" in second
    assert "Showing 11 to 13" in second
    assert 'href="?q=S1+2BX&amp;page=2"' in first
    assert 'ldsp-find-result__number">11<' in second
    assert "Download all 13 results" in first


def test_the_page_costs_the_same_queries_however_many_it_shows(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    def hub(number: int) -> None:
        centre = _centre(
            f"Hub {number}",
            SHEFFIELD_CENTRE,
            opening_slots=[(1, datetime.time(9), datetime.time(12))],
        )
        _offer(centre, skill_areas=["communicating"])
        _offer(centre, title="Course", skill_areas=["communicating"])

    hub(0)
    _find(client, q=SHEFFIELD_CENTRE, area="communicating")  # warm the caches
    with django_assert_max_num_queries(12) as one:
        _find(client, q=SHEFFIELD_CENTRE, area="communicating")
    for number in range(1, 12):
        hub(number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = _find(client, q=SHEFFIELD_CENTRE, area="communicating").content.decode()
    assert len(_names(html)) == 10


def test_the_map_numbers_the_centres_as_the_list_does_and_marks_the_place(client: Client) -> None:
    _centre("Central Library", SHEFFIELD_CENTRE)
    _centre("Attercliffe Hub", SHEFFIELD_EAST)

    html = _find(client, q=SHEFFIELD_CENTRE).content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert re.findall(r"<text[^>]*>(\d+)</text>", svg) == ["1", "2"]
    assert 'class="ldsp-find-map__place"' in svg
    assert 'class="ldsp-find-map__authority"' in svg  # Sheffield's boundary
    assert "style=" not in svg
    assert "Open Government Licence" in html


def test_markers_sharing_a_point_are_fanned_out_so_each_can_be_read() -> None:
    svg = results_map_svg(
        latitude=53.38,
        longitude=-1.47,
        radius_km=8,
        place_label="S1",
        markers=[Marker(1, 53.38, -1.47), Marker(2, 53.38, -1.47), Marker(3, 53.42, -1.40)],
    )

    positions = re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="12"', svg)
    assert len(set(positions)) == 3
    assert svg.count("ldsp-find-map__leader") == 2


def test_the_csv_has_every_result_not_just_the_page(client: Client) -> None:
    for number in range(12):
        centre = _centre(f"Hub {number:02d}", SHEFFIELD_CENTRE, phone="0114 000 0000")
        _offer(centre, title="=HYPERLINK(1)", formats=["group"])
    _centre("Leeds Library", LEEDS)

    response = client.get("/find/results.csv", {"q": SHEFFIELD_CENTRE, "radius": "5"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert rows[0]["postcode"] == "S1 2BX" and rows[0]["phone"] == "0114 000 0000"
    assert rows[0]["distance_is_approximate"] == "yes"
    assert float(rows[0]["distance_km"]) >= 0
    assert rows[0]["offers"] == "'=HYPERLINK(1) (Free; Group)"
    assert rows[0]["url"].startswith("http://testserver/find/centres/hub-")
    assert "Leeds Library" not in {row["name"] for row in rows}


def test_the_csv_of_a_place_that_cannot_be_found_says_why(client: Client) -> None:
    response = client.get("/find/results.csv", {"q": "Atlantis"})

    assert response.status_code == 400
    assert "cannot find a place called" in response.content.decode()


def test_a_centre_page_shows_everything_with_schema_org_data(client: Client) -> None:
    centre = _centre(
        "Central Library",
        SHEFFIELD_CENTRE,
        description="Help with computers </script><b>bold</b>",
        phone="0114 273 4711",
        email="library@example.org",
        website="https://example.org/library",
        step_free=True,
        hearing_loop=True,
        languages=["pl", "ur"],
        opening_note="Closed on bank holidays.",
        opening_slots=[(1, datetime.time(10), datetime.time(12, 30))],
    )
    offer_save(
        actor=None,
        centre=centre,
        details=OfferDetails(
            title="Get online course",
            description="Six weeks.",
            skill_areas=["communicating"],
            levels=["foundation"],
            formats=["group"],
            audiences=["older"],
            lends_devices=True,
            booking_needed=True,
        ),
    )
    offer = centre.offers.get()
    starts = timezone.now() + datetime.timedelta(days=3)
    CourseSessionFactory.create(
        offer=offer, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    CourseSessionFactory.create(
        offer=offer,
        starts_at=starts - datetime.timedelta(days=30),
        ends_at=starts - datetime.timedelta(days=30, hours=-2),
    )

    response = client.get(centre.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Central Library",
        "0114 273 4711",
        "library@example.org",
        "https://example.org/library",
        "Step-free access",
        "Hearing loop",
        "Polish, Urdu",
        "Closed on bank holidays.",
        "10:00 to 12:30",
        "Get online course",
        "Book before you go",
        "Devices to borrow",
        "Older people",
        "4 of 10",
        "Report a change to these details",
        centre.organisation.get_absolute_url(),
    ):
        assert text in html, text
    assert html.count("Closed</td>") == 6  # every day but Tuesday
    assert html.count("of 10</td>") == 1  # the past session is not shown

    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert block is not None
    assert "</" not in block.group(1)
    data = json.loads(block.group(1))
    business, course = data["@graph"]
    assert business["@type"] == "LocalBusiness"
    assert business["address"]["postalCode"] == "S1 2BX"
    assert business["geo"]["latitude"] == pytest.approx(centre.latitude)
    assert business["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Tuesday"
    assert business["description"].startswith("Help with computers </script>")
    assert course["@type"] == "Course" and course["name"] == "Get online course"
    assert [item["@type"] for item in course["hasCourseInstance"]] == ["CourseInstance"]
    assert course["hasCourseInstance"][0]["remainingAttendeeCapacity"] == 4


def test_a_stale_centre_page_warns_that_details_may_be_out_of_date(client: Client) -> None:
    centre = _centre(
        "Old Hub",
        SHEFFIELD_CENTRE,
        last_checked_on=datetime.date.today() - datetime.timedelta(days=400),
    )

    html = client.get(centre.get_absolute_url()).content.decode()

    assert 'data-flag="stale"' in html and "more than a year ago" in html


def test_a_closed_or_unknown_centre_is_not_found(client: Client) -> None:
    closed = _centre("Gone Hub", SHEFFIELD_CENTRE, status=Centre.Status.CLOSED)

    assert client.get(closed.get_absolute_url()).status_code == 404
    assert client.get("/find/centres/no-such-centre/").status_code == 404


def test_the_menu_and_the_home_page_lead_to_the_finder(client: Client) -> None:
    html = client.get("/").content.decode()

    assert '<a class="govuk-service-navigation__link" href="/find/"' in html
    assert 'action="/find/"' in html and 'name="q"' in html


def test_a_search_that_names_no_radius_shows_the_default_as_chosen(client: Client) -> None:
    html = _find(client, q=SHEFFIELD_CENTRE).content.decode()

    assert '<option value="5" selected>' in html
    assert "within 5 miles" in html
