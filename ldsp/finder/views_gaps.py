"""Where help is missing: the districts with no help of a kind within reach, for all
England (or one area) and for each partnership, as a map, a table and a CSV."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from ldsp.core.formfields import whole_number_field
from ldsp.core.pagecache import cached_for_visitors, content_version, is_page_number, is_slug
from ldsp.finder import gaps as help_gaps
from ldsp.finder.gaps_map import ATTRIBUTION, gaps_svg, is_numbered
from ldsp.lib.csvsafe import SafeWriter
from ldsp.partnerships.models import Partnership
from ldsp.places.models import Area, LocalAuthority
from ldsp.places.selectors import default_scheme

PAGE_SIZE = 50


def _is_reach(value: str) -> bool:
    """A reach the form accepts, as typed in a link (blank is the default)."""
    return value == "" or (
        value.isdigit() and help_gaps.MIN_REACH_KM <= int(value) <= help_gaps.MAX_REACH_KM
    )


QUERY_RULES = {
    "kind": lambda value: value in ("", *help_gaps.KIND_KEYS),
    "reach_km": _is_reach,
    "area": is_slug,
    "page": is_page_number,
}


class GapsForm(forms.Form):
    """What to look for: a kind of help, how far is within reach, and (for England) an area."""

    kind = forms.ChoiceField(
        label="Kind of help",
        choices=[(kind.key, kind.label) for kind in help_gaps.HELP_KINDS],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of help from the list"},
    )
    reach_km = whole_number_field(
        noun="The distance",
        min_value=help_gaps.MIN_REACH_KM,
        max_value=help_gaps.MAX_REACH_KM,
        required=False,
        label="Within reach means within (kilometres)",
        help_text=(
            f"A whole number from {help_gaps.MIN_REACH_KM} to {help_gaps.MAX_REACH_KM}. "
            f"5 km is about 3 miles."
        ),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )

    def __init__(self, *args: Any, areas: Sequence[Area] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if areas is None:
            del self.fields["area"]
        else:
            area_field = self.fields["area"]
            assert isinstance(area_field, forms.ChoiceField)
            area_field.choices = [("", "All of England")] + [
                (area.slug, area.name) for area in areas
            ]


@dataclass(frozen=True)
class Choice:
    """The valid answers of the form, with the defaults filled in."""

    kind: help_gaps.HelpKind
    reach_km: int
    area_slug: str


def _choice(form: GapsForm) -> Choice | None:
    """The form's answers, or None when one is wrong (the form then holds the errors)."""
    if form.is_bound and not form.is_valid():
        return None
    data = form.cleaned_data if form.is_bound else {}
    return Choice(
        kind=help_gaps.help_kind(data.get("kind") or help_gaps.ANY_HELP),
        reach_km=data.get("reach_km") or help_gaps.DEFAULT_REACH_KM,
        area_slug=data.get("area") or "",
    )


def _scheme_areas() -> QuerySet[Area]:
    scheme = default_scheme()
    return Area.objects.filter(scheme=scheme).order_by("name") if scheme else Area.objects.none()


def _map(rows: Sequence[help_gaps.DistrictSupply], choice: Choice, place: str) -> str:
    """The map, drawn once per content version and question (drawing takes a while)."""
    codes = ",".join(row.code for row in rows)
    question = f"{codes}|{choice.kind.key}|{choice.reach_km}|{place}"
    key = (
        f"ldsp:finder-gaps-map:{content_version()}:{hashlib.sha256(question.encode()).hexdigest()}"
    )
    svg = cache.get(key)
    if svg is None:
        boundaries = dict(
            LocalAuthority.objects.filter(code__in=[row.code for row in rows]).values_list(
                "code", "boundary"
            )
        )
        svg = gaps_svg(rows, boundaries, kind=choice.kind, reach_km=choice.reach_km, place=place)
        cache.set(key, svg, timeout=help_gaps.CACHE_SECONDS)
    return str(svg)


def _table(
    request: HttpRequest, choice: Choice, authority_ids: list[int] | None
) -> list[help_gaps.DistrictSupply]:
    rows = help_gaps.supply_by_district_cached(
        reach_km=choice.reach_km, authority_ids=authority_ids
    )
    return help_gaps.biggest_gaps_first(rows, choice.kind.key)


def _render(
    request: HttpRequest,
    *,
    form: GapsForm,
    choice: Choice | None,
    rows: list[help_gaps.DistrictSupply],
    place: str,
    extra: dict[str, Any],
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "choice": choice,
        "place": place,
        "kinds": help_gaps.HELP_KINDS,
        "min_reach": help_gaps.MIN_REACH_KM,
        "max_reach": help_gaps.MAX_REACH_KM,
        "attribution": ATTRIBUTION,
        **extra,
    }
    if choice is None:
        return render(request, "finder/gaps.html", context, status=400)
    summary = help_gaps.gap_summary(rows, choice.kind.key)
    context.update(
        {
            "page": Paginator(list(enumerate(rows, start=1)), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "summary": summary,
            "numbered": is_numbered(summary.districts),
            "map_svg": _map(rows, choice, place) if rows else "",
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "finder/gaps.html", context)


@require_GET
@cached_for_visitors(query=QUERY_RULES)
def gaps(request: HttpRequest) -> HttpResponse:
    """/areas/help-missing/: every district of England (or of one area)."""
    areas = list(_scheme_areas())
    form = GapsForm(request.GET or None, areas=areas)
    choice = _choice(form)
    area = next((a for a in areas if choice and a.slug == choice.area_slug), None)
    rows: list[help_gaps.DistrictSupply] = []
    if choice is not None:
        rows = _table(
            request, choice, help_gaps.authority_ids_of_areas([area.pk]) if area else None
        )
    partnerships = list(area.partnerships.order_by("name")) if area else []
    return _render(
        request,
        form=form,
        choice=choice,
        rows=rows,
        place=area.name if area else "England",
        extra={
            "area": area,
            "partnerships": partnerships,
            "csv_url": reverse("finder:gaps_csv"),
            "page_url": reverse("finder:gaps"),
        },
    )


@require_GET
@cached_for_visitors(query=QUERY_RULES)
def partnership_gaps(request: HttpRequest, slug: str) -> HttpResponse:
    """/partnerships/<slug>/help-missing/: the districts of the partnership's areas."""
    partnership = get_object_or_404(Partnership, slug=slug)
    form = GapsForm(request.GET or None)
    choice = _choice(form)
    rows: list[help_gaps.DistrictSupply] = []
    if choice is not None:
        rows = _table(request, choice, _partnership_authorities(partnership))
    return _render(
        request,
        form=form,
        choice=choice,
        rows=rows,
        place=partnership.name,
        extra={
            "partnership": partnership,
            "csv_url": reverse("finder:partnership_gaps_csv", args=[partnership.slug]),
            "page_url": reverse("finder:partnership_gaps", args=[partnership.slug]),
        },
    )


def _partnership_authorities(partnership: Partnership) -> list[int]:
    return help_gaps.authority_ids_of_areas(list(partnership.areas.values_list("pk", flat=True)))


def _csv(rows: Sequence[help_gaps.DistrictSupply], choice: Choice, file_name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    writer = SafeWriter(response)
    writer.writerow(
        [
            "rank",
            "district_code",
            "district",
            "live_postcodes",
            "reach_km",
            "kind_of_help",
            "help_missing",
            *(f"offers_{kind.key}" for kind in help_gaps.HELP_KINDS),
            "centres_within_reach",
        ]
    )
    for rank, row in enumerate(rows, start=1):
        writer.writerow(
            [
                rank,
                row.code,
                row.name,
                row.live_postcodes,
                choice.reach_km,
                choice.kind.label,
                "yes" if row.lacks(choice.kind.key) else "no",
                *row.offers,
                row.centres,
            ]
        )
    return response


def _csv_refused(form: GapsForm) -> HttpResponse:
    messages = "; ".join(str(error) for errors in form.errors.values() for error in errors)
    return HttpResponse(messages, status=400, content_type="text/plain; charset=utf-8")


@require_GET
def gaps_csv(request: HttpRequest) -> HttpResponse:
    """The England (or one area's) table as CSV, with the page's choices."""
    areas = list(_scheme_areas())
    form = GapsForm(request.GET or None, areas=areas)
    choice = _choice(form)
    if choice is None:
        return _csv_refused(form)
    area = next((a for a in areas if a.slug == choice.area_slug), None)
    rows = _table(request, choice, help_gaps.authority_ids_of_areas([area.pk]) if area else None)
    name = f"help-missing-{area.slug if area else 'england'}-{choice.kind.key}-{choice.reach_km}km"
    return _csv(rows, choice, f"{name}.csv")


@require_GET
def partnership_gaps_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """A partnership's table as CSV, with the page's choices."""
    partnership = get_object_or_404(Partnership, slug=slug)
    form = GapsForm(request.GET or None)
    choice = _choice(form)
    if choice is None:
        return _csv_refused(form)
    rows = _table(request, choice, _partnership_authorities(partnership))
    name = f"help-missing-{partnership.slug}-{choice.kind.key}-{choice.reach_km}km"
    return _csv(rows, choice, f"{name}.csv")


# --- the summaries other pages show (through core.extensions) ---------------------------


def _panel(
    rows: list[help_gaps.DistrictSupply], *, scope: str, link_suffix: str, url: str
) -> SafeString:
    summaries = help_gaps.gap_summaries(rows)
    return SafeString(
        render_to_string(
            "finder/gaps_panel.html",
            {
                "scope": scope,
                "link_suffix": link_suffix,
                "url": url,
                "reach_km": help_gaps.DEFAULT_REACH_KM,
                "districts": len(rows),
                "lacking": [summary for summary in summaries if summary.districts],
            },
        )
    )


def partnership_panel(partnership: Any) -> SafeString | None:
    """The "where help is missing" summary on a partnership's page."""
    if not isinstance(partnership, Partnership):
        return None
    rows = help_gaps.supply_by_district_cached(authority_ids=_partnership_authorities(partnership))
    if not rows:
        return None
    url = reverse("finder:partnership_gaps", args=[partnership.slug])
    return _panel(
        rows, scope="this partnership covers", link_suffix=f" for {partnership.name}", url=url
    )


def coverage_panel() -> SafeString | None:
    """The "where help is missing" summary on the coverage page (/areas/)."""
    rows = help_gaps.supply_by_district_cached()
    if not rows:
        return None
    return _panel(rows, scope="in England", link_suffix=" in England", url=reverse("finder:gaps"))
