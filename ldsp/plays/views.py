"""Plays: the list, each play, submitting one, and moderation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core import extensions
from ldsp.core.formpages import form_page
from ldsp.core.pagecache import (
    cached_for_visitors,
    is_page_number,
    is_slug,
    one_of,
    text_up_to,
)
from ldsp.core.permissions import CONTRIBUTE, REVIEW_CONTRIBUTIONS, has, require
from ldsp.lib.snippets import search_terms
from ldsp.places.models import Area
from ldsp.plays import selectors, services
from ldsp.plays.forms import ModerationForm, PlayForm
from ldsp.plays.models import Audience, Level, Play, SkillArea

PAGE_SIZE = 20


@require_GET
@cached_for_visitors(
    query={
        "area": is_slug,
        "skill": one_of(*SkillArea.values),
        "level": one_of(*Level.values),
        "audience": one_of(*Audience.values),
        "q": text_up_to(200),
        "page": is_page_number,
    }
)
def play_list(request: HttpRequest) -> HttpResponse:
    """Published plays, filtered by area, skills area, level and audience, or searched."""
    filters = {
        "area": request.GET.get("area", ""),
        "skill": request.GET.get("skill", "")
        if request.GET.get("skill") in SkillArea.values
        else "",
        "level": request.GET.get("level", "") if request.GET.get("level") in Level.values else "",
        "audience": request.GET.get("audience", "")
        if request.GET.get("audience") in Audience.values
        else "",
    }
    plays = selectors.plays_published(**filters)
    query = request.GET.get("q", "")[:200]
    terms = search_terms(query)
    if terms:
        ids = [p.pk for p in selectors.plays_public().search(" ".join(terms), operator="and")]
        plays = plays.filter(pk__in=ids)
    page = Paginator(plays, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plays/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "areas": Area.objects.filter(scheme__is_default=True).order_by("name"),
            "skills": SkillArea.choices,
            "levels": Level.choices,
            "audiences": Audience.choices,
        },
    )


@require_GET
def play_page(request: HttpRequest, slug: str) -> HttpResponse:
    play: Play = get_object_or_404(
        selectors.plays_visible_to(request.user).select_related("area", "partnership", "author"),
        slug=slug,
    )
    is_moderator = has(request.user, REVIEW_CONTRIBUTIONS)
    return render(
        request,
        "plays/play.html",
        {
            "play": play,
            "moderator_notes": selectors.moderator_notes_visible_to(play, request.user),
            "is_moderator": is_moderator,
            "is_author": play.author_id == request.user.pk,
            "sections": play.sections.select_related("current_revision", "playbook"),
        },
    )


def _closed_reason() -> str | None:
    from ldsp.playbook.selectors import playbook_default

    playbook = playbook_default()
    return extensions.phase_closed_reason("play", playbook) if playbook else None


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """Submit a play (while submissions are open)."""
    require(request.user, CONTRIBUTE)
    reason = _closed_reason()
    if reason:
        return render(request, "plays/closed.html", {"reason": reason}, status=403)
    status = 200
    if request.method == "POST":
        form = PlayForm(request.POST)
        if form.is_valid():
            try:
                play = services.play_submit(actor=request.user, data=dict(form.cleaned_data))  # type: ignore[arg-type]
            except (PermissionDenied, services.PlayError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Thank you. Your play has been sent to the moderators.")
                return redirect(play)
        status = 400
    else:
        form = PlayForm(initial={"contact_email": request.user.email})  # type: ignore[union-attr]
    return render(
        request, "plays/form.html", {"form": form, "heading": "Submit a play"}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, play_id: int) -> HttpResponse:
    """The author changes a play sent back for changes."""
    play: Play = get_object_or_404(selectors.plays_visible_to(request.user), pk=play_id)
    if play.author_id != request.user.pk:
        raise PermissionDenied
    if play.status != Play.Status.CHANGES_REQUESTED:
        messages.info(request, "You can change a play only when a moderator has asked for changes.")
        return redirect(play)
    status = 200
    if request.method == "POST":
        form = PlayForm(request.POST)
        if form.is_valid():
            services.play_resubmit(actor=request.user, play=play, data=dict(form.cleaned_data))  # type: ignore[arg-type]
            messages.success(request, "Your play has been sent to the moderators again.")
            return redirect(play)
        status = 400
    else:
        initial = {field: getattr(play, field) for field in PlayForm.base_fields}
        initial["area"], initial["partnership"] = play.area_id, play.partnership_id
        form = PlayForm(initial=initial)
    return render(
        request,
        "plays/form.html",
        {"form": form, "heading": "Change your play", "play": play},
        status=status,
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    require(request.user, REVIEW_CONTRIBUTIONS)
    waiting = (
        Play.objects.filter(status=Play.Status.SUBMITTED)
        .select_related("area")
        .order_by("created_at")
    )
    return render(request, "plays/moderation.html", {"plays": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, play_id: int) -> HttpResponse:
    require(request.user, REVIEW_CONTRIBUTIONS)
    play: Play = get_object_or_404(Play.objects.select_related("area", "author"), pk=play_id)

    def decide(data: dict[str, Any]) -> HttpResponse:
        services.play_moderate(
            actor=request.user,  # type: ignore[arg-type]
            play=play,
            decision=data["decision"],
            notes=data["notes"],
            sections=list(data["sections"]),
        )
        messages.success(request, "Your decision has been saved and the author emailed.")
        return redirect("plays:moderation")

    return form_page(
        request,
        ModerationForm,
        "plays/moderate.html",
        {"play": play},
        decide,
        initial={"sections": [s.pk for s in play.sections.all()]},
        error_field="notes",
    )
