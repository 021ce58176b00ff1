"""The home page says only what exists, and its figures are the database's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ldsp.core.sectors import Sector
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.places.models import Area
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def _network_figures(html: str) -> str:
    found = re.search(r'data-figure="network">(.*?)</ul>', html, re.S)
    assert found
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_home_page_figures_are_counted_from_the_database() -> None:
    scheme = AreaSchemeFactory.create(is_default=True)
    areas = [AreaFactory.create(scheme=scheme) for _ in range(6)]
    north = PartnershipFactory.create(areas=areas[:2])
    south = PartnershipFactory.create(areas=areas[1:3], status=Partnership.Status.FORMING)
    for number in range(4):
        sector = Sector.LOCAL_AUTHORITY if number < 3 else Sector.CHARITY
        organisation = OrganisationFactory.create(sector=sector)
        MembershipFactory.create(partnership=north, organisation=organisation)
        if number == 0:
            MembershipFactory.create(partnership=south, organisation=organisation)
    OrganisationFactory.create()  # in no partnership

    shown = _network_figures(Client().get("/").content.decode())
    partnerships = Partnership.objects.count()
    covered = Area.objects.filter(partnerships__isnull=False).distinct().count()
    active = Area.objects.filter(partnerships__status="active").distinct().count()
    taking_part = Organisation.objects.filter(memberships__isnull=False).distinct().count()
    assert (partnerships, covered, active, taking_part) == (2, 3, 2, 4)
    assert f"{partnerships} partnerships on LDSP Hub, covering {covered} of the 6 areas" in shown
    assert f"{active} areas with an active partnership" in shown
    assert f"{taking_part} organisations taking part" in shown


def test_the_home_page_promises_nothing_that_is_not_built() -> None:
    page = Client().get("/").content.decode()
    for missing in ("read the news", "events", "coming next"):
        assert missing not in page.lower(), missing
    assert 'data-figure="network"' not in page  # no areas loaded: no figures to show


def test_the_home_page_asks_where_to_find_help() -> None:
    page = Client().get("/").content.decode()
    form = page[page.index('<form method="get" action="/find/"') :]
    form = form[: form.index("</form>")]
    assert 'name="q"' in form and "Find digital skills help near you" in page
