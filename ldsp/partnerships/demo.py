"""The first Local Digital Skills Partnerships, with plausible members, plans and pledges.

The partnerships, their areas and Lancashire's launch are public facts; the members,
plans and pledges are illustrative and every such row is marked ``is_demo``.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from ldsp.core.sectors import Sector
from ldsp.partnerships.models import Action, Goal, Membership, Organisation, Partnership, Pledge
from ldsp.partnerships.services import join_request_create
from ldsp.places.models import Area

PARTNERSHIPS = [
    (
        "Lancashire Digital Skills Partnership",
        ["E37000019"],
        "active",
        datetime.date(2018, 4, 18),
        "Launched on 18 April 2018, when 43 partners signed up on the day.",
    ),
    (
        "Heart of the South West Digital Skills Partnership",
        ["E37000016"],
        "active",
        None,
        "One of the first pilot partnerships, covering Devon, Plymouth, Somerset and Torbay.",
    ),
    (
        "West Midlands Digital Skills Partnership",
        ["E37000012", "E37000001", "E37000006"],
        "active",
        None,
        "Spans three LEP areas across the West Midlands.",
    ),
    (
        "South East Digital Skills Partnership",
        ["E37000056"],
        "forming",
        None,
        "Bringing together partners across Essex, Kent and East Sussex.",
    ),
    (
        "Cornwall and Isles of Scilly Digital Skills Partnership",
        ["E37000005"],
        "active",
        None,
        "Reaching rural and island communities.",
    ),
    (
        "Cheshire and Warrington Digital Skills Partnership",
        ["E37000003"],
        "forming",
        None,
        "Working with employers on skills for digital jobs.",
    ),
    (
        "West Yorkshire Digital Skills Partnership",
        ["E37000062", "E37000050"],
        "exploring",
        None,
        "Covering the Leeds City Region LEP area.",
    ),
]

ORGANISATIONS = [
    ("Lancashire County Council", Sector.LOCAL_AUTHORITY),
    ("Good Things Foundation", Sector.CHARITY),
    ("Google Digital Garage", Sector.TECH_COMPANY),
    ("Lancashire Adult Learning", Sector.COLLEGE),
    ("Preston Online Centre", Sector.COMMUNITY),
    ("Department for Digital, Culture, Media and Sport", Sector.GOVERNMENT),
    ("Devon County Council", Sector.LOCAL_AUTHORITY),
    ("Plymouth Library Service", Sector.COMMUNITY),
    ("Exeter College", Sector.COLLEGE),
    ("Birmingham City Council", Sector.LOCAL_AUTHORITY),
    ("Coventry Digital Hub", Sector.COMMUNITY),
    ("Cornwall Council", Sector.LOCAL_AUTHORITY),
]

MEMBERS = {
    "lancashire-digital-skills-partnership": [
        ("lancashire-county-council", "chair"),
        ("good-things-foundation", "steering_group"),
        ("google-digital-garage", "member"),
        ("lancashire-adult-learning", "member"),
        ("preston-online-centre", "member"),
        ("department-for-digital-culture-media-and-sport", "member"),
    ],
    "heart-of-the-south-west-digital-skills-partnership": [
        ("devon-county-council", "chair"),
        ("plymouth-library-service", "member"),
        ("exeter-college", "steering_group"),
        ("good-things-foundation", "member"),
    ],
    "west-midlands-digital-skills-partnership": [
        ("birmingham-city-council", "co_chair"),
        ("coventry-digital-hub", "member"),
        ("good-things-foundation", "member"),
    ],
    "cornwall-and-isles-of-scilly-digital-skills-partnership": [
        ("cornwall-council", "chair"),
        ("good-things-foundation", "member"),
    ],
}


def load() -> list[str]:
    """Create the demo network once; running it again changes nothing."""
    from django.utils.text import slugify

    if Partnership.objects.exists():
        return []
    areas = {area.code: area for area in Area.objects.all()}
    if not areas:
        return []
    organisations = {}
    for name, sector in ORGANISATIONS:
        organisation = Organisation.objects.create(
            name=name, slug=slugify(name), sector=sector, is_demo=True
        )
        organisations[organisation.slug] = organisation
    partnerships = {}
    for name, codes, status, launched_on, summary in PARTNERSHIPS:
        partnership = Partnership.objects.create(
            name=name,
            slug=slugify(name),
            status=status,
            launched_on=launched_on,
            summary=summary,
            # example.org addresses never reach anyone (RFC 2606).
            contacts=f"Email {slugify(name)}@example.org or visit https://example.org/.",
            is_demo=True,
        )
        partnership.areas.set([areas[code] for code in codes if code in areas])
        partnerships[partnership.slug] = partnership
    for slug, members in MEMBERS.items():
        for organisation_slug, role in members:
            organisation = organisations[organisation_slug]
            Membership.objects.create(
                partnership=partnerships[slug],
                organisation=organisation,
                role=role,
                since=datetime.date(2018, 4, 18),
            )
            organisation.areas.add(*partnerships[slug].areas.all())

    lancashire = partnerships["lancashire-digital-skills-partnership"]
    demo_coordinator = User.objects.filter(email="coordinator@example.org").first()
    if demo_coordinator is not None:
        lancashire.coordinators.add(demo_coordinator)
    reach = Goal.objects.create(
        partnership=lancashire,
        title="Help residents gain essential digital skills",
        measure="People completing a Foundation or for Life course",
        target=5000,
        achieved=1840,
    )
    Action.objects.create(
        partnership=lancashire,
        goal=reach,
        title="Map free courses across all twelve districts",
        owner=organisations["lancashire-adult-learning"],
        due_on=datetime.date(2026, 12, 31),
        status=Action.Status.IN_PROGRESS,
        progress=60,
    )
    Action.objects.create(
        partnership=lancashire,
        goal=reach,
        title="Open digital drop-ins in every library",
        owner=organisations["lancashire-county-council"],
        due_on=datetime.date(2027, 3, 31),
        status=Action.Status.NOT_STARTED,
    )
    Pledge.objects.create(
        partnership=lancashire,
        organisation=organisations["google-digital-garage"],
        description="Train people in digital skills",
        quantity=1000,
        unit="people",
        delivered=640,
        due_on=datetime.date(2027, 3, 31),
    )
    Pledge.objects.create(
        partnership=lancashire,
        organisation=organisations["good-things-foundation"],
        description="Lend refurbished devices",
        quantity=50,
        unit="devices",
        delivered=50,
        status=Pledge.Status.MET,
    )
    # One organisation waiting to join, so the coordinator has a decision to make.
    demo_contributor = User.objects.filter(email="contributor@example.org").first()
    if demo_contributor is not None:
        join_request_create(
            actor=demo_contributor,
            partnership=lancashire,
            organisation_name="Burnley Library Digital Hub",
            sector=Sector.COMMUNITY,
            message="We run drop-in sessions three days a week and would like to join up.",
        )
    return [f"Partnerships: {len(partnerships)}, coordinator@example.org runs Lancashire's"]
