"""Demo people: one per role, with known passwords, printed by `ldsp demo`; and the
people who took part in the demo's first consultation, each with a sector and an area."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ldsp.accounts import services
from ldsp.accounts.models import Profile
from ldsp.accounts.roles import Role
from ldsp.core.sectors import Sector
from ldsp.places.models import Area

DEMO_PASSWORD = "ldsp-demo-password"  # noqa: S105 - printed by `ldsp demo` on purpose

DEMO_PEOPLE = [
    ("contributor@example.org", "Cara Contributor", [], "Online Centre volunteer"),
    ("editor@example.org", "Eddie Editor", [Role.EDITOR], "Playbook editor"),
    ("coordinator@example.org", "Chloe Coordinator", [Role.COORDINATOR], "Partnership lead"),
    ("staff@example.org", "Sam Staff", [Role.STAFF], "Platform staff"),
]

# Where each person above works: organisation, sector and area (an ONS LEP code).
DEMO_PEOPLE_PLACES = {
    "contributor@example.org": ("Preston Online Centre", Sector.COMMUNITY, "E37000019"),
    "editor@example.org": ("Good Things Foundation", Sector.CHARITY, "E37000051"),
    "coordinator@example.org": ("Lancashire County Council", Sector.LOCAL_AUTHORITY, "E37000019"),
    "staff@example.org": ("LDSP Hub", Sector.OTHER, "E37000051"),
}

# The people who took part in the demo's first consultation round: a spread of sectors
# and areas, as a real round would have. They have no password (see load()).
DEMO_PARTICIPANTS = [
    ("Priya Shah", "Blackburn Library", Sector.LOCAL_AUTHORITY, "E37000019"),
    ("Tom Evans", "Burnley College", Sector.COLLEGE, "E37000019"),
    ("Aisha Khan", "Bolton Online Centre", Sector.COMMUNITY, "E37000015"),
    ("Gareth Hughes", "Manchester City Council", Sector.LOCAL_AUTHORITY, "E37000015"),
    ("Nina Kowalski", "CodeBridge", Sector.TECH_COMPANY, "E37000015"),
    ("Rob Pearce", "Truro and Penwith College", Sector.COLLEGE, "E37000005"),
    ("Jenny Trewin", "Cornwall Council", Sector.LOCAL_AUTHORITY, "E37000005"),
    ("Mark Ellis", "Age UK Cornwall", Sector.CHARITY, "E37000005"),
    ("Sarah Whitfield", "Heart of the South West LEP", Sector.LEP, "E37000016"),
    ("Daniel Okafor", "Exeter Digital Skills Hub", Sector.COMMUNITY, "E37000016"),
    ("Helen Marsh", "Devon County Council", Sector.LOCAL_AUTHORITY, "E37000016"),
    ("Kwame Mensah", "Newcastle Tech Week", Sector.TECH_COMPANY, "E37000025"),
    ("Laura Robson", "Gateshead Learning Centre", Sector.COMMUNITY, "E37000025"),
    ("Ian Forster", "North East LEP", Sector.LEP, "E37000025"),
    ("Sophie Clarke", "Liverpool Digital Inclusion", Sector.CHARITY, "E37000022"),
    ("Owen Price", "Wirral Met College", Sector.COLLEGE, "E37000022"),
    ("Fatima Begum", "Sparkbrook Community Centre", Sector.COMMUNITY, "E37000012"),
    ("Chris Doyle", "Midlands Logistics Ltd", Sector.EMPLOYER, "E37000012"),
    ("Grace Turner", "Birmingham Adult Education", Sector.COLLEGE, "E37000012"),
    ("Paul Hennessy", "Warrington Borough Council", Sector.LOCAL_AUTHORITY, "E37000003"),
    ("Amy Lowe", "Crewe Online Centre", Sector.COMMUNITY, "E37000003"),
    ("Ben Adeyemi", "Department for Education", Sector.GOVERNMENT, "E37000051"),
    ("Zara Ahmed", "Tower Hamlets Digital", Sector.CHARITY, "E37000051"),
    ("Lucy Fenwick", "CloudWorks UK", Sector.TECH_COMPANY, "E37000051"),
    ("Mike Brennan", "Bristol Community Learning", Sector.COMMUNITY, "E37000037"),
    ("Ellie Stone", "Bath Retail Group", Sector.EMPLOYER, "E37000037"),
    ("Hassan Ali", "", Sector.INDIVIDUAL, "E37000037"),
    ("Rachel Green", "Kent Libraries", Sector.LOCAL_AUTHORITY, "E37000056"),
    ("Victor Osei", "Medway Job Club", Sector.EMPLOYER, "E37000056"),
    ("Joan Pike", "", Sector.INDIVIDUAL, "E37000056"),
]


def participant_email(name: str) -> str:
    """The demo address of a participant: ``priya.shah@example.org``."""
    return name.lower().replace(" ", ".") + "@example.org"


def people_place_in_areas() -> None:
    """Give every demo person their organisation, sector and area where a profile lacks them.

    Areas are loaded after people, so this runs again once they are (the consultations
    demo calls it); a profile someone has filled in is left alone.
    """
    places = dict(DEMO_PEOPLE_PLACES)
    places.update(
        {
            participant_email(name): (organisation, sector, area)
            for name, organisation, sector, area in DEMO_PARTICIPANTS
        }
    )
    areas = {
        area.code: area for area in Area.objects.filter(code__in={p[2] for p in places.values()})
    }
    for profile in Profile.objects.filter(user__email__in=places).select_related("user"):
        organisation, sector, code = places[profile.user.email]
        if profile.sector and profile.area_id:
            continue
        services.profile_update(
            actor=profile.user,
            user=profile.user,
            display_name=profile.display_name,
            organisation_name=profile.organisation_name or organisation,
            sector=profile.sector or sector,
            area=profile.area or areas.get(code),
        )


def load() -> list[str]:
    """Create the demo people if they are missing; never change existing ones."""
    User = get_user_model()
    for email, name, roles, _ in DEMO_PEOPLE:
        if not User.objects.filter(email__iexact=email).exists():
            services.user_create(
                email=email, password=DEMO_PASSWORD, display_name=name, roles=roles, verified=True
            )
    for name, _, _, _ in DEMO_PARTICIPANTS:
        email = participant_email(name)
        if not User.objects.filter(email__iexact=email).exists():
            # No password (None makes it unusable): they are people in the story, not
            # sign-ins, and hashing thirty passwords would add half a minute to every start.
            services.user_create(
                email=email,
                password=None,  # type: ignore[arg-type]
                display_name=name,
                verified=True,
            )
    people_place_in_areas()
    return [
        f"{email:<26} {DEMO_PASSWORD}   ({description})" for email, _, _, description in DEMO_PEOPLE
    ]
