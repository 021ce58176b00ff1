"""API for plays: published ones for everyone; submitting while submissions are open."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ldsp.accounts.api_auth import SIGNED_IN
from ldsp.core.apierrors import LOOKUP_ERRORS, READ_ERRORS, errors
from ldsp.core.apitypes import (
    Email,
    Name,
    Narrative,
    Organisations,
    Slug,
    Summary,
    resolve_annotations,
)
from ldsp.core.pagination import MappedQuerySet
from ldsp.places.models import Area
from ldsp.plays import selectors, services
from ldsp.plays.models import Audience, Level, Play, SkillArea

router = Router(tags=["plays"])


class PlayOut(Schema):
    slug: str
    title: str
    summary: str
    area: str
    partnership: str | None
    organisations: str
    challenge: str
    approach: str
    impact: str
    lessons: str
    skill_areas: list[str]
    levels: list[str]
    audiences: list[str]
    status: str
    published_at: datetime | None
    url: str


class PlayIn(Schema):
    title: Name = Field(..., min_length=1)
    summary: Summary = Field(..., min_length=1)
    area: Slug = Field(..., description="The area's code, e.g. E37000019.")
    organisations: Organisations = Field(..., min_length=1)
    challenge: Narrative = Field(..., min_length=1)
    approach: Narrative = Field(..., min_length=1)
    impact: Narrative = Field(..., min_length=1)
    lessons: Narrative = Field(..., min_length=1)
    skill_areas: list[SkillArea] = Field(..., min_length=1, max_length=len(SkillArea))
    levels: list[Level] = Field(..., min_length=1, max_length=len(Level))
    audiences: list[Audience] = Field(..., min_length=1, max_length=len(Audience))
    contact_email: Email


def _out(play: Play) -> PlayOut:
    return PlayOut(
        slug=play.slug,
        title=play.title,
        summary=play.summary,
        area=play.area.code,
        partnership=play.partnership.slug if play.partnership else None,
        organisations=play.organisations,
        challenge=play.challenge,
        approach=play.approach,
        impact=play.impact,
        lessons=play.lessons,
        skill_areas=play.skill_areas,
        levels=play.levels,
        audiences=play.audiences,
        status=play.status,
        published_at=play.published_at,
        url=play.get_absolute_url(),
    )


@router.get("/plays", response={200: list[PlayOut], **READ_ERRORS}, summary="Published plays")
@paginate
@resolve_annotations
def play_list(
    request: HttpRequest,
    area: Slug = "",
    skill: Slug = "",
    level: Slug = "",
    audience: Slug = "",
) -> list[PlayOut]:
    found = selectors.plays_published(area=area, skill=skill, level=level, audience=audience)
    return MappedQuerySet(found, _out)  # type: ignore[return-value]


@router.get("/plays/{slug}", response={200: PlayOut, **LOOKUP_ERRORS}, summary="A published play")
def play_detail(request: HttpRequest, slug: Slug) -> PlayOut:
    return _out(get_object_or_404(selectors.plays_public(), slug=slug))


@router.post(
    "/plays",
    response={201: PlayOut, **errors(400, 401, 403, 422)},
    auth=SIGNED_IN,
    summary="Submit a play",
)
def play_create(request: HttpRequest, payload: PlayIn) -> tuple[int, PlayOut]:
    area = Area.objects.filter(code=payload.area, scheme__is_default=True).first()
    if area is None:
        raise HttpError(400, f"There is no area with the code {payload.area}.")
    data = payload.dict()
    data["area"] = area
    data["skill_areas"] = [str(v) for v in payload.skill_areas]
    data["levels"] = [str(v) for v in payload.levels]
    data["audiences"] = [str(v) for v in payload.audiences]
    play = services.play_submit(actor=request.user, data=data)  # type: ignore[arg-type]
    return 201, _out(play)
