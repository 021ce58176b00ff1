"""Reads for plays, and what plays add to rounds and releases.

Who may see which plays is decided once, in ``plays_visible_to``; whether a person
may read a moderator's notes, in ``moderator_notes_visible_to``. Every page, API
call, search, release appendix and report reads through them.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.db import DatabaseError
from django.db.models import Q, QuerySet

from ldsp.core.permissions import EVERYONE, REVIEW_CONTRIBUTIONS, has
from ldsp.lib.snippets import snippet_html
from ldsp.plays.models import Play, PlayQuerySet

logger = logging.getLogger(__name__)

NOT_PUBLISHED = "Not published"


def plays_visible_to(viewer: Any) -> PlayQuerySet:
    """The plays ``viewer`` may see: published ones; their own; every one for moderators."""
    plays = cast(PlayQuerySet, Play.objects.all())
    if has(viewer, REVIEW_CONTRIBUTIONS):
        return plays
    published = Q(status=Play.Status.PUBLISHED)
    if viewer.is_authenticated:
        return plays.filter(published | Q(author=viewer))
    return plays.filter(published)


def plays_public() -> PlayQuerySet:
    """The plays anyone may see, signed in or not."""
    return plays_visible_to(EVERYONE)


def moderator_notes_visible_to(play: Play, viewer: Any) -> str:
    """A moderator's notes to the author: for the author and moderators, never the public."""
    if has(viewer, REVIEW_CONTRIBUTIONS) or (
        viewer.is_authenticated and play.author_id == viewer.pk
    ):
        return play.moderator_notes
    return ""


def plays_published(
    *, area: str = "", skill: str = "", level: str = "", audience: str = ""
) -> QuerySet[Play]:
    """Published plays, filtered by area slug and tags."""
    found = plays_public().select_related("area", "partnership")
    if area:
        found = found.filter(area__slug=area)
    for kind, value in (("skill_areas", skill), ("levels", level), ("audiences", audience)):
        if value:
            found = found.filter(tags__kind=kind, tags__value=value)
    return found.distinct().order_by("-published_at", "-id")


def plays_for_section(section: Any) -> list[Play]:
    return list(plays_public().filter(sections=section).order_by("title"))


def round_contributions(round_: Any) -> list[Any]:
    """Extension point: the plays submitted in a round, as report rows.

    Every play is counted; one the public may not see is withheld ("Not published"),
    and a moderator's notes are never part of a report.
    """
    from ldsp.consultations.selectors import Contribution, person_details, week_of

    public = set(plays_public().filter(round=round_).values_list("pk", flat=True))
    rows = []
    for play in (
        Play.objects.filter(round=round_)
        .select_related("author__profile__area", "area")
        .order_by("created_at", "id")
    ):
        name, sector, area = person_details(play.author)
        rows.append(
            Contribution(
                kind="play",
                reference=f"P{play.pk}",
                created_at=play.created_at.isoformat(),
                week=week_of(play.created_at),
                author=name,
                sector=sector,
                area=play.area.name if play.area_id else area,
                section=play.title,
                summary=play.summary,
                outcome=play.get_status_display(),
                response="",
                withheld="" if play.pk in public else NOT_PUBLISHED,
                person=play.author_id,
            )
        )
    return rows


def release_appendix(release: Any) -> dict[str, Any] | None:
    """Extension point: the plays published by the time of a release, for its appendix."""
    plays = list(
        plays_public()
        .filter(published_at__lte=release.published_at)
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
        found = list(plays_public().search(" ".join(terms), operator="and")[:10])
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
