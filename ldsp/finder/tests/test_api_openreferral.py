"""The Open Referral UK read API: pages and services valid against a JSON Schema written
from the profile, its filters, and the published skills vocabulary."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from ldsp.core.skills import Level, SkillArea
from ldsp.finder.identifiers import location_id, organization_id, service_id
from ldsp.finder.models import Centre, Offer
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.finder.vocabulary import TAXONOMY_VOCABULARY, taxonomy_term_id
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    PostcodeDistrictFactory,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def _validator(name: str) -> Draft202012Validator:
    """A validator for one of our schemas, resolving references to the others."""
    resources = {
        path.name: Resource.from_contents(json.loads(path.read_text()))
        for path in SCHEMAS.glob("*.schema.json")
    }
    registry: Registry[Any] = Registry().with_resources(resources.items())
    schema = json.loads((SCHEMAS / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


PAGE = _validator("openreferral_page.schema.json")
SERVICE = _validator("openreferral_service.schema.json")


def _errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


@pytest.fixture(autouse=True)
def geography() -> None:
    """Sheffield's S1 and S9 (about 4 km apart) and Leeds' LS1 (48 km away)."""
    sheffield = LocalAuthorityFactory.create(name="Sheffield", latitude=53.3829, longitude=-1.4659)
    leeds = LocalAuthorityFactory.create(name="Leeds", latitude=53.7965, longitude=-1.5478)
    for code, latitude, longitude, authority in (
        ("S1", 53.3803, -1.4701, sheffield),
        ("S9", 53.4033, -1.4216, sheffield),
        ("LS1", 53.7965, -1.5478, leeds),
    ):
        PostcodeDistrictFactory.create(
            code=code,
            postcode_area=code.rstrip("0123456789"),
            latitude=latitude,
            longitude=longitude,
            local_authority=authority,
        )


def _centre(name: str, postcode: str = "S1 2BX", **extra: Any) -> Centre:
    details = CentreDetails(
        name=name,
        organisation=extra.pop("organisation", None) or OrganisationFactory.create(),
        address=extra.pop("address", "Surrey Street"),
        postcode=postcode,
        **extra,
    )
    return centre_save(actor=None, details=details)


def _offer(centre: Centre, title: str = "Drop-in help", **extra: Any) -> Offer:
    return offer_save(actor=None, centre=centre, details=OfferDetails(title=title, **extra))


def _get(path: str, **params: Any) -> tuple[int, Any]:
    response = Client().get(path, params)
    return response.status_code, response.json()


def _full_centre() -> tuple[Centre, Offer]:
    centre = _centre(
        "Central Library",
        organisation=OrganisationFactory.create(
            name="Sheffield Libraries", website="https://libs.example"
        ),
        address="Surrey Street\nCity Centre",
        phone="0114 273 4711",
        email="central.library@example.org",
        website="https://central.example/library",
        step_free=True,
        hearing_loop=True,
        languages=["pl", "ur"],
        opening_slots=[
            (0, datetime.time(9, 30), datetime.time(17)),
            (5, datetime.time(10), datetime.time(13)),
        ],
        last_checked_on=datetime.date(2026, 3, 1),
    )
    offer = _offer(
        centre,
        "Online banking",
        description="Pay bills and check your balance safely.",
        skill_areas=["transacting", "safe_legal"],
        levels=["life"],
        formats=["group"],
        audiences=["older"],
        lends_devices=True,
        booking_needed=True,
    )
    return centre, offer


def test_a_service_is_the_offer_at_its_centre_and_valid_against_the_profile() -> None:
    centre, offer = _full_centre()

    status, service = _get(f"/api/v1/openreferral/services/{service_id(offer.pk)}")

    assert status == 200
    assert _errors(SERVICE, service) == []
    assert service["id"] == service_id(offer.pk)
    assert service["name"] == "Online banking"
    assert service["description"] == "Pay bills and check your balance safely."
    assert service["url"] == "https://central.example/library"
    assert service["email"] == "central.library@example.org"
    assert service["status"] == "active"
    assert service["fees"] == "Free"
    assert service["attending_access"] == "appointment"
    assert service["assured_date"] == "2026-03-01"
    assert service["organization"]["id"] == organization_id(centre.organisation.pk)
    assert service["organization"]["name"] == "Sheffield Libraries"
    [at] = service["service_at_locations"]
    location = at["location"]
    assert location["id"] == location_id(centre.pk)
    assert (location["latitude"], location["longitude"]) == (53.3803, -1.4701)
    assert location["physical_addresses"][0] | {"id": ""} == {
        "id": "",
        "address_1": "Surrey Street, City Centre",
        "city": "Sheffield",
        "postal_code": "S1 2BX",
        "country": "GB",
    }
    assert [item["accessibility"] for item in location["accessibility_for_disabilities"]] == [
        "Step-free access",
        "Hearing loop",
    ]
    assert [
        (item["byday"], item["opens_at"], item["closes_at"])
        for item in service["regular_schedules"]
    ] == [("MO", "09:30", "17:00"), ("SA", "10:00", "13:00")]
    assert service["contacts"][0]["phones"][0]["number"] == "0114 273 4711"
    assert [item["language"] for item in service["languages"]] == ["pl", "ur"]
    terms = {item["taxonomy"]["id"]: item["taxonomy"] for item in service["service_taxonomys"]}
    assert set(terms) == {
        "eds-area-transacting",
        "eds-area-safe-legal",
        "eds-level-life",
        "eds-format-group",
        "eds-audience-older",
        "eds-support-lends-devices",
    }
    assert terms["eds-area-safe-legal"] == {
        "id": "eds-area-safe-legal",
        "name": "Being safe and legal online",
        "vocabulary": TAXONOMY_VOCABULARY,
    }


def test_a_paid_offer_gives_its_cost_and_a_centre_without_a_website_links_our_page() -> None:
    centre = _centre("Hub", status=Centre.Status.TEMPORARILY_CLOSED)
    offer = _offer(centre, "Coding club", is_free=False, cost="£5 a week")

    _status, service = _get(f"/api/v1/openreferral/services/{service_id(offer.pk)}")

    assert _errors(SERVICE, service) == []
    assert service["fees"] == "£5 a week"
    assert service["cost_options"][0]["option"] == "£5 a week"
    assert service["status"] == "temporarily closed"
    assert service["url"].endswith(f"/find/centres/{centre.slug}/")
    assert "email" not in service
    assert service["contacts"] == []


def test_the_schema_refuses_a_service_the_profile_would_refuse() -> None:
    _library, offer = _full_centre()
    _status, service = _get(f"/api/v1/openreferral/services/{service_id(offer.pk)}")

    for broken in (
        {key: value for key, value in service.items() if key != "organization"},
        service | {"status": "open"},
        service | {"id": "offer-1"},
        service | {"url": "javascript:alert(1)"},
        service | {"regular_schedules": [{"id": "x", "byday": "Monday"}]},
    ):
        assert _errors(SERVICE, broken), broken


def test_offers_of_closed_centres_and_unknown_ids_are_not_found() -> None:
    closed = _centre("Closed Library", status=Centre.Status.CLOSED)
    offer = _offer(closed)

    for wanted in (service_id(offer.pk), service_id(offer.pk + 1000), "not-an-id"):
        status, body = _get(f"/api/v1/openreferral/services/{wanted}")
        assert status == 404
        assert body == {"detail": "Not found."}
    _status, page = _get("/api/v1/openreferral/services")
    assert page["totalElements"] == 0


def test_services_are_paged_as_the_profile_pages_them() -> None:
    for number in range(5):
        _offer(_centre(f"Centre {number}"), f"Offer {number}")

    status, first = _get("/api/v1/openreferral/services", per_page=2)
    _status, last = _get("/api/v1/openreferral/services", per_page=2, page=3)
    _status, beyond = _get("/api/v1/openreferral/services", per_page=2, page=4)

    assert status == 200
    assert _errors(PAGE, first) == []
    assert {key: first[key] for key in first if key != "content"} == {
        "totalElements": 5,
        "totalPages": 3,
        "number": 1,
        "size": 2,
        "first": True,
        "last": False,
    }
    assert [service["name"] for service in first["content"]] == ["Offer 0", "Offer 1"]
    assert (last["first"], last["last"], len(last["content"])) == (False, True, 1)
    assert _errors(PAGE, last) == []
    assert beyond["content"] == []


def test_text_and_taxonomy_narrow_the_services() -> None:
    centre = _centre("Central Library")
    _offer(centre, "Email basics", skill_areas=["communicating"])
    _offer(centre, "Banking", description="Safe ONLINE banking", skill_areas=["transacting"])
    _offer(centre, "Tablets to borrow", lends_devices=True)

    def names(**params: Any) -> list[str]:
        status, page = _get("/api/v1/openreferral/services", **params)
        assert status == 200
        return sorted(service["name"] for service in page["content"])

    assert names(text="online") == ["Banking"]
    assert names(text="EMAIL") == ["Email basics"]
    assert names(taxonomy_id="eds-area-communicating") == ["Email basics"]
    assert names(taxonomy_id="eds-support-lends-devices") == ["Tablets to borrow"]
    assert names(taxonomy_id="someone-elses-term") == []


def test_a_postcode_and_proximity_list_the_nearest_services_first() -> None:
    _offer(_centre("Attercliffe Hub", "S9 3TY"), "Far offer")
    _offer(_centre("Central Library", "S1 2BX"), "Near offer")
    _offer(_centre("Leeds Library", "LS1 4AP"), "Leeds offer")

    _status, near = _get("/api/v1/openreferral/services", postcode="S1 1AA", proximity=5000)
    _status, closer = _get("/api/v1/openreferral/services", postcode="S1 1AA", proximity=1000)

    assert [service["name"] for service in near["content"]] == ["Near offer", "Far offer"]
    assert near["totalElements"] == 2
    assert [service["name"] for service in closer["content"]] == ["Near offer"]


def test_odd_values_get_a_json_error_not_a_crash() -> None:
    for params, expected in (
        ({"postcode": "S99 9ZZ"}, 400),
        ({"postcode": "not a postcode 1"}, 400),
        ({"proximity": "-5"}, 422),
        ({"proximity": "nan"}, 422),
        ({"page": "0"}, 422),
        ({"per_page": "100000"}, 422),
        ({"page": "lots"}, 422),
    ):
        status, body = _get("/api/v1/openreferral/services", **params)
        assert status == expected, params
        assert body["detail"], params


def test_the_page_takes_the_same_queries_however_many_services_it_shows() -> None:
    for number in range(10):
        centre = _centre(f"Centre {number}", languages=["pl"], phone="0114 000 0000")
        _offer(centre, skill_areas=["communicating"])

    def queries(per_page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            status, page = _get("/api/v1/openreferral/services", per_page=per_page)
        assert status == 200
        assert len(page["content"]) == per_page
        return len(captured)

    assert queries(2) == queries(10)
    with CaptureQueriesContext(connection) as captured:
        _get("/api/v1/openreferral/services", per_page=10, postcode="S1 2BX")
    assert len(captured) <= queries(10) + 2


def test_the_skills_vocabulary_is_published_with_every_area_and_level() -> None:
    status, page = _get("/api/v1/openreferral/taxonomies", per_page=100)

    assert status == 200
    terms = {term["id"]: term for term in page["content"]}
    assert page["totalElements"] == len(terms)
    for area in SkillArea:
        term = terms[taxonomy_term_id("area", area.value)]
        assert term["name"] == area.label
        assert term["vocabulary"] == TAXONOMY_VOCABULARY
        assert term["parent"] == "eds-area"
    for level in Level:
        assert terms[taxonomy_term_id("level", level.value)]["name"] == level.label
    assert "parent" not in terms["eds-area"]
    _status, other = _get("/api/v1/openreferral/taxonomies", vocabulary="someone-else")
    assert other["content"] == []
