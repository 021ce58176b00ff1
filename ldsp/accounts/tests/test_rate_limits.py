from __future__ import annotations

import re
from typing import Any, ClassVar

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, override_settings

from conftest import Persona
from ldsp.accounts import services
from ldsp.accounts.models import ApiToken, Profile
from ldsp.core.models import OutboundEmail

# Sign-in and sign-up limits are counted in the default cache: check them with each backend.
pytestmark = pytest.mark.usefixtures("cache_backend")


def test_repeated_failed_sign_ins_are_stopped_for_a_while(contributor: Persona) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": contributor.email, "password": "wrong-password"}
        )
        assert "not correct" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/accounts/login/", {"login": contributor.email, "password": contributor.password}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "too many attempts to sign in with this email address" in page
    assert client.get("/accounts/profile/").status_code == 302


def test_too_many_sign_in_requests_from_one_address_get_the_429_page(db: None) -> None:
    client = Client()
    statuses = {
        client.post(
            "/accounts/login/", {"login": "someone@example.org", "password": "x"}
        ).status_code
        for _ in range(31)
    }
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "x"})
    assert 429 in statuses
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert 'href="/accounts/login/code/"' in page
    assert 'href="/accounts/password/reset/"' in page


def test_sign_ups_from_one_address_are_limited(db: None, settings: Any) -> None:
    # The same count over an hour rather than a minute, so a slow machine cannot let the
    # window roll over between the tenth and eleventh sign-up.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "10/h/ip"}
    client = Client()
    statuses = []
    for number in range(11):
        password = "a-long-enough-password-42"
        statuses.append(
            client.post(
                "/accounts/signup/",
                {"email": f"p{number}@example.org", "password1": password, "password2": password},
            ).status_code
        )
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert get_user_model().objects.count() == 10


# Someone else's failures cannot keep a person out.


def _code_from(email: OutboundEmail) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", email.body_text, re.MULTILINE)
    assert match, email.body_text
    return match.group(1)


def test_failures_by_someone_else_leave_the_emailed_code_and_password_reset_open(
    contributor: Persona,
) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    first = attacker.post("/accounts/login/", {"login": contributor.email, "password": "guess"})
    assert "Signing in with a password is paused" not in first.content.decode()
    for _ in range(5):
        attacker.post("/accounts/login/", {"login": contributor.email, "password": "guess"})

    victim = Client(REMOTE_ADDR="198.51.100.20")
    refused = victim.post(
        "/accounts/login/", {"login": contributor.email, "password": contributor.password}
    )
    page = refused.content.decode()
    assert "Signing in with a password is paused" in page
    assert 'href="/accounts/login/code/"' in page
    assert 'href="/accounts/password/reset/"' in page
    assert victim.get("/accounts/profile/").status_code == 302

    asked = victim.post("/accounts/login/code/", {"email": contributor.email})
    assert asked.status_code == 302
    code_email = OutboundEmail.objects.get(to=[contributor.email])
    confirmed = victim.post("/accounts/login/code/confirm/", {"code": _code_from(code_email)})
    assert confirmed.status_code == 302
    assert victim.get("/accounts/profile/").status_code == 200

    resetting = Client(REMOTE_ADDR="198.51.100.20")
    reset = resetting.post("/accounts/password/reset/", {"email": contributor.email})
    assert reset.status_code == 302
    assert OutboundEmail.objects.filter(to=[contributor.email]).count() == 2


# Behind a proxy, limits are per visitor, not per proxy.


@override_settings(
    ALLAUTH_TRUSTED_PROXY_COUNT=1,
    ACCOUNT_RATE_LIMITS={"login": "3/m/ip"},
)
def test_behind_a_proxy_each_visitor_has_their_own_limit(db: None) -> None:
    proxy = "10.0.0.5"
    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # A visitor cannot escape their limit by sending an X-Forwarded-For of their own:
    # the proxy appends the address it saw, and only that one is trusted.
    first_again = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    statuses = [first.post("/accounts/login/", {}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert first.post("/accounts/login/", {}).status_code == 429
    assert first_again.post("/accounts/login/", {}).status_code == 429
    assert second.post("/accounts/login/", {}).status_code == 200


# The admin's sign-in is the site's.


def test_the_admin_sign_in_sends_people_to_the_site_sign_in_keeping_next(
    anonymous: Persona,
) -> None:
    response = anonymous.client.get("/admin/login/?next=/admin/core/auditevent/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/core/auditevent/"
    # The admin's own "sign in first" redirect lands there too.
    assert anonymous.client.get("/admin/", follow=True).redirect_chain[-1][0] == (
        "/accounts/login/?next=/admin/"
    )


def test_an_address_elsewhere_is_not_kept_as_next(anonymous: Persona) -> None:
    response = anonymous.client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_passwords_posted_to_the_admin_sign_in_are_not_checked(staff: Persona) -> None:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.user.get_username(), "password": staff.password, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_signed_in_staff_go_on_and_others_are_turned_away(
    staff: Persona, contributor: Persona
) -> None:
    onward = staff.client.get("/admin/login/?next=/admin/core/auditevent/")
    assert onward.status_code == 302 and onward["Location"] == "/admin/core/auditevent/"
    assert contributor.client.get("/admin/login/?next=/admin/").status_code == 403


# Repeatable writes about your own account are limited per person.


@override_settings(API_TOKENS_PER_HOUR=2)
def test_creating_api_tokens_is_limited_on_the_page_and_the_api(contributor: Persona) -> None:
    for number in range(2):
        made = contributor.client.post("/accounts/profile/tokens/", {"name": f"Script {number}"})
        assert made.status_code == 302
    page = contributor.client.post("/accounts/profile/tokens/", {"name": "One more"})
    assert page.status_code == 400
    assert "created a lot of API tokens in the last hour" in page.content.decode()
    api = contributor.client.post(
        "/api/v1/me/tokens", {"name": "Another"}, content_type="application/json"
    )
    assert api.status_code == 400
    assert "created a lot of API tokens" in api.json()["detail"]
    assert ApiToken.objects.filter(user=contributor.user).count() == 2


@override_settings(API_TOKENS_PER_HOUR=1)
def test_one_persons_token_limit_is_not_anothers(contributor: Persona, editor: Persona) -> None:
    services.api_token_create(actor=contributor.user, name="Mine")
    with pytest.raises(services.AccountError, match="a lot of API tokens"):
        services.api_token_create(actor=contributor.user, name="Mine too")
    services.api_token_create(actor=editor.user, name="Theirs")
    assert ApiToken.objects.count() == 2


PROFILE = {"display_name": "Alice A", "organisation_name": "", "sector": "charity"}


@override_settings(PROFILE_CHANGES_PER_HOUR=2)
def test_changing_your_own_profile_is_limited(contributor: Persona, staff: Persona) -> None:
    for name in ("Alice A", "Alice B"):
        saved = contributor.client.post("/accounts/profile/", {**PROFILE, "display_name": name})
        assert saved.status_code == 302
    refused = contributor.client.post("/accounts/profile/", {**PROFILE, "display_name": "Alice C"})
    assert refused.status_code == 400
    assert "changed your profile a lot in the last hour" in refused.content.decode()
    assert Profile.objects.get(user=contributor.user).display_name == "Alice B"
    # Staff correcting someone's profile are not held back by that person's limit.
    services.profile_update(actor=staff.user, user=contributor.user, **PROFILE)
    assert Profile.objects.get(user=contributor.user).display_name == "Alice A"


# Sign-up takes the same work whether or not the address has an account.


class CountingHasher(MD5PasswordHasher):
    """A real (fast) hasher that counts how many passwords it hashes."""

    hashed: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.hashed.append(password)
        return super().encode(password, salt)


COUNTING = [f"{CountingHasher.__module__}.CountingHasher"]


def test_sign_up_does_the_same_work_whether_or_not_the_address_has_an_account(
    contributor: Persona,
) -> None:
    password = "a-long-enough-password-42"
    for address in ("new@example.org", contributor.email):
        with override_settings(PASSWORD_HASHERS=COUNTING):
            CountingHasher.hashed.clear()
            response = Client().post(
                "/accounts/signup/",
                {"email": address, "password1": password, "password2": password},
            )
            hashed = list(CountingHasher.hashed)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/confirm-email/"
        assert hashed == [password], address
        assert OutboundEmail.objects.filter(to=[address]).count() == 1
        assert get_user_model().objects.filter(email=address).count() == 1
