"""Reading the finder: what the public may see, where a place is, and what is near it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from ldsp.core.errors import Refused
from ldsp.finder.facets import facet_bits
from ldsp.finder.models import Centre, CentreLanguage, Offer, OpeningSlot
from ldsp.lib.distance import Box, box_around, distance_km, km_to_miles
from ldsp.lib.postcodes import PostcodeError, parse_postcode
from ldsp.places.models import LocalAuthority, PostcodeDistrict

# --- what may be shown ------------------------------------------------------------------


# The statuses of centres kept for the record but never offered to people looking for help.
HIDDEN_STATUSES = (Centre.Status.CLOSED.value,)


def public_centres() -> QuerySet[Centre]:
    """Centres anyone may see: every page, API, CSV and export starts here.

    A closed centre is kept for the record (and its coordinators) but is not
    offered to people looking for help; a temporarily closed one still shows,
    with its status, so nobody wonders where it went.
    """
    return Centre.objects.exclude(status__in=HIDDEN_STATUSES)


# --- where is the place a person typed? ----------------------------------------------------


class PlaceNotFound(Refused):
    """What a person typed in the finder's box is not a place we can find."""


@dataclass(frozen=True)
class Place:
    """Where a search starts."""

    label: str
    latitude: float
    longitude: float
    # True when the point is a postcode district's or a local authority's centre.
    approximate: bool
    local_authority: LocalAuthority | None


PLACE_EXAMPLES = "a postcode like S1 2BX, the first part like S1, or a town like Sheffield"


def place_find(text: str) -> Place:
    """A full postcode, an outward code, or a local authority's name, as a point.

    Raises PlaceNotFound with words the person can act on.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise PlaceNotFound(f"Enter {PLACE_EXAMPLES}.")
    if any(character.isdigit() for character in cleaned):
        return _postcode_place(cleaned)
    return _named_place(cleaned)


def _postcode_place(text: str) -> Place:
    try:
        postcode = parse_postcode(text)
    except PostcodeError as error:
        raise PlaceNotFound(str(error)) from error
    district = (
        PostcodeDistrict.objects.select_related("local_authority")
        .filter(code=postcode.outward)
        .first()
    )
    if district is None or district.active_postcodes == 0:
        raise PlaceNotFound(
            f"We cannot find the postcode district {postcode.outward}. Check the postcode, "
            "or enter a town instead."
        )
    if district.local_authority is None:
        raise PlaceNotFound(
            f"{postcode.formatted} is not in England. The finder covers England only."
        )
    label = postcode.formatted
    if postcode.inward is None:
        label = f"{postcode.outward} ({district.local_authority.name})"
    return Place(
        label=label,
        latitude=district.latitude,
        longitude=district.longitude,
        approximate=True,
        local_authority=district.local_authority,
    )


def _named_place(text: str) -> Place:
    authorities = LocalAuthority.objects.filter(postcode_districts__isnull=False).distinct()
    exact = list(authorities.filter(name__iexact=text)[:2])
    found = exact or list(authorities.filter(name__icontains=text).order_by("name")[:6])
    if not found:
        raise PlaceNotFound(f"We cannot find a place called “{text}”. Enter {PLACE_EXAMPLES}.")
    if len(found) > 1:
        names = ", ".join(authority.name for authority in found[:5])
        raise PlaceNotFound(f"More than one place matches “{text}”: {names}. Enter one of them.")
    authority = found[0]
    return Place(
        label=authority.name,
        latitude=authority.latitude,
        longitude=authority.longitude,
        approximate=True,
        local_authority=authority,
    )


# --- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreFilters:
    """What a person narrowed the search to; empty means no narrowing."""

    skill_area: str = ""
    level: str = ""
    format: str = ""
    audience: str = ""
    language: str = ""
    free_only: bool = False
    free_devices: bool = False
    free_data: bool = False
    step_free: bool = False
    open_on: int | None = None

    @property
    def narrows_offers(self) -> bool:
        return bool(
            self.skill_area
            or self.level
            or self.format
            or self.audience
            or self.free_only
            or self.free_devices
            or self.free_data
        )

    @property
    def count(self) -> int:
        return sum(
            bool(value)
            for value in (
                self.skill_area,
                self.level,
                self.format,
                self.audience,
                self.language,
                self.free_only,
                self.free_devices,
                self.free_data,
                self.step_free,
                self.open_on is not None,
            )
        )


def offer_mask(filters: CentreFilters) -> int:
    """The facet bits an offer must all have to meet the offer filters."""
    return facet_bits(
        skill_areas=[filters.skill_area] if filters.skill_area else [],
        levels=[filters.level] if filters.level else [],
        formats=[filters.format] if filters.format else [],
        audiences=[filters.audience] if filters.audience else [],
        is_free=filters.free_only,
        devices=filters.free_devices,
        free_data=filters.free_data,
    )


def matching_offers(filters: CentreFilters) -> QuerySet[Offer]:
    """The offers that meet every offer filter (all of them in the same offer)."""
    mask = offer_mask(filters)
    if not mask:
        return Offer.objects.all()
    return Offer.objects.alias(matched=F("facets").bitand(mask)).filter(matched=mask)


def centres_filtered(centres: QuerySet[Centre], filters: CentreFilters) -> QuerySet[Centre]:
    """Only the centres that meet the filters."""
    if filters.narrows_offers:
        centres = centres.filter(Exists(matching_offers(filters).filter(centre=OuterRef("pk"))))
    if filters.step_free:
        centres = centres.filter(step_free=True)
    if filters.language:
        centres = centres.filter(
            Exists(CentreLanguage.objects.filter(centre=OuterRef("pk"), code=filters.language))
        )
    if filters.open_on is not None:
        centres = centres.filter(
            Exists(OpeningSlot.objects.filter(centre=OuterRef("pk"), weekday=filters.open_on))
        )
    return centres


# --- nearest first ------------------------------------------------------------------------


@dataclass
class NearbyCentre:
    centre: Centre
    distance_km: float
    matching_offers: list[Offer] = field(default_factory=list)
    next_opening: datetime.datetime | None = None

    @property
    def distance_miles(self) -> float:
        return km_to_miles(self.distance_km)


def centres_near(
    latitude: float,
    longitude: float,
    *,
    radius_km: float,
    filters: CentreFilters | None = None,
    limit: int | None = None,
) -> list[tuple[int, float]]:
    """The ids and distances (km) of visible centres within the radius, nearest first
    (only the nearest ``limit``, if given).

    The database narrows to a latitude/longitude box around the point (an index
    range scan on ``centre_location_idx``); exact distances are measured only
    for the centres in the box, and the corners of the box are dropped. Asked for
    the nearest few, it looks within a quarter of the radius first: if that
    circle holds enough, they are the nearest of all, and far fewer rows were read.
    """
    filters = filters or CentreFilters()
    if limit is None:
        return _centres_within(latitude, longitude, radius_km, filters)
    nearest = _centres_within(latitude, longitude, radius_km / 4, filters)
    if len(nearest) < limit:
        nearest = _centres_within(latitude, longitude, radius_km, filters)
    return nearest[:limit]


def _centres_within(
    latitude: float, longitude: float, radius_km: float, filters: CentreFilters
) -> list[tuple[int, float]]:
    box = box_around(latitude, longitude, radius_km)
    sql, params = _candidates_sql(box, filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        candidates = cursor.fetchall()
    measured = ((pk, distance_km(latitude, longitude, lat, lon)) for pk, lat, lon in candidates)
    return sorted(
        ((pk, km) for pk, km in measured if km <= radius_km), key=lambda item: (item[1], item[0])
    )


def _candidates_sql(box: Box, filters: CentreFilters) -> tuple[str, list[Any]]:
    """The visible centres in the box that meet the filters, as SQL.

    Written out rather than built by the ORM: this is the finder's hottest query,
    and composing it as a QuerySet cost five times as long as running it. It is
    the same query ``centres_filtered(public_centres())`` makes, in SQL that SQLite
    and PostgreSQL both run; tests hold the two to the same answers.
    """
    # Only table names (from the models) are formatted into the SQL; every value
    # anyone typed goes in as a parameter. Hence the S608 exemptions below.
    centre, offer = Centre._meta.db_table, Offer._meta.db_table
    language, slot = CentreLanguage._meta.db_table, OpeningSlot._meta.db_table
    hidden = ", ".join(["%s"] * len(HIDDEN_STATUSES))
    conditions = [
        f"c.status NOT IN ({hidden})",
        "c.latitude BETWEEN %s AND %s",
        "c.longitude BETWEEN %s AND %s",
    ]
    params: list[Any] = [*HIDDEN_STATUSES, box.south, box.north, box.west, box.east]
    mask = offer_mask(filters)
    if mask:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {offer} o WHERE o.centre_id = c.id AND (o.facets & %s) = %s)"  # noqa: S608
        )
        params += [mask, mask]
    if filters.step_free:
        conditions.append("c.step_free = %s")
        params.append(True)
    if filters.language:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {language} l WHERE l.centre_id = c.id AND l.code = %s)"  # noqa: S608
        )
        params.append(filters.language)
    if filters.open_on is not None:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {slot} s WHERE s.centre_id = c.id AND s.weekday = %s)"  # noqa: S608
        )
        params.append(filters.open_on)
    where = " AND ".join(conditions)
    return f"SELECT c.id, c.latitude, c.longitude FROM {centre} c WHERE {where}", params  # noqa: S608


def nearby_centres_detail(
    found: Sequence[tuple[int, float]],
    filters: CentreFilters,
    *,
    now: datetime.datetime | None = None,
) -> list[NearbyCentre]:
    """One page of results with what each shows: the offers that match, the next opening.

    A fixed number of queries, however many centres the page shows.
    """
    ids = [pk for pk, _km in found]
    offers = matching_offers(filters).prefetch_related("sessions").order_by("title")
    centres = (
        Centre.objects.filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("offers", queryset=offers, to_attr="offers_matching"), "opening_slots"
        )
    )
    by_pk = {centre.pk: centre for centre in centres}
    now = now or timezone.localtime()
    return [
        NearbyCentre(
            centre=by_pk[pk],
            distance_km=km,
            matching_offers=list(by_pk[pk].offers_matching),  # type: ignore[attr-defined]
            next_opening=next_opening(by_pk[pk].opening_slots.all(), now),
        )
        for pk, km in found
        if pk in by_pk
    ]


def next_opening(slots: Iterable[OpeningSlot], now: datetime.datetime) -> datetime.datetime | None:
    """When the centre next opens (or the start of the slot it is open in now)."""
    soonest: datetime.datetime | None = None
    today = now.date()
    for slot in slots:
        days_ahead = (slot.weekday - today.weekday()) % 7
        day = today + datetime.timedelta(days=days_ahead)
        starts = datetime.datetime.combine(day, slot.opens_at, tzinfo=now.tzinfo)
        ends = datetime.datetime.combine(day, slot.closes_at, tzinfo=now.tzinfo)
        if ends <= now:
            starts += datetime.timedelta(days=7)
        if soonest is None or starts < soonest:
            soonest = starts
    return soonest


# --- one centre -----------------------------------------------------------------------------


def centre_detail(slug: str) -> Centre:
    """A visible centre with everything its page shows; Centre.DoesNotExist if not visible."""
    return (
        public_centres()
        .select_related("organisation", "local_authority", "postcode_district")
        .prefetch_related(
            "opening_slots",
            "languages",
            Prefetch("offers", queryset=Offer.objects.prefetch_related("sessions")),
        )
        .get(slug=slug)
    )
