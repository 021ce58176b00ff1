"""Coordinators keep the centres in their partnerships' areas up to date: who may open
which page, the forms (and that they keep every answer), the stale flag, and the audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Persona, Visitor
from ldsp.accounts.roles import Role
from ldsp.core.models import AuditEvent
from ldsp.finder.forms_manage import CentreForm, time_from_text
from ldsp.finder.models import Centre, ChangeReport, CourseSession, Offer, OfferTag
from ldsp.finder.services import CentreDetails, OfferDetails, centre_save, offer_save
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.places.models import LocalAuthority
from tests.factories import (
    ChangeReportFactory,
    CourseSessionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db

SHEFFIELD = "S1 2BX"
SHEFFIELD_EAST = "S9 3TY"
LEEDS = "LS1 4AP"


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


def _partnership_covering(authority_name: str, name: str) -> Partnership:
    authority = LocalAuthority.objects.get(name=authority_name)
    return PartnershipFactory.create(name=name, areas=[authority.areas.first()])


@pytest.fixture
def sheffield() -> Partnership:
    return _partnership_covering("Sheffield", "Sheffield City Region Digital Skills")


@pytest.fixture
def leeds() -> Partnership:
    return _partnership_covering("Leeds", "Leeds City Region Digital Skills")


@pytest.fixture
def organisation(sheffield: Partnership) -> Organisation:
    organisation = OrganisationFactory.create(name="Sheffield Libraries")
    MembershipFactory.create(partnership=sheffield, organisation=organisation)
    return organisation


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def area_coordinator(sheffield: Partnership) -> Client:
    return _signed_in(coordinator_of(sheffield, display_name="Sam Sheffield"))


@pytest.fixture
def other_coordinator(leeds: Partnership) -> Client:
    return _signed_in(coordinator_of(leeds))


def _centre(
    name: str = "Central Library",
    postcode: str = SHEFFIELD,
    organisation: Organisation | None = None,
    **extra: Any,
) -> Centre:
    details = CentreDetails(
        name=name,
        organisation=organisation or OrganisationFactory.create(),
        address="Surrey Street",
        postcode=postcode,
        **extra,
    )
    return centre_save(actor=None, details=details)


def _days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


def _centre_answers(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    """A complete, valid centre form, as a browser would send it."""
    today = timezone.localdate()
    answers: dict[str, Any] = {
        "name": "Central Library",
        "organisation": str(organisation.pk),
        "description": "Drop in for help with phones and forms.",
        "address": "Surrey Street\r\nSheffield",
        "postcode": SHEFFIELD,
        "opening_note": "Closed on bank holidays.",
        "phone": "0114 273 4712",
        "email": "library@example.org",
        "website": "https://www.example.org/library",
        "accessibility": ["step_free", "hearing_loop"],
        "languages": ["pl", "ur"],
        "status": "active",
        "last_checked_on-day": str(today.day),
        "last_checked_on-month": str(today.month),
        "last_checked_on-year": str(today.year),
        "monday_opens": "09:30",
        "monday_closes": "12:30",
        "monday_opens_2": "13:30",
        "monday_closes_2": "17:00",
        "saturday_opens": "10am",
        "saturday_closes": "1pm",
    }
    answers.update(changes)
    return answers


# --- who may open what ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(anonymous: Visitor) -> None:
    centre = _centre()
    for url in (
        reverse("finder:manage"),
        reverse("finder:centre_create"),
        reverse("finder:centre_edit", args=[centre.slug]),
    ):
        response = anonymous.client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_contributors_may_not_open_the_coordinators_pages(contributor: Persona) -> None:
    centre = _centre()
    assert contributor.client.get(reverse("finder:manage")).status_code == 403
    assert contributor.client.get(reverse("finder:centre_create")).status_code == 403
    response = contributor.client.get(reverse("finder:centre_edit", args=[centre.slug]))
    assert response.status_code == 403


def test_a_coordinator_sees_only_the_centres_in_their_areas(
    area_coordinator: Client, other_coordinator: Client
) -> None:
    _centre("Central Library", SHEFFIELD)
    _centre("Leeds Central Library", LEEDS)

    mine = area_coordinator.get(reverse("finder:manage"))
    theirs = other_coordinator.get(reverse("finder:manage"))

    assert mine.status_code == theirs.status_code == 200
    assert [c.name for c in mine.context["page"].object_list] == ["Central Library"]
    assert [c.name for c in theirs.context["page"].object_list] == ["Leeds Central Library"]


def test_staff_see_every_centre_and_can_narrow_by_partnership(
    staff: Persona, sheffield: Partnership, leeds: Partnership
) -> None:
    _centre("Central Library", SHEFFIELD)
    _centre("Leeds Central Library", LEEDS)

    everything = staff.client.get(reverse("finder:manage"))
    narrowed = staff.client.get(reverse("finder:manage"), {"partnership": leeds.slug})

    assert everything.context["page"].paginator.count == 2
    assert [c.name for c in narrowed.context["page"].object_list] == ["Leeds Central Library"]


def test_a_coordinator_cannot_narrow_to_a_partnership_that_is_not_theirs(
    area_coordinator: Client, leeds: Partnership
) -> None:
    _centre("Leeds Central Library", LEEDS)
    response = area_coordinator.get(reverse("finder:manage"), {"partnership": leeds.slug})
    assert response.context["page"].paginator.count == 0


def test_a_coordinator_without_a_partnership_is_told_what_to_do() -> None:
    client = _signed_in(UserFactory.create(roles=[Role.COORDINATOR]))
    response = client.get(reverse("finder:manage"))
    assert response.status_code == 200
    assert "You do not coordinate a partnership yet" in response.content.decode()
    assert client.get(reverse("finder:centre_create")).status_code == 403


def test_the_edit_page_is_forbidden_to_a_coordinator_elsewhere(
    area_coordinator: Client, other_coordinator: Client, staff: Persona
) -> None:
    url = reverse("finder:centre_edit", args=[_centre().slug])
    assert area_coordinator.get(url).status_code == 200
    assert other_coordinator.get(url).status_code == 403
    assert staff.client.get(url).status_code == 200
    missing = reverse("finder:centre_edit", args=["no-such-centre"])
    assert area_coordinator.get(missing).status_code == 404


def test_a_coordinator_elsewhere_cannot_change_a_centre_by_posting(
    other_coordinator: Client, organisation: Organisation
) -> None:
    centre = _centre(organisation=organisation)
    response = other_coordinator.post(
        reverse("finder:centre_edit", args=[centre.slug]),
        _centre_answers(organisation, name="Taken over"),
    )
    assert response.status_code == 403
    centre.refresh_from_db()
    assert centre.name == "Central Library"


# --- the list: stale centres and reported changes ------------------------------------------------


def test_the_list_flags_and_counts_centres_not_checked_for_a_year(
    area_coordinator: Client,
) -> None:
    _centre("Checked last week", last_checked_on=_days_ago(7))
    _centre("Checked just under a year ago", last_checked_on=_days_ago(364))
    _centre("Not checked for a year and a day", last_checked_on=_days_ago(366))
    _centre("Not checked for two years", last_checked_on=_days_ago(730))

    response = area_coordinator.get(reverse("finder:manage"))
    page = response.content.decode()

    assert response.context["stale_count"] == 2
    assert "2 centres not checked for over a year" in page
    assert page.count("Over a year ago") == 2
    stale = area_coordinator.get(reverse("finder:manage"), {"stale": "1"})
    assert sorted(c.name for c in stale.context["page"].object_list) == [
        "Not checked for a year and a day",
        "Not checked for two years",
    ]


def test_the_list_is_paginated(area_coordinator: Client) -> None:
    organisation = OrganisationFactory.create()
    for number in range(27):
        _centre(f"Centre {number:02d}", organisation=organisation)
    first = area_coordinator.get(reverse("finder:manage"))
    second = area_coordinator.get(reverse("finder:manage"), {"page": "2"})
    assert len(first.context["page"].object_list) == 25
    assert [c.name for c in second.context["page"].object_list] == ["Centre 25", "Centre 26"]


def test_the_list_query_count_does_not_grow_with_its_rows(
    area_coordinator: Client, django_assert_max_num_queries: Any
) -> None:
    organisation = OrganisationFactory.create()
    for number in range(3):
        ChangeReportFactory.create(centre=_centre(f"Centre {number}", organisation=organisation))
    with django_assert_max_num_queries(20) as few:
        area_coordinator.get(reverse("finder:manage"))
    for number in range(3, 20):
        ChangeReportFactory.create(centre=_centre(f"Centre {number}", organisation=organisation))
    with django_assert_max_num_queries(len(few.captured_queries)):
        area_coordinator.get(reverse("finder:manage"))


def test_mark_as_checked_sets_today_and_is_audited(area_coordinator: Client) -> None:
    centre = _centre(last_checked_on=_days_ago(500))

    response = area_coordinator.post(reverse("finder:centre_checked", args=[centre.slug]))

    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.last_checked_on == datetime.date.today()
    event = AuditEvent.objects.get(verb="centre.checked")
    assert event.target_id == str(centre.pk)
    assert event.actor is not None and event.actor.email.startswith("person")


def test_mark_as_checked_needs_a_post_and_permission(
    area_coordinator: Client, other_coordinator: Client
) -> None:
    centre = _centre(last_checked_on=_days_ago(500))
    url = reverse("finder:centre_checked", args=[centre.slug])
    assert area_coordinator.get(url).status_code == 405
    assert other_coordinator.post(url).status_code == 403
    centre.refresh_from_db()
    assert centre.last_checked_on == _days_ago(500)
    assert not AuditEvent.objects.filter(verb="centre.checked").exists()


def test_mark_as_checked_returns_to_the_page_it_was_pressed_on_but_never_elsewhere(
    area_coordinator: Client,
) -> None:
    centre = _centre()
    url = reverse("finder:centre_checked", args=[centre.slug])
    here = reverse("finder:manage") + "?stale=1&page=2"
    assert area_coordinator.post(url, {"next": here})["Location"] == here
    away = area_coordinator.post(url, {"next": "https://evil.example.com/"})
    assert away["Location"] == reverse("finder:manage")


def test_reported_changes_are_listed_and_can_be_marked_as_dealt_with(
    area_coordinator: Client, other_coordinator: Client
) -> None:
    centre = _centre()
    report = ChangeReportFactory.create(
        centre=centre, message="Now open on Saturdays", email="reader@example.net"
    )
    ChangeReportFactory.create(centre=_centre("Leeds Central Library", LEEDS), message="Moved")

    page = area_coordinator.get(reverse("finder:manage")).content.decode()
    assert "Now open on Saturdays" in page
    assert "reader@example.net" in page
    assert "Moved" not in page

    url = reverse("finder:report_resolve", args=[report.pk])
    assert other_coordinator.post(url).status_code == 403
    report.refresh_from_db()
    assert report.resolved_at is None

    response = area_coordinator.post(url)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert AuditEvent.objects.filter(verb="change_report.resolved", target_id=str(report.pk))
    assert (
        "Now open on Saturdays"
        not in area_coordinator.get(reverse("finder:manage")).content.decode()
    )


def test_a_report_dealt_with_twice_is_recorded_once(area_coordinator: Client) -> None:
    report = ChangeReportFactory.create(centre=_centre())
    url = reverse("finder:report_resolve", args=[report.pk])
    area_coordinator.post(url)
    first = ChangeReport.objects.get(pk=report.pk).resolved_at
    area_coordinator.post(url)
    assert ChangeReport.objects.get(pk=report.pk).resolved_at == first
    assert AuditEvent.objects.filter(verb="change_report.resolved").count() == 1


# --- the centre form ------------------------------------------------------------------------------


def test_a_coordinator_adds_a_centre_with_opening_times(
    area_coordinator: Client, organisation: Organisation
) -> None:
    response = area_coordinator.post(reverse("finder:centre_create"), _centre_answers(organisation))

    centre = Centre.objects.get(name="Central Library")
    assert response.status_code == 302
    assert response["Location"] == reverse("finder:centre_edit", args=[centre.slug])
    assert [str(slot) for slot in centre.opening_slots.all()] == [
        "Monday 09:30–12:30",
        "Monday 13:30–17:00",
        "Saturday 10:00–13:00",
    ]
    assert sorted(language.code for language in centre.languages.all()) == ["pl", "ur"]
    assert centre.step_free and centre.hearing_loop and not centre.bsl
    assert centre.local_authority.name == "Sheffield"
    assert AuditEvent.objects.filter(verb="centre.created", target_id=str(centre.pk)).exists()


def test_the_edit_form_starts_with_the_centres_details_and_shows_its_history(
    area_coordinator: Client, organisation: Organisation
) -> None:
    area_coordinator.post(reverse("finder:centre_create"), _centre_answers(organisation))
    centre = Centre.objects.get()
    area_coordinator.post(
        reverse("finder:centre_edit", args=[centre.slug]),
        _centre_answers(organisation, phone="0114 000 0000"),
    )

    response = area_coordinator.get(reverse("finder:centre_edit", args=[centre.slug]))

    form = response.context["form"]
    assert form["monday_opens_2"].value() == "13:30"
    assert form["saturday_closes"].value() == "13:00"
    assert sorted(form["languages"].value()) == ["pl", "ur"]
    history = [entry.what for entry in response.context["history"]]
    assert history == ["Changed the phone", "Added Central Library"]
    assert "Sam Sheffield" in response.content.decode()


def test_the_form_keeps_every_answer_when_something_is_wrong(
    area_coordinator: Client, organisation: Organisation
) -> None:
    answers = _centre_answers(organisation, tuesday_opens="14:00", tuesday_closes="11:00")

    response = area_coordinator.post(reverse("finder:centre_create"), answers)

    assert response.status_code == 400
    assert not Centre.objects.exists()
    form = response.context["form"]
    assert form.errors["tuesday_closes"] == [
        "The closing time on Tuesday must be after the opening time, 14:00"
    ]
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_tuesday_closes"' in page
    for name in ("name", "address", "postcode", "phone", "email", "website", "monday_opens_2"):
        assert form[name].value() == answers[name]
    assert sorted(form["languages"].value()) == ["pl", "ur"]
    assert sorted(form["accessibility"].value()) == ["hearing_loop", "step_free"]
    assert 'value="0114 273 4712"' in page
    assert 'value="pl" checked' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"wednesday_opens": "9:00", "wednesday_closes": ""},
            "wednesday_closes",
            "Enter the time the centre closes on Wednesday",
        ),
        (
            {"wednesday_opens": "", "wednesday_closes": "17:00"},
            "wednesday_opens",
            "Enter the time the centre opens on Wednesday",
        ),
        (
            {"wednesday_opens": "nine", "wednesday_closes": "17:00"},
            "wednesday_opens",
            "Enter the time it opens on Wednesday in hours and minutes, like 09:30",
        ),
        (
            {"wednesday_opens": "10:00", "wednesday_closes": "10:00"},
            "wednesday_closes",
            "The closing time on Wednesday must be after the opening time, 10:00",
        ),
        (
            {"monday_opens_2": "12:00", "monday_closes_2": "15:00"},
            "monday_opens_2",
            "On Monday it must open again after it closes at 12:30",
        ),
        (
            {"friday_opens": "25:00", "friday_closes": "26:00"},
            "friday_opens",
            "Enter the time it opens on Friday in hours and minutes, like 09:30",
        ),
    ],
)
def test_opening_times_are_checked_beside_the_box_at_fault(
    organisation: Organisation, changes: dict[str, str], field: str, message: str
) -> None:
    form = CentreForm(
        _centre_answers(organisation, **changes),
        organisations=Organisation.objects.all(),
    )
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("09:30", datetime.time(9, 30)),
        ("9.30", datetime.time(9, 30)),
        ("17:00", datetime.time(17, 0)),
        ("2pm", datetime.time(14, 0)),
        ("2:30 PM", datetime.time(14, 30)),
        ("12am", datetime.time(0, 0)),
        ("12pm", datetime.time(12, 0)),
        ("9", None),
        ("13pm", None),
        ("24:00", None),
        ("10:60", None),
        ("noon", None),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, expected: datetime.time | None) -> None:
    assert time_from_text(typed) == expected


def test_a_postcode_that_cannot_be_placed_is_refused_beside_the_postcode(
    area_coordinator: Client, organisation: Organisation
) -> None:
    response = area_coordinator.post(
        reverse("finder:centre_create"), _centre_answers(organisation, postcode="ZZ9 9ZZ")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["postcode"] == [
        "No UK postcode starts with ZZ. Enter a real postcode, like SW1A 1AA"
    ]
    assert not Centre.objects.exists()


def test_a_coordinator_cannot_add_or_move_a_centre_outside_their_areas(
    area_coordinator: Client, organisation: Organisation
) -> None:
    response = area_coordinator.post(
        reverse("finder:centre_create"), _centre_answers(organisation, postcode=LEEDS)
    )
    assert response.status_code == 400
    assert "covering Leeds" in response.context["form"].errors["postcode"][0]
    assert not Centre.objects.exists()

    centre = _centre(organisation=organisation)
    moved = area_coordinator.post(
        reverse("finder:centre_edit", args=[centre.slug]),
        _centre_answers(organisation, postcode=LEEDS),
    )
    assert moved.status_code == 400
    centre.refresh_from_db()
    assert centre.postcode == SHEFFIELD


def test_a_coordinator_chooses_only_among_their_partnerships_organisations(
    area_coordinator: Client, organisation: Organisation
) -> None:
    stranger = OrganisationFactory.create(name="Somewhere Else Trust")
    page = area_coordinator.get(reverse("finder:centre_create"))
    choices = [label for _value, label in page.context["form"].fields["organisation"].choices]
    assert "Sheffield Libraries" in choices
    assert "Somewhere Else Trust" not in choices

    response = area_coordinator.post(reverse("finder:centre_create"), _centre_answers(stranger))
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == [
        "Choose one of the organisations in the list"
    ]


def test_editing_keeps_an_imported_centres_exact_point_and_source(
    area_coordinator: Client, organisation: Organisation
) -> None:
    centre = _centre(
        organisation=organisation,
        latitude=53.3801,
        longitude=-1.4701,
        source="openreferral",
        source_id="svc-1",
    )
    area_coordinator.post(
        reverse("finder:centre_edit", args=[centre.slug]),
        _centre_answers(organisation, postcode="s1 2bx", name="Central Library (renamed)"),
    )
    centre.refresh_from_db()
    assert centre.name == "Central Library (renamed)"
    assert (centre.latitude, centre.longitude) == (53.3801, -1.4701)
    assert not centre.location_is_approximate
    assert (centre.source, centre.source_id) == ("openreferral", "svc-1")

    area_coordinator.post(
        reverse("finder:centre_edit", args=[centre.slug]),
        _centre_answers(organisation, postcode=SHEFFIELD_EAST),
    )
    centre.refresh_from_db()
    assert centre.location_is_approximate
    assert centre.postcode_district.code == "S9"


def test_a_day_with_more_stretches_than_the_form_usually_shows_keeps_them_all(
    area_coordinator: Client, organisation: Organisation
) -> None:
    centre = _centre(
        organisation=organisation,
        opening_slots=[
            (2, datetime.time(9), datetime.time(10)),
            (2, datetime.time(11), datetime.time(12)),
            (2, datetime.time(13), datetime.time(14)),
        ],
    )
    response = area_coordinator.get(reverse("finder:centre_edit", args=[centre.slug]))
    assert response.context["form"]["wednesday_opens_3"].value() == "13:00"


# --- offers and sessions ----------------------------------------------------------------------


def _offer_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "title": "Get online with a tablet",
        "description": "Six weeks, two hours a week.",
        "skill_areas": ["communicating", "safe_legal"],
        "levels": ["foundation"],
        "formats": ["group"],
        "audiences": ["older"],
        "is_free": "yes",
        "cost": "",
        "extras": ["lends_devices", "free_data"],
        "booking_needed": "yes",
    }
    answers.update(changes)
    return answers


def test_an_offer_keeps_both_skills_areas_and_its_tags(area_coordinator: Client) -> None:
    centre = _centre()
    response = area_coordinator.post(
        reverse("finder:offer_create", args=[centre.slug]), _offer_answers()
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.skill_areas == ["communicating", "safe_legal"]
    assert offer.lends_devices and offer.free_data and not offer.gives_devices
    assert offer.booking_needed
    assert sorted(OfferTag.objects.filter(kind="area").values_list("value", flat=True)) == [
        "communicating",
        "safe_legal",
    ]
    page = area_coordinator.get(reverse("finder:offer_edit", args=[offer.pk])).content.decode()
    assert 'value="communicating" checked' in page
    assert 'value="safe_legal" checked' in page


def test_an_offer_that_is_not_free_needs_its_cost_and_keeps_the_answers(
    area_coordinator: Client,
) -> None:
    centre = _centre()
    response = area_coordinator.post(
        reverse("finder:offer_create", args=[centre.slug]), _offer_answers(is_free="no")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["cost"] == ["Say what it costs, or choose free"]
    assert form["skill_areas"].value() == ["communicating", "safe_legal"]
    assert form["title"].value() == "Get online with a tablet"
    assert not Offer.objects.exists()


def test_offers_are_forbidden_to_a_coordinator_elsewhere(
    area_coordinator: Client, other_coordinator: Client
) -> None:
    centre = _centre()
    offer = offer_save(actor=None, centre=centre, details=OfferDetails(title="Drop-in"))
    for url in (
        reverse("finder:offer_create", args=[centre.slug]),
        reverse("finder:offer_edit", args=[offer.pk]),
        reverse("finder:offer_delete", args=[offer.pk]),
        reverse("finder:session_create", args=[offer.pk]),
    ):
        assert area_coordinator.get(url).status_code == 200
        assert other_coordinator.get(url).status_code == 403
    assert (
        other_coordinator.post(reverse("finder:offer_delete", args=[offer.pk])).status_code == 403
    )
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_removing_an_offer_asks_first_then_removes_it_and_records_it(
    area_coordinator: Client,
) -> None:
    centre = _centre()
    offer = offer_save(actor=None, centre=centre, details=OfferDetails(title="Drop-in"))
    CourseSessionFactory.create(offer=offer)
    url = reverse("finder:offer_delete", args=[offer.pk])

    asked = area_coordinator.get(url)
    assert asked.status_code == 200
    assert "Are you sure you want to remove “Drop-in”?" in asked.content.decode()
    assert "Its 1 dated session will be removed too" in asked.content.decode()
    assert Offer.objects.filter(pk=offer.pk).exists()

    done = area_coordinator.post(url)
    assert done.status_code == 302
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert not CourseSession.objects.exists()
    assert AuditEvent.objects.filter(verb="offer.deleted", target_id=str(centre.pk)).exists()


def _session_answers(**changes: Any) -> dict[str, str]:
    day = timezone.localdate() + datetime.timedelta(days=14)
    answers = {
        "held_on-day": str(day.day),
        "held_on-month": str(day.month),
        "held_on-year": str(day.year),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "places": "12",
        "places_left": "5",
    }
    answers.update(changes)
    return answers


def test_a_session_is_added_to_an_offer(area_coordinator: Client) -> None:
    offer = offer_save(actor=None, centre=_centre(), details=OfferDetails(title="Course"))
    response = area_coordinator.post(
        reverse("finder:session_create", args=[offer.pk]), _session_answers()
    )
    assert response.status_code == 302
    session = CourseSession.objects.get()
    local = timezone.localtime(session.starts_at)
    assert (local.hour, local.minute) == (10, 0)
    assert timezone.localtime(session.ends_at).hour == 12
    assert (session.places, session.places_left) == (12, 5)
    assert AuditEvent.objects.filter(verb="course_session.saved").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "09:00"}, "ends_at", "The session must end after it starts, at 10:00"),
        (
            {"places_left": "13"},
            "places_left",
            "Places left must be 12 or fewer, the places in all",
        ),
        ({"places": "0"}, "places", "The number of places must be 1 or more"),
        (
            {"starts_at": "ten"},
            "starts_at",
            "Enter the time the session starts in hours and minutes, like 10:00",
        ),
        (
            {"held_on-year": str(timezone.localdate().year - 1)},
            "held_on",
            "The date of the session must be today or in the future",
        ),
    ],
)
def test_a_session_is_checked_and_nothing_is_saved_when_it_is_wrong(
    area_coordinator: Client, changes: dict[str, str], field: str, message: str
) -> None:
    offer = offer_save(actor=None, centre=_centre(), details=OfferDetails(title="Course"))
    response = area_coordinator.post(
        reverse("finder:session_create", args=[offer.pk]), _session_answers(**changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert response.context["form"]["places"].value() == _session_answers(**changes)["places"]
    assert not CourseSession.objects.exists()
