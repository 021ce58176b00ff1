"""The public finder: search by place, the results as a page, a map and a CSV, a centre's
page, and "report a change"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import get_adapter
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core.formpages import form_page
from ldsp.finder import selectors
from ldsp.finder.forms_find import (
    DEFAULT_RADIUS_MILES,
    FILTER_FIELDS,
    RADIUS_MILES,
    ChangeReportForm,
    FindForm,
)
from ldsp.finder.jsonld import centre_jsonld, jsonld_script_text
from ldsp.finder.maps import Marker, results_map_svg
from ldsp.finder.models import Centre, CourseSession, Offer, Weekday
from ldsp.finder.selectors import Place, PlaceNotFound
from ldsp.finder.services_reports import change_report_create
from ldsp.finder.vocabulary import LANGUAGES
from ldsp.lib.csvsafe import SafeWriter
from ldsp.partnerships.models import Partnership
from ldsp.partnerships.selectors import partnerships_covering
from ldsp.places.models import LocalAuthority

PAGE_SIZE = 10


@dataclass
class Search:
    """A search that found its place: everything the results need."""

    place: Place
    found: list[tuple[int, float]]
    radius_miles: int
    radius_km: float
    filters: selectors.CentreFilters


def _search(form: FindForm) -> Search | None:
    """Run the form's search; None (with the error on the form) when it cannot be run."""
    if not form.is_valid():
        return None
    try:
        place = selectors.place_find(form.cleaned_data.get("q") or "")
    except PlaceNotFound as error:
        form.add_error("q", str(error))
        return None
    filters = form.filters()
    radius_km = form.radius_km()
    found = selectors.centres_near(
        place.latitude, place.longitude, radius_km=radius_km, filters=filters
    )
    return Search(place, found, form.radius_miles(), radius_km, filters)


def _filters_wrong(form: FindForm) -> bool:
    """Whether a filter (hidden in the folded panel) is at fault, so the panel opens."""
    return any(name in form.errors for name in FILTER_FIELDS)


def _covering(local_authority: LocalAuthority | None) -> list[Partnership]:
    """The partnerships whose areas include the local authority."""
    if local_authority is None:
        return []
    return list(partnerships_covering(local_authority))


def _query(request: HttpRequest, *, drop: tuple[str, ...] = (), **changes: str) -> str:
    """The request's query string with some parameters dropped or changed, page reset."""
    query = request.GET.copy()
    for name in (*drop, "page"):
        query.pop(name, None)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def opening_words(moment: datetime.datetime | None, now: datetime.datetime) -> str:
    """When a centre next opens, in words: "Open now", "Opens tomorrow at 10:00"."""
    if moment is None:
        return ""
    if moment <= now:
        return "Open now"
    days = (moment.date() - now.date()).days
    time = moment.strftime("%H:%M")
    if days == 0:
        return f"Opens today at {time}"
    if days == 1:
        return f"Opens tomorrow at {time}"
    return f"Opens {Weekday(moment.weekday()).label} at {time}"


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    """Search for help near a place, with filters; nearest first, a page at a time."""
    if "q" not in request.GET:
        return render(request, "finder/find.html", {"form": FindForm(), "searched": False})
    form = FindForm(request.GET)
    search = _search(form)
    if search is None:
        return render(
            request,
            "finder/find.html",
            {"form": form, "searched": True, "filters_open": _filters_wrong(form)},
            status=400,
        )
    page: Page[tuple[int, float]] = Paginator(search.found, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.localtime()
    results = selectors.nearby_centres_detail(list(page.object_list), search.filters, now=now)
    numbered = [
        (page.start_index() + index, result, opening_words(result.next_opening, now))
        for index, result in enumerate(results)
    ]
    place = search.place
    wider = [miles for miles in RADIUS_MILES if miles > search.radius_miles]
    context: dict[str, Any] = {
        "form": form,
        "searched": True,
        "place": place,
        "page": page,
        "results": numbered,
        "total": len(search.found),
        "radius_miles": search.radius_miles,
        "filter_count": search.filters.count,
        "filters_open": bool(search.filters.count),
        "partnerships": _covering(place.local_authority),
        "wider_miles": wider[0] if wider else None,
        "wider_query": _query(request, radius=str(wider[0])) if wider else "",
        "unfiltered_query": _query(request, drop=FILTER_FIELDS),
        "csv_query": _query(request),
        "map_svg": results_map_svg(
            latitude=place.latitude,
            longitude=place.longitude,
            radius_km=search.radius_km,
            place_label=place.label,
            markers=[
                Marker(number, result.centre.latitude, result.centre.longitude)
                for number, result, _words in numbered
            ],
            boundary=place.local_authority.boundary if place.local_authority else None,
            boundary_name=place.local_authority.name if place.local_authority else "",
        ),
    }
    return render(request, "finder/find.html", context)


def _offer_summary(offer: Offer) -> str:
    cost = "Free" if offer.is_free else offer.cost
    formats = ", ".join(offer.format_labels)
    return f"{offer.title} ({cost}{'; ' + formats if formats else ''})"


@require_GET
def results_csv(request: HttpRequest) -> HttpResponse:
    """Every result of a search (not only one page), as a spreadsheet-safe CSV file."""
    form = FindForm(request.GET)
    search = _search(form)
    if search is None:
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(
            problems or "Enter a place.", status=400, content_type="text/plain; charset=utf-8"
        )
    now = timezone.localtime()
    results = selectors.nearby_centres_detail(search.found, search.filters, now=now)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="digital-skills-help.csv"'
    writer = SafeWriter(response)
    writer.writerow(
        [
            "number",
            "name",
            "distance_miles",
            "distance_km",
            "distance_is_approximate",
            "organisation",
            "address",
            "postcode",
            "status",
            "phone",
            "email",
            "website",
            "next_opening",
            "offers",
            "last_checked_on",
            "url",
        ]
    )
    for number, result in enumerate(results, start=1):
        centre = result.centre
        writer.writerow(
            [
                number,
                centre.name,
                round(result.distance_miles, 1),
                round(result.distance_km, 1),
                "yes" if search.place.approximate or centre.location_is_approximate else "no",
                centre.organisation.name,
                ", ".join(line.strip() for line in centre.address.splitlines() if line.strip()),
                centre.postcode,
                centre.get_status_display(),
                centre.phone,
                centre.email,
                centre.website,
                result.next_opening.isoformat(timespec="minutes") if result.next_opening else "",
                "; ".join(_offer_summary(offer) for offer in result.matching_offers),
                centre.last_checked_on.isoformat(),
                request.build_absolute_uri(centre.get_absolute_url()),
            ]
        )
    return response


def _visible_centre(slug: str) -> Centre:
    try:
        return selectors.centre_detail(slug)
    except Centre.DoesNotExist as missing:
        raise Http404("No such centre") from missing


def _opening_table(centre: Centre) -> list[tuple[str, list[str]]]:
    """Each day of the week with its opening hours (an empty list: closed)."""
    by_day: dict[int, list[str]] = {day: [] for day in Weekday.values}
    for slot in centre.opening_slots.all():
        by_day[slot.weekday].append(f"{slot.opens_at:%H:%M} to {slot.closes_at:%H:%M}")
    return [(str(Weekday(day).label), hours) for day, hours in by_day.items()]


@require_GET
def centre_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything about one centre, with schema.org data for other finders."""
    centre = _visible_centre(slug)
    now = timezone.now()
    offers: list[tuple[Offer, list[CourseSession]]] = [
        (offer, [session for session in offer.sessions.all() if session.ends_at >= now])
        for offer in centre.offers.all()
    ]
    page_url = request.build_absolute_uri(centre.get_absolute_url())
    opening = selectors.next_opening(centre.opening_slots.all(), timezone.localtime())
    return render(
        request,
        "finder/centre.html",
        {
            "centre": centre,
            "offers": offers,
            "opening_table": _opening_table(centre),
            "has_opening_times": bool(centre.opening_slots.all()),
            "next_opening": opening_words(opening, timezone.localtime()),
            "languages": [
                LANGUAGES.get(language.code, language.code) for language in centre.languages.all()
            ],
            "partnerships": _covering(centre.local_authority),
            "jsonld": jsonld_script_text(centre_jsonld(centre, page_url=page_url, now=now)),
            "default_radius": DEFAULT_RADIUS_MILES,
        },
    )


@require_http_methods(["GET", "POST"])
def report_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone tells the partnership a centre's details are wrong; it is stored and emailed."""
    centre = _visible_centre(slug)

    def send(data: dict[str, Any]) -> HttpResponse:
        change_report_create(
            actor=request.user,  # type: ignore[arg-type]
            centre=centre,
            address=get_adapter(request).get_client_ip(request),
            **data,
        )
        return redirect("finder:report_sent", centre.slug)

    return form_page(
        request, ChangeReportForm, "finder/report_change.html", {"centre": centre}, send
    )


@require_GET
def report_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirmation after a report: what happens next."""
    return render(request, "finder/report_sent.html", {"centre": _visible_centre(slug)})
