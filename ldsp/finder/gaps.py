"""Need against supply: for every local authority district, the help within reach.

A partnership plans from this. For each district we take its centre (the point
the ONS publishes for it) and count the offers at open centres within a
distance of it (5 km unless asked otherwise), per Essential Digital Skills area,
and for any help, free devices and free data. Beside that we set the number of
live postcodes in the district, from the shipped postcode data: a stand-in for
where people live. "Help is missing" where a district has no offer of a kind
within reach.

The work is one query for the districts, one for the offers, and Python for the
distances: centres are sorted by latitude, so each district looks only at the
band of centres whose latitude is within reach (a bisect), then at the box, and
measures exact distances for those alone. The cost grows with the centres in
each district's band, not with every centre for every district, and the number
of queries does not grow at all.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Sum

from ldsp.core.pagecache import content_version
from ldsp.core.skills import SkillArea
from ldsp.finder.facets import BIT
from ldsp.finder.models import Centre, Offer
from ldsp.finder.selectors import public_centres
from ldsp.lib.distance import box_around, distance_km
from ldsp.places.models import LocalAuthority

DEFAULT_REACH_KM = 5
MIN_REACH_KM = 1
MAX_REACH_KM = 50

ANY_HELP = "any"
FREE_DEVICES = "devices"
FREE_DATA = "data"
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class HelpKind:
    """A kind of help a district may lack: any help, a skills area, devices or data."""

    key: str
    label: str
    # How a sentence names it: "no help with Transacting", "no free devices".
    missing: str
    # and when there is some: "help with Transacting", "free devices".
    present: str


HELP_KINDS: tuple[HelpKind, ...] = (
    HelpKind(ANY_HELP, "Any help", "no help of any kind", "help of some kind"),
    *(
        HelpKind(
            str(area.value),
            str(area.label),
            f"no help with {area.label}",
            f"help with {area.label}",
        )
        for area in SkillArea
    ),
    HelpKind(
        FREE_DEVICES,
        "Free devices to borrow or keep",
        "no free devices to borrow or keep",
        "free devices to borrow or keep",
    ),
    HelpKind(
        FREE_DATA, "Free mobile data or SIMs", "no free mobile data or SIMs", "free mobile data"
    ),
)
KIND_KEYS: tuple[str, ...] = tuple(kind.key for kind in HELP_KINDS)
_KIND_INDEX = {key: index for index, key in enumerate(KIND_KEYS)}


def help_kind(key: str) -> HelpKind:
    """The kind of help with this key (``ValueError`` if there is none)."""
    if key not in _KIND_INDEX:
        raise ValueError(f"unknown kind of help {key!r}")
    return HELP_KINDS[_KIND_INDEX[key]]


@dataclass(frozen=True)
class DistrictSupply:
    """One district: where it is, how many live postcodes, and the offers within reach."""

    pk: int
    code: str
    name: str
    latitude: float
    longitude: float
    live_postcodes: int
    # Offers within reach, one count per HELP_KINDS entry, in that order.
    offers: tuple[int, ...]
    centres: int

    def offers_of(self, kind: str) -> int:
        return self.offers[_KIND_INDEX[kind]]

    def lacks(self, kind: str) -> bool:
        return self.offers_of(kind) == 0

    def per_thousand_postcodes(self, kind: str) -> float | None:
        """Offers of the kind for every 1,000 live postcodes (None with no live postcodes)."""
        if not self.live_postcodes:
            return None
        return self.offers_of(kind) * 1000 / self.live_postcodes

    @property
    def cells(self) -> list[tuple[HelpKind, int]]:
        """Each kind of help with its count, for a table row."""
        return list(zip(HELP_KINDS, self.offers, strict=True))


_SKILL_AREAS = frozenset(SkillArea.values)


@dataclass(frozen=True)
class _Supply:
    """Open centres sorted by latitude, as columns (the loop over them is the hot path)."""

    latitudes: list[float]
    longitudes: list[float]
    offers: list[tuple[int, ...]]


def _kinds_of(facets: int) -> tuple[int, ...]:
    """The positions in HELP_KINDS that an offer with these facet bits counts towards."""
    positions = [_KIND_INDEX[ANY_HELP]]
    positions += [_KIND_INDEX[area] for area in SkillArea.values if facets & BIT[("area", area)]]
    if facets & BIT[("devices", "yes")]:
        positions.append(_KIND_INDEX[FREE_DEVICES])
    if facets & BIT[("data", "yes")]:
        positions.append(_KIND_INDEX[FREE_DATA])
    return tuple(positions)


def _supply_centres(
    districts: Sequence[tuple[int, str, str, float, float, int]], reach_km: float
) -> _Supply:
    """Every open centre that may be within reach of one of the districts, with its offer
    counts per kind: one query.

    Only centres that are open count: a temporarily closed centre is still shown to
    people looking for help, but it is not help anyone can get today. When the
    districts are few (one partnership's), the query asks only for the box around them.
    """
    centres = public_centres().filter(status=Centre.Status.ACTIVE)
    if len(districts) < 60:
        boxes = [box_around(lat, lon, reach_km) for _pk, _c, _n, lat, lon, _l in districts]
        centres = centres.filter(
            latitude__range=(min(b.south for b in boxes), max(b.north for b in boxes)),
            longitude__range=(min(b.west for b in boxes), max(b.east for b in boxes)),
        )
    rows = (
        Offer.objects.filter(centre__in=centres)
        .values_list("centre_id", "centre__latitude", "centre__longitude", "facets")
        .order_by()
    )
    counts: dict[int, list[int]] = {}
    places: dict[int, tuple[float, float]] = {}
    # Offers share a few facet patterns: work out each pattern's kinds once.
    kinds = functools.cache(_kinds_of)
    for centre_id, lat, lon, facets in rows.iterator(chunk_size=5000):
        tally = counts.get(centre_id)
        if tally is None:
            tally = counts[centre_id] = [0] * len(HELP_KINDS)
            places[centre_id] = (lat, lon)
        for position in kinds(facets):
            tally[position] += 1
    order = sorted(counts, key=lambda pk: places[pk][0])
    return _Supply(
        latitudes=[places[pk][0] for pk in order],
        longitudes=[places[pk][1] for pk in order],
        offers=[tuple(counts[pk]) for pk in order],
    )


def supply_by_district(
    *, reach_km: float = DEFAULT_REACH_KM, authority_ids: Collection[int] | None = None
) -> list[DistrictSupply]:
    """Every district with live postcodes (or only ``authority_ids``), with the offers
    within ``reach_km`` of its centre, in name order. Two queries, however many rows."""
    authorities = LocalAuthority.objects.filter(postcode_districts__isnull=False)
    if authority_ids is not None:
        authorities = authorities.filter(pk__in=list(authority_ids))
    districts = list(
        authorities.values("pk", "code", "name", "latitude", "longitude")
        .annotate(live=Sum("postcode_districts__active_postcodes"))
        .values_list("pk", "code", "name", "latitude", "longitude", "live")
        .order_by("name", "code")
    )
    if not districts:
        return []
    supply = _supply_centres(districts, reach_km)
    latitudes, longitudes, offers = supply.latitudes, supply.longitudes, supply.offers
    nothing = (0,) * len(HELP_KINDS)
    result: list[DistrictSupply] = []
    for pk, code, name, lat, lon, live in districts:
        box = box_around(lat, lon, reach_km)
        west, east = box.west, box.east
        within = [
            index
            for index in range(
                bisect.bisect_left(latitudes, box.south), bisect.bisect_right(latitudes, box.north)
            )
            if west <= longitudes[index] <= east
            and distance_km(lat, lon, latitudes[index], longitudes[index]) <= reach_km
        ]
        totals = (
            tuple(sum(column) for column in zip(*(offers[index] for index in within), strict=True))
            if within
            else nothing
        )
        result.append(
            DistrictSupply(
                pk=pk,
                code=code,
                name=name,
                latitude=lat,
                longitude=lon,
                live_postcodes=int(live or 0),
                offers=totals,
                centres=len(within),
            )
        )
    return result


def biggest_gaps_first(rows: Iterable[DistrictSupply], kind: str) -> list[DistrictSupply]:
    """Districts with none of the kind of help first, most live postcodes first; then
    the rest, least help for their live postcodes first."""

    def order(row: DistrictSupply) -> tuple[int, float, str]:
        if row.lacks(kind):
            return (0, -row.live_postcodes, row.name)
        return (1, row.per_thousand_postcodes(kind) or 0.0, row.name)

    return sorted(rows, key=order)


@dataclass(frozen=True)
class GapSummary:
    """How many districts lack a kind of help, and how many live postcodes they hold."""

    kind: HelpKind
    districts: int
    of_districts: int
    live_postcodes: int
    of_live_postcodes: int

    @property
    def percent_of_postcodes(self) -> int:
        if not self.of_live_postcodes:
            return 0
        return round(100 * self.live_postcodes / self.of_live_postcodes)


def gap_summary(rows: Sequence[DistrictSupply], kind: str) -> GapSummary:
    """The districts with none of the kind of help within reach, counted."""
    lacking = [row for row in rows if row.lacks(kind)]
    return GapSummary(
        kind=help_kind(kind),
        districts=len(lacking),
        of_districts=len(rows),
        live_postcodes=sum(row.live_postcodes for row in lacking),
        of_live_postcodes=sum(row.live_postcodes for row in rows),
    )


def gap_summaries(rows: Sequence[DistrictSupply]) -> list[GapSummary]:
    """One summary for every kind of help, in the order kinds are listed."""
    return [gap_summary(rows, kind) for kind in KIND_KEYS]


def authority_ids_of_areas(area_ids: Collection[int]) -> list[int]:
    """The districts that make up the areas (such as a partnership's LEP areas)."""
    return list(
        LocalAuthority.objects.filter(areas__in=list(area_ids))
        .values_list("pk", flat=True)
        .distinct()
        .order_by()
    )


def supply_by_district_cached(
    *, reach_km: int = DEFAULT_REACH_KM, authority_ids: Collection[int] | None = None
) -> list[DistrictSupply]:
    """``supply_by_district``, kept under the content version: every change to centres
    moves the version on, so the table is never stale, and across 50,000 centres it is
    worked out once per change rather than once per page."""
    scope = "all" if authority_ids is None else ",".join(str(pk) for pk in sorted(authority_ids))
    digest = hashlib.sha256(scope.encode()).hexdigest()[:16]
    key = f"ldsp:finder-gaps:{content_version()}:{reach_km}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = supply_by_district(reach_km=reach_km, authority_ids=authority_ids)
        cache.set(key, rows, timeout=CACHE_SECONDS)
    return list(rows)
