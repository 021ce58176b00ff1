"""Suggestions: proposing new text, the suggestion page, endorsing, discussing, and the
editors' decisions and review queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ldsp.coproduction import selectors
from ldsp.coproduction.forms import (
    AcceptForm,
    MessageForm,
    PassageSuggestionForm,
    RejectForm,
    SuggestionForm,
)
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.passages import change_excerpt, passage_chosen, passages_of
from ldsp.coproduction.services import suggestions as suggestion_services
from ldsp.coproduction.views.common import closed_page, row_id
from ldsp.core import extensions
from ldsp.core.errors import Refused
from ldsp.core.formpages import form_page
from ldsp.core.limits import BODY_MAX, QUOTE_MAX
from ldsp.core.permissions import CONTRIBUTE, EDIT_CONTENT, has, require
from ldsp.lib.textdiff import render_diff_html
from ldsp.lib.textmerge import MergeResult
from ldsp.playbook.models import Section
from ldsp.playbook.paragraphs import replace_paragraph
from ldsp.playbook.selectors import playbook_get, section_get

QUEUE_PAGE_SIZE = 25


def _section_taking_suggestions(
    request: HttpRequest, slug: str, section_slug: str
) -> Section | HttpResponse:
    """The section to suggest on, or the page saying suggestions are closed now."""
    require(request.user, CONTRIBUTE)
    section = section_get(playbook_get(slug), section_slug)
    return closed_page(request, "suggestion", section) or section


def _send_suggestion(request: HttpRequest, section: Section, **proposal: Any) -> HttpResponse:
    """Create the suggestion and go to it (a refusal is raised for the form to show)."""
    suggestion = suggestion_services.suggestion_create(
        actor=request.user,  # type: ignore[arg-type]
        section=section,
        **proposal,
    )
    messages.success(request, "Thank you. Your suggestion has been sent to the editors.")
    return redirect(suggestion)


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """Suggest new text for the whole section."""
    section = _section_taking_suggestions(request, slug, section_slug)
    if isinstance(section, HttpResponse):
        return section
    current = section.current_revision
    assert current is not None

    def send(data: dict[str, Any]) -> HttpResponse:
        return _send_suggestion(
            request,
            section,
            base_revision_id=data["base_revision"],
            body=data["body"],
            title=data["title"],
            rationale=data["rationale"],
        )

    return form_page(
        request,
        SuggestionForm,
        "coproduction/suggest.html",
        {"playbook": section.playbook, "section": section},
        send,
        initial={"title": current.title, "body": current.body, "base_revision": current.pk},
    )


CHOOSE_PARAGRAPH = "choose"


def _paragraph_index(value: str) -> int | None:
    """A paragraph number as sent (counting from 0), or None if it is not one."""
    return int(value) if value.isdecimal() and len(value) < 6 else None


@login_required
@require_http_methods(["GET", "POST"])
def suggest_passage(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """Suggest a new version of one paragraph, starting from its current text.

    Choosing a paragraph (``?paragraph=`` from the section page, or the radios and
    "Continue" without JavaScript) puts its Markdown in "Your version" to edit.
    """
    section = _section_taking_suggestions(request, slug, section_slug)
    if isinstance(section, HttpResponse):
        return section
    current = section.current_revision
    assert current is not None
    # A sent form names the revision its paragraphs came from; they are offered again.
    sent_base = row_id(request.POST.get("base_revision", ""))
    base = section.revisions.filter(pk=sent_base).first() if sent_base else None
    base = base or current
    passages = passages_of(base.body)
    context = {
        "playbook": section.playbook,
        "section": section,
        "paragraph_markdown": [p.markdown for p in passages],
    }
    form_kwargs = {"paragraphs": [p.label for p in passages]}

    if request.method == "POST" and request.POST.get("action") == CHOOSE_PARAGRAPH:
        chosen = passage_chosen(passages, _paragraph_index(request.POST.get("paragraph", "")))
        if chosen is None:
            form = PassageSuggestionForm(request.POST, **form_kwargs)
            form.is_valid()
            for name in [name for name in form.errors if name != "paragraph"]:
                del form.errors[name]
            return render(
                request, "coproduction/suggest_passage.html", {**context, "form": form}, status=400
            )
        form = PassageSuggestionForm(
            initial={
                "base_revision": base.pk,
                "paragraph": chosen,
                "replacement": passages[chosen].markdown,
                "rationale": request.POST.get("rationale", ""),
            },
            **form_kwargs,
        )
        return render(request, "coproduction/suggest_passage.html", {**context, "form": form})

    chosen = passage_chosen(
        passages,
        _paragraph_index(request.GET.get("paragraph", "")),
        request.GET.get("quote", "")[:QUOTE_MAX],
    )

    def send(data: dict[str, Any]) -> HttpResponse:
        return _send_suggestion(
            request,
            section,
            base_revision_id=base.pk,
            # The form only offers paragraphs of ``base``, so the index is valid.
            body=replace_paragraph(base.body, data["paragraph"], data["replacement"]),
            rationale=data["rationale"],
        )

    return form_page(
        request,
        PassageSuggestionForm,
        "coproduction/suggest_passage.html",
        context,
        send,
        initial={
            "base_revision": current.pk,
            "paragraph": chosen,
            "replacement": passages[chosen].markdown if chosen is not None else "",
        },
        form_kwargs=form_kwargs,
    )


def _suggestion(suggestion_id: int) -> Suggestion:
    return get_object_or_404(selectors.suggestion_for_page(suggestion_id))


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
        "coproduction/suggestion.html",
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
            "is_editor": has(user, EDIT_CONTENT),
            "is_author": user.is_authenticated and user.pk == suggestion.author_id,
            "can_contribute": has(user, CONTRIBUTE),
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
    except Refused as error:
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
        except Refused as error:
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
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Your suggestion has been withdrawn.")
        return redirect(suggestion)
    return render(request, "coproduction/suggestion_withdraw.html", {"suggestion": suggestion})


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_accept(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """Confirm accepting a suggestion: the change it makes now, and the editors' response."""
    require(request.user, EDIT_CONTENT)
    suggestion = _suggestion(suggestion_id)
    if not suggestion.is_pending:
        messages.info(request, "This suggestion has already been decided.")
        return redirect(suggestion)
    form = AcceptForm(
        request.POST if request.method == "POST" else None,
        initial={"response": suggestion.decision_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = suggestion_services.suggestion_accept(
                actor=request.user,  # type: ignore[arg-type]
                suggestion=suggestion,
                response=form.cleaned_data["response"],
            )
        except Refused as error:
            messages.error(request, str(error))
            return redirect(suggestion)
        if suggestion.state == Suggestion.State.NEEDS_RESOLUTION:
            messages.info(
                request,
                "The suggestion overlaps changes made since it was written. Resolve each conflict.",
            )
            return redirect("coproduction:suggestion_resolve", suggestion.pk)
        messages.success(request, "The suggestion has been accepted and is now part of the text.")
        return redirect(suggestion)
    preview = selectors.accept_preview(suggestion)
    return render(
        request,
        "coproduction/suggestion_accept.html",
        {
            "playbook": suggestion.section.playbook,
            "section": suggestion.section,
            "suggestion": suggestion,
            "form": form,
            "preview": preview,
            "diff": ""
            if preview.new_body is None
            else render_diff_html(preview.current_body, preview.new_body),
            "endorsements": suggestion.endorsements.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_reject(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    require(request.user, EDIT_CONTENT)
    suggestion = _suggestion(suggestion_id)

    def reject(data: dict[str, Any]) -> HttpResponse:
        suggestion_services.suggestion_reject(
            actor=request.user,  # type: ignore[arg-type]
            suggestion=suggestion,
            reason=data["reason"],
        )
        messages.success(request, "The suggestion has been declined and its author told.")
        return redirect(suggestion)

    context = {"suggestion": suggestion}
    return form_page(request, RejectForm, "coproduction/suggestion_reject.html", context, reject)


SECTION_MOVED_ON = (
    "The section changed while you were working: here are the conflicts against the "
    "newest text. Nothing has been saved yet."
)


def _resolution_choices(request: HttpRequest, result: MergeResult) -> tuple[list[str], list[str]]:
    """The text chosen for each conflict of ``result``, and what is wrong with the choices."""
    choices: list[str] = []
    errors: list[str] = []
    for conflict in result.conflicts:
        picked = request.POST.get(f"choice-{conflict.index}", "")
        if picked == "ours":
            choices.append(conflict.ours)
        elif picked == "theirs":
            choices.append(conflict.theirs)
        elif picked == "own":
            own = request.POST.get(f"text-{conflict.index}", "")
            if len(own) > BODY_MAX or "\x00" in own:
                errors.append(
                    f"Your own text for conflict {conflict.index + 1} must be "
                    f"{BODY_MAX:,} characters or fewer, with no null characters"
                )
            choices.append(own)
        else:
            errors.append(f"Choose how to settle conflict {conflict.index + 1}")
    return choices, errors


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_resolve(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """Resolve each conflict side by side: keep the current text, take the suggestion, or edit.

    If the section changed while the editor was working, the suggestion comes back
    merged afresh against the newest text, and this page shows the new conflicts.
    """
    require(request.user, EDIT_CONTENT)
    suggestion = _suggestion(suggestion_id)
    if suggestion.state != Suggestion.State.NEEDS_RESOLUTION:
        return redirect(suggestion)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        against_revision_id = row_id(request.POST.get("against_revision", ""))
        choices: list[str] = []
        # Choices made on an older merge settle conflicts that may no longer exist:
        # they are not read, and the service merges again against the newest text.
        if against_revision_id == suggestion.merge_state.get("against_revision"):
            choices, errors = _resolution_choices(
                request, suggestion_services.merge_result_of(suggestion)
            )
        if not errors:
            try:
                suggestion = suggestion_services.suggestion_resolve(
                    actor=request.user,  # type: ignore[arg-type]
                    suggestion=suggestion,
                    choices=choices,
                    against_revision_id=against_revision_id,
                )
            except Refused as error:
                messages.error(request, str(error))
                return redirect("coproduction:suggestion_resolve", suggestion.pk)
            if suggestion.state != Suggestion.State.NEEDS_RESOLUTION:
                messages.success(request, "The conflicts are resolved and the text has been saved.")
                return redirect(suggestion)
            messages.warning(request, SECTION_MOVED_ON)
            status = 409
        else:
            status = 400
    return render(
        request,
        "coproduction/suggestion_resolve.html",
        {
            "suggestion": suggestion,
            "conflicts": suggestion_services.merge_result_of(suggestion).conflicts,
            "against_revision": suggestion.merge_state.get("against_revision"),
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Editors' queue: open and needs-resolution suggestions, oldest first."""
    require(request.user, EDIT_CONTENT)
    section_key = request.GET.get("section", "")
    state = request.GET.get("state", "")
    rounds = [window for found in extensions.collect("round_windows") for window in found]
    round_slug = request.GET.get("round", "")
    chosen = next((w for w in rounds if w["slug"] == round_slug), None)
    pending = selectors.suggestions_pending(section_key=section_key, state=state, window=chosen)
    page = Paginator(pending, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for suggestion in page.object_list:
        suggestion.excerpt = change_excerpt(suggestion.base_revision.body, suggestion.body)  # type: ignore[attr-defined]
    sections = selectors.sections_with_pending_suggestions()
    return render(
        request,
        "coproduction/review_queue.html",
        {
            "page": page,
            "sections": sections,
            "section_key": section_key,
            "state": state,
            "rounds": rounds,
            "round_slug": round_slug if chosen else "",
        },
    )
