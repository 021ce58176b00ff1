"""Feedback from the Beta banner: anyone may send it (no address needed), it remembers the
page on this site they came from, floods are refused, and only staff read it."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from conftest import Persona, Visitor
from ldsp.core.feedback import feedback_page_path
from ldsp.core.models import FeedbackMessage

pytestmark = pytest.mark.django_db

HOST = "testserver"


def test_the_beta_banner_links_to_the_feedback_form(anonymous: Visitor) -> None:
    page = anonymous.client.get("/").content.decode()
    banner = page.split('class="govuk-phase-banner"')[1].split("</div>")[0]
    assert 'href="/feedback/"' in banner


def test_everyone_may_send_feedback_without_an_address(
    everyone: dict[str, Persona | Visitor],
) -> None:
    for number, (role, persona) in enumerate(everyone.items()):
        response = persona.client.post(
            "/feedback/",
            {"message": f"Note from {role}", "page": "/areas/"},
            REMOTE_ADDR=f"192.0.2.{number}",
        )
        assert response.status_code == 302, role
        assert response["Location"] == "/feedback/sent/"
    assert FeedbackMessage.objects.count() == len(everyone)
    visitor = FeedbackMessage.objects.get(message="Note from anonymous")
    assert (visitor.page, visitor.email, visitor.sender) == ("/areas/", "", None)
    staff = FeedbackMessage.objects.get(message="Note from staff")
    assert staff.sender == everyone["staff"].user  # type: ignore[union-attr]
    assert "Thank you" in everyone["anonymous"].client.get("/feedback/sent/").content.decode()


def test_an_address_for_a_reply_is_kept_when_given(anonymous: Visitor) -> None:
    anonymous.client.post("/feedback/", {"message": "Call me", "email": "me@example.net"})
    assert FeedbackMessage.objects.get().email == "me@example.net"


def test_the_page_comes_from_the_referer_or_the_query(anonymous: Visitor) -> None:
    from_referer = anonymous.client.get(
        "/feedback/", HTTP_REFERER="http://testserver/partnerships/north/?x=1"
    ).content.decode()
    assert 'name="page" value="/partnerships/north/"' in from_referer
    assert "You were on the page" in from_referer
    from_query = anonymous.client.get("/feedback/", {"page": "/plays/"}).content.decode()
    assert 'name="page" value="/plays/"' in from_query


@pytest.mark.parametrize(
    "came_from",
    [
        "https://evil.example/phish/",
        "//evil.example/x",
        "javascript:alert(1)",
        "/\\evil.example",
        "/feedback/",
        "partnerships/",
        "/a\nb",
        "/" + "x" * 300,
    ],
)
def test_a_page_elsewhere_or_malformed_is_dropped(came_from: str, anonymous: Visitor) -> None:
    assert feedback_page_path(came_from, host=HOST) == ""
    anonymous.client.post("/feedback/", {"message": "Hello", "page": came_from})
    assert FeedbackMessage.objects.get().page == ""


def test_a_same_site_address_keeps_only_its_path() -> None:
    assert feedback_page_path("http://testserver/areas/?postcode=PR1", host=HOST) == "/areas/"
    assert feedback_page_path("/playbook/", host=HOST) == "/playbook/"


def test_bad_input_shows_the_errors_and_keeps_the_words(anonymous: Visitor) -> None:
    response = anonymous.client.post(
        "/feedback/", {"message": "", "email": "nope", "page": "/areas/"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter your feedback" in page
    assert "Enter an email address in the correct format" in page
    kept = anonymous.client.post("/feedback/", {"message": "Half a thought", "email": "nope"})
    assert "Half a thought" in kept.content.decode()
    assert FeedbackMessage.objects.count() == 0


@override_settings(FEEDBACK_PER_HOUR=3)
def test_floods_are_refused_per_address_and_per_person(
    anonymous: Visitor, contributor: Persona
) -> None:
    for _ in range(3):
        assert anonymous.client.post("/feedback/", {"message": "Again"}).status_code == 302
    refused = anonymous.client.post("/feedback/", {"message": "And again"})
    assert refused.status_code == 400
    assert "a lot of feedback in the last hour" in refused.content.decode()
    assert "And again" in refused.content.decode()
    for number in range(3):
        response = contributor.client.post(
            "/feedback/", {"message": "Mine"}, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert response.status_code == 302
    moved = contributor.client.post("/feedback/", {"message": "Mine"}, REMOTE_ADDR="198.51.100.9")
    assert moved.status_code == 400
    assert FeedbackMessage.objects.count() == 6


def test_only_staff_read_feedback_in_the_admin(
    every_persona: dict[str, Persona], anonymous: Visitor
) -> None:
    anonymous.client.post("/feedback/", {"message": "The map is lovely", "page": "/areas/"})
    feedback = FeedbackMessage.objects.get()
    listing = "/admin/core/feedbackmessage/"
    staff = every_persona["staff"].client
    page = staff.get(listing).content.decode()
    assert "The map is lovely" in page and "/areas/" in page
    assert staff.get(f"{listing}{feedback.pk}/change/").status_code == 200
    assert staff.get(f"{listing}add/").status_code == 403
    assert staff.post(f"{listing}{feedback.pk}/delete/", {"post": "yes"}).status_code == 403
    for role, persona in every_persona.items():
        if role == "staff":
            continue
        response = persona.client.get(listing)
        assert response.status_code == 302, role
        assert response["Location"].startswith("/admin/login/")
    assert Client().get(listing).status_code == 302
    assert FeedbackMessage.objects.count() == 1
