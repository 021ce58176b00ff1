"""Every headline figure on /areas/, /partnerships/ and a partnership page equals the count
taken straight from the database, with several organisations in each sector (the case in
which the model's default ordering used to split every sector into groups of one)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client

from ldsp.core.sectors import Sector
from ldsp.partnerships.models import Membership, Organisation, Partnership
from ldsp.partnerships.selectors import headline_figures
from ldsp.places.models import Area, AreaScheme
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme() -> AreaScheme:
    """Five areas: two partnerships active in three of them, one forming, one with none.

    Three councils, two tech companies and a charity take part; one tech company is in
    both partnerships (counted once); one college is in none (not counted)."""
    scheme = AreaSchemeFactory.create(is_default=True)
    areas = [AreaFactory.create(scheme=scheme, name=f"Area {n}") for n in "ABCDE"]
    north = PartnershipFactory.create(name="North", slug="north", areas=areas[:2])
    south = PartnershipFactory.create(name="South", slug="south", areas=areas[2:3])
    PartnershipFactory.create(
        name="East", slug="east", status=Partnership.Status.FORMING, areas=areas[3:4]
    )
    councils = [
        OrganisationFactory.create(name=f"Council {n}", sector=Sector.LOCAL_AUTHORITY)
        for n in "XYZ"
    ]
    techs = [OrganisationFactory.create(name=f"Tech {n}", sector=Sector.TECH_COMPANY) for n in "PQ"]
    charity = OrganisationFactory.create(name="Charity", sector=Sector.CHARITY)
    OrganisationFactory.create(name="Lonely College", sector=Sector.COLLEGE)
    for organisation in [*councils[:2], *techs, charity]:
        MembershipFactory.create(partnership=north, organisation=organisation)
    for organisation in [councils[2], techs[0]]:
        MembershipFactory.create(partnership=south, organisation=organisation)
    return scheme


def _taking_part_by_sector() -> dict[str, int]:
    """The sectors of organisations in at least one partnership, counted in Python."""
    ids = set(Membership.objects.values_list("organisation_id", flat=True))
    sectors = Counter(Organisation.objects.get(pk=pk).get_sector_display() for pk in ids)
    return dict(sectors)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _figure(html: str, name: str) -> str:
    """The text of the element marked ``data-figure="name"``."""
    found = re.search(rf'<(\w+)[^>]*data-figure="{name}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no figure {name}"
    return _text(found.group(2))


def test_organisations_by_sector_counts_every_member_organisation(scheme: AreaScheme) -> None:
    figures = headline_figures(scheme)
    expected = _taking_part_by_sector()
    assert expected == {"Local authority": 3, "Tech company": 2, "Charity": 1}
    assert dict(figures["by_sector"]) == expected
    assert figures["organisations"] == sum(expected.values()) == 6


def test_the_coverage_page_shows_the_databases_figures(scheme: AreaScheme) -> None:
    html = Client().get("/areas/").content.decode()
    areas = Area.objects.filter(scheme=scheme)
    active = areas.filter(partnerships__status=Partnership.Status.ACTIVE).distinct().count()
    assert active == 3
    assert _figure(html, "active-areas") == (
        f"{active} of {areas.count()} areas have an active partnership."
    )
    taking_part = Organisation.objects.filter(memberships__isnull=False).distinct().count()
    assert _figure(html, "organisations") == f"{taking_part} organisations take part:"
    listed = _figure(html, "by-sector")
    for label, count in _taking_part_by_sector().items():
        assert f"{label}: {count}" in listed
    assert "College" not in listed


def test_one_organisation_taking_part_is_one_organisation(scheme: AreaScheme) -> None:
    Membership.objects.exclude(organisation__name="Charity").delete()
    html = Client().get("/areas/").content.decode()
    assert _figure(html, "organisations") == "1 organisation takes part:"
    assert _figure(html, "by-sector") == "Charity: 1"


def test_the_directory_counts_partnerships_and_every_member(scheme: AreaScheme) -> None:
    html = Client().get("/partnerships/").content.decode()
    assert _figure(html, "partnerships") == f"{Partnership.objects.count()} partnerships"
    members = [int(_text(cell)) for cell in re.findall(r'data-figure="members">(\d+)<', html)]
    expected = [p.memberships.count() for p in Partnership.objects.order_by("name")]
    assert members == expected == [0, 5, 2]  # East, North, South
    # Filtering by a sector picks partnerships, but still counts all of their members.
    filtered = Client().get("/partnerships/", {"sector": Sector.CHARITY}).content.decode()
    assert _figure(filtered, "partnerships") == "1 partnership"
    assert re.findall(r'data-figure="members">(\d+)<', filtered) == ["5"]


def test_a_partnership_page_counts_its_members_and_their_sectors(scheme: AreaScheme) -> None:
    north = Partnership.objects.get(slug="north")
    html = Client().get(north.get_absolute_url()).content.decode()
    organisations = north.memberships.count()
    sectors = north.memberships.values("organisation__sector").distinct().count()
    assert (organisations, sectors) == (5, 3)
    assert _figure(html, "members") == f"{organisations} organisations from {sectors} sectors."
    for label in ("Local authority", "Tech company", "Charity"):
        assert f">{label}</h3>" in html
