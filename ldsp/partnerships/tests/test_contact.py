"""A partnership's contact page: anyone writes to the coordinators, each coordinator gets
one email (replies go to the sender), the sender's address is never shown, and floods
are refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, override_settings

from conftest import Persona, Visitor
from ldsp.core.models import OutboundEmail
from ldsp.partnerships.models import Partnership, PartnershipMessage
from tests.factories import PartnershipFactory, UserFactory, coordinator_of

SENDER = "vera.visitor@example.net"
WORDS = "Do you run sessions for older people in Preston?"


@pytest.fixture
def partnership(db: None) -> Partnership:
    return PartnershipFactory.create(name="Lancashire", slug="lancashire")


@pytest.fixture
def coordinators(partnership: Partnership) -> list[User]:
    return [
        coordinator_of(partnership, email="colin@example.org"),
        coordinator_of(partnership, email="cara@example.org"),
    ]


def _url(partnership: Partnership, suffix: str = "contact/") -> str:
    return f"{partnership.get_absolute_url()}{suffix}"


def _send(client: Client, partnership: Partnership, **fields: str) -> Any:
    """Post the form from the network address ``ip`` (one fixed address by default)."""
    address = fields.pop("ip", "192.0.2.1")
    data = {"sender_name": "Vera", "sender_email": SENDER, "message": WORDS, **fields}
    return client.post(_url(partnership), data, REMOTE_ADDR=address)


@pytest.mark.django_db(transaction=True)
def test_each_coordinator_gets_exactly_one_email_that_replies_to_the_sender(
    run_worker: Callable[[], None], coordinators: list[User], anonymous: Visitor
) -> None:
    partnership = Partnership.objects.get()
    response = _send(anonymous.client, partnership)
    assert response.status_code == 302
    assert response["Location"] == _url(partnership, "contact/sent/")

    stored = PartnershipMessage.objects.get()
    assert (stored.sender, stored.sender_email, stored.message) == (None, SENDER, WORDS)
    assert stored.recipients == 2
    assert mail.outbox == []
    run_worker()
    assert sorted(email.to[0] for email in mail.outbox) == ["cara@example.org", "colin@example.org"]
    for email in mail.outbox:
        assert len(email.to) == 1  # no coordinator sees another's address
        assert email.reply_to == [SENDER]
        assert WORDS in email.body
        assert "Vera" in email.subject and "Lancashire" in email.subject
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}

    confirmation = anonymous.client.get(response["Location"]).content.decode()
    assert "Message sent" in confirmation


def test_someone_signed_in_is_answered_at_their_accounts_address(
    coordinators: list[User], contributor: Persona
) -> None:
    partnership = Partnership.objects.get()
    page = contributor.client.get(_url(partnership)).content.decode()
    assert 'name="sender_email"' not in page
    assert contributor.email not in page
    response = contributor.client.post(_url(partnership), {"message": WORDS})
    assert response.status_code == 302
    stored = PartnershipMessage.objects.get()
    assert stored.sender == contributor.user
    assert stored.sender_email == contributor.email
    assert stored.sender_name == "Alice"  # the name on their profile
    assert {tuple(row) for row in OutboundEmail.objects.values_list("reply_to", flat=True)} == {
        (contributor.email,)
    }


def test_bad_input_shows_the_errors_and_keeps_the_message(
    coordinators: list[User], anonymous: Visitor
) -> None:
    partnership = Partnership.objects.get()
    response = anonymous.client.post(
        _url(partnership), {"sender_name": "", "sender_email": "not-an-address", "message": WORDS}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter your name" in page
    assert "Enter an email address in the correct format" in page
    assert WORDS in page  # what they wrote is still in the box
    empty = anonymous.client.post(
        _url(partnership), {"sender_name": "Vera", "sender_email": SENDER}
    )
    assert empty.status_code == 400
    assert "Enter your message" in empty.content.decode()
    assert PartnershipMessage.objects.count() == OutboundEmail.objects.count() == 0


@override_settings(PARTNERSHIP_MESSAGES_PER_HOUR=5)
def test_the_sixth_message_from_one_address_in_an_hour_is_refused(
    coordinators: list[User], anonymous: Visitor
) -> None:
    partnership = Partnership.objects.get()
    for _ in range(5):
        assert _send(anonymous.client, partnership).status_code == 302
    refused = _send(anonymous.client, partnership, message="One more time.")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "You have sent a lot of messages in the last hour" in page
    assert "One more time." in page
    assert PartnershipMessage.objects.count() == 5
    assert OutboundEmail.objects.count() == 10
    # Someone else, elsewhere, is not held up.
    assert _send(Client(), partnership, ip="198.51.100.7").status_code == 302


@override_settings(PARTNERSHIP_MESSAGES_PER_HOUR=5)
def test_the_sixth_message_from_one_person_is_refused_from_any_address(
    coordinators: list[User], contributor: Persona
) -> None:
    partnership = Partnership.objects.get()
    for number in range(5):
        response = _send(contributor.client, partnership, ip=f"203.0.113.{number}")
        assert response.status_code == 302
    refused = _send(contributor.client, partnership, ip="203.0.113.99")
    assert refused.status_code == 400
    assert PartnershipMessage.objects.count() == 5


def test_the_senders_address_is_never_on_a_public_page(
    coordinators: list[User], anonymous: Visitor, contributor: Persona
) -> None:
    partnership = Partnership.objects.get()
    assert _send(anonymous.client, partnership).status_code == 302
    pages = [
        partnership.get_absolute_url(),
        _url(partnership),
        _url(partnership, "contact/sent/"),
        "/partnerships/",
        "/partnerships.csv",
        f"/api/v1/partnerships/{partnership.slug}",
        "/",
    ]
    for client in (anonymous.client, contributor.client, Client()):
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert SENDER not in response.content.decode(), url
            assert WORDS not in response.content.decode(), url


def test_a_partnership_with_no_coordinator_says_so_and_sends_nothing(
    partnership: Partnership, anonymous: Visitor
) -> None:
    former = UserFactory.create(email="gone@example.org")  # listed, but no longer in role
    partnership.coordinators.add(former)
    page = anonymous.client.get(_url(partnership)).content.decode()
    assert "has no coordinator on LDSP Hub yet" in page
    assert "<form" not in page.split('id="main-content"')[-1]
    response = _send(anonymous.client, partnership)
    assert response.status_code == 400
    assert "has no coordinator on LDSP Hub yet" in response.content.decode()
    assert PartnershipMessage.objects.count() == OutboundEmail.objects.count() == 0


def test_the_partnership_page_links_to_the_contact_form(
    coordinators: list[User], anonymous: Visitor
) -> None:
    partnership = Partnership.objects.get()
    page = anonymous.client.get(partnership.get_absolute_url()).content.decode()
    assert f'href="{_url(partnership)}">Send a message to the coordinators</a>' in page


def test_staff_read_the_messages_in_the_admin_and_nobody_else_does(
    coordinators: list[User], anonymous: Visitor, staff: Persona, contributor: Persona
) -> None:
    partnership = Partnership.objects.get()
    _send(anonymous.client, partnership)
    stored = PartnershipMessage.objects.get()
    listing = "/admin/partnerships/partnershipmessage/"
    page = staff.client.get(listing)
    assert page.status_code == 200
    assert "Vera" in page.content.decode()
    assert staff.client.get(f"{listing}{stored.pk}/change/").status_code == 200
    assert staff.client.get(f"{listing}add/").status_code == 403
    assert staff.client.post(f"{listing}{stored.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PartnershipMessage.objects.count() == 1
    coordinator = Client()
    coordinator.force_login(coordinators[0])
    for client in (contributor.client, coordinator, anonymous.client):
        response = client.get(listing)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
