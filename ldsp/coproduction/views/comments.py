"""Comments on passages, replies, resolving and hiding them; following a section."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.forms import CommentForm, HideForm, ReplyForm
from ldsp.coproduction.models import Comment
from ldsp.coproduction.selectors import comments_visible_to
from ldsp.coproduction.services import comments as comment_services
from ldsp.coproduction.services.follows import (
    UNSUBSCRIBE,
    follow_cancel,
    section_follow,
    section_unfollow,
)
from ldsp.coproduction.views.common import row_id
from ldsp.core.errors import Refused
from ldsp.core.formpages import form_page
from ldsp.core.permissions import CONTRIBUTE, EDIT_CONTENT, require
from ldsp.core.signed_links import link_read
from ldsp.playbook.models import Section
from ldsp.playbook.paragraphs import paragraph_labels, paragraph_spans
from ldsp.playbook.selectors import playbook_get, section_get


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    require(request.user, CONTRIBUTE)
    playbook = playbook_get(slug)
    section = section_get(playbook, section_slug)
    revision_id = request.POST.get("revision", "")
    revision = section.revisions.filter(pk=row_id(revision_id)).first()
    body = revision.body if revision else ""
    form = CommentForm(request.POST, paragraphs=paragraph_labels(body))
    if form.is_valid() and revision is not None:
        data = form.cleaned_data
        start, end = paragraph_spans(body)[data["paragraph"]]
        quote = data["quote"].strip()
        try:
            if quote:
                if quote not in body[start:end]:
                    raise ContributionError("Those words are not in the paragraph you chose.")
                start = body.index(quote, start)
                end = start + len(quote)
            comment_services.comment_create(
                actor=request.user,  # type: ignore[arg-type]
                section=section,
                revision_id=revision.pk,
                body=data["body"],
                start=start,
                end=end,
            )
        except (Refused, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(section.get_absolute_url() + "#comments")
    else:
        messages.error(request, "Choose a passage and write your comment.")
    return redirect(section.get_absolute_url() + "#add-comment")


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    """The comment, if the person asking may see it (else 404, as if it did not exist)."""
    return get_object_or_404(
        comments_visible_to(request.user).select_related("section__playbook"), pk=comment_id
    )


@login_required
@require_POST
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    require(request.user, CONTRIBUTE)
    comment = _comment(request, comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            comment_services.comment_reply(
                actor=request.user,  # type: ignore[arg-type]
                comment=comment,
                body=form.cleaned_data["body"],
            )
        except (Refused, PermissionDenied) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Enter your reply.")
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_state(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(request, comment_id)
    try:
        comment_services.comment_set_state(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            resolved=request.POST.get("resolved") == "true",
        )
    except Refused as error:  # such as resolving a reply rather than its thread
        raise PermissionDenied(str(error)) from None
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    require(request.user, EDIT_CONTENT)
    comment = _comment(request, comment_id)

    def hide(data: dict[str, Any]) -> HttpResponse:
        comment_services.comment_hide(actor=request.user, comment=comment, reason=data["reason"])  # type: ignore[arg-type]
        messages.success(request, "The comment has been hidden.")
        return redirect(comment.section.get_absolute_url() + "#comments")

    context = {"comment": comment}
    return form_page(request, HideForm, "coproduction/comment_hide.html", context, hide)


@login_required
@require_POST
def follow(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    playbook = playbook_get(slug)
    section = section_get(playbook, section_slug)
    try:
        if request.POST.get("follow") == "false":
            section_unfollow(user=request.user, section=section)  # type: ignore[arg-type]
            messages.success(request, "You no longer follow this section.")
        else:
            section_follow(user=request.user, section=section, by_hand=True)  # type: ignore[arg-type]
            messages.success(
                request, "You now follow this section. We will email you when it changes."
            )
    except Refused as error:
        messages.error(request, str(error))
    return redirect(section)


@require_GET
def unfollow_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click unsubscribe link from an email."""
    data = link_read(UNSUBSCRIBE, token)
    if data is None:
        return render(request, "coproduction/unfollow.html", {"invalid": True}, status=400)
    section = get_object_or_404(Section, pk=data.get("section"))
    follow_cancel(user_id=int(data.get("user", 0)), section=section)
    return render(request, "coproduction/unfollow.html", {"section": section})
