"""API for suggestions and comments, with the same permission checks as the pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from ldsp.accounts.api_auth import SIGNED_IN
from ldsp.accounts.selectors import display_name
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.selectors import comments_visible_to, suggestions_visible_to
from ldsp.coproduction.services import comments as comment_services
from ldsp.coproduction.services import suggestions as suggestion_services
from ldsp.core.apierrors import LOOKUP_ERRORS, READ_ERRORS, WRITE_ERRORS
from ldsp.core.apitypes import (
    Body,
    Message,
    Name,
    Position,
    Quote,
    RevisionNumber,
    RowId,
    Slug,
    resolve_annotations,
)
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
    playbook: Slug
    section: Slug = Field(..., description="The section's slug.")
    base_revision: RevisionNumber = Field(..., description="The revision number you started from.")
    body: Body
    rationale: Message = Field(..., min_length=1)
    title: Name = ""


class RejectIn(Schema):
    reason: Message = Field(..., min_length=1)


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
    hidden: bool = Field(False, description="Hidden by an editor (only editors see these).")
    created_at: datetime


class CommentIn(Schema):
    playbook: Slug
    section: Slug
    revision: RevisionNumber = Field(..., description="The revision number the comment is about.")
    body: Message = Field(..., min_length=1)
    quote: Quote = Field("", description="The exact words commented on.")
    start: Position | None = None
    end: Position | None = None


class ReplyIn(Schema):
    body: Message = Field(..., min_length=1)


class StateIn(Schema):
    resolved: bool


def _suggestion_out(s: Suggestion) -> SuggestionOut:
    return SuggestionOut(
        id=s.pk,
        section=s.section.key,
        base_revision=s.base_revision.number,
        author=display_name(s.author),
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
        author=display_name(c.author),
        body=c.body,
        quote=c.quote,
        state=c.state,
        is_outdated=c.is_outdated,
        placed_start=c.placed_start,
        placed_end=c.placed_end,
        hidden=c.hidden_at is not None,
        created_at=c.created_at,
    )


def _section(playbook: str, slug: str) -> Section:
    return get_object_or_404(Section, playbook__slug=playbook, slug=slug, removed_at__isnull=True)


@router.get(
    "/suggestions", response={200: list[SuggestionOut], **READ_ERRORS}, summary="Suggestions"
)
@paginate
@resolve_annotations
def suggestion_list(
    request: HttpRequest, state: Slug = "", section: Slug = ""
) -> list[SuggestionOut]:
    found = (
        suggestions_visible_to(request.user)
        .select_related("section", "base_revision", "author__profile", "result_revision")
        .annotate(endorsement_count=Count("endorsements"))
    )
    if state:
        found = found.filter(state=state)
    if section:
        found = found.filter(section__key=section)
    return MappedQuerySet(found.order_by("created_at", "id"), _suggestion_out)  # type: ignore[return-value]


@router.get(
    "/suggestions/{suggestion_id}",
    response={200: SuggestionOut, **LOOKUP_ERRORS},
    summary="A suggestion",
)
def suggestion_detail(request: HttpRequest, suggestion_id: RowId) -> SuggestionOut:
    return _suggestion_out(
        get_object_or_404(suggestions_visible_to(request.user), pk=suggestion_id)
    )


@router.post(
    "/suggestions",
    response={201: SuggestionOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Suggest",
)
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
    response={200: SuggestionOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Withdraw your suggestion",
)
def suggestion_withdraw(request: HttpRequest, suggestion_id: RowId) -> SuggestionOut:
    suggestion = get_object_or_404(suggestions_visible_to(request.user), pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_withdraw(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
    )


@router.post(
    "/suggestions/{suggestion_id}/accept",
    response={200: SuggestionOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Accept a suggestion (editors)",
)
def suggestion_accept(request: HttpRequest, suggestion_id: RowId) -> SuggestionOut:
    suggestion = get_object_or_404(suggestions_visible_to(request.user), pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_accept(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
    )


@router.post(
    "/suggestions/{suggestion_id}/reject",
    response={200: SuggestionOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Decline a suggestion (editors)",
)
def suggestion_reject(
    request: HttpRequest, suggestion_id: RowId, payload: RejectIn
) -> SuggestionOut:
    suggestion = get_object_or_404(suggestions_visible_to(request.user), pk=suggestion_id)
    return _suggestion_out(
        suggestion_services.suggestion_reject(
            actor=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
            reason=payload.reason,
        )
    )


@router.get(
    "/comments",
    response={200: list[CommentOut], **LOOKUP_ERRORS},
    summary="Comments on a section",
)
@paginate
@resolve_annotations
def comment_list(request: HttpRequest, playbook: Slug, section: Slug) -> list[CommentOut]:
    found = (
        comments_visible_to(request.user)
        .filter(section=_section(playbook, section))
        .select_related("section", "revision", "author__profile")
    )
    return MappedQuerySet(found.order_by("created_at", "id"), _comment_out)  # type: ignore[return-value]


@router.post(
    "/comments", response={201: CommentOut, **WRITE_ERRORS}, auth=SIGNED_IN, summary="Comment"
)
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
    "/comments/{comment_id}/replies",
    response={201: CommentOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Reply",
)
def comment_reply(
    request: HttpRequest, comment_id: RowId, payload: ReplyIn
) -> tuple[int, CommentOut]:
    comment = get_object_or_404(comments_visible_to(request.user), pk=comment_id)
    reply = comment_services.comment_reply(actor=request.user, comment=comment, body=payload.body)  # type: ignore[arg-type]
    return 201, _comment_out(reply)


@router.post(
    "/comments/{comment_id}/state",
    response={200: CommentOut, **WRITE_ERRORS},
    auth=SIGNED_IN,
    summary="Resolve or reopen a comment thread",
)
def comment_state(request: HttpRequest, comment_id: RowId, payload: StateIn) -> CommentOut:
    comment = get_object_or_404(comments_visible_to(request.user), pk=comment_id)
    return _comment_out(
        comment_services.comment_set_state(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            resolved=payload.resolved,
        )
    )
