"""Reads for co-production: comment threads on a section, the review queue, and the
contributions made to a playbook between two dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from ldsp.coproduction.models import Comment, Follow, Suggestion
from ldsp.playbook.models import Playbook, Section

PENDING = (Suggestion.State.OPEN, Suggestion.State.NEEDS_RESOLUTION)


def comment_threads(section: Section, *, show_hidden: bool) -> tuple[list[Comment], list[Comment]]:
    """Open and resolved threads placed in the current text, and those on earlier text."""
    threads = list(
        Comment.objects.filter(section=section, parent__isnull=True)
        .select_related("author__profile")
        .prefetch_related("replies__author__profile")
        .order_by("placed_start", "created_at")
    )
    if not show_hidden:
        threads = [thread for thread in threads if thread.hidden_at is None]
    placed = [t for t in threads if not t.is_outdated]
    outdated = [t for t in threads if t.is_outdated]
    return placed, outdated


def is_following(user: Any, section: Section) -> bool:
    """True when ``user`` (possibly anonymous) follows ``section``."""
    return (
        bool(user.is_authenticated) and Follow.objects.filter(user=user, section=section).exists()
    )


def suggestion_for_page(suggestion_id: int) -> QuerySet[Suggestion]:
    """The suggestion with everything its page shows, as a queryset to look it up in."""
    return Suggestion.objects.select_related(
        "section__playbook", "section__current_revision", "base_revision", "author__profile"
    ).filter(pk=suggestion_id)


def suggestions_pending(
    *, section_key: str = "", state: str = "", window: dict[str, Any] | None = None
) -> QuerySet[Suggestion]:
    """Suggestions waiting for an editor, oldest first, optionally narrowed down."""
    pending = Suggestion.objects.filter(state__in=PENDING).select_related(
        "section__current_revision", "section__playbook", "author__profile"
    )
    if section_key:
        pending = pending.filter(section__key=section_key)
    if state in PENDING:
        pending = pending.filter(state=state)
    if window is not None:
        pending = pending.filter(
            created_at__gte=window["opens_at"], created_at__lt=window["closes_at"]
        )
    return pending.order_by("created_at", "id")


def sections_with_pending_suggestions() -> QuerySet[Section]:
    """Sections that have a suggestion waiting, to filter the queue by."""
    return (
        Section.objects.filter(suggestions__state__in=PENDING)
        .select_related("current_revision")
        .distinct()
    )


def suggestions_made_between(
    playbook: Playbook, opens_at: datetime, closes_at: datetime
) -> QuerySet[Suggestion]:
    """Every suggestion on ``playbook`` made in the window, with author and section."""
    return (
        Suggestion.objects.filter(
            section__playbook=playbook, created_at__gte=opens_at, created_at__lt=closes_at
        )
        .select_related("author__profile__area", "section__current_revision")
        .order_by("created_at", "id")
    )


def comment_threads_started_between(
    playbook: Playbook, opens_at: datetime, closes_at: datetime
) -> QuerySet[Comment]:
    """Every comment thread on ``playbook`` started in the window, with its replies."""
    return (
        Comment.objects.filter(
            section__playbook=playbook,
            parent__isnull=True,
            created_at__gte=opens_at,
            created_at__lt=closes_at,
        )
        .select_related("author__profile__area", "section__current_revision")
        .prefetch_related("replies")
        .order_by("created_at", "id")
    )
