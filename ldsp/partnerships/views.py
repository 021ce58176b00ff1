"""The network's pages: directory, partnership, organisation and the coverage map."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core.formpages import form_page
from ldsp.core.pagecache import (
    cached_for_visitors,
    is_page_number,
    is_slug,
    one_of,
    text_up_to,
)
from ldsp.core.sectors import ORGANISATION_SECTORS, Sector
from ldsp.lib.csvsafe import SafeWriter
from ldsp.lib.postcodes import PostcodeError
from ldsp.partnerships import contact, selectors, services
from ldsp.partnerships.coverage_map import coverage_svg
from ldsp.partnerships.forms import (
    DeclineForm,
    GoalForm,
    JoinRequestForm,
    PartnershipForm,
    PledgeForm,
    PledgeProgressForm,
    PostcodeForm,
)
from ldsp.partnerships.forms_contact import PartnershipContactForm
from ldsp.partnerships.models import JoinRequest, Organisation, Partnership, Pledge
from ldsp.places.models import Area
from ldsp.places.selectors import default_scheme, postcode_place

DIRECTORY_PAGE_SIZE = 25


def _managed_partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership, if the signed-in person may manage it (403 if not)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not services.can_manage(request.user, partnership):  # type: ignore[arg-type]
        raise PermissionDenied
    return partnership


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "status": request.GET.get("status", "")
        if request.GET.get("status") in Partnership.Status.values
        else "",
        "area_slug": request.GET.get("area", ""),
        "sector": request.GET.get("sector", "")
        if request.GET.get("sector") in Sector.values
        else "",
    }


@require_GET
@cached_for_visitors(
    query={
        "status": one_of(*Partnership.Status.values),
        "area": is_slug,
        "sector": one_of(*Sector.values),
        "page": is_page_number,
    }
)
def directory(request: HttpRequest) -> HttpResponse:
    """Every partnership, filtered by status, area and the sector of members."""
    filters = _filters(request)
    page = Paginator(selectors.partnerships_filtered(**filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    scheme = default_scheme()
    return render(
        request,
        "partnerships/directory.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Partnership.Status.choices,
            "sectors": ORGANISATION_SECTORS,
            "areas": Area.objects.filter(scheme=scheme).order_by("name") if scheme else [],
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def directory_csv(request: HttpRequest) -> HttpResponse:
    """The directory (with the same filters) as a CSV file."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partnerships.csv"'
    writer = SafeWriter(response)
    writer.writerow(["name", "status", "launched_on", "areas", "members", "website", "url"])
    for partnership in selectors.partnerships_filtered(**_filters(request)):
        writer.writerow(
            [
                partnership.name,
                partnership.get_status_display(),
                partnership.launched_on.isoformat() if partnership.launched_on else "",
                "; ".join(area.name for area in partnership.areas.all()),
                partnership.member_count,  # type: ignore[attr-defined]
                partnership.website,
                request.build_absolute_uri(partnership.get_absolute_url()),
            ]
        )
    return response


@require_GET
@cached_for_visitors()
def partnership_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A partnership: members by sector, action plan, pledges."""
    try:
        partnership = selectors.partnership_detail(slug)
    except Partnership.DoesNotExist:
        raise Http404 from None
    can_manage = services.can_manage(request.user, partnership)  # type: ignore[arg-type]
    groups = selectors.members_by_sector(partnership)
    return render(
        request,
        "partnerships/partnership.html",
        {
            "partnership": partnership,
            "groups": groups,
            "member_figures": selectors.member_figures(groups),
            "can_manage": can_manage,
            "pending": partnership.join_requests.filter(status=JoinRequest.Status.PENDING).count()
            if can_manage
            else 0,
        },
    )


@require_http_methods(["GET", "POST"])
def partnership_contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone writes to the coordinators; the message goes to each of them by email."""
    partnership = get_object_or_404(Partnership, slug=slug)

    def send(data: dict[str, Any]) -> HttpResponse:
        contact.partnership_message_send(
            actor=request.user,  # type: ignore[arg-type]
            partnership=partnership,
            address=get_adapter(request).get_client_ip(request),
            **data,
        )
        return redirect("partnerships:contact_sent", partnership.slug)

    return form_page(
        request,
        PartnershipContactForm,
        "partnerships/contact.html",
        {
            "partnership": partnership,
            "can_receive": bool(contact.partnership_message_recipients(partnership)),
        },
        send,
        form_kwargs={"signed_in": request.user.is_authenticated},
    )


@require_GET
def partnership_contact_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmation after a message was sent: what happens next."""
    partnership = get_object_or_404(Partnership, slug=slug)
    return render(request, "partnerships/contact_sent.html", {"partnership": partnership})


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _managed_partnership(request, slug)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.partnership_update(actor=request.user, partnership=partnership, **data)  # type: ignore[arg-type]
        messages.success(request, "The partnership's details have been saved.")
        return redirect(partnership)

    fields = ["status", "launched_on", "summary", "contacts", "website"]
    return form_page(
        request,
        PartnershipForm,
        "partnerships/edit.html",
        {"partnership": partnership},
        save,
        initial={field: getattr(partnership, field) for field in fields},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for your organisation to join a partnership."""
    partnership = get_object_or_404(Partnership, slug=slug)

    def send(data: dict[str, Any]) -> HttpResponse:
        join_request, created = services.join_request_create(
            actor=request.user,  # type: ignore[arg-type]
            partnership=partnership,
            **data,
        )
        if created:
            messages.success(
                request, "Your request has been sent. The coordinators will email you."
            )
        else:
            sent_on = date_format(timezone.localtime(join_request.created_at), "j F Y")
            messages.info(
                request,
                f"You have already asked for {join_request.organisation_name} to join. "
                f"Your request, sent on {sent_on}, is waiting for a decision. "
                "The coordinators will email you.",
            )
        return redirect(partnership)

    return form_page(
        request,
        JoinRequestForm,
        "partnerships/join.html",
        {"partnership": partnership},
        send,
        error_field="organisation_name",
    )


@login_required
@require_GET
def join_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators: requests to join, waiting first."""
    partnership = _managed_partnership(request, slug)
    found = partnership.join_requests.select_related("requested_by").order_by(
        "status", "created_at"
    )
    return render(
        request,
        "partnerships/join_requests.html",
        {"partnership": partnership, "requests": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_request_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    partnership = _managed_partnership(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=request_id, partnership=partnership)
    form = DeclineForm()
    status = 200
    if request.method == "POST":
        approve = request.POST.get("decision") == "approve"
        if not approve:
            form = DeclineForm(request.POST)
        if approve or form.is_valid():
            try:
                services.join_request_decide(
                    actor=request.user,  # type: ignore[arg-type]
                    join_request=join_request,
                    approve=approve,
                    reason="" if approve else form.cleaned_data["reason"],
                )
            except services.PartnershipError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    f"{join_request.organisation_name} is now a member."
                    if approve
                    else "The request has been declined.",
                )
            return redirect("partnerships:join_requests", partnership.slug)
        status = 400
    return render(
        request,
        "partnerships/join_request.html",
        {"partnership": partnership, "join_request": join_request, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_progress(request: HttpRequest, slug: str, pledge_id: int) -> HttpResponse:
    pledge = get_object_or_404(
        Pledge.objects.select_related("partnership", "organisation"),
        pk=pledge_id,
        partnership__slug=slug,
    )
    if not services.can_manage(request.user, pledge.partnership):  # type: ignore[arg-type]
        raise PermissionDenied

    def save(data: dict[str, Any]) -> HttpResponse:
        services.pledge_update(actor=request.user, pledge=pledge, **data)  # type: ignore[arg-type]
        messages.success(request, "Progress on the pledge has been saved.")
        return redirect(pledge)

    return form_page(
        request,
        PledgeProgressForm,
        "partnerships/pledge.html",
        {"pledge": pledge},
        save,
        initial={"delivered": pledge.delivered, "status": pledge.status},
    )


@require_GET
@cached_for_visitors()
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_detail(slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return render(request, "partnerships/organisation.html", {"organisation": organisation})


@require_GET
@cached_for_visitors(query={"postcode": text_up_to(20)})
def coverage(request: HttpRequest) -> HttpResponse:
    """/areas/: the coverage map of England, its table, figures and a postcode lookup."""
    scheme = default_scheme()
    if scheme is None:
        raise Http404("No areas loaded")
    areas = selectors.coverage(scheme)
    form = PostcodeForm(request.GET or None)
    place = None
    covering: list[Partnership] = []
    status = 200
    if form.is_bound and form.is_valid():
        try:
            place = postcode_place(form.cleaned_data["postcode"])
        except PostcodeError as error:
            form.add_error("postcode", str(error))
            status = 400
        else:
            covering = list(place.area.partnerships.order_by("name"))
    elif form.is_bound:
        status = 400
    return render(
        request,
        "partnerships/coverage.html",
        {
            "scheme": scheme,
            "areas": areas,
            "map_svg": coverage_svg(areas),
            "figures": selectors.headline_figures(scheme),
            "form": form,
            "place": place,
            "covering": covering,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators record a member's pledge."""
    partnership = _managed_partnership(request, slug)
    members = Organisation.objects.filter(memberships__partnership=partnership).order_by("name")

    def add(data: dict[str, Any]) -> HttpResponse:
        services.pledge_create(actor=request.user, partnership=partnership, **data)  # type: ignore[arg-type]
        messages.success(request, "The pledge has been added.")
        return redirect(partnership.get_absolute_url() + "#pledges")

    context = {"partnership": partnership, "heading": "Add a pledge"}
    return form_page(
        request, PledgeForm, "partnerships/add.html", context, add, form_kwargs={"members": members}
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators add a goal to the action plan."""
    partnership = _managed_partnership(request, slug)

    def add(data: dict[str, Any]) -> HttpResponse:
        services.goal_create(actor=request.user, partnership=partnership, **data)  # type: ignore[arg-type]
        messages.success(request, "The goal has been added to the action plan.")
        return redirect(partnership.get_absolute_url() + "#plan")

    context = {"partnership": partnership, "heading": "Add a goal to the action plan"}
    return form_page(request, GoalForm, "partnerships/add.html", context, add)
