"""Reads for the dashboards: what each person made and what changed since they last
looked; the work waiting for editors; the join requests and pledges of a coordinator's
partnerships; and the counts shown in the navigation.

Everything a person made, or is shown, is read through the visibility selectors of the
app it belongs to (``comments_visible_to``, ``suggestions_visible_to``,
``plays_visible_to``), so a dashboard never shows what its reader could not open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from ldsp.consultations.models import Round
from ldsp.coproduction.models import Comment, Follow, Suggestion
from ldsp.coproduction.selectors import (
    PENDING,
    comments_visible_to,
    suggestions_pending,
    suggestions_visible_to,
)
from ldsp.core.permissions import (
    COORDINATE_PARTNERSHIP,
    EDIT_CONTENT,
    REVIEW_CONTRIBUTIONS,
    has,
)
from ldsp.dashboards.models import DashboardVisit, EditorDigest
from ldsp.finder.models import Centre
from ldsp.finder.selectors_manage import centres_managed_by, open_reports_for, stale_count
from ldsp.partnerships.models import JoinRequest, Partnership, Pledge
from ldsp.playbook.models import Playbook
from ldsp.playbook.selectors import playbook_default
from ldsp.plays.models import Play
from ldsp.plays.selectors import plays_visible_to

# How many of each list the dashboard shows; "See all" leads to the rest.
LIST_SIZE = 5
# A pledge is "due" when its date has passed or falls within this many days.
PLEDGE_DUE_WITHIN_DAYS = 30
PLAY_DECISIONS = (Play.Status.CHANGES_REQUESTED, Play.Status.PUBLISHED, Play.Status.DECLINED)
SUGGESTION_RELATED = ("section__current_revision", "section__playbook")


@dataclass
class Listing:
    """The first few of a list, and how many there are in all."""

    items: list[Any]
    count: int

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


def _listing(rows: QuerySet[Any], size: int = LIST_SIZE) -> Listing:
    items = list(rows[:size])
    count = len(items) if len(items) < size else rows.count()
    return Listing(items=items, count=count)


# Contributors: what they made


def suggestions_by(user: Any) -> QuerySet[Suggestion]:
    """``user``'s suggestions, newest first."""
    return (
        suggestions_visible_to(user)
        .filter(author=user)
        .select_related(*SUGGESTION_RELATED)
        .order_by("-created_at", "-id")
    )


def comments_by(user: Any) -> QuerySet[Comment]:
    """``user``'s comments and replies that they may still see, newest first, each with
    the number of replies that are not hidden."""
    return (
        comments_visible_to(user)
        .filter(author=user)
        .select_related("section__current_revision", "section__playbook")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden_at__isnull=True)))
        .order_by("-created_at", "-id")
    )


def plays_by(user: Any) -> QuerySet[Play]:
    """``user``'s plays, whatever their state, newest first."""
    return plays_visible_to(user).filter(author=user).order_by("-created_at", "-id")


def follows_of(user: Any) -> QuerySet[Follow]:
    """The sections ``user`` follows, most recently followed first."""
    return (
        Follow.objects.filter(user=user)
        .select_related("section__current_revision", "section__playbook")
        .order_by("-created_at", "-id")
    )


YOURS = {
    "suggestions": ("Your suggestions", suggestions_by),
    "comments": ("Your comments", comments_by),
    "plays": ("Your plays", plays_by),
    "follows": ("Sections you follow", follows_of),
}


def last_seen(user: Any) -> datetime.datetime | None:
    """When ``user`` last looked at their dashboard, or None the first time."""
    return DashboardVisit.objects.filter(user=user).values_list("seen_at", flat=True).first()


@dataclass
class Change:
    """One thing that happened to someone's contribution."""

    when: datetime.datetime
    text: str
    url: str
    detail: str = ""


def changes_since(user: Any, since: datetime.datetime) -> list[Change]:
    """New replies to ``user``'s comments and decisions on their suggestions and plays
    since ``since``, newest first."""
    changes: list[Change] = []
    replies = (
        comments_visible_to(user)
        .filter(parent__author=user, created_at__gt=since)
        .exclude(author=user)
        .select_related("author__profile", "section__current_revision", "section__playbook")
        .order_by("-created_at")[:20]
    )
    for reply in replies:
        changes.append(
            Change(
                when=reply.created_at,
                text=f"New reply to your comment on “{reply.section.title}”",
                url=reply.get_absolute_url(),
                detail=Truncator(reply.body).words(30),
            )
        )
    decided = (
        suggestions_by(user)
        .filter(decided_at__gt=since)
        .exclude(state=Suggestion.State.WITHDRAWN)
        .order_by("-decided_at")[:20]
    )
    for suggestion in decided:
        assert suggestion.decided_at is not None
        changes.append(
            Change(
                when=suggestion.decided_at,
                text=f"Your suggestion on “{suggestion.section.title}”: "
                f"{suggestion.get_state_display().lower()}",
                url=suggestion.get_absolute_url(),
                detail=Truncator(suggestion.decision_reason).words(30),
            )
        )
    # A play changes after it is submitted only when a moderator decides on it.
    moderated = (plays_by(user).filter(updated_at__gt=since, status__in=PLAY_DECISIONS)).order_by(
        "-updated_at"
    )[:20]
    for play in moderated:
        changes.append(
            Change(
                when=play.updated_at,
                text=f"Your play “{play.title}”: {play.get_status_display().lower()}",
                url=play.get_absolute_url(),
                detail=Truncator(play.moderator_notes).words(30),
            )
        )
    return sorted(changes, key=lambda change: change.when, reverse=True)


# Editors: the work waiting


@dataclass
class WaitingSuggestion:
    """A suggestion waiting for an editor, with the first passage it changes."""

    suggestion: Suggestion
    excerpt: str


def changed_excerpt(base: str, proposed: str, *, words: int = 40) -> str:
    """The first paragraph of ``proposed`` that is not in ``base``, shortened."""
    before = {paragraph.strip() for paragraph in base.split("\n\n")}
    for paragraph in proposed.split("\n\n"):
        if paragraph.strip() and paragraph.strip() not in before:
            return Truncator(" ".join(paragraph.split())).words(words)
    return "Removes text."


def suggestions_waiting() -> Listing:
    """Suggestions waiting for an editor, oldest first, with what each changes."""
    pending = suggestions_pending().select_related("base_revision")
    listing = _listing(pending)
    listing.items = [
        WaitingSuggestion(s, changed_excerpt(s.base_revision.body, s.body)) for s in listing.items
    ]
    return listing


def plays_to_moderate(viewer: Any) -> Listing:
    """Submitted plays waiting for a moderator, oldest first."""
    return _listing(
        plays_visible_to(viewer)
        .filter(status=Play.Status.SUBMITTED)
        .select_related("area", "author__profile")
        .order_by("created_at", "id")
    )


def comments_unanswered(viewer: Any) -> Listing:
    """Open comment threads that no one but their author has replied to, oldest first."""
    answered = Comment.objects.filter(parent=OuterRef("pk")).exclude(author=OuterRef("author"))
    return _listing(
        comments_visible_to(viewer)
        .filter(parent__isnull=True, state=Comment.State.OPEN, hidden_at__isnull=True)
        .filter(~Exists(answered))
        .select_related("author__profile", "section__current_revision", "section__playbook")
        .order_by("created_at", "id")
    )


def rounds_awaiting_report() -> list[Round]:
    """Consultation rounds that have ended but whose report is not yet published."""
    return list(
        Round.objects.filter(closes_at__lte=timezone.now(), report_published_at__isnull=True)
        .select_related("playbook")
        .order_by("closes_at", "id")
    )


# Coordinators: their partnerships


@dataclass
class PartnershipWork:
    """One partnership a person coordinates, with what is waiting for them there."""

    partnership: Partnership
    join_requests: list[JoinRequest] = field(default_factory=list)
    join_request_count: int = 0
    pledges_due: list[Pledge] = field(default_factory=list)
    pledges_due_count: int = 0


def partnerships_coordinated(user: Any) -> list[PartnershipWork]:
    """The partnerships ``user`` is listed on as a coordinator, each with its waiting join
    requests (oldest first) and its pledges due (overdue first); three queries in all."""
    if not has(user, COORDINATE_PARTNERSHIP):
        return []
    work = {
        p.pk: PartnershipWork(partnership=p)
        for p in Partnership.objects.filter(coordinators=user).order_by("name")
    }
    if not work:
        return []
    waiting = JoinRequest.objects.filter(
        partnership_id__in=work, status=JoinRequest.Status.PENDING
    ).order_by("created_at", "id")
    for request in waiting:
        entry = work[request.partnership_id]
        entry.join_request_count += 1
        if len(entry.join_requests) < LIST_SIZE:
            entry.join_requests.append(request)
    due_by = timezone.localdate() + datetime.timedelta(days=PLEDGE_DUE_WITHIN_DAYS)
    due = (
        Pledge.objects.filter(
            partnership_id__in=work,
            due_on__lte=due_by,
            status__in=(Pledge.Status.ON_TRACK, Pledge.Status.AT_RISK),
        )
        .select_related("organisation")
        .order_by("due_on", "id")
    )
    for pledge in due:
        entry = work[pledge.partnership_id]
        entry.pledges_due_count += 1
        if len(entry.pledges_due) < LIST_SIZE:
            entry.pledges_due.append(pledge)
    return list(work.values())


# The whole page


def dashboard_for(user: Any) -> dict[str, Any]:
    """Everything ``user``'s dashboard shows, one part for each role they hold."""
    since = last_seen(user)
    context: dict[str, Any] = {
        "last_seen": since,
        "changes": changes_since(user, since) if since is not None else [],
        "yours": {
            "suggestions": _listing(suggestions_by(user)),
            "comments": _listing(comments_by(user)),
            "plays": _listing(plays_by(user)),
            "follows": _listing(follows_of(user)),
        },
        "is_editor": has(user, EDIT_CONTENT),
        "is_coordinator": has(user, COORDINATE_PARTNERSHIP),
    }
    if context["is_editor"]:
        playbook: Playbook | None = playbook_default()
        context["editor"] = {
            "suggestions": suggestions_waiting(),
            "plays": plays_to_moderate(user) if has(user, REVIEW_CONTRIBUTIONS) else None,
            "comments": comments_unanswered(user),
            "rounds": rounds_awaiting_report(),
            "playbook": playbook,
        }
    if context["is_coordinator"]:
        context["partnerships"] = partnerships_coordinated(user)
        context["today"] = timezone.localdate()
        context["pledge_due_days"] = PLEDGE_DUE_WITHIN_DAYS
    if context["is_coordinator"] or user.is_staff:
        context["centres"] = centres_work(user)
    return context


@dataclass(frozen=True)
class CentresWork:
    """The finder's centres a coordinator keeps, and what needs doing to them."""

    total: int
    stale: int
    reports: int


def centres_work(user: Any) -> CentresWork:
    """Three COUNT queries: the centres in the person's areas, those not checked for a
    year, and the change reports waiting."""
    centres = Centre.objects.filter(pk__in=centres_managed_by(user).values("pk"))
    return CentresWork(
        total=centres.count(),
        stale=stale_count(centres),
        reports=open_reports_for(user).count(),
    )


# Navigation and digests


def navigation_counts(user: Any) -> dict[str, int] | None:
    """For editors, how many suggestions wait for review (one COUNT query), keyed by the
    address of the navigation link it belongs to; nothing for anyone else."""
    if not has(user, EDIT_CONTENT):
        return None
    waiting = Suggestion.objects.filter(state__in=PENDING).count()
    return {reverse("coproduction:review_queue"): waiting}


def editors() -> QuerySet[Any]:
    """Everyone active who may edit the Playbook and has an email address, in one query."""
    from django.contrib.auth.models import User

    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="edit_content",
                groups__permissions__content_type__app_label="accounts",
            )
            | Q(
                user_permissions__codename="edit_content",
                user_permissions__content_type__app_label="accounts",
            )
        )
        .distinct()
        .order_by("pk")
    )


def digest_covered_until(editor: Any) -> datetime.datetime:
    """Where ``editor``'s next digest starts: the end of their last one, else when they joined."""
    last = (
        EditorDigest.objects.filter(editor=editor)
        .order_by("-covers_until")
        .values_list("covers_until", flat=True)
        .first()
    )
    return last if last is not None else editor.date_joined


@dataclass
class DigestContent:
    """What arrived for an editor between two moments and still waits."""

    suggestions: list[Suggestion]
    plays: list[Play]

    def __bool__(self) -> bool:
        return bool(self.suggestions or self.plays)


def digest_content(
    editor: Any, since: datetime.datetime, until: datetime.datetime
) -> DigestContent:
    """Suggestions and plays that arrived in the window, still wait, and are not the
    editor's own."""
    suggestions = (
        suggestions_pending()
        .filter(created_at__gt=since, created_at__lte=until)
        .exclude(author=editor)
    )
    plays = (
        plays_visible_to(editor)
        .filter(status=Play.Status.SUBMITTED, created_at__gt=since, created_at__lte=until)
        .exclude(author=editor)
        .select_related("area")
        .order_by("created_at", "id")
    )
    return DigestContent(suggestions=list(suggestions), plays=list(plays))
