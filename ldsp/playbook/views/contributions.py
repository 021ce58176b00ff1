"""Suggestions, comments and following: the pages people use to take part."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ldsp.core import extensions
from ldsp.core.signed_links import link_read
from ldsp.lib.textdiff import render_diff_html
from ldsp.playbook.forms import (
    HideForm,
    MessageForm,
    PassageSuggestionForm,
    RejectForm,
    ReplyForm,
    SuggestionForm,
)
from ldsp.playbook.models import Comment, Follow, Section, Suggestion
from ldsp.playbook.paragraphs import paragraph_labels, replace_paragraph
from ldsp.playbook.services import comments as comment_services
from ldsp.playbook.services import suggestions as suggestion_services
from ldsp.playbook.services.common import EDIT_PERMISSION, PlaybookError
from ldsp.playbook.services.notifications import UNSUBSCRIBE, section_follow, section_unfollow
from ldsp.playbook.views.sections import _playbook, _section

QUEUE_PAGE_SIZE = 25
MAX_ROW_ID = 999_999_999


def _row_id(text: str) -> int:
    """A row id from a form field; 0 (matching nothing) for anything else."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 0
    return int(text)


def _contributor_or_403(request: HttpRequest) -> None:
    if not request.user.has_perm(suggestion_services.CONTRIBUTE_PERMISSION):
        raise PermissionDenied


def _closed(request: HttpRequest, kind: str, section: Section) -> HttpResponse | None:
    """The page saying this kind of input is closed, or None while it is welcome."""
    reason = extensions.phase_closed_reason(kind, section.playbook)
    if reason is None:
        return None
    return render(
        request, "playbook/closed.html", {"reason": reason, "section": section}, status=403
    )


def _send_suggestion(
    request: HttpRequest, form: forms.Form, section: Section, **proposal: Any
) -> HttpResponse | None:
    """Create the suggestion and go to it; on a refusal, put the reason on the form."""
    try:
        suggestion = suggestion_services.suggestion_create(
            actor=request.user,  # type: ignore[arg-type]
            section=section,
            **proposal,
        )
    except PlaybookError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, "Thank you. Your suggestion has been sent to the editors.")
    return redirect(suggestion)


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """Suggest new text for the whole section."""
    _contributor_or_403(request)
    playbook = _playbook(slug)
    section = _section(playbook, section_slug)
    if closed := _closed(request, "suggestion", section):
        return closed
    current = section.current_revision
    assert current is not None
    status = 200
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            sent = _send_suggestion(
                request,
                form,
                section,
                base_revision_id=data["base_revision"],
                body=data["body"],
                title=data["title"],
                rationale=data["rationale"],
            )
            if sent:
                return sent
        status = 400
    else:
        form = SuggestionForm(
            initial={"title": current.title, "body": current.body, "base_revision": current.pk}
        )
    return render(
        request,
        "playbook/suggest.html",
        {"playbook": playbook, "section": section, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggest_passage(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """Suggest a new version of one paragraph."""
    _contributor_or_403(request)
    playbook = _playbook(slug)
    section = _section(playbook, section_slug)
    if closed := _closed(request, "suggestion", section):
        return closed
    current = section.current_revision
    assert current is not None
    status = 200
    if request.method == "POST":
        base_id = request.POST.get("base_revision", "")
        base = section.revisions.filter(pk=_row_id(base_id)).first() or current
        form = PassageSuggestionForm(request.POST, paragraphs=paragraph_labels(base.body))
        if form.is_valid():
            data = form.cleaned_data
            sent = _send_suggestion(
                request,
                form,
                section,
                base_revision_id=base.pk,
                # The form only offers paragraphs of ``base``, so the index is valid.
                body=replace_paragraph(base.body, data["paragraph"], data["replacement"]),
                rationale=data["rationale"],
            )
            if sent:
                return sent
        status = 400
    else:
        chosen = request.GET.get("paragraph")
        form = PassageSuggestionForm(
            initial={
                "base_revision": current.pk,
                "paragraph": _row_id(chosen) if chosen else None,
            },
            paragraphs=paragraph_labels(current.body),
        )
    return render(
        request,
        "playbook/suggest_passage.html",
        {"playbook": playbook, "section": section, "form": form},
        status=status,
    )


def _suggestion(suggestion_id: int) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related(
            "section__playbook", "section__current_revision", "base_revision", "author__profile"
        ),
        pk=suggestion_id,
    )


def _suggestion_page(
    request: HttpRequest,
    suggestion: Suggestion,
    *,
    message_form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    section = suggestion.section
    current = section.current_revision
    assert current is not None
    moved_on = current.pk != suggestion.base_revision_id and suggestion.is_pending
    user = request.user
    return render(
        request,
        "playbook/suggestion.html",
        {
            "playbook": section.playbook,
            "section": section,
            "suggestion": suggestion,
            "diff_to_base": render_diff_html(suggestion.base_revision.body, suggestion.body),
            "diff_to_current": render_diff_html(current.body, suggestion.body) if moved_on else "",
            "moved_on": moved_on,
            "endorsements": suggestion.endorsements.count(),
            "has_endorsed": user.is_authenticated
            and suggestion.endorsements.filter(user=user).exists(),
            "discussion": suggestion.messages.select_related("author__profile"),
            "message_form": message_form or MessageForm(),
            "is_editor": user.has_perm(EDIT_PERMISSION),
            "is_author": user.is_authenticated and user.pk == suggestion.author_id,
            "can_contribute": user.has_perm(suggestion_services.CONTRIBUTE_PERMISSION),
        },
        status=status,
    )


@require_GET
def suggestion_page(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """A suggestion: its diffs, rationale, endorsements, discussion and decision."""
    return _suggestion_page(request, _suggestion(suggestion_id))


@login_required
@require_POST
def suggestion_endorse(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(suggestion_id)
    try:
        suggestion_services.suggestion_endorse(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
    except PlaybookError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have endorsed this suggestion.")
    return redirect(suggestion)


@login_required
@require_POST
def suggestion_discuss(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(suggestion_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            suggestion_services.suggestion_discuss(
                actor=request.user,  # type: ignore[arg-type]
                suggestion=suggestion,
                body=form.cleaned_data["body"],
            )
        except PlaybookError as error:
            form.add_error("body", str(error))
        else:
            return redirect(suggestion.get_absolute_url() + "#discussion")
    return _suggestion_page(request, suggestion, message_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_withdraw(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _suggestion(suggestion_id)
    if suggestion.author_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        try:
            suggestion_services.suggestion_withdraw(actor=request.user, suggestion=suggestion)  # type: ignore[arg-type]
        except PlaybookError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your suggestion has been withdrawn.")
        return redirect(suggestion)
    return render(request, "playbook/suggestion_withdraw.html", {"suggestion": suggestion})


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    suggestion = _suggestion(suggestion_id)
    try:
        suggestion = suggestion_services.suggestion_accept(
            actor=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
        )
    except PlaybookError as error:
        messages.error(request, str(error))
        return redirect(suggestion)
    if suggestion.state == Suggestion.State.NEEDS_RESOLUTION:
        messages.info(
            request,
            "The suggestion overlaps changes made since it was written. Resolve each conflict.",
        )
        return redirect("playbook:suggestion_resolve", suggestion.pk)
    messages.success(request, "The suggestion has been accepted and is now part of the text.")
    return redirect(suggestion)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_reject(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    suggestion = _suggestion(suggestion_id)
    status = 200
    if request.method == "POST":
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                suggestion_services.suggestion_reject(
                    actor=request.user,  # type: ignore[arg-type]
                    suggestion=suggestion,
                    reason=form.cleaned_data["reason"],
                )
            except PlaybookError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The suggestion has been declined and its author told.")
                return redirect(suggestion)
        status = 400
    else:
        form = RejectForm()
    return render(
        request,
        "playbook/suggestion_reject.html",
        {"suggestion": suggestion, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_resolve(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """Resolve each conflict side by side: keep the current text, take the suggestion, or edit."""
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    suggestion = _suggestion(suggestion_id)
    if suggestion.state != Suggestion.State.NEEDS_RESOLUTION:
        return redirect(suggestion)
    result = suggestion_services.merge_result_of(suggestion)
    errors: list[str] = []
    if request.method == "POST":
        choices = []
        for conflict in result.conflicts:
            picked = request.POST.get(f"choice-{conflict.index}", "")
            if picked == "ours":
                choices.append(conflict.ours)
            elif picked == "theirs":
                choices.append(conflict.theirs)
            elif picked == "own":
                choices.append(request.POST.get(f"text-{conflict.index}", ""))
            else:
                errors.append(f"Choose how to settle conflict {conflict.index + 1}")
        if not errors:
            try:
                suggestion_services.suggestion_resolve(
                    actor=request.user,  # type: ignore[arg-type]
                    suggestion=suggestion,
                    choices=choices,
                    against_revision_id=_row_id(request.POST.get("against_revision", "")),
                )
            except PlaybookError as error:
                messages.error(request, str(error))
                return redirect("playbook:suggestion_resolve", suggestion.pk)
            messages.success(request, "The conflicts are resolved and the text has been saved.")
            return redirect(suggestion)
    return render(
        request,
        "playbook/suggestion_resolve.html",
        {
            "suggestion": suggestion,
            "conflicts": result.conflicts,
            "against_revision": suggestion.merge_state.get("against_revision"),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Editors' queue: open and needs-resolution suggestions, oldest first."""
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    pending = Suggestion.objects.filter(
        state__in=[Suggestion.State.OPEN, Suggestion.State.NEEDS_RESOLUTION]
    ).select_related("section__current_revision", "section__playbook", "author__profile")
    section_key = request.GET.get("section", "")
    if section_key:
        pending = pending.filter(section__key=section_key)
    state = request.GET.get("state", "")
    if state in (Suggestion.State.OPEN, Suggestion.State.NEEDS_RESOLUTION):
        pending = pending.filter(state=state)
    rounds = [window for found in extensions.collect("round_windows") for window in found]
    round_slug = request.GET.get("round", "")
    chosen = next((w for w in rounds if w["slug"] == round_slug), None)
    if chosen is not None:
        pending = pending.filter(
            created_at__gte=chosen["opens_at"], created_at__lt=chosen["closes_at"]
        )
    page = Paginator(pending.order_by("created_at", "id"), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sections = (
        Section.objects.filter(
            suggestions__state__in=[Suggestion.State.OPEN, Suggestion.State.NEEDS_RESOLUTION]
        )
        .select_related("current_revision")
        .distinct()
    )
    return render(
        request,
        "playbook/review_queue.html",
        {
            "page": page,
            "sections": sections,
            "section_key": section_key,
            "state": state,
            "rounds": rounds,
            "round_slug": round_slug if chosen else "",
        },
    )


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    from ldsp.playbook.forms import CommentForm
    from ldsp.playbook.paragraphs import paragraph_spans

    _contributor_or_403(request)
    playbook = _playbook(slug)
    section = _section(playbook, section_slug)
    revision_id = request.POST.get("revision", "")
    revision = section.revisions.filter(pk=_row_id(revision_id)).first()
    body = revision.body if revision else ""
    form = CommentForm(request.POST, paragraphs=paragraph_labels(body))
    if form.is_valid() and revision is not None:
        data = form.cleaned_data
        start, end = paragraph_spans(body)[data["paragraph"]]
        quote = data["quote"].strip()
        try:
            if quote:
                if quote not in body[start:end]:
                    raise PlaybookError("Those words are not in the paragraph you chose.")
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
        except (PlaybookError, PermissionError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(section.get_absolute_url() + "#comments")
    else:
        messages.error(request, "Choose a passage and write your comment.")
    return redirect(section.get_absolute_url() + "#add-comment")


def _comment(comment_id: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("section__playbook"), pk=comment_id)


@login_required
@require_POST
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(comment_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            comment_services.comment_reply(
                actor=request.user,  # type: ignore[arg-type]
                comment=comment,
                body=form.cleaned_data["body"],
            )
        except (PlaybookError, PermissionError) as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Enter your reply.")
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_state(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(comment_id)
    try:
        comment_services.comment_set_state(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            resolved=request.POST.get("resolved") == "true",
        )
    except (PermissionError, PlaybookError) as error:
        raise PermissionDenied(str(error)) from None
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: HttpRequest, comment_id: int) -> HttpResponse:
    if not request.user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied
    comment = _comment(comment_id)
    status = 200
    if request.method == "POST":
        form = HideForm(request.POST)
        if form.is_valid():
            comment_services.comment_hide(
                actor=request.user,  # type: ignore[arg-type]
                comment=comment,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "The comment has been hidden.")
            return redirect(comment.section.get_absolute_url() + "#comments")
        status = 400
    else:
        form = HideForm()
    return render(
        request, "playbook/comment_hide.html", {"comment": comment, "form": form}, status=status
    )


@login_required
@require_POST
def follow(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    playbook = _playbook(slug)
    section = _section(playbook, section_slug)
    if request.POST.get("follow") == "false":
        section_unfollow(user=request.user, section=section)  # type: ignore[arg-type]
        messages.success(request, "You no longer follow this section.")
    else:
        section_follow(user=request.user, section=section)  # type: ignore[arg-type]
        messages.success(request, "You now follow this section. We will email you when it changes.")
    return redirect(section)


@require_GET
def unfollow_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click unsubscribe link from an email."""
    data = link_read(UNSUBSCRIBE, token)
    if data is None:
        return render(request, "playbook/unfollow.html", {"invalid": True}, status=400)
    section = get_object_or_404(Section, pk=data.get("section"))
    Follow.objects.filter(user_id=int(data.get("user", 0)), section=section).delete()
    return render(request, "playbook/unfollow.html", {"section": section})


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
