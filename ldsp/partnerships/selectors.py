"""Reads of the network, with their queries fixed however many rows there are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from ldsp.core.sectors import Sector
from ldsp.partnerships.models import Membership, Organisation, Partnership
from ldsp.places.models import Area, AreaScheme, LocalAuthority
from ldsp.places.selectors import default_scheme


def partnerships_filtered(
    *, status: str = "", area_slug: str = "", sector: str = ""
) -> QuerySet[Partnership]:
    """The directory, filtered by status, area and the sector of members."""
    found = Partnership.objects.prefetch_related("areas").annotate(
        member_count=Count("memberships", distinct=True)
    )
    if status:
        found = found.filter(status=status)
    if area_slug:
        found = found.filter(areas__slug=area_slug)
    if sector:
        found = found.filter(memberships__organisation__sector=sector)
    return found.distinct().order_by("name")


def partnership_detail(slug: str) -> Partnership:
    return Partnership.objects.prefetch_related(
        "areas",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").order_by(
                "organisation__name"
            ),
        ),
        "goals",
        "actions__owner",
        "pledges__organisation",
    ).get(slug=slug)


def member_figures(groups: list[tuple[str, list[Membership]]]) -> dict[str, int]:
    """How many member organisations a partnership has, and from how many sectors."""
    return {
        "organisations": len({m.organisation_id for _, members in groups for m in members}),
        "sectors": len(groups),
    }


def members_by_sector(partnership: Partnership) -> list[tuple[str, list[Membership]]]:
    """Members grouped under their sector's name, in the order sectors are listed."""
    groups: dict[str, list[Membership]] = {}
    for membership in partnership.memberships.all():
        groups.setdefault(membership.organisation.sector, []).append(membership)
    return [(label, groups[value]) for value, label in Sector.choices if value in groups]


@dataclass
class AreaCoverage:
    """One area on the coverage map: the best status of the partnerships that cover it."""

    area: Area
    status: str
    partnerships: list[Partnership]


STATUS_RANK = {"active": 4, "forming": 3, "exploring": 2, "paused": 1}


def coverage(scheme: AreaScheme) -> list[AreaCoverage]:
    """Every area of the scheme with the partnerships covering it."""
    areas = Area.objects.filter(scheme=scheme).prefetch_related("partnerships").order_by("name")
    result = []
    for area in areas:
        partnerships = sorted(area.partnerships.all(), key=lambda p: p.name)
        best = max((p.status for p in partnerships), key=lambda s: STATUS_RANK[s], default="none")
        result.append(AreaCoverage(area=area, status=best, partnerships=partnerships))
    return result


def organisations_taking_part_by_sector() -> list[tuple[str, int]]:
    """How many organisations belong to at least one partnership, per sector's name.

    ``order_by()`` clears ``Organisation.Meta.ordering`` and there is no ``distinct()``:
    with both, Django selects the ordering column and adds it to the GROUP BY, which
    splits each sector into one group per organisation name (every count became 1).
    """
    counts = dict(
        Organisation.objects.filter(memberships__isnull=False)
        .order_by()
        .values("sector")
        .annotate(n=Count("id", distinct=True))
        .values_list("sector", "n")
    )
    return [(label, counts[value]) for value, label in Sector.choices if value in counts]


def headline_figures(scheme: AreaScheme) -> dict[str, Any]:
    """Areas with an active partnership; organisations taking part, by sector."""
    active_areas = (
        Area.objects.filter(scheme=scheme, partnerships__status=Partnership.Status.ACTIVE)
        .distinct()
        .count()
    )
    return {
        "areas": Area.objects.filter(scheme=scheme).count(),
        "active_areas": active_areas,
        "covered_areas": Area.objects.filter(scheme=scheme, partnerships__isnull=False)
        .distinct()
        .count(),
        "organisations": Organisation.objects.filter(memberships__isnull=False).distinct().count(),
        "by_sector": organisations_taking_part_by_sector(),
        "partnerships": Partnership.objects.count(),
    }


def network_figures() -> dict[str, Any] | None:
    """The home page's figures for the default area scheme, or None before areas are loaded."""
    scheme = default_scheme()
    return headline_figures(scheme) if scheme is not None else None


def organisation_detail(slug: str) -> Organisation:
    return Organisation.objects.prefetch_related(
        "areas", Prefetch("memberships", queryset=Membership.objects.select_related("partnership"))
    ).get(slug=slug)


def partnerships_covering(local_authority: LocalAuthority | int) -> QuerySet[Partnership]:
    """The partnerships whose areas include a local authority district, by name."""
    return (
        Partnership.objects.filter(areas__local_authorities=local_authority)
        .distinct()
        .order_by("name")
    )
