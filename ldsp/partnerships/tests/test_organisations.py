"""Organisations are found by their matching name, never by slug: "A&B Ltd" is not "AB Ltd",
but "  a&b   ltd " is "A&B Ltd"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import Persona
from ldsp.partnerships.models import Organisation
from ldsp.partnerships.services import PartnershipError, organisation_get_or_create
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_b_ltd_and_ab_ltd_are_two_organisations_with_their_own_slugs() -> None:
    ab = organisation_get_or_create(name="AB Ltd", sector="employer")
    a_and_b = organisation_get_or_create(name="A&B Ltd", sector="employer")
    assert a_and_b.pk != ab.pk
    assert (ab.slug, a_and_b.slug) == ("ab-ltd", "ab-ltd-2")
    assert Organisation.objects.count() == 2


def test_another_spelling_of_a_name_finds_the_same_organisation() -> None:
    made = organisation_get_or_create(name="A&B Ltd", sector="employer", website="https://ab.org")
    found = organisation_get_or_create(name="  a&b   LTD ", sector="charity")
    assert found.pk == made.pk
    assert (found.name, found.sector) == ("A&B Ltd", "employer")


def test_the_next_free_slug_is_taken() -> None:
    OrganisationFactory.create(name="AB Ltd", slug="ab-ltd")
    OrganisationFactory.create(name="A B Ltd", slug="ab-ltd-2")
    made = organisation_get_or_create(name="A&B Ltd", sector="employer")
    assert made.slug == "ab-ltd-3"
    assert made.get_absolute_url() == "/organisations/ab-ltd-3/"


def test_a_name_without_letters_still_gets_a_slug() -> None:
    assert organisation_get_or_create(name="&&&", sector="other").slug == "organisation"
    assert organisation_get_or_create(name="+++", sector="other").slug == "organisation-2"


def test_a_name_is_needed() -> None:
    with pytest.raises(PartnershipError, match="Enter the name"):
        organisation_get_or_create(name="   ", sector="other")
    assert not Organisation.objects.exists()


def test_the_matching_name_follows_a_rename() -> None:
    organisation = OrganisationFactory.create(name="AB Ltd")
    organisation.name = "A&B  Ltd"
    organisation.save(update_fields=["name"])
    organisation.refresh_from_db()
    assert organisation.normalised_name == "a&b ltd"
    assert organisation_get_or_create(name="A&B Ltd", sector="employer").pk == organisation.pk


def test_the_database_refuses_two_organisations_with_one_matching_name() -> None:
    OrganisationFactory.create(name="A&B Ltd")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(name="a&b LTD")


def test_the_admin_says_which_organisation_has_the_name(staff: Persona) -> None:
    OrganisationFactory.create(name="A&B Ltd", slug="a-and-b")
    with pytest.raises(ValidationError, match="A&B Ltd has the same name"):
        Organisation(name="a&b ltd", slug="other", sector="employer").full_clean()
    response = staff.client.post(
        "/admin/partnerships/organisation/add/",
        {"name": " A&B ltd", "slug": "ab-ltd", "sector": "employer", "website": ""},
    )
    assert response.status_code == 200
    assert "A&amp;B Ltd has the same name" in response.content.decode()
    assert Organisation.objects.count() == 1
