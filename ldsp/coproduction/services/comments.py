"""Comments on passages: write, reply, resolve, hide; and re-anchoring after each revision."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ldsp.accounts.selectors import display_name
from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.models import Comment
from ldsp.coproduction.services.follows import section_follow
from ldsp.core import extensions
from ldsp.core.errors import NotAllowed
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import EDIT_CONTENT, has, require_contributor, require_editor
from ldsp.core.ratelimit import contribution_rate_check
from ldsp.core.services import audit_record
from ldsp.lib.anchoring import Anchor, AnchorError, anchor_from_quote, anchor_locate, anchor_make
from ldsp.lib.markdown import render_markdown
from ldsp.playbook.models import Revision, Section

MAX_COMMENT_LENGTH = 5_000


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ContributionError("Enter your comment.")
    if len(body) > MAX_COMMENT_LENGTH:
        raise ContributionError(f"A comment must be {MAX_COMMENT_LENGTH:,} characters or fewer.")
    return body


def comment_create(
    *,
    actor: User,
    section: Section,
    revision_id: int,
    body: str,
    start: int | None = None,
    end: int | None = None,
    quote: str = "",
) -> Comment:
    """Comment on a passage of the revision the author was reading.

    The passage is given by character positions in that revision's Markdown, or
    by quoting it (the API's simpler form).
    """
    require_contributor(actor)
    extensions.require_phase_open("comment", section.playbook)
    body = _clean_body(body)
    revision = Revision.objects.filter(pk=revision_id, section=section).first()
    if revision is None:
        raise ContributionError("That version of the section does not exist.")
    try:
        if start is not None and end is not None:
            anchor = anchor_make(revision.body, start, end)
        elif quote.strip():
            anchor = anchor_from_quote(revision.body, quote.strip())
        else:
            raise ContributionError("Choose the passage you are commenting on.")
    except AnchorError as error:
        raise ContributionError(str(error)) from None
    with transaction.atomic():
        contribution_rate_check(actor)
        comment = Comment.objects.create(
            section=section,
            revision=revision,
            author=actor,
            body=body,
            body_html=render_markdown(body),
            anchor=anchor.to_dict(),
        )
        current = Section.objects.get(pk=section.pk).current_revision
        _place(comment, current)  # the section may have moved on since it was read
        section_follow(user=actor, section=section)
        content_changed()
    return comment


def comment_reply(*, actor: User, comment: Comment, body: str) -> Comment:
    """Reply to a comment (one level of replies)."""
    require_contributor(actor)
    extensions.require_phase_open("comment", comment.section.playbook)
    body = _clean_body(body)
    parent = comment.parent or comment
    if parent.hidden_at is not None:
        raise ContributionError("That comment has been hidden.")
    contribution_rate_check(actor)
    reply = Comment.objects.create(
        section=parent.section,
        revision=parent.revision,
        parent=parent,
        author=actor,
        body=body,
        body_html=render_markdown(body),
    )
    content_changed()
    return reply


def comment_set_state(*, actor: User, comment: Comment, resolved: bool) -> Comment:
    """Resolve or reopen a comment thread: its author or an editor may."""
    if comment.author_id != actor.pk and not has(actor, EDIT_CONTENT):
        raise NotAllowed("Only the comment's author or an editor can do that.")
    if comment.parent_id is not None:
        raise ContributionError("Resolve the whole thread, not a reply.")
    comment.state = Comment.State.RESOLVED if resolved else Comment.State.OPEN
    comment.resolved_by = actor if resolved else None
    comment.save(update_fields=["state", "resolved_by"])
    content_changed()
    return comment


def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """An editor hides a comment (it is kept, with the reason, in the audit log)."""
    require_editor(actor)
    reason = reason.strip()
    if not reason:
        raise ContributionError("Give a reason for hiding the comment.")
    with transaction.atomic():
        comment.hidden_at = timezone.now()
        comment.hidden_by = actor
        comment.hidden_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit_record(
            actor=actor,
            verb="comment.hidden",
            target=comment,
            summary=f"Hid comment {comment.pk} on {comment.section.key}",
            reason=reason,
            data={
                "body": comment.body,
                "author_id": comment.author_id,
                "author": display_name(comment.author),
            },
        )
        content_changed()
    return comment


def _place(comment: Comment, revision: Revision | None) -> None:
    """Find the comment's passage in ``revision``; mark it outdated if it is gone."""
    if revision is None or not comment.anchor:
        return
    placement = anchor_locate(revision.body, Anchor.from_dict(comment.anchor))
    comment.placed_revision = revision
    if placement is None:
        comment.is_outdated = True
        comment.placed_start = comment.placed_end = None
    else:
        comment.is_outdated = False
        comment.placed_start, comment.placed_end = placement.start, placement.end
    comment.save(update_fields=["placed_revision", "placed_start", "placed_end", "is_outdated"])


def comments_reanchor(section: Section, revision: Revision) -> None:
    """After a new revision: place every open comment thread in the new text."""
    threads = Comment.objects.filter(
        section=section, parent__isnull=True, state=Comment.State.OPEN, hidden_at__isnull=True
    )
    for comment in threads:
        _place(comment, revision)
