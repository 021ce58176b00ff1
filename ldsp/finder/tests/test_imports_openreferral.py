"""Importing Open Referral UK JSON, and the upload and preview pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ldsp.accounts.roles import Role
from ldsp.core.errors import Refused
from ldsp.core.models import AuditEvent
from ldsp.finder.identifiers import location_id, service_id
from ldsp.finder.imports import ImportFileRefused, import_confirm, import_preview
from ldsp.finder.models import Centre, CentreImport, Offer
from ldsp.partnerships.models import Organisation
from ldsp.places.models import LocalAuthority
from tests.factories import (
    AreaFactory,
    CentreImportFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "openreferral_good.json").read_text()
WITH_ERRORS = (DATA / "openreferral_with_errors.json").read_text()
LIBRARY_LOCATION = "7a0e5c2d-2222-4b6e-8d11-3c4d5e6f7a01"


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


@pytest.fixture(autouse=True)
def organisations() -> None:
    OrganisationFactory(name="Sheffield City Council")
    OrganisationFactory(name="Rotherham Digital Champions")


def _coordinator(*authority_names: str) -> User:
    area = AreaFactory.create(
        local_authorities=list(LocalAuthority.objects.filter(name__in=authority_names))
    )
    return coordinator_of(PartnershipFactory.create(areas=[area]))


def test_services_at_one_location_become_offers_of_one_centre() -> None:
    preview = import_preview(actor=None, file_name="directory.json", content=GOOD)

    counts = preview.report["counts"]
    assert (counts["centres_create"], counts["offers_create"], counts["rows_refused"]) == (2, 3, 0)
    assert [row["path"] for row in preview.report["rows"]] == [
        "content[0].service_at_locations[0]",
        "content[1].service_at_locations[0]",
        "content[2].service_at_locations[0]",
    ]
    notes = preview.report["rows"][0]["notes"]
    assert any("“Adults” is not in our vocabulary" in note for note in notes)

    import_confirm(actor=None, centre_import=preview)

    library = Centre.objects.get(source="openreferral", source_id=LIBRARY_LOCATION)
    assert library.name == "Sheffield Central Library"
    assert library.organisation.name == "Sheffield City Council"
    assert library.address == "Surrey Street\nSheffield"
    assert (library.latitude, library.longitude, library.location_is_approximate) == (
        53.3796,
        -1.4669,
        False,
    )
    assert library.step_free and library.hearing_loop and not library.bsl
    assert library.phone == "0114 273 4711" and library.email == "library.help@example.org"
    assert library.website == "https://www.example.org/libraries/digital-help"
    assert [str(slot) for slot in library.opening_slots.all()] == [
        "Monday 10:00–12:30",
        "Wednesday 14:00–16:00",
        "Thursday 14:00–16:00",
        "Friday 14:00–16:00",
    ]
    assert sorted(language.code for language in library.languages.all()) == ["en", "pl"]
    assert str(library.last_checked_on) == "2025-01-15"
    drop_in, safe = library.offers.order_by("title")
    assert (drop_in.skill_areas, drop_in.levels, drop_in.formats) == (
        ["communicating"],
        ["foundation"],
        ["one_to_one"],
    )
    assert drop_in.lends_devices and drop_in.is_free and not drop_in.booking_needed
    assert safe.title == "Staying safe online" and safe.booking_needed
    course = Offer.objects.get(title="Computer skills for work")
    assert (course.is_free, course.cost, course.audiences) == (
        False,
        "£10 for the six-week course",
        ["jobseekers"],
    )
    assert course.centre.local_authority.name == "Rotherham"


def test_a_file_with_errors_is_refused_by_json_path_and_field_and_writes_nothing() -> None:
    before = (Centre.objects.count(), Offer.objects.count(), AuditEvent.objects.count())

    preview = import_preview(actor=None, file_name="directory.json", content=WITH_ERRORS)

    assert preview.status == CentreImport.Status.REFUSED
    problems = {
        (row["path"], problem["field"])
        for row in preview.report["rows"]
        for problem in row["problems"]
    }
    assert ("content[1].service_at_locations[0]", "name") in problems
    assert (
        "content[2].service_at_locations[0]",
        "location.physical_addresses[0].postal_code",
    ) in problems
    assert ("content[2].service_at_locations[0]", "regular_schedules[0]") in problems
    assert preview.report["rows"][0]["status"] == "ok"
    with pytest.raises(Refused):
        import_confirm(actor=None, centre_import=preview)
    assert (Centre.objects.count(), Offer.objects.count(), AuditEvent.objects.count()) == before


def test_re_importing_the_same_file_changes_nothing() -> None:
    import_confirm(
        actor=None, centre_import=import_preview(actor=None, file_name="d.json", content=GOOD)
    )
    events, updated = (
        AuditEvent.objects.count(),
        list(Centre.objects.order_by("pk").values_list("updated_at", flat=True)),
    )

    again = import_preview(actor=None, file_name="d.json", content=GOOD)
    written = import_confirm(actor=None, centre_import=again)

    assert again.report["counts"]["centres_unchanged"] == 2
    assert again.report["counts"]["offers_unchanged"] == 3
    assert not any(written.values())
    assert AuditEvent.objects.count() == events
    assert list(Centre.objects.order_by("pk").values_list("updated_at", flat=True)) == updated


def test_our_own_published_ids_match_our_own_centres_and_offers() -> None:
    import_confirm(
        actor=None, centre_import=import_preview(actor=None, file_name="d.json", content=GOOD)
    )
    library = Centre.objects.get(source_id=LIBRARY_LOCATION)
    offer = library.offers.get(title="Digital drop-in")
    data = json.loads(GOOD)
    service = data["content"][0]
    service["id"] = service_id(offer.pk)
    service["name"] = "Digital drop-in (Mondays)"
    service["service_at_locations"][0]["location"]["id"] = location_id(library.pk)
    data["content"] = [service]

    preview = import_preview(actor=None, file_name="ours.json", content=json.dumps(data))

    row = preview.report["rows"][0]
    assert (row["centre_action"], row["offer_action"], row["offer_changes"]) == (
        "unchanged",
        "change",
        ["title"],
    )
    import_confirm(actor=None, centre_import=preview)
    offer.refresh_from_db()
    assert offer.title == "Digital drop-in (Mondays)"
    assert Centre.objects.count() == 2


def test_a_service_with_no_location_is_left_out_not_refused() -> None:
    data = json.loads(GOOD)
    data["content"][2]["service_at_locations"] = []

    preview = import_preview(actor=None, file_name="d.json", content=json.dumps(data))

    assert preview.report["counts"]["rows_skipped"] == 1
    assert preview.report["counts"]["rows_refused"] == 0
    assert preview.status == CentreImport.Status.PREVIEWED


def test_a_point_far_from_its_postcode_is_refused() -> None:
    data = json.loads(GOOD)
    data["content"][0]["service_at_locations"][0]["location"]["latitude"] = -1.4669
    data["content"][0]["service_at_locations"][0]["location"]["longitude"] = 53.3796

    preview = import_preview(actor=None, file_name="d.json", content=json.dumps(data))

    problem = preview.report["rows"][0]["problems"][0]
    assert problem["field"] == "location.latitude"


def test_a_coordinator_imports_only_in_their_areas() -> None:
    coordinator = _coordinator("Sheffield")

    preview = import_preview(actor=coordinator, file_name="d.json", content=GOOD)

    refused = [row["row"] for row in preview.report["rows"] if row["status"] == "refused"]
    assert refused == ["Service 3"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"content": [', "not valid JSON: Expecting value at line 1, column 14"),
        ('{"hello": 1}', "could not find any services"),
        ("[]", "no services"),
    ],
)
def test_unreadable_json_is_refused_with_line_and_column(content: str, message: str) -> None:
    with pytest.raises(ImportFileRefused, match=message):
        import_preview(actor=None, file_name="d.json", content=content)


# --- the pages ----------------------------------------------------------------------------


def _upload(client: Client, content: str, name: str = "directory.json") -> Any:
    return client.post(
        reverse("finder:import_upload"),
        {
            "file": SimpleUploadedFile(name, content.encode(), "application/json"),
            "format": "openreferral",
        },
    )


def test_the_upload_page_is_for_coordinators_and_staff(client: Client) -> None:
    assert client.get(reverse("finder:import_upload")).status_code == 302
    client.force_login(UserFactory.create(roles=[Role.CONTRIBUTOR]))
    assert client.get(reverse("finder:import_upload")).status_code == 403
    client.force_login(_coordinator("Sheffield"))
    page = client.get(reverse("finder:import_upload"))
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()


def test_a_coordinator_uploads_previews_and_confirms(client: Client) -> None:
    coordinator = _coordinator("Sheffield", "Rotherham")
    client.force_login(coordinator)

    response = _upload(client, GOOD)

    centre_import = CentreImport.objects.get()
    assert response.status_code == 302 and response["Location"] == centre_import.get_absolute_url()
    page = client.get(centre_import.get_absolute_url()).content.decode()
    assert "Confirm and import" in page and "Sheffield Central Library" in page
    assert not Centre.objects.exists()

    client.post(centre_import.get_absolute_url())

    done = client.get(centre_import.get_absolute_url()).content.decode()
    assert "Import complete" in done and "2 centres added" in done
    assert Centre.objects.count() == 2


def test_the_preview_of_a_refused_file_lists_the_problems_and_offers_no_confirm(
    client: Client,
) -> None:
    client.force_login(_coordinator("Sheffield", "Rotherham"))

    _upload(client, WITH_ERRORS)
    page = client.get(CentreImport.objects.get().get_absolute_url()).content.decode()

    assert "Error: " in page and "Fix these rows in your file and upload it again" in page
    assert "Service 3, location.physical_addresses[0].postal_code" in page
    assert "Confirm and import" not in page
    assert client.post(CentreImport.objects.get().get_absolute_url()).status_code == 302
    assert not Centre.objects.exists()


def test_a_file_that_cannot_be_read_is_shown_beside_the_file_field(client: Client) -> None:
    client.force_login(_coordinator("Sheffield"))

    response = _upload(client, '{"content": [')

    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()
    assert not CentreImport.objects.exists()


def test_no_file_chosen_is_asked_for(client: Client) -> None:
    client.force_login(_coordinator("Sheffield"))

    response = client.post(reverse("finder:import_upload"), {"format": "csv"})

    assert response.status_code == 400
    assert "Select a file to upload" in response.content.decode()


def test_only_the_uploader_and_staff_see_a_preview(client: Client) -> None:
    coordinator = _coordinator("Sheffield")
    centre_import = CentreImportFactory.create(actor=coordinator)
    url = centre_import.get_absolute_url()

    client.force_login(_coordinator("Sheffield"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(UserFactory.create(roles=[Role.STAFF]))
    assert client.get(url).status_code == 200
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    assert Organisation.objects.count() == 2


def test_our_own_open_referral_export_reads_back_as_the_same_centres() -> None:
    from ldsp.finder.openreferral_write import published_offers, service_dict

    import_confirm(
        actor=None, centre_import=import_preview(actor=None, file_name="d.json", content=GOOD)
    )
    exported = [
        service_dict(offer, centre_url=f"https://ldsp.example{offer.centre.get_absolute_url()}")
        for offer in published_offers()
    ]
    events = AuditEvent.objects.count()

    again = import_preview(actor=None, file_name="ours.json", content=json.dumps(exported))

    counts = again.report["counts"]
    assert (counts["centres_unchanged"], counts["offers_unchanged"]) == (2, 3), again.report
    assert counts["centres_create"] == counts["offers_create"] == counts["rows_refused"] == 0
    import_confirm(actor=None, centre_import=again)
    assert AuditEvent.objects.count() == events
    assert (Centre.objects.count(), Offer.objects.count()) == (2, 3)
