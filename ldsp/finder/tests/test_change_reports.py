"""Reporting a change to a centre: the form, what is stored, who is emailed, the rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from ldsp.accounts.roles import Role
from ldsp.core.models import AuditEvent, OutboundEmail
from ldsp.finder.models import Centre, ChangeReport
from ldsp.finder.services import CentreDetails, FinderError, centre_save
from ldsp.finder.services_reports import change_report_create
from ldsp.places.models import Area
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

SHEFFIELD_CENTRE = "S1 2BX"


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


@pytest.fixture
def centre() -> Centre:
    return centre_save(
        actor=None,
        details=CentreDetails(
            name="Central Library",
            organisation=OrganisationFactory.create(),
            address="Surrey Street",
            postcode=SHEFFIELD_CENTRE,
        ),
    )


def _report_url(centre: Centre) -> str:
    return f"/find/centres/{centre.slug}/report/"


def _send(client: Client, centre: Centre, **fields: Any) -> Any:
    return client.post(_report_url(centre), {"message": "It opens on Saturdays now.", **fields})


def test_the_form_asks_what_is_wrong_and_leaves_name_and_email_optional(
    client: Client, centre: Centre
) -> None:
    response = client.get(_report_url(centre))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Report a change" in html and "Central Library" in html
    assert "Your name (optional)" in html and "Your email address (optional)" in html
    assert "It is not shown on the site." in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"message": "  "}, "Enter what is wrong or out of date"),
        ({"message": "x" * 5_001}, "What is wrong must be 5,000 characters or fewer"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
    ],
)
def test_a_report_with_a_mistake_is_shown_again_with_the_error_and_not_stored(
    client: Client, centre: Centre, fields: dict[str, str], message: str
) -> None:
    response = _send(client, centre, **fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and message in html
    assert not ChangeReport.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_report_is_stored_and_emailed_to_the_areas_coordinators_and_staff_only(
    client: Client, centre: Centre
) -> None:
    sheffield_area = Area.objects.filter(local_authorities__name="Sheffield").get()
    here = PartnershipFactory.create(areas=[sheffield_area])
    coordinator = coordinator_of(here, email="coord@example.org")
    elsewhere = coordinator_of(PartnershipFactory.create(), email="other@example.org")
    demoted = UserFactory.create(email="demoted@example.org")  # listed, but no longer a coordinator
    here.coordinators.add(demoted)
    staff = UserFactory.create(email="staff@example.org", roles=[Role.STAFF])
    UserFactory.create(email="contributor@example.org", roles=[Role.CONTRIBUTOR])
    gone = UserFactory.create(email="gone@example.org", roles=[Role.STAFF])
    gone.is_active = False
    gone.save()

    response = _send(client, centre, name="Vera Visitor", email="vera@example.net")

    assert response.status_code == 302
    assert response["Location"] == f"/find/centres/{centre.slug}/report/sent/"
    report = ChangeReport.objects.get()
    assert (report.centre, report.message, report.name, report.email) == (
        centre,
        "It opens on Saturdays now.",
        "Vera Visitor",
        "vera@example.net",
    )
    emails = list(OutboundEmail.objects.order_by("pk"))
    assert sorted(email.to[0] for email in emails) == [coordinator.email, staff.email]
    assert elsewhere.email not in {email.to[0] for email in emails}
    for email in emails:
        assert email.reply_to == ["vera@example.net"]
        assert "Central Library" in email.subject
        assert "It opens on Saturdays now." in email.body_text
        assert f"/find/manage/centres/{centre.slug}/" in email.body_text
        assert f"/find/manage/centres/{centre.slug}/" in email.body_html
    event = AuditEvent.objects.get(verb="centre.change_reported")
    assert event.target_id == str(centre.pk)
    assert "vera@example.net" not in str(event.data) + event.summary


def test_the_sent_page_says_what_happens_next_and_shows_no_private_address(
    client: Client, centre: Centre
) -> None:
    response = _send(client, centre, email="vera@example.net")
    page = client.get(response["Location"])
    centre_page = client.get(centre.get_absolute_url())

    assert page.status_code == 200
    assert "Report sent" in page.content.decode()
    assert "What happens next" in page.content.decode()
    assert "vera@example.net" not in page.content.decode() + centre_page.content.decode()


def test_a_report_without_an_email_address_says_no_reply_is_possible(
    client: Client, centre: Centre
) -> None:
    UserFactory.create(email="staff@example.org", roles=[Role.STAFF])

    _send(client, centre)

    email = OutboundEmail.objects.get()
    assert email.reply_to == []
    assert "did not leave an email address" in email.body_text
    assert ChangeReport.objects.get().name == ""


def test_a_signed_in_reporter_is_recorded(client: Client, centre: Centre) -> None:
    person = UserFactory.create(roles=[Role.CONTRIBUTOR])
    client.force_login(person)

    _send(client, centre)

    assert ChangeReport.objects.get().reporter == person


@override_settings(CHANGE_REPORTS_PER_HOUR=2)
def test_too_many_reports_from_one_address_are_refused(client: Client, centre: Centre) -> None:
    assert _send(client, centre).status_code == 302
    assert _send(client, centre).status_code == 302

    response = _send(client, centre)

    assert response.status_code == 400
    assert "You have reported a lot of changes in the last hour" in response.content.decode()
    assert ChangeReport.objects.count() == 2


def test_a_closed_centre_cannot_be_reported_on(client: Client, centre: Centre) -> None:
    centre.status = Centre.Status.CLOSED
    centre.save()

    assert client.get(_report_url(centre)).status_code == 404
    assert _send(client, centre).status_code == 404
    assert client.get(f"/find/centres/{centre.slug}/report/sent/").status_code == 404
    with pytest.raises(FinderError, match="has closed"):
        change_report_create(
            actor=UserFactory.create(), centre=centre, address="127.0.0.1", message="Hello"
        )
    assert not ChangeReport.objects.exists()
