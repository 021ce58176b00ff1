"""Hints on the account pages are drawn as GOV.UK markup, never as escaped HTML; a
person (unlike an organisation) may still say they are not part of an organisation."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import Persona
from ldsp.accounts.forms import ProfileForm
from ldsp.core.sectors import Sector

RULES_LIST = '<ul class="govuk-list govuk-list--bullet"><li>'


def _hint(html: str, field: str) -> str:
    found = re.search(rf'<div id="id_{field}-hint" class="govuk-hint">(.*?)</div>', html, re.S)
    assert found, f"no hint for {field}"
    return found[1]


@pytest.mark.django_db
def test_sign_up_lists_the_password_rules_as_a_govuk_list() -> None:
    html = Client().get("/accounts/signup/").content.decode()
    assert "&lt;ul" not in html and "&lt;li" not in html and "&lt;a" not in html
    hint = _hint(html, "password1")
    assert hint.strip().startswith(RULES_LIST)
    assert "<li>Your password must contain at least 10 characters.</li>" in hint


@pytest.mark.django_db
def test_sign_up_with_mistakes_still_lists_the_rules() -> None:
    response = Client().post(
        "/accounts/signup/", {"email": "x", "password1": "a", "password2": "b"}
    )
    html = response.content.decode()
    assert response.status_code == 200 or response.status_code == 400
    assert "There is a problem" in html
    assert "&lt;ul" not in html and _hint(html, "password1").strip().startswith(RULES_LIST)


@pytest.mark.django_db
def test_sign_in_links_once_to_resetting_the_password_and_not_from_a_hint() -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "&lt;a" not in html and "&lt;ul" not in html
    assert 'id="id_password-hint"' not in html
    assert html.count('href="/accounts/password/reset/"') == 1
    assert (
        '<a class="govuk-link" href="/accounts/password/reset/">I have forgotten my password</a>'
        in html
    )


def test_changing_a_password_lists_the_rules(contributor: Persona) -> None:
    html = contributor.client.get("/accounts/password/change/").content.decode()
    assert "&lt;ul" not in html and "&lt;a" not in html
    assert _hint(html, "password1").strip().startswith(RULES_LIST)
    assert (
        '<a class="govuk-link" href="/accounts/password/reset/">I have forgotten my password</a>'
        in html
    )


def test_a_person_may_still_say_they_are_not_part_of_an_organisation(
    contributor: Persona,
) -> None:
    assert (Sector.INDIVIDUAL.value, Sector.INDIVIDUAL.label) in ProfileForm.base_fields[
        "sector"
    ].choices  # type: ignore[attr-defined]
    html = contributor.client.get("/accounts/profile/").content.decode()
    assert "Not part of an organisation" in html
