"""Writes for plays: submit and resubmit; moderators ask for changes, publish or decline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ldsp.core import extensions
from ldsp.core.emails import email_send_template
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import CONTRIBUTE, REVIEW_CONTRIBUTIONS, has, require
from ldsp.core.ratelimit import per_person_rate_check
from ldsp.core.services import audit_record
from ldsp.plays.models import Play, PlayTag

TAG_FIELDS = ("skill_areas", "levels", "audiences")


class PlayError(Refused):
    """A play change that cannot be made; the message says why."""


def _default_playbook() -> Any:
    from ldsp.playbook.selectors import playbook_default

    return playbook_default()


def _open_round() -> Any:
    from ldsp.consultations.selectors import open_round

    playbook = _default_playbook()
    return open_round(playbook, "play") if playbook else None


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "play"
    slug, number = base, 2
    while Play.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _set_tags(play: Play) -> None:
    play.tags.all().delete()
    PlayTag.objects.bulk_create(
        PlayTag(play=play, kind=field, value=value)
        for field in TAG_FIELDS
        for value in getattr(play, field)
    )


def _notify(play: Play) -> None:
    transaction.on_commit(
        lambda: email_send_template(
            to=play.author.email,
            name="play_status",
            context={
                "title": play.title,
                "status": play.status,
                "notes": play.moderator_notes,
                "url": settings.SITE_URL + play.get_absolute_url(),
                "edit_url": settings.SITE_URL + f"/plays/{play.pk}/edit/",
            },
        )
    )


def play_submit(*, actor: User, data: dict[str, Any]) -> Play:
    """Submit a play while play submissions are open."""
    require(actor, CONTRIBUTE, "Sign in with a confirmed account to submit a play.")
    playbook = _default_playbook()
    if playbook is not None:
        extensions.require_phase_open("play", playbook)
    with transaction.atomic():
        per_person_rate_check(
            actor,
            "play",
            per_hour=settings.PLAYS_PER_HOUR,
            message="You have submitted a lot of plays in the last hour. "
            "Wait a while, then try again.",
            error=PlayError,
        )
        play = Play.objects.create(
            slug=_unique_slug(data["title"]), author=actor, round=_open_round(), **data
        )
        _set_tags(play)
        audit_record(actor=actor, verb="play.submitted", target=play, summary=play.title)
        extensions.announce("contribution_arrived", "play", play)
    return play


def play_resubmit(*, actor: User, play: Play, data: dict[str, Any]) -> Play:
    """The author changes a play a moderator sent back, and submits it again."""
    if play.author_id != actor.pk:
        raise NotAllowed("Only the play's author can change it.")
    if play.status != Play.Status.CHANGES_REQUESTED:
        raise PlayError("You can change a play only when a moderator has asked for changes.")
    with transaction.atomic():
        for field, value in data.items():
            setattr(play, field, value)
        play.status = Play.Status.SUBMITTED
        play.save()
        _set_tags(play)
        audit_record(actor=actor, verb="play.resubmitted", target=play, summary=play.title)
    return play


def play_moderate(
    *, actor: User, play: Play, decision: str, notes: str, sections: list[Any] | None = None
) -> Play:
    """Ask for changes, publish or decline; the author is emailed each time."""
    if not has(actor, REVIEW_CONTRIBUTIONS):
        raise NotAllowed("Only editors moderate plays.")
    notes = notes.strip()
    if decision not in (Play.Status.CHANGES_REQUESTED, Play.Status.PUBLISHED, Play.Status.DECLINED):
        raise PlayError("Choose what to do with the play.")
    if decision != Play.Status.PUBLISHED and not notes:
        raise PlayError("Tell the author what to change, or why the play is declined.")
    with transaction.atomic():
        play = Play.objects.select_for_update().get(pk=play.pk)
        if play.status != Play.Status.SUBMITTED:
            raise PlayError("Only a submitted play can be moderated.")
        play.status = decision
        play.moderator_notes = notes
        if decision == Play.Status.PUBLISHED:
            play.published_at = timezone.now()
        play.save()
        if sections is not None:
            play.sections.set(sections)
        audit_record(
            actor=actor, verb=f"play.{decision}", target=play, summary=play.title, reason=notes
        )
        content_changed()
        _notify(play)
    return play
