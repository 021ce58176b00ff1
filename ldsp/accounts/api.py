"""API about the signed-in person: who am I, and my personal tokens."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from ldsp.accounts import selectors, services
from ldsp.accounts.api_auth import SIGNED_IN
from ldsp.accounts.models import ApiToken
from ldsp.accounts.roles import roles_of
from ldsp.core.apierrors import WRITE_ERRORS, errors
from ldsp.core.apitypes import RowId, TokenName

router = Router(tags=["people"])


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    organisation: str
    sector: str
    roles: list[str]
    is_staff: bool


class TokenOut(Schema):
    id: int
    name: str
    masked: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    name: TokenName = Field(..., min_length=1, description="What the token is for.")


class NewTokenOut(TokenOut):
    token: str = Field(..., description="The token itself. It is shown this once only.")


@router.get(
    "/me", response={200: MeOut, **errors(401)}, auth=SIGNED_IN, summary="The signed-in person"
)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert user.pk is not None  # the auth on this route guarantees a signed-in user
    profile = selectors.profile_of(user)  # type: ignore[arg-type]
    return MeOut(
        id=user.pk,
        email=user.email,  # type: ignore[union-attr]
        display_name=selectors.display_name(user),
        organisation=profile.organisation_name,
        sector=profile.sector,
        roles=[role.value for role in roles_of(user)],
        is_staff=user.is_staff,  # type: ignore[union-attr]
    )


@router.get(
    "/me/tokens",
    response={200: list[TokenOut], **errors(401, 404, 422)},
    auth=SIGNED_IN,
    summary="Your API tokens",
)
@paginate
def token_list(request: HttpRequest) -> object:
    return selectors.api_tokens_of(request.user)  # type: ignore[arg-type]


@router.post(
    "/me/tokens",
    response={201: NewTokenOut, **errors(400, 401, 403, 422)},
    auth=SIGNED_IN,
    summary="Create an API token",
)
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, NewTokenOut]:
    token, plaintext = services.api_token_create(actor=request.user, name=payload.name)  # type: ignore[arg-type]
    return 201, NewTokenOut(
        id=token.pk,
        name=token.name,
        masked=token.masked,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        token=plaintext,
    )


@router.delete(
    "/me/tokens/{token_id}",
    response={204: None, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Revoke an API token",
)
def token_revoke(request: HttpRequest, token_id: RowId) -> tuple[int, None]:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    return 204, None
