"""What importing a read file would do: match each centre and offer, check it, compare.

Nothing here writes. The same plan is made for the preview and again inside the
confirming transaction, so what is written is what was checked a moment before,
against the database as it is then.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import EmailValidator, URLValidator

from ldsp.finder.identifiers import location_id, service_id
from ldsp.finder.imports.rows import ParsedCentre, ParsedFile, ParsedOffer, Problem, RowRef
from ldsp.finder.models import Centre, Offer
from ldsp.finder.services import (
    _PLAIN_FIELDS,
    Actor,
    CentreDetails,
    FinderError,
    OfferDetails,
    Placement,
    _check_details,
    _check_offer,
    can_manage_centres_in,
    centre_place,
    centre_snapshot,
    offer_snapshot,
)
from ldsp.lib.distance import distance_km
from ldsp.partnerships.models import Organisation
from ldsp.partnerships.names import organisation_name_normalise

CREATE, CHANGE, UNCHANGED, REFUSED = "create", "change", "unchanged", "refused"
# An exact point further than this from its postcode district's centre is a mistake
# (swapped latitude and longitude, or the wrong postcode), not a building.
FURTHEST_FROM_DISTRICT_KM = 25.0

_CENTRE_LABELS = {
    "opening_slots": "opening times",
    "languages": "languages",
    "latitude": "location",
    "longitude": "location",
    "organisation": "organisation",
    "last_checked_on": "last checked",
    "source": "where it came from",
    "source_id": "where it came from",
    "postcode": "postcode",
}


def _label(name: str) -> str:
    if name in _CENTRE_LABELS:
        return _CENTRE_LABELS[name]
    try:
        field = Centre._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name)).lower()


@dataclass
class OfferPlan:
    parsed: ParsedOffer
    offer: Offer | None
    details: OfferDetails | None
    action: str
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class CentrePlan:
    parsed: ParsedCentre
    centre: Centre | None
    details: CentreDetails | None
    action: str
    organisation_to_add: str = ""
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    offers: list[OfferPlan] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems) or any(offer.problems for offer in self.offers)


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class _Matcher:
    """Finds the centre a parsed centre is, computing our published ids only when needed."""

    def __init__(self) -> None:
        self._published: dict[str, int] | None = None
        self.claimed: dict[int, RowRef] = {}

    def published(self, ref: str) -> int | None:
        if not _looks_like_uuid(ref):
            return None
        if self._published is None:
            self._published = {
                location_id(pk): pk for pk in Centre.objects.values_list("pk", flat=True)
            }
        return self._published.get(ref)

    def centre_for(self, parsed: ParsedCentre, postcode: str) -> tuple[Centre | None, bool]:
        """(the centre, whether it was matched by our own published id)."""
        queryset = Centre.objects.select_related(
            "organisation", "local_authority"
        ).prefetch_related("opening_slots", "languages", "offers")
        if parsed.ref:
            pk = self.published(parsed.ref)
            if pk is not None:
                return queryset.get(pk=pk), True
            found = queryset.filter(source=parsed.source, source_id=parsed.ref).first()
            if found is not None:
                return found, False
        name = str(parsed.fields.get("name", "")).strip()
        if name and postcode:
            # A centre added by hand before its first import: same name, same postcode.
            return (
                queryset.filter(source="", postcode=postcode, name__iexact=name).first(),
                False,
            )
        return None, False


def _organisation(parsed: ParsedCentre, actor: Actor) -> tuple[Organisation | None, Problem | None]:
    name = " ".join(parsed.organisation_name.split())
    if not name:
        return None, Problem(
            parsed.file_name_of("organisation"), "Give the organisation that runs the centre."
        )
    found = Organisation.objects.filter(normalised_name=organisation_name_normalise(name)).first()
    if found is not None:
        return found, None
    if actor is None or actor.is_staff:
        return None, None
    return None, Problem(
        parsed.file_name_of("organisation"),
        f"“{name}” is not an organisation on LDSP Hub yet. Use its name as LDSP Hub shows it, "
        "or ask LDSP Hub staff to add it.",
    )


def _normal_address(text: str) -> list[str]:
    return [part.strip().lower() for part in re.split(r"[\n,]", text) if part.strip()]


def _address(parsed: ParsedCentre, centre: Centre | None) -> str | None:
    given = parsed.fields.get("address")
    if given is None:
        return None
    city = parsed.address_city
    if centre is not None:
        existing = _normal_address(centre.address)
        candidates = [_normal_address(given)]
        if city:
            candidates.append(_normal_address(given + "\n" + city))
        if existing in candidates:
            return centre.address
    if city and city.lower() not in _normal_address(given):
        return f"{given}\n{city}" if given else city
    return str(given)


_MAX_LENGTHS: dict[str, int | None] = {
    name: getattr(Centre._meta.get_field(name), "max_length", None)
    for name in ("name", "phone", "email", "website", "opening_note", "source_id")
}
_OFFER_MAX_LENGTHS: dict[str, int | None] = {
    name: getattr(Offer._meta.get_field(name), "max_length", None)
    for name in ("title", "specialist_skills", "cost")
}


def _check_formats(details: CentreDetails) -> None:
    """What the database and the public page would refuse later, said now."""
    for name, limit in _MAX_LENGTHS.items():
        if limit and len(str(getattr(details, name)).strip()) > limit:
            raise FinderError(f"This must be {limit} characters or fewer.", field=name)
    if details.email.strip():
        try:
            EmailValidator()(details.email.strip())
        except ValidationError:
            raise FinderError(
                "Enter an email address in the correct format, like name@example.com.",
                field="email",
            ) from None
    if details.website.strip():
        try:
            URLValidator(schemes=["http", "https"])(details.website.strip())
        except ValidationError:
            raise FinderError(
                "Enter the website's full address, starting https://.", field="website"
            ) from None


def _check_point(details: CentreDetails, placement: Placement) -> None:
    if details.latitude is None or details.longitude is None:
        return
    away = distance_km(
        details.latitude,
        details.longitude,
        placement.district.latitude,
        placement.district.longitude,
    )
    if away > FURTHEST_FROM_DISTRICT_KM:
        raise FinderError(
            f"The point {details.latitude:.5f}, {details.longitude:.5f} is {away:.0f} km from "
            f"{placement.postcode}. Check the latitude, longitude and postcode.",
            field="latitude",
        )


def _is_district_point(details: CentreDetails, placement: Placement | None) -> bool:
    if placement is None or details.latitude is None or details.longitude is None:
        return False
    return (round(details.latitude, 6), round(details.longitude, 6)) == (
        round(placement.district.latitude, 6),
        round(placement.district.longitude, 6),
    )


def _details(
    parsed: ParsedCentre, centre: Centre | None, organisation: Organisation
) -> CentreDetails:
    """The centre's details after the import: the file's values over what is there now."""
    if centre is not None:
        base: dict[str, Any] = {name: getattr(centre, name) for name in _PLAIN_FIELDS}
        base["postcode"] = centre.postcode
        base["last_checked_on"] = centre.last_checked_on
        base["opening_slots"] = [
            (slot.weekday, slot.opens_at, slot.closes_at) for slot in centre.opening_slots.all()
        ]
        base["languages"] = [language.code for language in centre.languages.all()]
        if not centre.location_is_approximate:
            base["latitude"], base["longitude"] = centre.latitude, centre.longitude
    else:
        base = {"name": "", "address": "", "postcode": ""}
    given = {key: value for key, value in parsed.fields.items()}
    address = _address(parsed, centre)
    if address is not None:
        given["address"] = address
    merged = {**base, **given, "organisation": organisation}
    allowed = {item.name for item in fields(CentreDetails)}
    return CentreDetails(**{key: value for key, value in merged.items() if key in allowed})


def _proposed_snapshot(
    details: CentreDetails, placement: Placement, organisation_pk: int | None
) -> dict[str, Any]:
    """What ``centre_snapshot`` will say after ``centre_save(details)``, without saving."""
    values: dict[str, Any] = {}
    for name in _PLAIN_FIELDS:
        if name == "organisation":
            continue
        value = getattr(details, name)
        values[name] = value.strip() if isinstance(value, str) else value
    values["organisation"] = organisation_pk
    values["postcode"] = placement.postcode
    if details.latitude is not None and details.longitude is not None:
        values["latitude"], values["longitude"] = (
            round(details.latitude, 6),
            round(details.longitude, 6),
        )
    else:
        values["latitude"] = round(placement.district.latitude, 6)
        values["longitude"] = round(placement.district.longitude, 6)
    values["last_checked_on"] = (details.last_checked_on or datetime.date.today()).isoformat()
    values["opening_slots"] = sorted(
        (weekday, opens.isoformat(), closes.isoformat())
        for weekday, opens, closes in set(details.opening_slots)
    )
    values["languages"] = sorted(set(details.languages))
    return values


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    labels: list[str] = []
    for key in after:
        if before.get(key) != after[key] and _label(key) not in labels:
            labels.append(_label(key))
    return labels


def plan_centre(parsed: ParsedCentre, *, actor: Actor, matcher: _Matcher) -> CentrePlan:
    plan = CentrePlan(parsed, None, None, REFUSED, problems=list(parsed.problems))
    if not parsed.fields:
        # Nothing to check it by (no reference, or not an object at all).
        plan.offers = [_refused_offer(offer, "Its centre is refused.") for offer in parsed.offers]
        return plan
    placement: Placement | None = None
    try:
        placement = centre_place(str(parsed.fields.get("postcode", "")))
    except FinderError as error:
        plan.problems.append(Problem(parsed.file_name_of("postcode"), str(error)))
    centre, published = matcher.centre_for(parsed, placement.postcode if placement else "")
    plan.centre = centre
    if centre is not None:
        if centre.pk in matcher.claimed:
            plan.problems.append(
                Problem(
                    parsed.file_name_of("name"),
                    f"{matcher.claimed[centre.pk].label} already changes this centre "
                    f"({centre.name}). Give each centre once.",
                )
            )
        matcher.claimed.setdefault(centre.pk, parsed.row)
    organisation, problem = _organisation(parsed, actor)
    if problem is not None:
        plan.problems.append(problem)
    elif organisation is None:
        plan.organisation_to_add = " ".join(parsed.organisation_name.split())
    stand_in = organisation or Organisation(name=plan.organisation_to_add)
    details = _details(parsed, centre, stand_in)
    if not published:
        details.source, details.source_id = parsed.source, parsed.ref
    if _is_district_point(details, placement):
        # The district's own centre, as we publish an approximate point: not exact.
        details.latitude = details.longitude = None
    try:
        _check_details(details)
        _check_formats(details)
        if placement is not None:
            _check_point(details, placement)
    except FinderError as error:
        plan.problems.append(Problem(parsed.file_name_of(error.field or "name"), str(error)))
    if placement is not None:
        allowed = can_manage_centres_in(actor, placement.local_authority)
        if centre is not None and allowed:
            allowed = can_manage_centres_in(actor, centre.local_authority)
        if not allowed:
            where = (
                centre.local_authority.name
                if centre and not can_manage_centres_in(actor, centre.local_authority)
                else placement.local_authority.name
            )
            plan.problems.append(
                Problem(
                    parsed.file_name_of("postcode"),
                    f"This centre is in {where}, which is not in your partnership's areas. "
                    "You can import centres only in your partnership's areas.",
                )
            )
    plan.details = details
    if centre is None:
        plan.action = CREATE
    elif placement is not None:
        after = _proposed_snapshot(details, placement, organisation.pk if organisation else None)
        plan.changes = _changes(centre_snapshot(centre), after)
        plan.action = CHANGE if plan.changes else UNCHANGED
    plan.offers = _plan_offers(parsed, centre)
    if plan.problems:
        plan.action = REFUSED
    return plan


def _refused_offer(parsed: ParsedOffer, message: str) -> OfferPlan:
    problems = parsed.problems or [Problem("", message)]
    return OfferPlan(parsed, None, None, REFUSED, problems=list(problems))


def _plan_offers(parsed: ParsedCentre, centre: Centre | None) -> list[OfferPlan]:
    existing = list(centre.offers.all()) if centre is not None else []
    by_published = {service_id(offer.pk): offer for offer in existing}
    claimed: dict[int, RowRef] = {}
    plans: list[OfferPlan] = []
    for item in parsed.offers:
        if item.problems:
            plans.append(_refused_offer(item, ""))
            continue
        offer = _match_offer(item, existing, by_published)
        plan = OfferPlan(item, offer, None, REFUSED)
        if offer is not None:
            if offer.pk in claimed:
                plan.problems.append(
                    Problem(
                        item.field_names.get("title", "title"),
                        f"{claimed[offer.pk].label} already changes the offer “{offer.title}”.",
                    )
                )
            claimed.setdefault(offer.pk, item.row)
        base: dict[str, Any] = (
            {f.name: getattr(offer, f.name) for f in fields(OfferDetails)} if offer else {}
        )
        merged = {**base, **item.fields}
        published = offer is not None and by_published.get(item.ref) is offer
        if item.ref and not published:
            merged["source_id"] = item.ref
        details = OfferDetails(**{k: v for k, v in merged.items() if k in _OFFER_FIELDS})
        try:
            _check_offer(details)
            for name, limit in _OFFER_MAX_LENGTHS.items():
                if limit and len(str(getattr(details, name)).strip()) > limit:
                    raise FinderError(f"This must be {limit} characters or fewer.", field=name)
        except FinderError as error:
            plan.problems.append(
                Problem(item.field_names.get(error.field, error.field or "title"), str(error))
            )
        plan.details = details
        if not plan.problems:
            if offer is None:
                plan.action = CREATE
            else:
                plan.changes = _offer_changes(offer, details)
                plan.action = CHANGE if plan.changes else UNCHANGED
        plans.append(plan)
    return plans


_OFFER_FIELDS = {item.name for item in fields(OfferDetails)}


def _match_offer(
    item: ParsedOffer, existing: list[Offer], by_published: dict[str, Offer]
) -> Offer | None:
    if item.ref:
        if item.ref in by_published:
            return by_published[item.ref]
        for offer in existing:
            if offer.source_id == item.ref:
                return offer
    title = str(item.fields.get("title", "")).strip().lower()
    for offer in existing:
        if offer.title.strip().lower() == title and (not offer.source_id or not item.ref):
            return offer
    return None


def _offer_changes(offer: Offer, details: OfferDetails) -> list[str]:
    before = offer_snapshot(offer)
    changed: list[str] = []
    for item in fields(OfferDetails):
        if item.name == "source_id":
            continue
        after = getattr(details, item.name)
        if isinstance(after, list):
            after = sorted(set(after))
        elif isinstance(after, str):
            after = after.strip()
        if item.name == "cost" and details.is_free:
            after = ""
        now = before[item.name]
        if isinstance(now, list):
            now = sorted(now)
        if now != after:
            changed.append(item.name.replace("_", " "))
    return changed


def plan_file(parsed: ParsedFile, *, actor: Actor) -> list[CentrePlan]:
    matcher = _Matcher()
    return [plan_centre(centre, actor=actor, matcher=matcher) for centre in parsed.centres]
