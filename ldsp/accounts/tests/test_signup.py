"""Sign up, confirm the email address, sign in, reset a password."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from conftest import Persona
from ldsp.accounts.models import Profile
from ldsp.accounts.roles import Role, roles_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-very-long-new-password-9"


def _link_in_last_email(path_fragment: str) -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(rf"https?://[^\s]*{path_fragment}[^\s]*", body)
    assert match, body
    after_host = match.group(0).split("://", 1)[1]
    return "/" + after_host.split("/", 1)[1]


def test_someone_signs_up_confirms_their_email_and_is_signed_in(
    run_worker: Callable[[], None],
) -> None:
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {"email": "new.person@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="new.person@example.org")
    assert roles_of(user) == [Role.CONTRIBUTOR]
    assert Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox == []  # the worker sends it, not the request

    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert mail.outbox[0].subject.startswith("LDSP Hub: ")

    confirm_path = _link_in_last_email("/accounts/confirm-email/")
    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/accounts/profile/").status_code == 200


def test_an_unconfirmed_person_cannot_sign_in_until_they_confirm(
    run_worker: Callable[[], None],
) -> None:
    client = Client()
    client.post(
        "/accounts/signup/",
        {"email": "waiting@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    other = Client()
    response = other.post(
        "/accounts/login/", {"login": "waiting@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert other.get("/accounts/profile/").status_code == 302


def test_sign_up_with_bad_details_shows_every_error_and_creates_nobody() -> None:
    response = Client().post(
        "/accounts/signup/", {"email": "not-an-email", "password1": "short", "password2": "other"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_email"' in page
    assert "Enter a valid email address." in page
    assert "govuk-error-message" in page
    assert "<title>Error: " in page
    assert get_user_model().objects.count() == 0


def test_signing_up_again_with_a_known_address_reveals_nothing_and_creates_nobody(
    contributor: Persona, run_worker: Callable[[], None]
) -> None:
    before = get_user_model().objects.count()
    response = Client().post(
        "/accounts/signup/",
        {"email": contributor.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert get_user_model().objects.count() == before
    run_worker()
    assert mail.outbox[-1].to == [contributor.email]  # told by email, not on the page


def test_a_confirmed_person_signs_in_and_out(contributor: Persona) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": contributor.email, "password": contributor.password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_a_wrong_password_is_refused_with_a_clear_error(contributor: Persona) -> None:
    response = Client().post(
        "/accounts/login/", {"login": contributor.email, "password": "not-the-password"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "not correct" in page


def test_a_forgotten_password_is_reset_by_email(
    contributor: Persona, run_worker: Callable[[], None]
) -> None:
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": contributor.email})
    assert response.status_code == 302
    run_worker()
    reset_path = _link_in_last_email("/accounts/password/reset/key/")
    response = client.get(reset_path)
    assert response.status_code == 302  # allauth moves the key out of the address
    form_path = response["Location"]
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert Client().login(username=contributor.email, password=NEW_PASSWORD)
