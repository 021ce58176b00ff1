"""API for consultation rounds and their reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from ldsp.consultations.models import Round
from ldsp.consultations.selectors import report_data
from ldsp.core.apierrors import LOOKUP_ERRORS, READ_ERRORS, errors
from ldsp.core.apitypes import Slug
from ldsp.core.errors import NotAllowed

router = Router(tags=["consultations"])


class RoundOut(Schema):
    slug: str
    title: str
    playbook: str
    state: str
    opens_at: datetime
    closes_at: datetime
    comments_open: bool
    suggestions_open: bool
    plays_open: bool
    url: str


class ReportOut(Schema):
    round: str
    published_at: datetime | None
    outcome_summary: str
    figures: dict[str, Any]
    contributions: list[dict[str, Any]]
    corrections: list[dict[str, Any]]


def _round_out(round_: Round) -> RoundOut:
    return RoundOut(
        slug=round_.slug,
        title=round_.title,
        playbook=round_.playbook.slug,
        state=round_.state,
        opens_at=round_.opens_at,
        closes_at=round_.closes_at,
        comments_open=round_.comments_open,
        suggestions_open=round_.suggestions_open,
        plays_open=round_.plays_open,
        url=round_.get_absolute_url(),
    )


@router.get("/rounds", response={200: list[RoundOut], **READ_ERRORS}, summary="Consultation rounds")
@paginate
def round_list(request: HttpRequest) -> list[RoundOut]:
    return [_round_out(r) for r in Round.objects.select_related("playbook")]


@router.get("/rounds/{slug}", response={200: RoundOut, **LOOKUP_ERRORS}, summary="A round")
def round_detail(request: HttpRequest, slug: Slug) -> RoundOut:
    return _round_out(get_object_or_404(Round.objects.select_related("playbook"), slug=slug))


@router.get(
    "/rounds/{slug}/report",
    response={200: ReportOut, **errors(403, 404, 422)},
    summary="A round's published report",
)
def round_report(request: HttpRequest, slug: Slug) -> ReportOut:
    round_ = get_object_or_404(Round, slug=slug)
    if round_.report_published_at is None:
        raise NotAllowed("The report has not been published yet.")
    data = report_data(round_)
    return ReportOut(
        round=round_.slug,
        published_at=round_.report_published_at,
        outcome_summary=round_.outcome_summary,
        figures=data["figures"],
        contributions=data["rows"],
        corrections=[
            {"date": c.created_at.date().isoformat(), "text": c.text}
            for c in round_.corrections.all()
        ],
    )
