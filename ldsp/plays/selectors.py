"""Reads for plays, and what plays add to rounds and releases."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError
from django.db.models import QuerySet

from ldsp.lib.snippets import snippet_html
from ldsp.plays.models import Play

logger = logging.getLogger(__name__)


def plays_published(
    *, area: str = "", skill: str = "", level: str = "", audience: str = ""
) -> QuerySet[Play]:
    """Published plays, filtered by area slug and tags."""
    found = Play.objects.filter(status=Play.Status.PUBLISHED).select_related("area", "partnership")
    if area:
        found = found.filter(area__slug=area)
    for kind, value in (("skill_areas", skill), ("levels", level), ("audiences", audience)):
        if value:
            found = found.filter(tags__kind=kind, tags__value=value)
    return found.distinct().order_by("-published_at", "-id")


def plays_for_section(section: Any) -> list[Play]:
    return list(
        Play.objects.filter(status=Play.Status.PUBLISHED, sections=section).order_by("title")
    )


def round_contributions(round_: Any) -> list[Any]:
    """Extension point: the plays submitted in a round, as report rows."""
    from ldsp.consultations.selectors import Contribution, _person, _week

    rows = []
    for play in (
        Play.objects.filter(round=round_)
        .select_related("author__profile__area", "area")
        .order_by("created_at", "id")
    ):
        name, sector, area = _person(play.author)
        rows.append(
            Contribution(
                kind="play",
                reference=f"P{play.pk}",
                created_at=play.created_at.isoformat(),
                week=_week(play.created_at),
                author=name,
                sector=sector,
                area=play.area.name if play.area_id else area,
                section=play.title,
                summary=play.summary,
                outcome=play.get_status_display(),
                response=play.moderator_notes,
            )
        )
    return rows


def release_appendix(release: Any) -> dict[str, Any] | None:
    """Extension point: the plays published by the time of a release, for its appendix."""
    plays = list(
        Play.objects.filter(status=Play.Status.PUBLISHED, published_at__lte=release.published_at)
        .select_related("area")
        .order_by("title")
    )
    if not plays:
        return None
    return {"title": "Plays: examples from partnerships", "plays": plays}


def search_plays(*, terms: list[str], page_number: str | None) -> dict[str, Any] | None:
    """Published plays matching every word, with snippets; on the first results page only."""
    if page_number and page_number.isdigit() and int(page_number) > 1:
        return None  # plays lead the first page only; an unreadable number means page 1
    try:
        found = list(
            Play.objects.filter(status=Play.Status.PUBLISHED).search(
                " ".join(terms), operator="and"
            )[:10]
        )
    except DatabaseError:
        logger.exception("Play search failed")
        return None
    return {
        "plays": [
            {
                "play": play,
                "snippet": snippet_html(
                    " ".join([play.summary, play.challenge, play.approach, play.impact]), terms
                ),
            }
            for play in found
        ]
    }
