"""/api/v1/me and personal tokens: session (with CSRF) or bearer token."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

from conftest import Persona, Visitor
from ldsp.accounts import services
from ldsp.accounts.models import ApiToken


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_me_needs_a_session_or_token(db: None, anonymous: Visitor) -> None:
    response = anonymous.client.get("/api/v1/me")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_me_returns_the_signed_in_person_by_session(editor: Persona) -> None:
    response = editor.client.get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == editor.email
    assert body["roles"] == ["editor", "contributor"]
    assert body["is_staff"] is False


def test_me_returns_the_token_owner(contributor: Persona) -> None:
    _, plaintext = services.api_token_create(actor=contributor.user, name="Script")
    response = Client().get("/api/v1/me", headers=_bearer(plaintext))
    assert response.status_code == 200
    assert response.json()["email"] == contributor.email
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "presented",
    ["", "nonsense", "ldsp_00000000_guess", "Basic abc"],
)
def test_bad_tokens_are_refused(db: None, presented: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {presented}")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_stops_working(contributor: Persona) -> None:
    token, plaintext = services.api_token_create(actor=contributor.user, name="Script")
    services.api_token_revoke(actor=contributor.user, token=token)
    assert Client().get("/api/v1/me", headers=_bearer(plaintext)).status_code == 401


def test_a_token_of_a_deactivated_person_stops_working(contributor: Persona) -> None:
    _, plaintext = services.api_token_create(actor=contributor.user, name="Script")
    contributor.user.is_active = False
    contributor.user.save()
    assert Client().get("/api/v1/me", headers=_bearer(plaintext)).status_code == 401


def test_writes_by_session_need_the_csrf_token(contributor: Persona) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor.user)
    response = client.post(
        "/api/v1/me/tokens", json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    assert ApiToken.objects.count() == 0

    client.get("/accounts/profile/")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/me/tokens",
        json.dumps({"name": "x"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 201
    assert response.json()["token"].startswith("ldsp_")


def test_writes_by_token_need_no_csrf(contributor: Persona) -> None:
    _, plaintext = services.api_token_create(actor=contributor.user, name="Script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/me/tokens",
        json.dumps({"name": "Second"}),
        content_type="application/json",
        headers=_bearer(plaintext),
    )
    assert response.status_code == 201
    assert ApiToken.objects.filter(user=contributor.user).count() == 2


def test_invalid_input_is_a_422_with_detail(contributor: Persona) -> None:
    response = contributor.client.post(
        "/api/v1/me/tokens", json.dumps({"name": ""}), content_type="application/json"
    )
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


def test_a_refused_request_is_a_400_with_detail(contributor: Persona) -> None:
    services.api_token_create(actor=contributor.user, name="Same")
    response = contributor.client.post(
        "/api/v1/me/tokens", json.dumps({"name": "Same"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "already have a token" in response.json()["detail"]


def test_token_lists_are_paginated_in_the_one_shape(contributor: Persona) -> None:
    for number in range(3):
        services.api_token_create(actor=contributor.user, name=f"t{number}")
    body = contributor.client.get("/api/v1/me/tokens?page_size=2").json()
    assert set(body) == {"items", "count", "page", "pages", "next", "previous"}
    assert body["count"] == 3 and body["pages"] == 2 and body["page"] == 1
    assert len(body["items"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    assert all("digest" not in item and "token" not in item for item in body["items"])

    second = contributor.client.get("/api/v1/me/tokens?page_size=2&page=2").json()
    assert len(second["items"]) == 1 and second["next"] is None


def test_a_page_past_the_end_is_a_404_with_detail(contributor: Persona) -> None:
    response = contributor.client.get("/api/v1/me/tokens?page=9")
    assert response.status_code == 404
    assert "no page 9" in response.json()["detail"]


def test_page_size_is_bounded(contributor: Persona) -> None:
    response = contributor.client.get("/api/v1/me/tokens?page_size=1000")
    assert response.status_code == 422


def test_people_only_see_and_revoke_their_own_tokens(contributor: Persona, editor: Persona) -> None:
    token, _ = services.api_token_create(actor=contributor.user, name="Mine")
    assert editor.client.get("/api/v1/me/tokens").json()["count"] == 0
    response = editor.client.delete(f"/api/v1/me/tokens/{token.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert contributor.client.delete(f"/api/v1/me/tokens/{token.pk}").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_schema_is_openapi_3(db: None, anonymous: Visitor) -> None:
    response = anonymous.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises if the document is not valid OpenAPI
    assert schema["info"]["title"] == "LDSP Hub API"
    assert "/api/v1/me" in schema["paths"]
    assert "/api/v1/me/tokens" in schema["paths"]


def test_the_api_docs_page_loads_without_any_outside_address(db: None, anonymous: Visitor) -> None:
    response = anonymous.client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn." not in page
    assert 'src="http' not in page
    assert 'rel="stylesheet" href="http' not in page
    assert "Authorization" in page  # the reference itself, drawn on the server
