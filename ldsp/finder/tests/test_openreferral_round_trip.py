"""What our Open Referral UK API publishes, imported back, is the same centres and offers:
every row unchanged, nothing created, nothing written."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from ldsp.core.models import AuditEvent
from ldsp.finder.imports import import_confirm, import_preview
from ldsp.finder.models import Centre, CentreImport, Offer
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from tests.factories import LocalAuthorityFactory, OrganisationFactory, PostcodeDistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def geography() -> None:
    sheffield = LocalAuthorityFactory.create(name="Sheffield", latitude=53.3829, longitude=-1.4659)
    for code, latitude, longitude in (("S1", 53.3803, -1.4701), ("S9", 53.4033, -1.4216)):
        PostcodeDistrictFactory.create(
            code=code,
            postcode_area="S",
            latitude=latitude,
            longitude=longitude,
            local_authority=sheffield,
        )


def _centres() -> list[Centre]:
    """Two centres as varied as the finder allows: contacts, times, languages, access,
    an exact point, a paid course and support flags; and one with the bare minimum."""
    library = centre_save(
        actor=None,
        details=CentreDetails(
            name="Central Library",
            organisation=OrganisationFactory.create(name="Sheffield Libraries"),
            address="Surrey Street",
            postcode="S1 1XZ",
            description="The city's main library, by the Winter Garden.",
            phone="0114 273 4711",
            email="central.library@example.org",
            website="https://central.example/library",
            step_free=True,
            accessible_toilet=True,
            hearing_loop=True,
            bsl=True,
            assistive_technology=True,
            languages=["pl", "ur"],
            opening_slots=[
                (0, datetime.time(9, 30), datetime.time(17)),
                (0, datetime.time(18), datetime.time(20)),
                (5, datetime.time(10), datetime.time(13)),
            ],
            latitude=53.379543,
            longitude=-1.466812,
            last_checked_on=datetime.date(2026, 3, 1),
        ),
    )
    for details in (
        OfferDetails(
            title="Online banking",
            description="Pay bills and check your balance safely.",
            skill_areas=["transacting", "safe_legal"],
            levels=["life"],
            formats=["group"],
            audiences=["older"],
            booking_needed=True,
        ),
        OfferDetails(
            title="Coding club",
            skill_areas=["problem_solving"],
            levels=["work"],
            formats=["group"],
            is_free=False,
            cost="£5 a week",
        ),
        OfferDetails(
            title="Tablets and data",
            lends_devices=True,
            gives_devices=True,
            free_data=True,
            computers_and_wifi=True,
            audiences=["everyone"],
        ),
    ):
        offer_save(actor=None, centre=library, details=details)
    hub = centre_save(
        actor=None,
        details=CentreDetails(
            name="Attercliffe Hub",
            organisation=OrganisationFactory.create(name="Attercliffe Community Trust"),
            address="Attercliffe Road",
            postcode="S9 3TY",
            status=Centre.Status.TEMPORARILY_CLOSED,
            last_checked_on=datetime.date(2025, 1, 15),
        ),
    )
    offer_save(actor=None, centre=hub, details=OfferDetails(title="Drop-in help"))
    return [library, hub]


def _export() -> dict[str, Any]:
    response = Client().get("/api/v1/openreferral/services", {"per_page": 100})
    assert response.status_code == 200
    page: dict[str, Any] = response.json()
    return page


def _rows(centre_import: CentreImport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = centre_import.report["rows"]
    return rows


def test_our_export_imported_back_changes_nothing() -> None:
    _centres()
    page = _export()
    assert page["totalElements"] == 4
    before = {
        "centres": list(Centre.objects.values_list("pk", "updated_at").order_by("pk")),
        "offers": list(Offer.objects.values_list("pk", "updated_at").order_by("pk")),
        "audit": AuditEvent.objects.count(),
    }

    preview = import_preview(
        actor=None, file_name="export.json", content=json.dumps(page), format="openreferral"
    )

    assert preview.status == CentreImport.Status.PREVIEWED, _rows(preview)
    assert [
        (row["centre_action"], row["offer_action"], row["centre_changes"], row["offer_changes"])
        for row in _rows(preview)
    ] == [("unchanged", "unchanged", [], [])] * 4
    counts = preview.report["counts"]
    assert (counts["centres_unchanged"], counts["offers_unchanged"]) == (2, 4)
    assert counts["centres_create"] == counts["offers_create"] == 0

    written = import_confirm(actor=None, centre_import=preview)

    assert not any(written.values())
    assert list(Centre.objects.values_list("pk", "updated_at").order_by("pk")) == before["centres"]
    assert list(Offer.objects.values_list("pk", "updated_at").order_by("pk")) == before["offers"]
    assert AuditEvent.objects.count() == before["audit"]


def test_one_service_exported_alone_is_matched_to_its_offer() -> None:
    library, _hub = _centres()
    offer = library.offers.get(title="Coding club")
    service = _export()["content"]
    [mine] = [item for item in service if item["name"] == "Coding club"]
    assert Client().get(f"/api/v1/openreferral/services/{mine['id']}").json() == mine

    preview = import_preview(
        actor=None, file_name="one.json", content=json.dumps(mine), format="openreferral"
    )

    assert [(row["centre_action"], row["offer_action"]) for row in _rows(preview)] == [
        ("unchanged", "unchanged")
    ]
    assert Offer.objects.get(pk=offer.pk).cost == "£5 a week"


def test_a_change_made_in_the_exported_file_is_the_one_change_previewed() -> None:
    _centres()
    page = _export()
    service = next(item for item in page["content"] if item["name"] == "Online banking")
    service["name"] = "Online banking and shopping"

    preview = import_preview(
        actor=None, file_name="changed.json", content=json.dumps(page), format="openreferral"
    )

    actions = sorted((row["offer"], row["offer_action"]) for row in _rows(preview))
    assert actions == [
        ("Coding club", "unchanged"),
        ("Drop-in help", "unchanged"),
        ("Online banking and shopping", "change"),
        ("Tablets and data", "unchanged"),
    ]
    assert all(row["centre_action"] == "unchanged" for row in _rows(preview))
