"""The centres API: nearest first with filters, one centre, and writes for the people who
keep centres up to date."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Persona
from ldsp.accounts import services as account_services
from ldsp.core.models import AuditEvent
from ldsp.finder.models import Centre
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.lib.distance import distance_km
from ldsp.places.models import LocalAuthority, PostcodeDistrict
from tests.factories import (
    AreaFactory,
    CourseSessionFactory,
    LocalAuthorityFactory,
    OpeningSlotFactory,
    OrganisationFactory,
    PartnershipFactory,
    PostcodeDistrictFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Geography:
    sheffield: LocalAuthority
    leeds: LocalAuthority
    s1: PostcodeDistrict


@pytest.fixture
def geography() -> Geography:
    """Sheffield (S1 city centre, S9 about 4 km north-east) and Leeds (LS1, 48 km north),
    at their real district centres."""
    sheffield = LocalAuthorityFactory.create(name="Sheffield", latitude=53.3829, longitude=-1.4659)
    leeds = LocalAuthorityFactory.create(name="Leeds", latitude=53.7965, longitude=-1.5478)
    AreaFactory.create(name="Sheffield City Region", local_authorities=[sheffield])
    AreaFactory.create(name="Leeds City Region", local_authorities=[leeds])
    s1 = PostcodeDistrictFactory.create(
        code="S1", postcode_area="S", latitude=53.3803, longitude=-1.4701, local_authority=sheffield
    )
    PostcodeDistrictFactory.create(
        code="S9", postcode_area="S", latitude=53.4033, longitude=-1.4216, local_authority=sheffield
    )
    PostcodeDistrictFactory.create(
        code="LS1", postcode_area="LS", latitude=53.7965, longitude=-1.5478, local_authority=leeds
    )
    return Geography(sheffield=sheffield, leeds=leeds, s1=s1)


def _centre(name: str, postcode: str, **extra: Any) -> Centre:
    details = CentreDetails(
        name=name,
        organisation=extra.pop("organisation", None) or OrganisationFactory.create(),
        address="1 High Street",
        postcode=postcode,
        **extra,
    )
    return centre_save(actor=None, details=details)


def _offer(centre: Centre, title: str = "Drop-in help", **extra: Any) -> None:
    offer_save(actor=None, centre=centre, details=OfferDetails(title=title, **extra))


def _get(path: str, **params: Any) -> tuple[int, Any]:
    response = Client().get(path, params)
    return response.status_code, response.json()


# --- reading ----------------------------------------------------------------------------------


def test_near_a_postcode_lists_centres_in_reach_nearest_first_with_distances(
    geography: Geography,
) -> None:
    east = _centre("Attercliffe Hub", "S9 3TY")
    central = _centre("Central Library", "S1 2BX")
    _centre("Leeds Library", "LS1 4AP")  # 48 km away
    _centre("Closed Library", "S1 1AA", status=Centre.Status.CLOSED)

    status, body = _get("/api/v1/centres", near="S1 2BX", radius_km=10)

    assert status == 200
    assert [item["slug"] for item in body["items"]] == [central.slug, east.slug]
    assert body["count"] == 2
    assert body["items"][0]["distance_km"] == 0
    expected = distance_km(53.3803, -1.4701, east.latitude, east.longitude)
    assert body["items"][1]["distance_km"] == pytest.approx(expected, abs=0.001)
    assert 3 < body["items"][1]["distance_km"] < 5


def test_a_town_name_and_an_outward_code_find_the_same_centres(geography: Geography) -> None:
    central = _centre("Central Library", "S1 2BX")
    _centre("Leeds Library", "LS1 4AP")

    for near in ("Sheffield", "s1", "S1"):
        status, body = _get("/api/v1/centres", near=near, radius_km=5)
        assert status == 200, near
        assert [item["slug"] for item in body["items"]] == [central.slug], near


def test_a_place_we_cannot_find_is_a_400_that_says_what_to_enter(geography: Geography) -> None:
    for near, words in (
        ("ZZ9 9ZZ", "No UK postcode starts with ZZ"),
        ("S99 9ZZ", "We cannot find the postcode district S99"),
        ("Atlantis", "We cannot find a place called “Atlantis”"),
        ("12345", ""),
    ):
        status, body = _get("/api/v1/centres", near=near)
        assert status == 400, near
        assert words in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"near": "S1", "radius_km": "-1"},
        {"near": "S1", "radius_km": "0"},
        {"near": "S1", "radius_km": "1000"},
        {"near": "S1", "radius_km": "nan"},
        {"near": "S1", "radius_km": "ten"},
        {"skill_area": "juggling"},
        {"open_on": "someday"},
        {"page": "0"},
        {"page_size": "1000"},
    ],
)
def test_odd_values_are_refused_with_json_not_a_crash(
    geography: Geography, params: dict[str, str]
) -> None:
    status, body = _get("/api/v1/centres", **params)

    assert status == 422
    assert body["detail"]


def test_an_unknown_language_is_refused_in_words(geography: Geography) -> None:
    status, body = _get("/api/v1/centres", language="klingon")

    assert status == 400
    assert "We do not know the language “klingon”" in body["detail"]


def test_every_filter_narrows_the_list_and_the_offers_shown(geography: Geography) -> None:
    plain = _centre("Plain Centre", "S1 2BX")
    _offer(plain, "Email basics", skill_areas=["communicating"], levels=["foundation"])
    rich = _centre(
        "Rich Centre",
        "S9 3TY",
        step_free=True,
        languages=["pl"],
        opening_slots=[(2, datetime.time(10), datetime.time(12))],
    )
    _offer(rich, "Online banking", skill_areas=["transacting"], formats=["group"])
    _offer(rich, "Tablets to borrow", lends_devices=True, free_data=True, audiences=["older"])
    _offer(rich, "Paid course", is_free=False, cost="£20", skill_areas=["communicating"])

    def found(**params: Any) -> list[str]:
        status, body = _get("/api/v1/centres", near="S1", radius_km=10, **params)
        assert status == 200, params
        return [item["name"] for item in body["items"]]

    assert found() == ["Plain Centre", "Rich Centre"]
    assert found(skill_area="transacting") == ["Rich Centre"]
    assert found(skill_area="communicating", free_only="true") == ["Plain Centre"]
    assert found(level="foundation") == ["Plain Centre"]
    assert found(format="group") == ["Rich Centre"]
    assert found(audience="older") == ["Rich Centre"]
    assert found(free_devices="true") == ["Rich Centre"]
    assert found(free_data="true") == ["Rich Centre"]
    assert found(step_free="true") == ["Rich Centre"]
    assert found(open_on="wednesday") == ["Rich Centre"]
    assert found(open_on="tuesday") == []
    assert found(language="pl") == ["Rich Centre"]

    _status, body = _get("/api/v1/centres", near="S1", skill_area="communicating")
    rich_item = next(item for item in body["items"] if item["name"] == "Rich Centre")
    assert [offer["title"] for offer in rich_item["offers"]] == ["Paid course"]


def test_without_a_place_every_public_centre_is_listed_by_name_a_page_at_a_time(
    geography: Geography,
) -> None:
    for name in ("Cedar Hub", "Ash Library", "Birch College"):
        _centre(name, "S1 2BX")
    _centre("Closed Hub", "S1 2BX", status=Centre.Status.CLOSED)

    status, body = _get("/api/v1/centres", page_size=2)
    _status, second = _get("/api/v1/centres", page_size=2, page=2)

    assert status == 200
    assert [item["name"] for item in body["items"]] == ["Ash Library", "Birch College"]
    assert (body["count"], body["pages"]) == (3, 2)
    assert body["items"][0]["distance_km"] is None
    assert [item["name"] for item in second["items"]] == ["Cedar Hub"]
    assert _get("/api/v1/centres", page=3)[0] == 404


def test_a_centre_shows_everything_its_page_does(geography: Geography) -> None:
    centre = _centre(
        "Central Library",
        "S1 2BX",
        phone="0114 273 4711",
        email="library@example.org",
        hearing_loop=True,
        languages=["ar", "pl"],
        opening_slots=[(0, datetime.time(9, 30), datetime.time(17))],
    )
    _offer(centre, "Learn My Way", skill_areas=["communicating"], levels=["foundation"])
    CourseSessionFactory.create(offer=centre.offers.get(), places=12, places_left=3)

    status, body = _get(f"/api/v1/centres/{centre.slug}")

    assert status == 200
    assert body["name"] == "Central Library"
    assert body["local_authority"] == "Sheffield"
    assert body["opening_times"] == [
        {"weekday": "monday", "opens_at": "09:30", "closes_at": "17:00"}
    ]
    assert body["accessibility"]["hearing_loop"] is True
    assert body["languages"] == ["ar", "pl"]
    assert body["email"] == "library@example.org"
    assert body["not_checked_for_a_year"] is False
    [offer] = body["offers"]
    assert offer["skill_areas"] == ["communicating"]
    assert offer["sessions"][0]["places_left"] == 3


def test_a_closed_or_unknown_centre_is_not_found(geography: Geography) -> None:
    closed = _centre("Closed Library", "S1 2BX", status=Centre.Status.CLOSED)

    for slug in (closed.slug, "no-such-centre"):
        status, body = _get(f"/api/v1/centres/{slug}")
        assert status == 404
        assert body == {"detail": "Not found."}


def test_the_list_takes_the_same_queries_however_long_the_page(geography: Geography) -> None:
    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            status, body = _get("/api/v1/centres", near="S1", page_size=page_size)
        assert status == 200
        assert len(body["items"]) == page_size
        return len(captured)

    for number in range(12):
        centre = _centre(f"Centre {number:02}", "S1 2BX", languages=["pl"])
        OpeningSlotFactory.create(centre=centre, weekday=3)
        _offer(centre, skill_areas=["communicating"])
        CourseSessionFactory.create(offer=centre.offers.get())

    assert queries(2) == queries(12)


# --- writing ----------------------------------------------------------------------------------


def _new_centre(organisation: str, postcode: str = "S1 2BX", **extra: Any) -> dict[str, Any]:
    return {
        "name": "Firth Park Library",
        "organisation": organisation,
        "address": "443 Firth Park Road",
        "postcode": postcode,
        "opening_times": [{"weekday": "tuesday", "opens_at": "10:00", "closes_at": "12:30"}],
        "languages": ["ur"],
        "step_free": True,
        **extra,
    }


def _send(client: Client, method: str, path: str, body: dict[str, Any], **headers: str) -> Any:
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", **headers
    )


@pytest.fixture
def sheffield_coordinator(geography: Geography, coordinator: Persona) -> Persona:
    PartnershipFactory.create(
        areas=list(geography.sheffield.areas.all()), coordinators=[coordinator.user]
    )
    return coordinator


def test_someone_not_signed_in_cannot_add_a_centre(geography: Geography) -> None:
    organisation = OrganisationFactory.create()

    response = _send(Client(), "post", "/api/v1/centres", _new_centre(organisation.slug))

    assert response.status_code == 401
    assert "detail" in response.json()
    assert not Centre.objects.exists()


def test_a_coordinator_adds_a_centre_in_their_area_with_a_token(
    sheffield_coordinator: Persona,
) -> None:
    organisation = OrganisationFactory.create()
    _token, plaintext = account_services.api_token_create(
        actor=sheffield_coordinator.user, name="Directory sync"
    )

    response = _send(
        Client(),
        "post",
        "/api/v1/centres",
        _new_centre(organisation.slug),
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["postcode"] == "S1 2BX"
    assert body["local_authority"] == "Sheffield"
    assert body["opening_times"][0]["weekday"] == "tuesday"
    centre = Centre.objects.get(slug=body["slug"])
    assert centre.organisation == organisation
    assert centre.step_free and list(centre.languages.values_list("code", flat=True)) == ["ur"]
    assert AuditEvent.objects.filter(
        verb="centre.created", actor=sheffield_coordinator.user
    ).exists()


def test_a_coordinator_cannot_add_a_centre_outside_their_area(
    sheffield_coordinator: Persona,
) -> None:
    organisation = OrganisationFactory.create()

    response = _send(
        sheffield_coordinator.client,
        "post",
        "/api/v1/centres",
        _new_centre(organisation.slug, postcode="LS1 4AP"),
    )

    assert response.status_code == 403
    assert "Leeds" in response.json()["detail"]
    assert not Centre.objects.exists()


def test_a_contributor_cannot_add_a_centre(geography: Geography, contributor: Persona) -> None:
    response = _send(
        contributor.client,
        "post",
        "/api/v1/centres",
        _new_centre(OrganisationFactory.create().slug),
    )

    assert response.status_code == 403
    assert not Centre.objects.exists()


def test_a_refused_centre_says_which_answer_is_wrong(sheffield_coordinator: Persona) -> None:
    organisation = OrganisationFactory.create()

    for body, field, words in (
        (_new_centre(organisation.slug, postcode="S99 9ZZ"), "postcode", "We cannot place"),
        (_new_centre(organisation.slug, postcode="S1"), "postcode", "full postcode"),
        (_new_centre("no-such-organisation"), "organisation", "There is no organisation"),
        (_new_centre(organisation.slug, languages=["xx"]), "languages", "language “xx”"),
        (
            _new_centre(
                organisation.slug,
                opening_times=[{"weekday": "monday", "opens_at": "12:00", "closes_at": "09:00"}],
            ),
            "opening_times",
            "must be after opening time",
        ),
    ):
        response = _send(sheffield_coordinator.client, "post", "/api/v1/centres", body)
        assert response.status_code == 400, body
        assert response.json()["field"] == field
        assert words in response.json()["detail"]
    assert not Centre.objects.exists()


def test_a_patch_changes_only_what_it_gives_and_is_audited(sheffield_coordinator: Persona) -> None:
    centre = _centre(
        "Central Library",
        "S1 2BX",
        phone="0114 000 0000",
        languages=["pl"],
        opening_slots=[(1, datetime.time(10), datetime.time(12))],
    )

    response = _send(
        sheffield_coordinator.client,
        "patch",
        f"/api/v1/centres/{centre.slug}",
        {"phone": "0114 273 4711", "email": None},
    )

    assert response.status_code == 200, response.json()
    centre.refresh_from_db()
    assert centre.phone == "0114 273 4711"
    assert centre.name == "Central Library"
    assert list(centre.languages.values_list("code", flat=True)) == ["pl"]
    assert centre.opening_slots.count() == 1
    event = AuditEvent.objects.get(verb="centre.changed")
    assert event.data["changed"] == ["phone"]


def test_a_put_replaces_the_centre_and_a_new_postcode_moves_it(
    sheffield_coordinator: Persona,
) -> None:
    centre = _centre("Central Library", "S1 2BX", languages=["pl"])

    response = _send(
        sheffield_coordinator.client,
        "put",
        f"/api/v1/centres/{centre.slug}",
        _new_centre(centre.organisation.slug, postcode="S9 3TY", languages=[]),
    )

    assert response.status_code == 200, response.json()
    centre.refresh_from_db()
    assert centre.name == "Firth Park Library"
    assert centre.postcode_district.code == "S9"
    assert not centre.languages.exists()


def test_a_coordinator_cannot_change_a_centre_outside_their_area(
    sheffield_coordinator: Persona,
) -> None:
    leeds = _centre("Leeds Library", "LS1 4AP")

    response = _send(
        sheffield_coordinator.client, "patch", f"/api/v1/centres/{leeds.slug}", {"phone": "1"}
    )

    assert response.status_code == 403
    leeds.refresh_from_db()
    assert leeds.phone == ""


def test_a_closed_centre_is_not_found_by_those_who_may_not_change_it(
    sheffield_coordinator: Persona, staff: Persona
) -> None:
    closed = _centre("Closed Library", "LS1 4AP", status=Centre.Status.CLOSED)
    path = f"/api/v1/centres/{closed.slug}"

    assert _send(sheffield_coordinator.client, "patch", path, {"phone": "1"}).status_code == 404
    assert _send(staff.client, "patch", path, {"status": "active"}).status_code == 200
    closed.refresh_from_db()
    assert closed.status == Centre.Status.ACTIVE


def test_staff_change_centres_anywhere(geography: Geography, staff: Persona) -> None:
    response = _send(
        staff.client,
        "post",
        "/api/v1/centres",
        _new_centre(OrganisationFactory.create().slug, postcode="LS1 4AP"),
    )

    assert response.status_code == 201
    assert Centre.objects.get().local_authority == geography.leeds


def test_a_time_or_date_that_is_not_one_is_refused_before_anything_runs(
    sheffield_coordinator: Persona,
) -> None:
    organisation = OrganisationFactory.create()
    bad_time = [{"weekday": "monday", "opens_at": "25:00", "closes_at": "26:00"}]

    for body in (
        _new_centre(organisation.slug, opening_times=bad_time),
        _new_centre(organisation.slug, last_checked_on="2026-02-30"),
    ):
        response = _send(sheffield_coordinator.client, "post", "/api/v1/centres", body)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["msg"].startswith("Enter a")
    assert not Centre.objects.exists()
