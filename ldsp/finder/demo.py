"""About 300 invented centres across the demo partnerships' areas, so the finder, the
coordinators' lists and the "where help is missing" view all have something to show.

The towns and their postcode districts are real (``demo_content/towns.toml``); the
centres, their organisations (where the demo has none that fits), offers and courses are
invented and every such row is marked ``is_demo``. A fixed seed makes every load the
same apart from dates, which follow today: courses start in the coming weeks and a few
centres were last checked more than a year ago.

Some places are left without help on purpose (see ``[gaps]`` in the data file): a few
local authorities with no centre within reach at all, and one with no help with
Transacting, so the gap view shows a partnership where to plan.

Everything is written through the finder's services, as a coordinator's edits would be
(with ``actor=None``, the system), so the demo is placed, tagged and audited like real
data; it takes a few seconds.
"""

from __future__ import annotations

import datetime
import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from ldsp.core.sectors import Sector
from ldsp.core.services import audit_record
from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.models import Centre, ChangeReport, Format
from ldsp.finder.services import (
    CentreDetails,
    OfferDetails,
    centre_save,
    course_session_save,
    offer_save,
)
from ldsp.lib.distance import distance_km
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.partnerships.names import organisation_name_normalise
from ldsp.partnerships.services import organisation_get_or_create
from ldsp.places.models import LocalAuthority, PostcodeDistrict

DATA_FILE = Path(__file__).parent / "demo_content" / "towns.toml"
SEED = 13

# Centres are kept this far from a gap authority's centre, beyond the gap view's
# default reach of 5 km, so the gap shows however the view is first opened.
GAP_CLEARANCE_KM = 10.0

STALE_CENTRES = 15  # last checked more than a year ago
STALE_IN_LANCASHIRE = 6  # of those, in the demo coordinator's partnership
TEMPORARILY_CLOSED = 5
COORDINATOR_PARTNERSHIP = "lancashire-digital-skills-partnership"

# Two-tier areas: the county council runs the libraries of these districts.
COUNTY_LIBRARIES = {
    "Lancashire County Council": "E07000117 E07000118 E07000119 E07000120 E07000121 "
    "E07000122 E07000123 E07000124 E07000125 E07000126 E07000127 E07000128",
    "Devon County Council": "E07000040 E07000041 E07000042 E07000043 E07000044 E07000045 "
    "E07000046 E07000047",
    "Somerset Council": "E07000187 E07000188 E07000246 E07000189",
    "Worcestershire County Council": "E07000234 E07000236 E07000239",
    "Staffordshire County Council": "E07000192 E07000193 E07000194 E07000199",
    "Warwickshire County Council": "E07000218 E07000219 E07000220 E07000221 E07000222",
    "Kent County Council": "E07000105 E07000106 E07000107 E07000108 E07000112 E07000109 "
    "E07000110 E07000111 E07000113 E07000114 E07000115 E07000116",
    "Essex County Council": "E07000066 E07000067 E07000068 E07000069 E07000070 E07000071 "
    "E07000072 E07000073 E07000074 E07000075 E07000076 E07000077",
    "East Sussex County Council": "E07000061 E07000062 E07000063 E07000064 E07000065",
    "North Yorkshire County Council": "E07000163 E07000165 E07000169",
}
UNITARY_LIBRARIES = {
    "E08000025": "Birmingham City Council",
    "E06000026": "Plymouth Library Service",
    "E06000052": "Cornwall Council",
    "E06000008": "Blackburn with Darwen Borough Council",
    "E06000007": "Warrington Borough Council",
    "E08000035": "Leeds City Council",
    "E06000014": "City of York Council",
}
CITIES_WITH_MANY_LANGUAGES = {
    "E08000025": ["ur", "pa", "bn", "so", "ar", "pl"],
    "E08000026": ["pa", "pl", "ar", "ro", "gu"],
    "E08000028": ["pa", "ur", "pl", "ro"],
    "E08000031": ["pa", "pl", "ro", "gu"],
    "E08000030": ["ur", "pa", "pl"],
    "E08000027": ["ur", "pl"],
    "E06000008": ["ur", "gu", "pa"],
    "E07000123": ["gu", "ur", "pl"],
    "E07000122": ["ur", "pa"],
    "E06000035": ["pl", "ro", "pa"],
    "E06000033": ["pl", "ro", "tr"],
    "E08000035": ["ur", "pa", "pl", "ar", "ku"],
    "E08000032": ["ur", "pa", "bn", "pl"],
    "E08000034": ["ur", "pa", "gu"],
}
OTHER_LANGUAGES = ["pl", "ro", "pt", "uk", "ar", "zh"]

STREETS = [
    "Market Street",
    "Church Street",
    "High Street",
    "Station Road",
    "Victoria Street",
    "King Street",
    "Queen Street",
    "Union Street",
    "Albert Road",
    "Park Road",
    "Castle Street",
    "New Road",
    "Mill Lane",
    "Bridge Street",
    "Chapel Street",
    "Northgate",
    "Fore Street",
    "Broad Street",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

ALL_AREAS = list(SkillArea.values)
T = datetime.time


@dataclass
class PlannedCentre:
    """One centre before it is written: what it is, where, and its offers."""

    kind: str
    details: CentreDetails
    area_code: str
    offers: list[tuple[OfferDetails, int]] = field(default_factory=list)  # (offer, sessions)
    organisation_name: str = ""
    organisation_sector: str = Sector.COMMUNITY


@dataclass(frozen=True)
class Town:
    name: str
    district: PostcodeDistrict


def _data() -> dict[str, Any]:
    with DATA_FILE.open("rb") as file:
        return tomllib.load(file)


def demo_gaps() -> tuple[list[str], list[str]]:
    """The local authority codes left with no help at all, and with no Transacting help."""
    gaps = _data()["gaps"]
    return list(gaps["no_centres"]), list(gaps["no_transacting"])


def demo_towns() -> dict[str, list[tuple[str, str]]]:
    """Towns by local authority code, as (name, postcode district)."""
    return {
        code: [tuple(entry.rsplit(" ", 1)) for entry in entries]  # type: ignore[misc]
        for code, entries in _data()["towns"].items()
    }


# --- what each kind of centre is like ---------------------------------------------------


def _offer(title: str, description: str, **values: Any) -> OfferDetails:
    values.setdefault("skill_areas", ALL_AREAS)
    values.setdefault("levels", [Level.FOUNDATION, Level.LIFE])
    values.setdefault("formats", [Format.ONE_TO_ONE])
    values.setdefault("audiences", [Audience.EVERYONE])
    return OfferDetails(title=title, description=description, **values)


def _library_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    offers = [
        (
            _offer(
                "Digital drop-in",
                "Bring your phone, tablet or laptop, or use ours: staff and Digital Champion "
                "volunteers help with email, video calls, forms and staying safe online.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.INFORMATION,
                    SkillArea.TRANSACTING,
                    SkillArea.SAFE_LEGAL,
                ],
                computers_and_wifi=True,
            ),
            0,
        )
    ]
    if rng.random() < 0.5:
        offers.append(
            (
                _offer(
                    "Borrow a tablet",
                    "Take a tablet with free data home for up to six weeks, with a "
                    "session to get started.",
                    skill_areas=[SkillArea.COMMUNICATING, SkillArea.INFORMATION],
                    levels=[Level.FOUNDATION],
                    audiences=[Audience.EVERYONE, Audience.OLDER],
                    lends_devices=True,
                    booking_needed=True,
                ),
                0,
            )
        )
    if rng.random() < 0.3:
        offers.append(
            (
                _offer(
                    "Staying safe online",
                    "A friendly group course on scams, passwords and privacy settings.",
                    skill_areas=[SkillArea.SAFE_LEGAL],
                    levels=[Level.FOUNDATION],
                    formats=[Format.GROUP],
                    audiences=[Audience.OLDER],
                    booking_needed=True,
                ),
                rng.randint(1, 2),
            )
        )
    if rng.random() < 0.15:
        offers.append(
            (
                _offer(
                    "Accessible technology sessions",
                    "Try screen readers, magnifiers and voice control with someone who "
                    "uses them every day.",
                    skill_areas=[SkillArea.COMMUNICATING, SkillArea.INFORMATION],
                    audiences=[Audience.DISABLED],
                    booking_needed=True,
                ),
                0,
            )
        )
    return offers


def _online_centre_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    offers = [
        (
            _offer(
                "Learn My Way sessions",
                "Work through the free Learn My Way courses at your own pace, with a tutor "
                "on hand.",
                formats=[Format.GROUP, Format.ONE_TO_ONE],
            ),
            0,
        )
    ]
    if rng.random() < 0.45:
        offers.append(
            (
                _offer(
                    "Free SIM cards and mobile data",
                    "Free SIM cards with data, texts and calls from the National Databank, "
                    "for anyone who cannot afford to get online.",
                    skill_areas=[SkillArea.COMMUNICATING],
                    levels=[Level.FOUNDATION],
                    free_data=True,
                ),
                0,
            )
        )
    if rng.random() < 0.35:
        offers.append(
            (
                _offer(
                    "Computers and wi-fi to use",
                    "Use our computers and free wi-fi whenever we are open.",
                    skill_areas=[SkillArea.INFORMATION, SkillArea.TRANSACTING],
                    computers_and_wifi=True,
                ),
                0,
            )
        )
    return offers


def _college_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    offers = [
        (
            _offer(
                "Essential Digital Skills qualification",
                "A free course for adults leading to the Essential Digital Skills "
                "qualification at Entry level or Level 1.",
                formats=[Format.GROUP],
                booking_needed=True,
            ),
            rng.randint(1, 3),
        ),
        (
            _offer(
                "Digital skills for work",
                "Online documents, video meetings, shared calendars and working safely: the "
                "skills most jobs now ask for.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.INFORMATION,
                    SkillArea.PROBLEM_SOLVING,
                ],
                levels=[Level.WORK],
                formats=[Format.GROUP, Format.ONLINE],
                audiences=[Audience.JOBSEEKERS, Audience.EVERYONE],
                booking_needed=True,
            ),
            rng.randint(1, 2),
        ),
    ]
    if rng.random() < 0.5:
        offers.append(
            (
                _offer(
                    "Introduction to cyber security",
                    "Ten evenings on how attacks work and how organisations defend against "
                    "them: a first step towards a job in cyber security.",
                    skill_areas=[SkillArea.SAFE_LEGAL, SkillArea.PROBLEM_SOLVING],
                    levels=[Level.SPECIALIST],
                    specialist_skills="Cyber security",
                    formats=[Format.GROUP, Format.ONLINE],
                    audiences=[Audience.JOBSEEKERS, Audience.YOUNG],
                    is_free=False,
                    cost="£120, or free if you earn under £25,000 a year",
                    booking_needed=True,
                ),
                rng.randint(1, 2),
            )
        )
    if rng.random() < 0.3:
        offers.append(
            (
                _offer(
                    "Spreadsheets and online selling for small businesses",
                    "Keep accounts in a spreadsheet and start selling online.",
                    skill_areas=[SkillArea.TRANSACTING, SkillArea.INFORMATION],
                    levels=[Level.WORK],
                    specialist_skills="Data analysis",
                    formats=[Format.GROUP],
                    audiences=[Audience.SMALL_ORGS],
                    is_free=False,
                    cost="£45 for four sessions",
                    booking_needed=True,
                ),
                1,
            )
        )
    return offers


def _jobcentre_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    return [
        (
            _offer(
                "Get online to find work",
                "One-to-one help with job searches, online applications and your Universal "
                "Credit journal, from a work coach.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.INFORMATION,
                    SkillArea.TRANSACTING,
                ],
                levels=[Level.LIFE, Level.WORK],
                audiences=[Audience.JOBSEEKERS],
                computers_and_wifi=True,
                booking_needed=True,
            ),
            0,
        )
    ]


def _hub_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    offers = [
        (
            _offer(
                "Tech help café",
                "Drop in for a cuppa and help with whatever you are stuck on: setting up a "
                "phone, booking a GP appointment, paying a bill online.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.TRANSACTING,
                    SkillArea.SAFE_LEGAL,
                    SkillArea.PROBLEM_SOLVING,
                ],
                formats=[Format.ONE_TO_ONE, Format.GROUP],
                computers_and_wifi=True,
            ),
            0,
        )
    ]
    if rng.random() < 0.5:
        offers.append(
            (
                _offer(
                    "Free SIM cards and mobile data",
                    "Free SIM cards with six months of data from the National Databank.",
                    skill_areas=[SkillArea.COMMUNICATING],
                    levels=[Level.FOUNDATION],
                    free_data=True,
                ),
                0,
            )
        )
    if rng.random() < 0.3:
        offers.append(
            (
                _offer(
                    "Refurbished laptops to keep",
                    "A refurbished laptop to keep, with a short course to get started, for "
                    "people referred by a support worker.",
                    skill_areas=[SkillArea.COMMUNICATING, SkillArea.INFORMATION],
                    levels=[Level.FOUNDATION],
                    audiences=[Audience.JOBSEEKERS, Audience.YOUNG, Audience.EVERYONE],
                    gives_devices=True,
                    booking_needed=True,
                ),
                0,
            )
        )
    if rng.random() < 0.2:
        offers.append(
            (
                _offer(
                    "Coding club for young people",
                    "Make games and websites with volunteers from local tech firms, for "
                    "ages 11 to 18.",
                    skill_areas=[SkillArea.PROBLEM_SOLVING],
                    levels=[Level.SPECIALIST],
                    specialist_skills="Coding",
                    formats=[Format.GROUP],
                    audiences=[Audience.YOUNG],
                ),
                rng.randint(1, 2),
            )
        )
    return offers


def _age_uk_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    return [
        (
            _offer(
                "Tech help for older people",
                "Patient one-to-one help at your own pace, here or on the phone: video "
                "calls with family, online shopping, spotting scams.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.TRANSACTING,
                    SkillArea.SAFE_LEGAL,
                ],
                levels=[Level.FOUNDATION],
                formats=[Format.ONE_TO_ONE, Format.PHONE],
                audiences=[Audience.OLDER],
                lends_devices=rng.random() < 0.4,
                booking_needed=True,
            ),
            0,
        )
    ]


def _citizens_advice_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    return [
        (
            _offer(
                "Help with online forms and Universal Credit",
                "Help to claim benefits, apply for a Blue Badge or manage a council tax "
                "account online, and to keep your details safe.",
                skill_areas=[SkillArea.TRANSACTING, SkillArea.SAFE_LEGAL],
                levels=[Level.LIFE],
                formats=[Format.ONE_TO_ONE, Format.PHONE],
                booking_needed=True,
            ),
            0,
        )
    ]


def _housing_offers(rng: random.Random, town: str) -> list[tuple[OfferDetails, int]]:
    return [
        (
            _offer(
                "Digital champions for tenants",
                "Our tenants' digital champions help you report repairs, pay rent online and "
                "get connected, with free SIMs for those who need them.",
                skill_areas=[
                    SkillArea.COMMUNICATING,
                    SkillArea.TRANSACTING,
                    SkillArea.SAFE_LEGAL,
                ],
                levels=[Level.FOUNDATION],
                audiences=[Audience.EVERYONE, Audience.OLDER],
                free_data=True,
                gives_devices=rng.random() < 0.3,
            ),
            0,
        )
    ]


KIND_OFFERS = {
    "library": _library_offers,
    "online_centre": _online_centre_offers,
    "college": _college_offers,
    "jobcentre": _jobcentre_offers,
    "hub": _hub_offers,
    "age_uk": _age_uk_offers,
    "citizens_advice": _citizens_advice_offers,
    "housing": _housing_offers,
}
# How often each kind is picked after an authority's main library.
KIND_WEIGHTS = {
    "library": 5,
    "online_centre": 5,
    "hub": 4,
    "college": 2,
    "jobcentre": 2,
    "age_uk": 2,
    "citizens_advice": 1,
    "housing": 1,
}
DESCRIPTIONS = {
    "library": "Free computers, wi-fi and friendly help to get online, from library staff and "
    "Digital Champion volunteers.",
    "online_centre": "A community Online Centre in the Good Things Foundation network: free "
    "help to learn the basics and build confidence online.",
    "college": "Adult courses in digital skills, from a first step to qualifications for work.",
    "jobcentre": "Work coaches help jobseekers get online to find and apply for work.",
    "hub": "A community hub run by local people, with tech help alongside its café and "
    "advice sessions.",
    "age_uk": "Tech help for older people, at the centre or over the phone.",
    "citizens_advice": "Free, confidential advice, including help to manage your affairs online.",
    "housing": "Help for tenants to get online and manage their home online.",
}
OPENING = {
    "library": [
        (0, T(9, 30), T(17)),
        (1, T(9, 30), T(17)),
        (3, T(9, 30), T(19)),
        (4, T(9, 30), T(17)),
        (5, T(9, 30), T(13)),
    ],
    "online_centre": [(1, T(10), T(12, 30)), (3, T(13, 30), T(16))],
    "college": [(d, T(9), T(20)) for d in range(4)] + [(4, T(9), T(16, 30))],
    "jobcentre": [(d, T(9), T(17)) for d in (0, 1, 3, 4)] + [(2, T(10), T(17))],
    "hub": [(0, T(10), T(15)), (2, T(10), T(15)), (4, T(10), T(14))],
    "age_uk": [(1, T(10), T(13)), (3, T(10), T(13))],
    "citizens_advice": [(0, T(9, 30), T(16)), (2, T(9, 30), T(16)), (4, T(9, 30), T(13))],
    "housing": [(2, T(13), T(16)), (5, T(10), T(12))],
}
OPENING_NOTES = {
    "library": "Closed on bank holidays. Digital help is busiest on Saturday mornings.",
    "jobcentre": "Appointments only: your work coach will book you in.",
    "college": "Term time only. Enrol at reception or by phone.",
}


# --- planning: which centres go where ------------------------------------------------------


def _centre_name(kind: str, town: str, authority: str, main: bool) -> tuple[str, str, str]:
    """The centre's name, and its organisation's name and sector (empty: the library's)."""
    if kind == "library":
        return (f"{town} Central Library" if main else f"{town} Library"), "", ""
    if kind == "online_centre":
        return f"{town} Online Centre", f"{town} Online Centre", Sector.COMMUNITY
    if kind == "college":
        return f"{town} Adult Learning Centre", f"{town} Adult Learning", Sector.COLLEGE
    if kind == "jobcentre":
        return f"{town} Jobcentre", "Department for Work and Pensions", Sector.GOVERNMENT
    if kind == "hub":
        return f"{town} Community Hub", f"{town} Community Hub", Sector.COMMUNITY
    if kind == "age_uk":
        # Age UK's local charities are named after their district.
        name = f"Age UK {authority}" if town == authority else f"Age UK {authority}, {town}"
        return name, f"Age UK {authority}", Sector.CHARITY
    if kind == "citizens_advice":
        return f"Citizens Advice {town}", f"Citizens Advice {town}", Sector.CHARITY
    return f"{town} Homes Digital Hub", f"{town} Community Homes", Sector.CHARITY


def _library_organisation(authority: LocalAuthority) -> str:
    for council, codes in COUNTY_LIBRARIES.items():
        if authority.code in codes.split():
            return council
    return UNITARY_LIBRARIES.get(authority.code, f"{authority.name} Council")


def _phone(rng: random.Random, area_code: str) -> str:
    # Ofcom's numbers for drama: they never ring anyone.
    if area_code in {"E37000012", "E37000001"}:
        return f"0121 496 0{rng.randint(0, 999):03d}"
    return f"01632 960{rng.randint(0, 999):03d}"


def _postcode(rng: random.Random, district: str) -> str:
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{district} {rng.randint(1, 9)}{letters}"


def _within(point: tuple[float, float], district: PostcodeDistrict, km: float) -> bool:
    return distance_km(point[0], point[1], district.latitude, district.longitude) < km


def plan_centres(today: datetime.date) -> list[PlannedCentre]:
    """Every demo centre, decided before anything is written (same seed, same plan)."""
    rng = random.Random(SEED)  # noqa: S311 - made-up data, the same on every load
    data = _data()
    no_centres, no_transacting = demo_gaps()
    leads: dict[str, int] = data["lead"]
    demo_areas = {
        area.code: area
        for partnership in Partnership.objects.filter(is_demo=True).prefetch_related("areas")
        for area in partnership.areas.all()
    }
    authorities = (
        LocalAuthority.objects.filter(areas__in=demo_areas.values())
        .distinct()
        .prefetch_related("areas")
        .order_by("code")
    )
    districts = {
        district.code: district
        for district in PostcodeDistrict.objects.filter(
            active_postcodes__gt=0, local_authority__in=authorities
        )
    }
    by_code = {authority.code: authority for authority in authorities}
    gap_points = [
        (by_code[code].latitude, by_code[code].longitude) for code in no_centres if code in by_code
    ]
    dry_points = [
        (by_code[code].latitude, by_code[code].longitude)
        for code in no_transacting
        if code in by_code
    ]
    towns = demo_towns()
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    plans: list[PlannedCentre] = []
    used_names: set[str] = set()
    for authority in authorities:
        if authority.code in no_centres:
            continue
        area_code = next(area.code for area in authority.areas.all() if area.code in demo_areas)
        places = [
            Town(name, districts[code])
            for name, code in towns.get(authority.code, [])
            if code in districts
            and districts[code].local_authority_id == authority.pk
            and not any(_within(point, districts[code], GAP_CLEARANCE_KM) for point in gap_points)
        ]
        if not places:
            continue
        # The main library in the authority's main town; the next centre in the town
        # nearest the authority's centre, where the gap view measures reach from.
        nearest = min(
            places[1:] or places,
            key=lambda town: distance_km(
                authority.latitude,
                authority.longitude,
                town.district.latitude,
                town.district.longitude,
            ),
        )
        places = [places[0], *([nearest] if nearest is not places[0] else [])] + [
            town for town in places[1:] if town is not nearest
        ]
        lead = authority.code in leads
        count = leads.get(authority.code, 2 + rng.randint(0, 1))
        for number in range(count):
            town = places[number % len(places)]
            kind = "library" if number == 0 else rng.choices(kinds, weights)[0]
            name, organisation, sector = _centre_name(
                kind, town.name, authority.name, lead and number == 0
            )
            if name in used_names:
                kind = "hub" if kind != "hub" else "online_centre"
                name, organisation, sector = _centre_name(kind, town.name, authority.name, False)
            if name in used_names:
                continue
            used_names.add(name)
            plans.append(
                _plan_one(
                    rng,
                    kind=kind,
                    name=name,
                    town=town,
                    authority=authority,
                    area_code=area_code,
                    organisation=organisation or _library_organisation(authority),
                    sector=sector or Sector.LOCAL_AUTHORITY,
                    today=today,
                    dry=any(_within(point, town.district, GAP_CLEARANCE_KM) for point in dry_points)
                    or authority.code in no_transacting,
                )
            )
    _mark_stale_and_closed(rng, plans, today)
    return plans


def _plan_one(
    rng: random.Random,
    *,
    kind: str,
    name: str,
    town: Town,
    authority: LocalAuthority,
    area_code: str,
    organisation: str,
    sector: str,
    today: datetime.date,
    dry: bool,
) -> PlannedCentre:
    is_library = kind == "library"
    street = rng.choice(STREETS)
    address = f"{rng.randint(1, 120)} {street}\n{town.name}"
    if kind == "college":
        address = f"{town.name} Campus, {street}\n{town.name}"
    languages = ["en"]
    city_languages = CITIES_WITH_MANY_LANGUAGES.get(authority.code)
    if city_languages:
        languages += rng.sample(city_languages, rng.randint(1, min(3, len(city_languages))))
    elif rng.random() < 0.2:
        languages.append(rng.choice(OTHER_LANGUAGES))
    bsl = rng.random() < 0.06
    if bsl:
        languages.append("sgn")
    slots = list(OPENING[kind])
    if is_library and rng.random() < 0.3:
        slots = [slot for slot in slots if slot[0] != 2]  # some libraries close midweek
    details = CentreDetails(
        name=name,
        organisation=Organisation(),  # set when written
        address=address,
        postcode=_postcode(rng, town.district.code),
        description=DESCRIPTIONS[kind],
        opening_note=OPENING_NOTES.get(kind, ""),
        phone=_phone(rng, area_code),
        email=f"digital@{slugify(name)}.example.org" if rng.random() < 0.6 else "",
        website=f"https://{slugify(name)}.example.org/" if rng.random() < 0.5 else "",
        step_free=is_library or kind in {"college", "jobcentre"} or rng.random() < 0.6,
        accessible_toilet=is_library or kind == "college" or rng.random() < 0.4,
        hearing_loop=is_library or rng.random() < 0.3,
        bsl=bsl,
        assistive_technology=(is_library and rng.random() < 0.7) or rng.random() < 0.1,
        last_checked_on=today - datetime.timedelta(days=rng.randint(7, 300)),
        opening_slots=slots,
        languages=languages,
    )
    offers = KIND_OFFERS[kind](rng, town.name)
    if dry:
        # The partnership's gap in Transacting help: nothing near here teaches it.
        for offer, _sessions in offers:
            offer.skill_areas = [
                area for area in offer.skill_areas if area != SkillArea.TRANSACTING
            ] or [SkillArea.COMMUNICATING]
    return PlannedCentre(
        kind=kind,
        details=details,
        area_code=area_code,
        offers=offers,
        organisation_name=organisation,
        organisation_sector=sector,
    )


def _mark_stale_and_closed(
    rng: random.Random, plans: list[PlannedCentre], today: datetime.date
) -> None:
    lancashire = [plan for plan in plans if plan.area_code == "E37000019"]
    elsewhere = [plan for plan in plans if plan.area_code != "E37000019"]
    stale = rng.sample(lancashire, min(STALE_IN_LANCASHIRE, len(lancashire)))
    stale += rng.sample(elsewhere, min(STALE_CENTRES - len(stale), len(elsewhere)))
    for plan in stale:
        plan.details.last_checked_on = today - datetime.timedelta(days=rng.randint(380, 800))
    open_ones = [plan for plan in plans if plan not in stale and plan.kind != "library"]
    for plan in rng.sample(open_ones, min(TEMPORARILY_CLOSED, len(open_ones))):
        plan.details.status = Centre.Status.TEMPORARILY_CLOSED
        reopens = today + datetime.timedelta(weeks=rng.randint(3, 10))
        plan.details.opening_note = f"Closed for refurbishment until {reopens:%-d %B %Y}."


# --- writing ------------------------------------------------------------------------------


def _organisations(plans: list[PlannedCentre]) -> dict[str, Organisation]:
    """Each organisation the plans name: the demo's own where one fits, else a new one."""
    known = {
        organisation.normalised_name: organisation for organisation in Organisation.objects.all()
    }
    found: dict[str, Organisation] = {}
    for plan in plans:
        name = plan.organisation_name
        if name in found:
            continue
        existing = known.get(organisation_name_normalise(name))
        if existing is not None:
            found[name] = existing
            continue
        organisation = organisation_get_or_create(name=name, sector=plan.organisation_sector)
        organisation.is_demo = True
        organisation.save(update_fields=["is_demo", "normalised_name"])
        found[name] = organisation
    return found


def _session_starts(
    rng: random.Random, today: datetime.date, count: int
) -> Iterator[datetime.datetime]:
    zone = timezone.get_current_timezone()
    first = today + datetime.timedelta(days=rng.randint(3, 35))
    hour = rng.choice([10, 13, 18])
    for week in range(count):
        day = first + datetime.timedelta(weeks=week * rng.randint(2, 4))
        yield datetime.datetime.combine(day, T(hour), tzinfo=zone)


def load() -> list[str]:
    """Write the demo centres once; running it again changes nothing."""
    if Centre.objects.filter(is_demo=True).exists():
        return []
    if not LocalAuthority.objects.exists() or not Partnership.objects.filter(is_demo=True).exists():
        return []
    today = timezone.localdate()
    plans = plan_centres(today)
    organisations = _organisations(plans)
    rng = random.Random(SEED + 1)  # noqa: S311 - made-up data
    centres: list[Centre] = []
    sessions = 0
    for plan in plans:
        plan.details.organisation = organisations[plan.organisation_name]
        centre = centre_save(actor=None, details=plan.details)
        centres.append(centre)
        for details, session_count in plan.offers:
            offer = offer_save(actor=None, centre=centre, details=details)
            for starts_at in _session_starts(rng, today, session_count):
                places = rng.choice([8, 10, 12, 15])
                course_session_save(
                    actor=None,
                    offer=offer,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    places=places,
                    places_left=rng.randint(0, places),
                )
                sessions += 1
    # Marked afterwards: centre_save writes what a person may set, and "invented for the
    # demo" is not one of those.
    Centre.objects.filter(pk__in=[centre.pk for centre in centres]).update(is_demo=True)
    _change_reports(centres)
    stale = sum(centre.is_stale for centre in centres)
    return [
        f"Finder: {len(centres)} centres ({stale} not checked for a year), "
        f"{sessions} course sessions"
    ]


CHANGE_REPORTS = [
    (
        "The digital drop-in has moved from Tuesdays to Wednesday mornings.",
        "Margaret Holt",
        "margaret.holt@example.org",
    ),
    ("The phone number on this page rings a hairdresser.", "", ""),
    (
        "They lend laptops now, not just tablets, and you can keep them for a month.",
        "Dev Patel",
        "dev.patel@example.org",
    ),
]


def _change_reports(centres: list[Centre]) -> None:
    """A few reports waiting for the demo coordinator, on centres in their partnership.

    Written directly, not through ``change_report_create``: that emails every coordinator
    and member of staff, and nobody should be emailed by loading the demo.
    """
    partnership = Partnership.objects.filter(slug=COORDINATOR_PARTNERSHIP).first()
    if partnership is None:
        return
    theirs = Centre.objects.filter(
        pk__in=[centre.pk for centre in centres],
        local_authority__areas__partnerships=partnership,
    ).order_by("name")
    for centre, (message, name, email) in zip(theirs[::7], CHANGE_REPORTS, strict=False):
        report = ChangeReport.objects.create(centre=centre, message=message, name=name, email=email)
        audit_record(
            actor=None,
            verb="centre.change_reported",
            target=centre,
            summary=f"Change to {centre.name} reported (demo)",
            data={"report": report.pk, "recipients": 0},
        )
