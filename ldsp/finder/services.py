"""Writes to the finder: centres, their offers and courses.

Coordinators keep the centres in their partnership's areas up to date; staff
keep any. ``actor=None`` is the system (the ``ldsp`` command, the demo).
Every change is audited inside the transaction that makes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.text import slugify

from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import COORDINATE_PARTNERSHIP
from ldsp.core.services import audit_record
from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.models import (
    Centre,
    CentreLanguage,
    CourseSession,
    Format,
    Offer,
    OfferTag,
    OpeningSlot,
)
from ldsp.finder.vocabulary import LANGUAGES
from ldsp.lib.postcodes import PostcodeError, parse_postcode
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.places.models import LocalAuthority, PostcodeDistrict

Actor = User | AnonymousUser | None


class FinderError(Refused):
    """A change to a centre that cannot be made; ``field`` names the answer at fault."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- who may change what --------------------------------------------------------------


def can_manage_centres_in(user: Actor, local_authority: LocalAuthority) -> bool:
    """Staff manage centres anywhere; coordinators in their partnerships' areas."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(
        user.has_perm(COORDINATE_PARTNERSHIP)
        and Partnership.objects.filter(
            coordinators=user, areas__local_authorities=local_authority
        ).exists()
    )


def require_centre_manager(actor: Actor, local_authority: LocalAuthority) -> None:
    if not can_manage_centres_in(actor, local_authority):
        raise NotAllowed(
            f"Only coordinators of a partnership covering {local_authority.name}, "
            "and staff, can change centres there."
        )


# --- placing a postcode -----------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    postcode: str
    district: PostcodeDistrict
    local_authority: LocalAuthority


def centre_place(postcode_text: str) -> Placement:
    """Where a centre's postcode is: its district (and centroid) and local authority.

    A postcode we cannot place is refused: a centre at 0,0 would be "nearest" to
    no one and wrong for everyone.
    """
    try:
        postcode = parse_postcode(postcode_text)
    except PostcodeError as error:
        raise FinderError(str(error), field="postcode") from error
    if postcode.inward is None:
        raise FinderError(
            "Enter the centre's full postcode, like S1 2BX, not just the first part.",
            field="postcode",
        )
    district = (
        PostcodeDistrict.objects.select_related("local_authority")
        .filter(code=postcode.outward)
        .first()
    )
    if district is None or district.active_postcodes == 0:
        raise FinderError(
            f"We cannot place {postcode.formatted}: there is no postcode district "
            f"{postcode.outward} in our data. Check the postcode.",
            field="postcode",
        )
    if district.local_authority is None:
        raise FinderError(
            f"{postcode.formatted} is not in England. The finder covers England only.",
            field="postcode",
        )
    return Placement(
        postcode=postcode.formatted, district=district, local_authority=district.local_authority
    )


# --- centres ------------------------------------------------------------------------------


@dataclass
class CentreDetails:
    """Everything a person can set about a centre (not where it is: that is its postcode)."""

    name: str
    organisation: Organisation
    address: str
    postcode: str
    description: str = ""
    opening_note: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    bsl: bool = False
    assistive_technology: bool = False
    status: str = Centre.Status.ACTIVE
    last_checked_on: datetime.date | None = None
    # (weekday 0-6, opens, closes)
    opening_slots: list[tuple[int, datetime.time, datetime.time]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    # An exact point (from an import that gives one); otherwise the postcode district's.
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    source_id: str = ""


_PLAIN_FIELDS = (
    "name",
    "organisation",
    "address",
    "description",
    "opening_note",
    "phone",
    "email",
    "website",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "bsl",
    "assistive_technology",
    "status",
    "source",
    "source_id",
)


def _check_details(details: CentreDetails) -> None:
    if not details.name.strip():
        raise FinderError("Enter the centre's name.", field="name")
    if not details.address.strip():
        raise FinderError("Enter the centre's address.", field="address")
    if details.status not in Centre.Status.values:
        raise FinderError("Choose whether the centre is open or closed.", field="status")
    for code in details.languages:
        if code not in LANGUAGES:
            raise FinderError(f"We do not know the language “{code}”.", field="languages")
    for weekday, opens, closes in details.opening_slots:
        if not 0 <= weekday <= 6:
            raise FinderError("Choose a day of the week.", field="opening_slots")
        if closes <= opens:
            raise FinderError(
                f"Closing time {closes:%H:%M} must be after opening time {opens:%H:%M}.",
                field="opening_slots",
            )
    has_lat, has_lon = details.latitude is not None, details.longitude is not None
    if has_lat != has_lon:
        raise FinderError("Give both latitude and longitude, or neither.", field="latitude")


def _unique_slug(name: str, exclude_pk: int | None) -> str:
    base = slugify(name)[:200] or "centre"
    others = Centre.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def centre_snapshot(centre: Centre) -> dict[str, Any]:
    """What a centre says now, comparable before and after a change (and across imports)."""
    values: dict[str, Any] = {
        name: getattr(centre, name) for name in _PLAIN_FIELDS if name != "organisation"
    }
    values["organisation"] = centre.organisation_id
    values["postcode"] = centre.postcode
    values["latitude"] = round(centre.latitude, 6)
    values["longitude"] = round(centre.longitude, 6)
    values["last_checked_on"] = centre.last_checked_on.isoformat()
    values["opening_slots"] = sorted(
        (slot.weekday, slot.opens_at.isoformat(), slot.closes_at.isoformat())
        for slot in centre.opening_slots.all()
    )
    values["languages"] = sorted(language.code for language in centre.languages.all())
    return values


def centre_save(*, actor: Actor, details: CentreDetails, centre: Centre | None = None) -> Centre:
    """Create a centre, or change one, with its opening times and languages.

    The postcode places the centre; permission is checked against both the
    authority it is in now and the one it moves to, so a coordinator can neither
    edit nor move centres outside their areas.
    """
    _check_details(details)
    placement = centre_place(details.postcode)
    if centre is not None:
        require_centre_manager(actor, centre.local_authority)
    require_centre_manager(actor, placement.local_authority)

    with transaction.atomic():
        creating = centre is None
        if centre is None:
            centre = Centre()
            before: dict[str, Any] = {}
        else:
            centre = Centre.objects.select_for_update().get(pk=centre.pk)
            before = centre_snapshot(centre)
        for name in _PLAIN_FIELDS:
            value = getattr(details, name)
            setattr(centre, name, value.strip() if isinstance(value, str) else value)
        centre.postcode = placement.postcode
        centre.postcode_district = placement.district
        centre.local_authority = placement.local_authority
        if details.latitude is not None and details.longitude is not None:
            centre.latitude, centre.longitude = details.latitude, details.longitude
            centre.location_is_approximate = False
        else:
            centre.latitude = placement.district.latitude
            centre.longitude = placement.district.longitude
            centre.location_is_approximate = True
        centre.last_checked_on = details.last_checked_on or datetime.date.today()
        if creating or not centre.slug:
            centre.slug = _unique_slug(details.name, centre.pk)
        centre.save()
        centre.opening_slots.all().delete()
        OpeningSlot.objects.bulk_create(
            OpeningSlot(centre=centre, weekday=weekday, opens_at=opens, closes_at=closes)
            for weekday, opens, closes in sorted(set(details.opening_slots))
        )
        centre.languages.all().delete()
        CentreLanguage.objects.bulk_create(
            CentreLanguage(centre=centre, code=code) for code in sorted(set(details.languages))
        )
        after = centre_snapshot(centre)
        changed = sorted(key for key in after if before.get(key) != after[key])
        audit_record(
            actor=actor,
            verb="centre.created" if creating else "centre.changed",
            target=centre,
            summary=(
                f"Added {centre.name}"
                if creating
                else f"Changed {centre.name}: {', '.join(changed) or 'nothing'}"
            ),
            data={"changed": changed},
        )
        content_changed()
    return centre


def centre_mark_checked(*, actor: Actor, centre: Centre) -> Centre:
    """Someone confirmed the centre's details are still right today."""
    require_centre_manager(actor, centre.local_authority)
    with transaction.atomic():
        centre.last_checked_on = datetime.date.today()
        centre.save(update_fields=["last_checked_on", "updated_at"])
        audit_record(
            actor=actor,
            verb="centre.checked",
            target=centre,
            summary=f"Checked {centre.name}: details still right",
        )
        content_changed()
    return centre


# --- offers and courses -------------------------------------------------------------------


@dataclass
class OfferDetails:
    title: str
    description: str = ""
    skill_areas: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    specialist_skills: str = ""
    formats: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    is_free: bool = True
    cost: str = ""
    lends_devices: bool = False
    gives_devices: bool = False
    free_data: bool = False
    computers_and_wifi: bool = False
    booking_needed: bool = False
    source_id: str = ""


# The tag rows an offer's lists are copied into, by kind, with the values each may take.
TAG_KINDS: dict[str, tuple[str, list[str]]] = {
    "area": ("skill_areas", list(SkillArea.values)),
    "level": ("levels", list(Level.values)),
    "format": ("formats", list(Format.values)),
    "audience": ("audiences", list(Audience.values)),
}


def _check_offer(details: OfferDetails) -> None:
    if not details.title.strip():
        raise FinderError("Enter what the offer is called.", field="title")
    for _kind, (name, allowed) in TAG_KINDS.items():
        for value in getattr(details, name):
            if value not in allowed:
                raise FinderError(f"“{value}” is not one of the choices.", field=name)
    if not details.is_free and not details.cost.strip():
        raise FinderError("Say what it costs, or mark it free.", field="cost")


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    return {
        item.name: getattr(offer, item.name)
        for item in fields(OfferDetails)
        if item.name != "source_id"
    }


def offer_save(
    *, actor: Actor, centre: Centre, details: OfferDetails, offer: Offer | None = None
) -> Offer:
    """Create or change one of a centre's offers, keeping its filter tags in step."""
    _check_offer(details)
    require_centre_manager(actor, centre.local_authority)
    if offer is not None and offer.centre_id != centre.pk:
        raise FinderError("That offer belongs to another centre.")
    with transaction.atomic():
        creating = offer is None
        offer = offer or Offer(centre=centre)
        for item in fields(OfferDetails):
            value = getattr(details, item.name)
            if isinstance(value, list):
                value = sorted(set(value))
            elif isinstance(value, str):
                value = value.strip()
            setattr(offer, item.name, value)
        if offer.is_free:
            offer.cost = ""
        offer.save()
        offer.tags.all().delete()
        OfferTag.objects.bulk_create(
            OfferTag(offer=offer, kind=kind, value=value)
            for kind, (name, _allowed) in TAG_KINDS.items()
            for value in getattr(offer, name)
        )
        audit_record(
            actor=actor,
            verb="offer.created" if creating else "offer.changed",
            target=offer,
            summary=f"{'Added' if creating else 'Changed'} “{offer.title}” at {centre.name}",
        )
        content_changed()
    return offer


def offer_delete(*, actor: Actor, offer: Offer) -> None:
    require_centre_manager(actor, offer.centre.local_authority)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="offer.deleted",
            target=offer.centre,
            summary=f"Removed “{offer.title}” from {offer.centre.name}",
        )
        offer.delete()
        content_changed()


def course_session_save(
    *,
    actor: Actor,
    offer: Offer,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    places: int,
    places_left: int,
    session: CourseSession | None = None,
) -> CourseSession:
    """Add or change a dated session of a course."""
    require_centre_manager(actor, offer.centre.local_authority)
    if ends_at <= starts_at:
        raise FinderError("The session must end after it starts.", field="ends_at")
    if places < 1:
        raise FinderError("A session has at least one place.", field="places")
    if not 0 <= places_left <= places:
        raise FinderError(
            f"Places left must be between 0 and {places}, the places in all.", field="places_left"
        )
    with transaction.atomic():
        session = session or CourseSession(offer=offer)
        session.starts_at, session.ends_at = starts_at, ends_at
        session.places, session.places_left = places, places_left
        session.save()
        audit_record(
            actor=actor,
            verb="course_session.saved",
            target=offer,
            summary=f"Session of “{offer.title}” on {starts_at:%d %B %Y}: "
            f"{places_left} of {places} places left",
        )
        content_changed()
    return session
