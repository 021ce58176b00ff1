"""Our offers as Open Referral UK services, for council directories and national finders.

The mapping (shared with ``imports``, which reads the same shape back):

- a *service* is one of our Offers; its ``id`` is ``identifiers.service_id(offer.pk)``;
- its *location* (through ``service_at_locations``) is the offer's Centre, with the
  centre's point, address and accessibility; its *organization* is the centre's;
- contacts, email, opening times and languages are the centre's public ones (a
  centre's email is public by design; change reports' emails never come here);
- what it teaches, its format and who it is for are ``service_taxonomys`` terms from
  the published vocabulary (``vocabulary.TAXONOMY_VOCABULARY``).

Only offers of ``selectors.public_centres()`` are ever published.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.identifiers import location_id, organization_id, service_id
from ldsp.finder.models import Centre, Format, Offer, OpeningSlot
from ldsp.finder.selectors import public_centres
from ldsp.finder.vocabulary import TAXONOMY_KINDS, TAXONOMY_VOCABULARY, taxonomy_term_id

# iCal's day codes, which the profile's ``byday`` uses, by our weekday number (Monday 0).
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# The profile's service statuses for the centre statuses the public can see.
STATUS = {
    Centre.Status.ACTIVE: "active",
    Centre.Status.TEMPORARILY_CLOSED: "temporarily closed",
    Centre.Status.CLOSED: "inactive",
}

# What else an offer gives, published as terms of the same vocabulary so a reader can
# filter on it (the profile has no field for devices or data).
SUPPORT_FLAGS = {
    "lends_devices": "Devices to borrow",
    "gives_devices": "Devices to keep",
    "free_data": "Free mobile data or SIMs",
    "computers_and_wifi": "Computers and wi-fi to use",
}

# The words each kind of term is named with, by stored value.
_TERM_CHOICES: dict[str, Any] = {
    "area": SkillArea,
    "level": Level,
    "format": Format,
    "audience": Audience,
}
_TERM_FIELDS = {
    "area": "skill_areas",
    "level": "levels",
    "format": "formats",
    "audience": "audiences",
}
_KIND_NAMES = {
    "area": "Essential Digital Skills area",
    "level": "Level",
    "format": "Format",
    "audience": "Who it is for",
    "support": "Practical help",
}


def taxonomy_terms() -> list[dict[str, Any]]:
    """Every term of the published vocabulary: a parent term for each kind, then its values."""
    terms: list[dict[str, Any]] = []
    for kind in (*TAXONOMY_KINDS, "support"):
        parent = f"eds-{kind}"
        terms.append(
            {
                "id": parent,
                "name": _KIND_NAMES[kind],
                "vocabulary": TAXONOMY_VOCABULARY,
                "parent": None,
            }
        )
        values: list[tuple[str, str]] = (
            list(SUPPORT_FLAGS.items())
            if kind == "support"
            else [(str(value), str(label)) for value, label in _TERM_CHOICES[kind].choices]
        )
        terms.extend(
            {
                "id": taxonomy_term_id(kind, value),
                "name": label,
                "vocabulary": TAXONOMY_VOCABULARY,
                "parent": parent,
            }
            for value, label in values
        )
    return terms


def term_ids() -> set[str]:
    return {term["id"] for term in taxonomy_terms()}


def published_offers() -> QuerySet[Offer]:
    """The offers published as services, with everything a service object shows.

    A fixed number of queries however many are read: the centre, its organisation
    and its authority are joined; opening times and languages are prefetched.
    """
    return (
        Offer.objects.filter(centre__in=public_centres())
        .select_related("centre__organisation", "centre__local_authority")
        .prefetch_related("centre__opening_slots", "centre__languages")
        .order_by("centre__name", "title", "pk")
    )


def _offer_terms(offer: Offer) -> list[tuple[str, str]]:
    """(term id, name) of each term the offer is tagged with."""
    found: list[tuple[str, str]] = []
    for kind in TAXONOMY_KINDS:
        choices = _TERM_CHOICES[kind]
        for value in getattr(offer, _TERM_FIELDS[kind]):
            if value in choices.values:
                found.append((taxonomy_term_id(kind, value), str(choices(value).label)))
    for flag, label in SUPPORT_FLAGS.items():
        if getattr(offer, flag):
            found.append((taxonomy_term_id("support", flag), label))
    return found


def _attending_type(offer: Offer) -> str:
    formats = set(offer.formats)
    if not formats or formats & {Format.ONE_TO_ONE, Format.GROUP}:
        return "venue"
    return "online" if Format.ONLINE in formats else "phone"


def _schedule(sid: str, slot: OpeningSlot) -> dict[str, Any]:
    return {
        "id": f"{sid}-schedule-{slot.weekday}-{slot.opens_at:%H%M}",
        "freq": "WEEKLY",
        "byday": BYDAY[slot.weekday],
        "opens_at": f"{slot.opens_at:%H:%M}",
        "closes_at": f"{slot.closes_at:%H:%M}",
        "description": str(slot),
    }


def location_dict(centre: Centre) -> dict[str, Any]:
    """The centre as the profile's location."""
    lid = location_id(centre.pk)
    location: dict[str, Any] = {
        "id": lid,
        "name": centre.name,
        "description": centre.description,
        "latitude": round(centre.latitude, 6),
        "longitude": round(centre.longitude, 6),
        "physical_addresses": [
            {
                "id": f"{lid}-address",
                # The profile has one line for the street address.
                "address_1": ", ".join(
                    line.strip() for line in centre.address.splitlines() if line.strip()
                ),
                "city": centre.local_authority.name,
                "postal_code": centre.postcode,
                "country": "GB",
            }
        ],
        "accessibility_for_disabilities": [
            {"id": f"{lid}-access-{number}", "accessibility": label}
            for number, label in enumerate(centre.accessibility_labels, start=1)
        ],
    }
    return location


def service_dict(offer: Offer, *, centre_url: str) -> dict[str, Any]:
    """One offer as a full Open Referral UK service object.

    ``centre_url`` is the absolute address of the centre's page here, used as the
    service's url when the centre has no website of its own.
    """
    centre = offer.centre
    organisation = centre.organisation
    sid = service_id(offer.pk)
    service: dict[str, Any] = {
        "id": sid,
        "name": offer.title,
        "description": offer.description,
        "url": centre.website or centre_url,
        "status": STATUS[Centre.Status(centre.status)],
        "fees": "Free" if offer.is_free else offer.cost,
        "deliverable_type": "Training",
        "attending_type": _attending_type(offer),
        "attending_access": "appointment" if offer.booking_needed else "drop-in",
        "assured_date": centre.last_checked_on.isoformat(),
        "organization": {
            "id": organization_id(organisation.pk),
            "name": organisation.name,
            "description": "",
            **({"url": organisation.website} if organisation.website else {}),
        },
        "service_at_locations": [
            {"id": f"{sid}-at-{location_id(centre.pk)}", "location": location_dict(centre)}
        ],
        "regular_schedules": [_schedule(sid, slot) for slot in centre.opening_slots.all()],
        "contacts": (
            [
                {
                    "id": f"{sid}-contact",
                    "name": centre.name,
                    "phones": [{"id": f"{sid}-phone", "number": centre.phone}],
                }
            ]
            if centre.phone
            else []
        ),
        "cost_options": [
            {"id": f"{sid}-cost", "option": "Free", "amount": 0}
            if offer.is_free
            else {"id": f"{sid}-cost", "option": offer.cost}
        ],
        "languages": [
            {"id": f"{sid}-language-{language.code}", "language": language.code}
            for language in centre.languages.all()
        ],
        "service_taxonomys": [
            {
                "id": f"{sid}-{term_id}",
                "taxonomy": {"id": term_id, "name": name, "vocabulary": TAXONOMY_VOCABULARY},
            }
            for term_id, name in _offer_terms(offer)
        ],
    }
    if centre.email:
        service["email"] = centre.email
    return service
