"""Reading Open Referral UK JSON: services, each at its locations, by an organisation.

The shape is the profile's service object (OpenReferralUK/human-services,
``Schemas/service.schema.csv``, and the profile's API): ``organization``,
``service_at_locations`` → ``location`` (``name``, ``latitude``/``longitude``,
``physical_addresses``, ``accessibility_for_disabilities``), ``regular_schedules``,
``contacts`` → ``phones``, ``cost_options``, ``languages``, ``service_taxonomys``.

A *service* is one of our offers, its *location* our centre (services at the same
location id are offers of one centre), its *organization* the centre's organisation
(see ``openreferral_write``, which writes the same shape). A file may be a list of
services, one page of the profile's API (``content``), or one service.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

from ldsp.finder.imports import values
from ldsp.finder.imports.rows import (
    MAX_ROWS,
    ImportFileRefused,
    ParsedCentre,
    ParsedFile,
    ParsedOffer,
    Problem,
    RowRef,
    SkippedRow,
)
from ldsp.finder.models import Centre
from ldsp.finder.services import TAG_KINDS
from ldsp.finder.vocabulary import TAXONOMY_KINDS, language_code, taxonomy_term_id

SOURCE = "openreferral"

STATUSES = {
    "active": Centre.Status.ACTIVE,
    "temporarily closed": Centre.Status.TEMPORARILY_CLOSED,
    "inactive": Centre.Status.CLOSED,
    "defunct": Centre.Status.CLOSED,
}
# The most open status wins when services at one location disagree.
_OPENNESS: list[str] = [
    Centre.Status.ACTIVE,
    Centre.Status.TEMPORARILY_CLOSED,
    Centre.Status.CLOSED,
]

SUPPORT_FLAGS = ("lends_devices", "gives_devices", "free_data", "computers_and_wifi")

# Words in ``accessibility_for_disabilities`` → our accessibility field.
ACCESSIBILITY_WORDS = (
    ("step_free", ("step-free", "step free", "wheelchair", "level access", "ramp")),
    ("accessible_toilet", ("toilet",)),
    ("hearing_loop", ("hearing loop", "induction loop", "loop system")),
    ("bsl", ("british sign language", "bsl", "sign language")),
    (
        "assistive_technology",
        ("large-print", "large print", "screen-reader", "screen reader", "assistive"),
    ),
)

# Our field -> where it is in a service, for messages.
CENTRE_FIELD_NAMES = {
    "name": "location.name",
    "address": "location.physical_addresses[0].address_1",
    "postcode": "location.physical_addresses[0].postal_code",
    "latitude": "location.latitude",
    "longitude": "location.longitude",
    "description": "location.description",
    "opening_slots": "regular_schedules",
    "phone": "contacts[0].phones[0].number",
    "email": "email",
    "website": "url",
    "languages": "languages",
    "status": "status",
    "last_checked_on": "assured_date",
    "organisation": "organization.name",
}
OFFER_FIELD_NAMES = {
    "title": "name",
    "description": "description",
    "cost": "cost_options",
    "is_free": "cost_options",
    "skill_areas": "service_taxonomys",
    "levels": "service_taxonomys",
    "formats": "service_taxonomys",
    "audiences": "service_taxonomys",
}

# Our own term ids, read back to (field, value).
_TERMS: dict[str, tuple[str, Any]] = {}
for _kind in TAXONOMY_KINDS:
    _field, _allowed = TAG_KINDS[_kind]
    for _value in _allowed:
        _TERMS[taxonomy_term_id(_kind, _value)] = (_field, _value)
for _flag in SUPPORT_FLAGS:
    _TERMS[taxonomy_term_id("support", _flag)] = (_flag, True)

# Our own centre pages: a service whose url is one is not giving a website.
_OWN_CENTRE_PAGE = re.compile(r"/find/centres/[-\w]+/?$")


def _services(data: Any) -> tuple[list[Any], str]:
    if isinstance(data, list):
        return data, ""
    if isinstance(data, dict):
        for key in ("content", "services"):
            if isinstance(data.get(key), list):
                return data[key], key
        if "id" in data and "name" in data:
            return [data], "single"
    raise ImportFileRefused(
        "We could not find any services in the file. Give a list of Open Referral UK "
        "services, or a page of them with the services under “content”."
    )


def read_openreferral(text: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileRefused(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    services, key = _services(data)
    if not services:
        raise ImportFileRefused("The file has no services in it.")
    if len(services) > MAX_ROWS:
        raise ImportFileRefused(
            f"The file has more than {MAX_ROWS:,} services. Split it into smaller files."
        )
    parsed = ParsedFile(centres=[], row_count=len(services))
    centres: dict[str, ParsedCentre] = {}
    statuses: dict[str, list[str]] = {}
    for index, service in enumerate(services):
        path = "" if key == "single" else f"{key}[{index}]" if key else f"[{index}]"
        row = RowRef(f"Service {index + 1}", path=path, order=index + 1)
        _read_service(row, service, centres, statuses, parsed)
    for location_key, found in statuses.items():
        centre = centres[location_key]
        centre.fields["status"] = str(min(found, key=lambda status: _OPENNESS.index(status)))
    parsed.centres = list(centres.values())
    return parsed


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _read_service(
    row: RowRef,
    service: Any,
    centres: dict[str, ParsedCentre],
    statuses: dict[str, list[str]],
    parsed: ParsedFile,
) -> None:
    if not isinstance(service, dict):
        centre = ParsedCentre(SOURCE, "", row, {}, "")
        centre.problems.append(Problem("service", "Each service must be a JSON object."))
        centres[f"\0{row.order}"] = centre
        return
    title = _text(service.get("name"))
    at_locations = _list(service.get("service_at_locations"))
    located = [
        (number, item["location"])
        for number, item in enumerate(at_locations)
        if isinstance(item.get("location"), dict)
    ]
    if not located:
        parsed.skipped.append(
            SkippedRow(
                row,
                title or "(no name)",
                "It has no location. The finder lists help given at places, so services "
                "only online or by phone are left out.",
            )
        )
        return
    organisation = service.get("organization")
    organisation_name = _text(organisation.get("name")) if isinstance(organisation, dict) else ""
    organisation_website = _text(organisation.get("url")) if isinstance(organisation, dict) else ""
    for number, location in located:
        here = RowRef(
            row.label if len(located) == 1 else f"{row.label}, location {number + 1}",
            path=f"{row.path}.service_at_locations[{number}]".lstrip("."),
            order=row.order,
        )
        location_ref = _text(location.get("id")) or _text(location.get("name"))
        key = location_ref or f"\0{row.order}-{number}"
        if key not in centres:
            centres[key] = _new_centre(
                here, location_ref, location, organisation_name, organisation_website
            )
        centre = centres[key]
        _add_service_to_centre(centre, service)
        statuses.setdefault(key, []).append(
            STATUSES.get(_text(service.get("status")).lower(), Centre.Status.ACTIVE)
        )
        centre.offers.append(_new_offer(here, service))


def _new_centre(
    row: RowRef, ref: str, location: dict[str, Any], organisation_name: str, website: str
) -> ParsedCentre:
    centre = ParsedCentre(
        source=SOURCE,
        ref=ref,
        row=row,
        fields={},
        organisation_name=organisation_name,
        organisation_website=website,
        field_names=CENTRE_FIELD_NAMES,
    )
    if not ref:
        centre.problems.append(Problem("location.id", "Give the location an id."))
    centre.fields["name"] = _text(location.get("name"))
    if location.get("description") is not None:
        centre.fields["description"] = _text(location.get("description"))
    addresses = _list(location.get("physical_addresses"))
    if not addresses:
        centre.problems.append(
            Problem(
                "location.physical_addresses",
                "Give the location's address with its postcode: we place centres by postcode.",
            )
        )
    else:
        address = addresses[0]
        lines = [_text(address.get(name)) for name in ("address_1", "address_2", "address_3")]
        centre.fields["address"] = "\n".join(line for line in lines if line)
        centre.address_city = _text(address.get("city"))
        centre.fields["postcode"] = _text(address.get("postal_code"))
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude is not None or longitude is not None:
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (latitude, longitude)
        ):
            centre.problems.append(
                Problem("location.latitude", "Give latitude and longitude as numbers, or neither.")
            )
        elif (latitude, longitude) != (0, 0):
            centre.fields["latitude"], centre.fields["longitude"] = (
                float(cast(float, latitude)),
                float(cast(float, longitude)),
            )
    access = _list(location.get("accessibility_for_disabilities"))
    if access or "accessibility_for_disabilities" in location:
        said = " | ".join(_text(item.get("accessibility")).lower() for item in access)
        for name, words in ACCESSIBILITY_WORDS:
            centre.fields[name] = any(word in said for word in words)
    return centre


def _add_service_to_centre(centre: ParsedCentre, service: dict[str, Any]) -> None:
    """What a service says about its place: contacts, times, languages, when checked.

    Several services at one location each say them; the first that gives a value
    wins, opening times and languages are all kept.
    """
    fields = centre.fields
    email, url = _text(service.get("email")), _text(service.get("url"))
    if email and not fields.get("email"):
        fields["email"] = email
    if url and not fields.get("website") and not _OWN_CENTRE_PAGE.search(url):
        fields["website"] = url
    for contact in _list(service.get("contacts")):
        for phone in _list(contact.get("phones")):
            if _text(phone.get("number")) and not fields.get("phone"):
                fields["phone"] = _text(phone.get("number"))
    slots = set(fields.get("opening_slots", []))
    for number, schedule in enumerate(_list(service.get("regular_schedules"))):
        try:
            slots.update(_schedule_slots(schedule))
        except values.ValueProblem as problem:
            centre.problems.append(Problem(f"regular_schedules[{number}]", str(problem)))
    if slots or "regular_schedules" in service:
        fields["opening_slots"] = sorted(slots)
    codes = set(fields.get("languages", []))
    for item in _list(service.get("languages")):
        said = _text(item.get("language"))
        code = language_code(said)
        if code is None:
            if said:
                centre.notes.append(f"The language “{said}” is not one the finder lists; left out.")
        else:
            codes.add(code)
    if codes or "languages" in service:
        fields["languages"] = sorted(codes)
    assured = _text(service.get("assured_date"))
    if assured:
        try:
            checked = values.date_of(assured)
        except values.ValueProblem as problem:
            centre.problems.append(Problem("assured_date", str(problem)))
        else:
            if checked > fields.get("last_checked_on", checked.min):
                fields["last_checked_on"] = checked


def _schedule_slots(schedule: dict[str, Any]) -> list[values.OpeningSlot]:
    freq = _text(schedule.get("freq")).upper()
    byday = _text(schedule.get("byday"))
    opens_text, closes_text = _text(schedule.get("opens_at")), _text(schedule.get("closes_at"))
    if freq == "MONTHLY" or not byday or not opens_text or not closes_text:
        # Monthly and undated schedules do not fit weekly opening times.
        return []
    opens, closes = values.time_of(opens_text), values.time_of(closes_text)
    if closes <= opens:
        raise values.ValueProblem(
            f"The closing time {closes:%H:%M} must be after the opening time {opens:%H:%M}."
        )
    days = [values.day_of(re.sub(r"^[-+]?\d+", "", day)) for day in byday.split(",") if day.strip()]
    return [(day, opens, closes) for day in days]


def _new_offer(row: RowRef, service: dict[str, Any]) -> ParsedOffer:
    offer = ParsedOffer(
        row=row, ref=_text(service.get("id")), fields={}, field_names=OFFER_FIELD_NAMES
    )
    offer.fields["title"] = _text(service.get("name"))
    if service.get("description") is not None:
        offer.fields["description"] = _text(service.get("description"))
    lists: dict[str, set[str]] = {name: set() for name, _ in TAG_KINDS.values()}
    flags = dict.fromkeys(SUPPORT_FLAGS, False)
    for item in _list(service.get("service_taxonomys")):
        taxonomy = item.get("taxonomy")
        term = _text(taxonomy.get("id")) if isinstance(taxonomy, dict) else ""
        found = _TERMS.get(term)
        if found is None:
            name = _text(taxonomy.get("name")) if isinstance(taxonomy, dict) else ""
            if term or name:
                offer.notes.append(f"The term “{name or term}” is not in our vocabulary; left out.")
            continue
        field, value = found
        if field in flags:
            flags[field] = True
        else:
            lists[field].add(value)
    attending = _text(service.get("attending_type")).lower()
    if not lists["formats"] and attending in ("online", "phone"):
        lists["formats"].add(attending)
    offer.fields.update({name: sorted(found) for name, found in lists.items()})
    offer.fields.update(flags)
    access = _text(service.get("attending_access")).lower()
    if access:
        offer.fields["booking_needed"] = access in ("appointment", "referral", "membership")
    _read_cost(offer, service)
    return offer


def _read_cost(offer: ParsedOffer, service: dict[str, Any]) -> None:
    options = _list(service.get("cost_options"))
    fees = _text(service.get("fees"))
    if not options:
        if fees:
            free = fees.lower() in ("free", "none", "no charge", "0")
            offer.fields["is_free"], offer.fields["cost"] = free, "" if free else fees
        return
    costs: list[str] = []
    for option in options:
        amount = option.get("amount")
        words = _text(option.get("option"))
        if isinstance(amount, str):
            try:
                amount = float(amount.replace("£", ""))
            except ValueError:
                amount = None
        if (isinstance(amount, int | float) and amount == 0) or words.lower() == "free":
            offer.fields["is_free"], offer.fields["cost"] = True, ""
            return
        if isinstance(amount, int | float):
            costs.append(
                f"£{amount:g} {words}".strip()
                if amount % 1 == 0
                else f"£{amount:.2f} {words}".strip()
            )
        elif words:
            costs.append(words)
    offer.fields["is_free"] = False
    offer.fields["cost"] = "; ".join(costs) or fees
