"""A coordinator imports an Open Referral UK file with errors, sees the refused rows, fixes
the file, imports it, and sees what was added."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.finder.models import Centre
from ldsp.places.models import LocalAuthority
from ldsp.places.services import places_load
from tests.e2e.conftest import PageChecker
from tests.factories import AreaFactory, OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parents[2] / "ldsp" / "finder" / "tests" / "data"


def test_a_coordinator_fixes_a_refused_file_and_imports_it(
    live_server: object, checked_page: PageChecker, coordinator: Persona
) -> None:
    places_load()
    OrganisationFactory(name="Sheffield City Council")
    OrganisationFactory(name="Rotherham Digital Champions")
    area = AreaFactory(
        local_authorities=list(LocalAuthority.objects.filter(name__in=["Sheffield", "Rotherham"]))
    )
    PartnershipFactory(areas=[area], coordinators=[coordinator.user])
    base = str(live_server)
    page = checked_page.page

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")

    page.goto(f"{base}/find/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import centres")
    checked_page.check()

    # Nothing chosen: the page says what to do, beside each question.
    page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a file to upload")
    expect(summary).to_contain_text("Choose what kind of file it is")
    checked_page.check()

    page.get_by_label("Upload a file").set_input_files(str(DATA / "openreferral_with_errors.json"))
    page.get_by_label("Open Referral UK JSON").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Some rows are refused")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Fix these rows in your file and upload it again")
    expect(summary).to_contain_text("Service 3, location.physical_addresses[0].postal_code")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    checked_page.check()
    assert not Centre.objects.exists()

    page.get_by_role("link", name="upload it again").click()
    page.get_by_label("Upload a file").set_input_files(str(DATA / "openreferral_good.json"))
    page.get_by_label("Open Referral UK JSON").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.locator(".ldsp-imports-counts")).to_contain_text("2 to add")
    checked_page.check()
    assert not Centre.objects.exists()

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import complete")
    expect(page.locator(".govuk-panel")).to_contain_text("2 centres added")
    checked_page.check()
    assert Centre.objects.count() == 2

    page.get_by_role("link", name="Import another file").click()
    expect(page.get_by_role("table")).to_contain_text("openreferral_good.json")
    expect(page.get_by_role("table")).to_contain_text("Imported")
    checked_page.check()
