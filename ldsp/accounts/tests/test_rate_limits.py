from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from conftest import Persona


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
    assert "Too many failed login attempts" in page
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
    assert "Too many attempts" in response.content.decode()


def test_sign_ups_from_one_address_are_limited(db: None) -> None:
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
