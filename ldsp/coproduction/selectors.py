"""Reads for co-production: comment threads on a section, the review queue, and the
contributions made to a playbook between two dates.

Who may see what is decided here, once per kind of thing: ``comments_visible_to`` and
``suggestions_visible_to``. Every page, API call, report and export reads through them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ldsp.coproduction.models import Comment, Follow, Suggestion
from ldsp.core.permissions import EDIT_CONTENT, EVERYONE, has
from ldsp.lib.textmerge import merge3
from ldsp.playbook.models import Playbook, Section

PENDING = (Suggestion.State.OPEN, Suggestion.State.NEEDS_RESOLUTION)


def may_see_hidden_comments(viewer: Any) -> bool:
    """Editors hide comments, so they (and only they) still see them, with the reason."""
    return has(viewer, EDIT_CONTENT)


def comments_visible_to(viewer: Any) -> QuerySet[Comment]:
    """The comments ``viewer`` may see: the one rule for every page, API, report and export.

    A hidden comment is seen by editors only. Hiding a thread hides its replies too,
    and a hidden reply is hidden on its own.
    """
    if may_see_hidden_comments(viewer):
        return Comment.objects.all()
    return Comment.objects.filter(hidden_at__isnull=True).filter(
        Q(parent__isnull=True) | Q(parent__hidden_at__isnull=True)
    )


def suggestions_visible_to(viewer: Any) -> QuerySet[Suggestion]:
    """The suggestions ``viewer`` may see: all of them, whatever their state.

    Co-production is open: a suggestion, its discussion and the editors' decision
    are public from the moment it is made. (Editors cannot hide a suggestion.)
    """
    return Suggestion.objects.all()


def comment_threads(section: Section, *, viewer: Any) -> tuple[list[Comment], list[Comment]]:
    """The threads ``viewer`` may see: those placed in the current text, and those on
    earlier text. Each thread's replies are only the ones ``viewer`` may see."""
    visible = comments_visible_to(viewer)
    threads = list(
        visible.filter(section=section, parent__isnull=True)
        .select_related("author__profile")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=visible.select_related("author__profile").order_by("created_at", "id"),
            )
        )
        .order_by("placed_start", "created_at")
    )
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
    return (
        suggestions_visible_to(EVERYONE)
        .select_related(
            "section__playbook", "section__current_revision", "base_revision", "author__profile"
        )
        .filter(pk=suggestion_id)
    )


def suggestions_pending(
    *, section_key: str = "", state: str = "", window: dict[str, Any] | None = None
) -> QuerySet[Suggestion]:
    """Suggestions waiting for an editor, oldest first, optionally narrowed down; each
    with its base text (for the excerpt of its change) and ``endorsement_count``."""
    pending = (
        Suggestion.objects.filter(state__in=PENDING)
        .select_related(
            "section__current_revision", "section__playbook", "author__profile", "base_revision"
        )
        .annotate(endorsement_count=Count("endorsements"))
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


def pending_suggestion_count(section: Section) -> int:
    """How many suggestions on ``section`` wait for an editor."""
    return Suggestion.objects.filter(section=section, state__in=PENDING).count()


@dataclass(frozen=True)
class AcceptPreview:
    """What accepting a suggestion would do now: the text the section would have
    (``None`` when parts overlap later changes and an editor must resolve them)."""

    current_body: str
    new_body: str | None

    @property
    def has_conflicts(self) -> bool:
        return self.new_body is None


def accept_preview(suggestion: Suggestion) -> AcceptPreview:
    """The section's text if ``suggestion`` were accepted now, merged as accepting merges it."""
    current = suggestion.section.current_revision
    assert current is not None
    if current.pk == suggestion.base_revision_id:
        return AcceptPreview(current.body, suggestion.body)
    result = merge3(suggestion.base_revision.body, current.body, suggestion.body)
    return AcceptPreview(current.body, result.text if result.clean else None)


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
        suggestions_visible_to(EVERYONE)
        .filter(section__playbook=playbook, created_at__gte=opens_at, created_at__lt=closes_at)
        .select_related("author__profile__area", "section__current_revision")
        .order_by("created_at", "id")
    )


def comment_threads_started_between(
    playbook: Playbook, opens_at: datetime, closes_at: datetime
) -> QuerySet[Comment]:
    """Every comment thread on ``playbook`` started in the window, hidden or not, with the
    replies the public may see.

    Hidden threads are included so that counts stay honest; whoever shows them asks
    ``comments_visible_to`` whether their words may be shown.
    """
    return (
        Comment.objects.filter(
            section__playbook=playbook,
            parent__isnull=True,
            created_at__gte=opens_at,
            created_at__lt=closes_at,
        )
        .select_related("author__profile__area", "section__current_revision")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=comments_visible_to(EVERYONE).order_by("created_at", "id"),
                to_attr="public_replies",
            )
        )
        .order_by("created_at", "id")
    )
