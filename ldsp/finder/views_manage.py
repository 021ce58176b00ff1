"""Pages where coordinators and staff keep centres, offers and courses up to date.

Every page needs someone signed in; the list needs the coordinator role (or staff);
a centre's pages need permission for the local authority it is in. The services
check the same rules again, so a page that forgot could not write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from ldsp.core.errors import NotAllowed
from ldsp.finder import selectors_manage, services, services_manage
from ldsp.finder.forms_manage import (
    CentreForm,
    OfferForm,
    SessionForm,
    centre_initial,
    offer_initial,
    slots_needed,
)
from ldsp.finder.models import Centre, ChangeReport, Offer
from ldsp.finder.selectors_manage import ManageFilters

PAGE_SIZE = 25
REPORTS_SHOWN = 20


def _user(request: HttpRequest) -> Any:
    return request.user


def _require_manage_access(request: HttpRequest) -> None:
    if not selectors_manage.may_open_manage(_user(request)):
        raise PermissionDenied("Only partnership coordinators and staff can keep centres.")


def _managed_centre(request: HttpRequest, slug: str) -> Centre:
    """The centre, if the signed-in person may change it: 404 if there is none, 403
    if it is outside their partnerships' areas."""
    centre = selectors_manage.centre_for_editing(slug)
    if centre is None:
        raise Http404
    services.require_centre_manager(_user(request), centre.local_authority)
    return centre


def _managed_offer(request: HttpRequest, offer_id: int) -> Offer:
    offer = get_object_or_404(
        Offer.objects.select_related("centre__local_authority", "centre__organisation"),
        pk=offer_id,
    )
    services.require_centre_manager(_user(request), offer.centre.local_authority)
    return offer


def _back_to(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """Where a button on a list sends the person back to: the page they pressed it on."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _save_form(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], HttpResponse],
) -> HttpResponse | None:
    """Run ``write`` for a valid form; put a service's refusal beside the field it names.

    Returns None when the form is to be shown again (with its errors)."""
    if not form.is_valid():
        return None
    try:
        return write()
    except services.FinderError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
    except NotAllowed as error:
        # The person may change this centre (checked before the form was shown), so a
        # refusal now is about where the postcode puts it: say so beside the postcode.
        if "postcode" not in form.fields:
            raise
        form.add_error("postcode", f"{error} Check the postcode.")
    return None


# --- the coordinator's list --------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def manage(request: HttpRequest) -> HttpResponse:
    """The centres this person keeps, the ones not checked for a year, and changes
    people have reported."""
    _require_manage_access(request)
    user = _user(request)
    partnerships = list(selectors_manage.partnerships_managed_by(user))
    authorities = list(selectors_manage.authorities_managed_by(user))
    filters = ManageFilters(
        partnership=request.GET.get("partnership", "")[:220],
        authority=request.GET.get("authority", "")[:12],
        text=" ".join(request.GET.get("q", "").split())[:100],
        stale_only=request.GET.get("stale") == "1",
    )
    unflagged = ManageFilters(filters.partnership, filters.authority, filters.text, False)
    within_filters = selectors_manage.centres_managed_by(user, unflagged)
    centres = selectors_manage.centres_managed_by(user, filters)
    page = Paginator(centres, PAGE_SIZE).get_page(request.GET.get("page"))
    reports = selectors_manage.open_reports_for(user)
    stale_query = request.GET.copy()
    stale_query.pop("page", None)
    stale_query["stale"] = "1"
    return render(
        request,
        "finder/manage/manage.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filters != ManageFilters(),
            "partnerships": partnerships,
            "authorities": authorities,
            "is_staff": user.is_staff,
            "total": selectors_manage.centres_managed_by(user).count(),
            "stale_count": selectors_manage.stale_count(within_filters),
            "stale_query": stale_query.urlencode(),
            "reports": list(reports[:REPORTS_SHOWN]),
            "report_count": reports.count(),
            "can_add": bool(authorities),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def centre_checked(request: HttpRequest, slug: str) -> HttpResponse:
    """Someone confirms a centre's details are still right today."""
    centre = _managed_centre(request, slug)
    services.centre_mark_checked(actor=_user(request), centre=centre)
    messages.success(request, f"{centre.name} is marked as checked today.")
    return _back_to(request, reverse("finder:manage"))


@login_required
@require_POST
def report_resolve(request: HttpRequest, report_id: int) -> HttpResponse:
    """Take a reported change off the list once it has been dealt with."""
    report = get_object_or_404(
        ChangeReport.objects.select_related("centre__local_authority"), pk=report_id
    )
    try:
        services_manage.change_report_resolve(actor=_user(request), report=report)
    except services.FinderError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"The reported change to {report.centre.name} is dealt with.")
    return _back_to(request, reverse("finder:manage"))


# --- centres -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def centre_create(request: HttpRequest) -> HttpResponse:
    """Add a centre in one of the person's partnerships' areas."""
    _require_manage_access(request)
    user = _user(request)
    if not selectors_manage.authorities_managed_by(user).exists():
        raise PermissionDenied("You can add centres once you coordinate a partnership.")
    organisations = selectors_manage.organisations_for(user)
    if request.method == "POST":
        form = CentreForm(request.POST, organisations=organisations)

        def write() -> HttpResponse:
            centre = services.centre_save(actor=user, details=form.details())
            messages.success(request, f"{centre.name} is added. Now add what it offers.")
            return redirect("finder:centre_edit", centre.slug)

        response = _save_form(request, form, write)
        if response is not None:
            return response
        status = 400
    else:
        form = CentreForm(
            organisations=organisations,
            initial={"status": Centre.Status.ACTIVE, "last_checked_on": timezone.localdate()},
        )
        status = 200
    return render(
        request,
        "finder/manage/centre_form.html",
        {"form": form, "centre": None, "no_organisations": not organisations.exists()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def centre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a centre's details; its offers and recent history are listed below."""
    centre = _managed_centre(request, slug)
    user = _user(request)
    organisations = selectors_manage.organisations_for(user, current=centre.organisation)
    slots = slots_needed(centre)
    if request.method == "POST":
        form = CentreForm(request.POST, organisations=organisations, slots_per_day=slots)

        def write() -> HttpResponse:
            saved = services.centre_save(actor=user, details=form.details(centre), centre=centre)
            messages.success(request, f"The details of {saved.name} are saved.")
            return redirect("finder:centre_edit", saved.slug)

        response = _save_form(request, form, write)
        if response is not None:
            return response
        status = 400
    else:
        form = CentreForm(
            organisations=organisations, slots_per_day=slots, initial=centre_initial(centre)
        )
        status = 200
    return render(
        request,
        "finder/manage/centre_form.html",
        {
            "form": form,
            "centre": centre,
            "offers": list(centre.offers.all()),
            "history": selectors_manage.centre_history(centre),
            "reports": list(centre.change_reports.filter(resolved_at__isnull=True)),
        },
        status=status,
    )


# --- offers and course sessions ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a kind of help to a centre."""
    centre = _managed_centre(request, slug)
    return _offer_page(request, centre, None)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Change an offer; its course sessions are listed below."""
    offer = _managed_offer(request, offer_id)
    return _offer_page(request, offer.centre, offer)


def _offer_page(request: HttpRequest, centre: Centre, offer: Offer | None) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = OfferForm(request.POST)

        def write() -> HttpResponse:
            saved = services.offer_save(
                actor=user, centre=centre, details=form.details(offer), offer=offer
            )
            verb = "added" if offer is None else "saved"
            messages.success(request, f"“{saved.title}” is {verb}.")
            return redirect(reverse("finder:centre_edit", args=[centre.slug]) + "#offers")

        response = _save_form(request, form, write)
        if response is not None:
            return response
        status = 400
    else:
        initial = offer_initial(offer) if offer else {"is_free": "yes", "booking_needed": "no"}
        form = OfferForm(initial=initial)
        status = 200
    return render(
        request,
        "finder/manage/offer_form.html",
        {
            "form": form,
            "centre": centre,
            "offer": offer,
            "sessions": list(offer.sessions.all()) if offer else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_delete(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Ask before removing an offer (and its sessions) for good; remove it on POST."""
    offer = _managed_offer(request, offer_id)
    centre = offer.centre
    if request.method == "POST":
        title = offer.title
        services.offer_delete(actor=_user(request), offer=offer)
        messages.success(request, f"“{title}” is removed from {centre.name}.")
        return redirect(reverse("finder:centre_edit", args=[centre.slug]) + "#offers")
    return render(
        request,
        "finder/manage/offer_delete.html",
        {"offer": offer, "centre": centre, "session_count": offer.sessions.count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Add a dated session to an offer, making it a course."""
    offer = _managed_offer(request, offer_id)
    if request.method == "POST":
        form = SessionForm(request.POST)

        def write() -> HttpResponse:
            starts_at, ends_at = form.moments()
            services.course_session_save(
                actor=_user(request),
                offer=offer,
                starts_at=starts_at,
                ends_at=ends_at,
                places=form.cleaned_data["places"],
                places_left=form.cleaned_data["places_left"],
            )
            messages.success(request, f"A session of “{offer.title}” is added.")
            return redirect(reverse("finder:offer_edit", args=[offer.pk]) + "#sessions")

        response = _save_form(request, form, write)
        if response is not None:
            return response
        status = 400
    else:
        form = SessionForm()
        status = 200
    return render(
        request,
        "finder/manage/session_form.html",
        {"form": form, "offer": offer, "centre": offer.centre},
        status=status,
    )
