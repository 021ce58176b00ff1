"""API for suggestions and comments, with the same permission checks as the pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from ldsp.accounts.api_auth import SIGNED_IN
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.services import comments as comment_services
from ldsp.coproduction.services import suggestions as suggestion_services
from ldsp.core.pagination import MappedQuerySet
from ldsp.playbook.models import Section

router = Router(tags=["contributions"])


class SuggestionOut(Schema):
    id: int
    section: str
    base_revision: int
    author: str
    title: str
    body: str
    rationale: str
    state: str
    created_at: datetime
    decision_reason: str
    result_revision: int | None
    endorsements: int
    url: str


class SuggestionIn(Schema):
    playbook: str
    section: str = Field(..., description="The section's slug.")
    base_revision: int = Field(..., description="The revision number you started from.")
    body: str
    rationale: str = Field(..., min_length=1)
    title: str = ""


class RejectIn(Schema):
    reason: str = Field(..., min_length=1)


class CommentOut(Schema):
    id: int
    section: str
    revision: int
    parent: int | None
    author: str
    body: str
    quote: str
    state: str
    is_outdated: bool
    placed_start: int | None
    placed_end: int | None
    created_at: datetime


class CommentIn(Schema):
    playbook: str
    section: str
    revision: int = Field(..., description="The revision number the comment is about.")
    body: str = Field(..., min_length=1)
    quote: str = Field("", description="The exact words commented on.")
    start: int | None = None
    end: int | None = None


class ReplyIn(Schema):
    body: str = Field(..., min_length=1)


class StateIn(Schema):
    resolved: bool


def _suggestion_out(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=s.pk,
        section=s.section.key,
        base_revision=s.base_revision.number,
        author=s.author.profile.name if hasattr(s.author, "profile") else "",
        title=s.title,
        body=s.body,
        rationale=s.rationale,
        state=s.state,
        created_at=s.created_at,
        decision_reason=s.decision_reason,
        result_revision=s.result_revision.number if s.result_revision else None,
        endorsements=s.endorsement_count  # type: ignore[attr-defined]
        if hasattr(s, "endorsement_count")
        else s.endorsements.count(),
        url=s.get_absolute_url(),
    )


def _comment_out(c: Comment) -> CommentOut:
    return CommentOut(
        id=c.pk,
        section=c.section.key,
        revision=c.revision.number,
        parent=c.parent_id,
        author=c.author.profile.name if hasattr(c.author, "profile") else "",
        body=c.body,
        quote=c.quote,
        state=c.state,
        is_outdated=c.is_outdated,
        placed_start=c.placed_start,
        placed_end=c.placed_end,
        created_at=c.created_at,
    )


def _section(playbook: str, slug: str) -> Section:
    return get_object_or_404(Section, playbook__slug=playbook, slug=slug, removed_at__isnull=True)


@router.get("/suggestions", response=list[SuggestionOut], summary="Suggestions")
@paginate
def suggestion_list(
    request: HttpRequest, state: str = "", section: str = ""
) -> list[SuggestionOut]:
    found = Suggestion.objects.select_related(
        "section", "base_revision", "author__profile", "result_revision"
    ).annotate(endorsement_count=Count("endorsements"))
    if state:
        found = found.filter(state=state)
    if section:
        found = found.filter(section__key=section)
    return MappedQuerySet(found.order_by("created_at", "id"), _suggestion_out)  # type: ignore[return-value]


@router.get("/suggestions/{suggestion_id}", response=SuggestionOut, summary="A suggestion")
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> SuggestionOut:
    return _suggestion_out(get_object_or_404(Suggestion, pk=suggestion_id))


@router.post("/suggestions", response={201: SuggestionOut}, auth=SIGNED_IN, summary="Suggest")
def suggestion_create(request: HttpRequest, payload: SuggestionIn) -> tuple[int, SuggestionOut]:
    section = _section(payload.playbook, payload.section)
    base = get_object_or_404(section.revisions, number=payload.base_revision)
    suggestion = suggestion_services.suggestion_create(
        actor=request.user,  # type: ignore[arg-type]
        section=section,
        base_revision_id=base.pk,
        body=payload.body,
        rationale=payload.rationale,
        title=payload.title,
    )
    return 201, _suggestion_out(suggestion)


@router.post(
    "/suggestions/{suggestion_id}/withdraw",
    response=SuggestionOut,
    auth=SIGNED_IN,
    summary="Withdraw your suggestion",
)
def suggestion_withdraw(request: HttpRequest, suggestion_id: int) -> SuggestionOut:
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_withdraw(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
    )


@router.post(
    "/suggestions/{suggestion_id}/accept",
    response=SuggestionOut,
    auth=SIGNED_IN,
    summary="Accept a suggestion (editors)",
)
def suggestion_accept(request: HttpRequest, suggestion_id: int) -> SuggestionOut:
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_accept(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
    )


@router.post(
    "/suggestions/{suggestion_id}/reject",
    response=SuggestionOut,
    auth=SIGNED_IN,
    summary="Decline a suggestion (editors)",
)
def suggestion_reject(request: HttpRequest, suggestion_id: int, payload: RejectIn) -> SuggestionOut:
    suggestion = get_object_or_404(Suggestion, pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_reject(
            actor=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
            reason=payload.reason,
        )
    )


@router.get("/comments", response=list[CommentOut], summary="Comments on a section")
@paginate
def comment_list(request: HttpRequest, playbook: str, section: str) -> list[CommentOut]:
    found = Comment.objects.filter(
        section=_section(playbook, section), hidden_at__isnull=True
    ).select_related("section", "revision", "author__profile")
    return MappedQuerySet(found.order_by("created_at", "id"), _comment_out)  # type: ignore[return-value]


@router.post("/comments", response={201: CommentOut}, auth=SIGNED_IN, summary="Comment")
def comment_create(request: HttpRequest, payload: CommentIn) -> tuple[int, CommentOut]:
    section = _section(payload.playbook, payload.section)
    revision = get_object_or_404(section.revisions, number=payload.revision)
    comment = comment_services.comment_create(
        actor=request.user,  # type: ignore[arg-type]
        section=section,
        revision_id=revision.pk,
        body=payload.body,
        start=payload.start,
        end=payload.end,
        quote=payload.quote,
    )
    return 201, _comment_out(comment)


@router.post(
    "/comments/{comment_id}/replies", response={201: CommentOut}, auth=SIGNED_IN, summary="Reply"
)
def comment_reply(
    request: HttpRequest, comment_id: int, payload: ReplyIn
) -> tuple[int, CommentOut]:
    comment = get_object_or_404(Comment, pk=comment_id, hidden_at__isnull=True)
    reply = comment_services.comment_reply(actor=request.user, comment=comment, body=payload.body)  # type: ignore[arg-type]
    return 201, _comment_out(reply)


@router.post(
    "/comments/{comment_id}/state",
    response=CommentOut,
    auth=SIGNED_IN,
    summary="Resolve or reopen a comment thread",
)
def comment_state(request: HttpRequest, comment_id: int, payload: StateIn) -> CommentOut:
    comment = get_object_or_404(Comment, pk=comment_id, hidden_at__isnull=True)
    return _comment_out(
        comment_services.comment_set_state(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            resolved=payload.resolved,
        )
    )
