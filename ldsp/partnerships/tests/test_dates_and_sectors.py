"""The partnership forms ask for dates as day, month and year (GOV.UK's date input) and
offer an organisation only the sectors an organisation can be in."""

from __future__ import annotations

import datetime
import re

import pytest

from conftest import Persona, Visitor
from ldsp.core.sectors import ORGANISATION_SECTORS, Sector
from ldsp.partnerships.forms import JoinRequestForm
from ldsp.partnerships.models import JoinRequest, Organisation, Partnership
from ldsp.partnerships.services import PartnershipError, join_request_create
from tests.factories import MembershipFactory, OrganisationFactory, PartnershipFactory


@pytest.fixture
def partnership(db: None, coordinator: Persona) -> Partnership:
    partnership = PartnershipFactory.create(
        name="Lancashire Digital Skills Partnership",
        slug="lancashire",
        coordinators=[coordinator.user],
        status="active",
    )
    MembershipFactory.create(
        partnership=partnership,
        organisation=OrganisationFactory.create(name="Preston Online Centre", slug="preston"),
    )
    return partnership


def _edit(persona: Persona, partnership: Partnership, day: str, month: str, year: str) -> str:
    response = persona.client.post(
        f"/partnerships/{partnership.slug}/edit/",
        {
            "status": "active",
            "launched_on-day": day,
            "launched_on-month": month,
            "launched_on-year": year,
            "summary": "",
            "contacts": "",
            "website": "",
        },
    )
    return f"{response.status_code} {response.content.decode()}"


def _box_classes(html: str, field: str) -> dict[str, str]:
    return {
        part: classes
        for classes, part in re.findall(rf'class="([^"]*)" id="id_{field}-(\w+)"', html)
    }


def test_the_edit_page_shows_the_launch_date_in_three_boxes(
    partnership: Partnership, coordinator: Persona
) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(launched_on=datetime.date(2018, 4, 18))
    html = coordinator.client.get(f"/partnerships/{partnership.slug}/edit/").content.decode()
    assert 'class="govuk-date-input"' in html and 'type="date"' not in html
    assert re.search(r"<legend[^>]*>\s*Launch date \(optional\)\s*</legend>", html)
    assert re.search(r'name="launched_on-day" type="text" value="18"', html)
    assert re.search(r'name="launched_on-month" type="text" value="4"', html)
    assert re.search(r'name="launched_on-year" type="text" value="2018"', html)


def test_a_launch_date_typed_as_day_month_and_year_is_saved_and_shown(
    partnership: Partnership, coordinator: Persona
) -> None:
    assert _edit(coordinator, partnership, "18", "April", "2018").startswith("302")
    partnership.refresh_from_db()
    assert partnership.launched_on == datetime.date(2018, 4, 18)
    page = coordinator.client.get(f"/partnerships/{partnership.slug}/").content.decode()
    assert "Launched 18 April 2018." in page


def test_a_launch_date_can_be_taken_away(partnership: Partnership, coordinator: Persona) -> None:
    Partnership.objects.filter(pk=partnership.pk).update(launched_on=datetime.date(2018, 4, 18))
    assert _edit(coordinator, partnership, "", "", "").startswith("302")
    partnership.refresh_from_db()
    assert partnership.launched_on is None


@pytest.mark.parametrize(
    ("typed", "message", "wrong"),
    [
        (("18", "", "2018"), "Launch date must include a month", {"month"}),
        (("31", "2", "2018"), "Launch date must be a real date", {"day"}),
        (("18", "4", "18"), "Year must include 4 numbers", {"year"}),
    ],
)
def test_a_wrong_launch_date_is_explained_and_only_the_wrong_box_is_red(
    partnership: Partnership,
    coordinator: Persona,
    typed: tuple[str, str, str],
    message: str,
    wrong: set[str],
) -> None:
    answer = _edit(coordinator, partnership, *typed)
    assert answer.startswith("400")
    assert "There is a problem" in answer and message in answer
    first_wrong = next(part for part in ("day", "month", "year") if part in wrong)
    assert f'href="#id_launched_on-{first_wrong}"' in answer
    classes = _box_classes(answer, "launched_on")
    assert {part for part, found in classes.items() if "govuk-input--error" in found} == wrong
    for part, value in zip(("day", "month", "year"), typed, strict=True):
        if value:
            assert re.search(rf'name="launched_on-{part}" type="text" value="{value}"', answer)
    partnership.refresh_from_db()
    assert partnership.launched_on is None


def _pledge(persona: Persona, partnership: Partnership, **due: str) -> str:
    response = persona.client.post(
        f"/partnerships/{partnership.slug}/pledges/new/",
        {
            "organisation": Organisation.objects.get(slug="preston").pk,
            "description": "Host drop-ins",
            "quantity": "40",
            "unit": "sessions",
            **{f"due_on-{part}": value for part, value in due.items()},
        },
    )
    return f"{response.status_code} {response.content.decode()}"


def test_a_pledge_due_date_is_three_boxes_and_is_saved(
    partnership: Partnership, coordinator: Persona
) -> None:
    form_page = coordinator.client.get(f"/partnerships/{partnership.slug}/pledges/new/")
    assert re.findall(r'name="(due_on-\w+)"', form_page.content.decode()) == [
        "due_on-day",
        "due_on-month",
        "due_on-year",
    ]
    assert _pledge(coordinator, partnership, day="31", month="3", year="2027").startswith("302")
    assert partnership.pledges.get().due_on == datetime.date(2027, 3, 31)
    page = coordinator.client.get(f"/partnerships/{partnership.slug}/").content.decode()
    assert "by March 2027" in page


def test_a_pledge_without_a_due_date_is_saved_without_one(
    partnership: Partnership, coordinator: Persona
) -> None:
    assert _pledge(coordinator, partnership).startswith("302")
    assert partnership.pledges.get().due_on is None


def test_a_wrong_pledge_due_date_keeps_the_pledge_unsaved(
    partnership: Partnership, coordinator: Persona
) -> None:
    answer = _pledge(coordinator, partnership, day="", month="", year="2027")
    assert answer.startswith("400")
    assert "Due date must include a day and month" in answer
    classes = _box_classes(answer, "due_on")
    assert "govuk-input--error" in classes["day"] and "govuk-input--error" in classes["month"]
    assert "govuk-input--error" not in classes["year"]
    assert not partnership.pledges.exists()


def test_the_join_form_does_not_offer_not_part_of_an_organisation(
    partnership: Partnership, contributor: Persona
) -> None:
    assert (Sector.INDIVIDUAL.value, Sector.INDIVIDUAL.label) not in ORGANISATION_SECTORS
    assert len(ORGANISATION_SECTORS) == len(Sector.choices) - 1
    page = contributor.client.get(f"/partnerships/{partnership.slug}/join/").content.decode()
    assert "Not part of an organisation" not in page
    assert "Online Centre or community organisation" in page


def test_an_organisation_cannot_be_sent_as_not_part_of_an_organisation(
    partnership: Partnership, contributor: Persona
) -> None:
    form = JoinRequestForm({"organisation_name": "Me", "sector": Sector.INDIVIDUAL})
    assert not form.is_valid() and "sector" in form.errors
    response = contributor.client.post(
        f"/partnerships/{partnership.slug}/join/",
        {"organisation_name": "Just me", "sector": Sector.INDIVIDUAL},
    )
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_the_service_itself_refuses_an_organisation_that_is_not_one(
    partnership: Partnership, contributor: Persona
) -> None:
    with pytest.raises(PartnershipError, match="sector"):
        join_request_create(
            actor=contributor.user,
            partnership=partnership,
            organisation_name="Just me",
            sector=Sector.INDIVIDUAL,
        )
    assert not JoinRequest.objects.exists()


def test_the_directory_does_not_filter_by_not_part_of_an_organisation(
    partnership: Partnership, anonymous: Visitor
) -> None:
    page = anonymous.client.get("/partnerships/").content.decode()
    assert "Online Centre or community organisation" in page
    assert "Not part of an organisation" not in page
