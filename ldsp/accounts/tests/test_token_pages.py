from __future__ import annotations

import pytest

from conftest import Persona, Visitor
from ldsp.accounts import services
from ldsp.accounts.models import ApiToken
from ldsp.core.models import AuditEvent
from ldsp.lib.tokens import token_matches


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(contributor: Persona) -> None:
    response = contributor.client.post("/accounts/profile/tokens/", {"name": "Dashboard"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/tokens/new/"

    shown = contributor.client.get("/accounts/profile/tokens/new/")
    assert shown.status_code == 200
    assert shown["Cache-Control"] == "no-store"
    page = shown.content.decode()
    plaintext = page.split('id="new-token">', 1)[1].split("<", 1)[0].strip()
    token = ApiToken.objects.get(user=contributor.user)
    assert token_matches(plaintext, token.digest)
    assert plaintext not in {token.digest, token.prefix}

    again = contributor.client.get("/accounts/profile/tokens/new/")
    assert again.status_code == 302
    assert plaintext not in contributor.client.get("/accounts/profile/").content.decode()


def test_a_token_needs_a_name(contributor: Persona) -> None:
    response = contributor.client.post("/accounts/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "Enter what the token is for" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_two_active_tokens_cannot_share_a_name(contributor: Persona) -> None:
    services.api_token_create(actor=contributor.user, name="Dashboard")
    response = contributor.client.post("/accounts/profile/tokens/", {"name": "dashboard"})
    assert response.status_code == 400
    assert "already have a token called" in response.content.decode()


def test_there_is_a_limit_on_active_tokens(contributor: Persona) -> None:
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.api_token_create(actor=contributor.user, name=f"t{number}")
    with pytest.raises(services.AccountError, match="at most 10 tokens"):
        services.api_token_create(actor=contributor.user, name="one more")


def test_revoking_asks_first_then_revokes_and_records_it(contributor: Persona) -> None:
    token, _ = services.api_token_create(actor=contributor.user, name="Old script")
    confirm = contributor.client.get(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert confirm.status_code == 200
    assert "Are you sure you want to revoke" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None

    response = contributor.client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="api_token.revoked", target_id=str(token.pk)).exists()


def test_nobody_revokes_someone_elses_token(contributor: Persona, editor: Persona) -> None:
    token, _ = services.api_token_create(actor=contributor.user, name="Mine")
    assert editor.client.get(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert editor.client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(PermissionError):
        services.api_token_revoke(actor=editor.user, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_visitors_cannot_create_tokens(db: None, anonymous: Visitor) -> None:
    response = anonymous.client.post("/accounts/profile/tokens/", {"name": "x"})
    assert response.status_code == 302
    assert ApiToken.objects.count() == 0
