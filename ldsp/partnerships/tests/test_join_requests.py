"""Asking to join: one waiting request per partnership and organisation. Asking twice shows
the request already made; someone else's waiting request is a refusal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from conftest import Persona
from ldsp.partnerships.models import JoinRequest, Membership, Partnership
from ldsp.partnerships.services import (
    PartnershipError,
    join_request_create,
    join_request_decide,
)
from tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db

ANSWERS = {"organisation_name": "A&B Ltd", "sector": "employer", "message": "We train."}


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory.create(slug="lancashire")


def test_a_double_submit_shows_the_request_already_made(
    partnership: Partnership, contributor: Persona
) -> None:
    first = contributor.client.post("/partnerships/lancashire/join/", ANSWERS, follow=True)
    assert "Your request has been sent" in first.content.decode()
    again = contributor.client.post(
        "/partnerships/lancashire/join/",
        {**ANSWERS, "organisation_name": "  a&b   LTD "},
        follow=True,
    )
    page = again.content.decode()
    assert again.status_code == 200
    assert "You have already asked for A&amp;B Ltd to join" in page
    assert "is waiting for a decision" in page
    assert "Your request has been sent" not in page
    assert JoinRequest.objects.filter(partnership=partnership).count() == 1


def test_asking_again_returns_the_same_request_without_counting_against_the_limit(
    partnership: Partnership, contributor: Persona, settings: object
) -> None:
    settings.JOIN_REQUESTS_PER_HOUR = 1  # type: ignore[attr-defined]
    made, created = join_request_create(actor=contributor.user, partnership=partnership, **ANSWERS)
    again, created_again = join_request_create(
        actor=contributor.user,
        partnership=partnership,
        **{**ANSWERS, "organisation_name": "a&b ltd"},
    )
    assert created and not created_again
    assert again.pk == made.pk and again.organisation_name == "A&B Ltd"


def test_someone_elses_waiting_request_is_a_refusal(
    partnership: Partnership, contributor: Persona, editor: Persona
) -> None:
    join_request_create(actor=contributor.user, partnership=partnership, **ANSWERS)
    with pytest.raises(PartnershipError, match="already a request for A&B Ltd waiting"):
        join_request_create(actor=editor.user, partnership=partnership, **ANSWERS)
    response = editor.client.post("/partnerships/lancashire/join/", ANSWERS)
    assert response.status_code == 400
    assert "already a request for A&amp;B Ltd waiting" in response.content.decode()
    assert JoinRequest.objects.count() == 1


def test_a_different_name_is_a_different_request(
    partnership: Partnership, contributor: Persona
) -> None:
    join_request_create(actor=contributor.user, partnership=partnership, **ANSWERS)
    _, created = join_request_create(
        actor=contributor.user,
        partnership=partnership,
        **{**ANSWERS, "organisation_name": "AB Ltd"},
    )
    assert created
    assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 2


def test_after_a_decision_the_organisation_may_ask_again(
    partnership: Partnership, contributor: Persona
) -> None:
    coordinator = coordinator_of(partnership)
    first, _ = join_request_create(actor=contributor.user, partnership=partnership, **ANSWERS)
    join_request_decide(actor=coordinator, join_request=first, approve=False, reason="Not yet.")
    second, created = join_request_create(
        actor=contributor.user, partnership=partnership, **ANSWERS
    )
    assert created and second.pk != first.pk


def test_an_existing_member_cannot_ask_whatever_the_spelling(
    partnership: Partnership, contributor: Persona
) -> None:
    MembershipFactory.create(
        partnership=partnership, organisation=OrganisationFactory.create(name="A&B Ltd")
    )
    with pytest.raises(PartnershipError, match="already a member"):
        join_request_create(
            actor=contributor.user,
            partnership=partnership,
            **{**ANSWERS, "organisation_name": "a&b  ltd"},
        )


@pytest.mark.parametrize("name", ["", "   ", "\u200b"])
def test_a_name_is_needed(partnership: Partnership, contributor: Persona, name: str) -> None:
    with pytest.raises(PartnershipError, match="Enter the name of your organisation"):
        join_request_create(
            actor=contributor.user,
            partnership=partnership,
            **{**ANSWERS, "organisation_name": name},
        )
    assert not JoinRequest.objects.exists()


def test_the_database_refuses_a_second_waiting_request_for_one_organisation(
    partnership: Partnership,
) -> None:
    JoinRequestFactory.create(partnership=partnership, organisation_name="A&B Ltd")
    JoinRequestFactory.create(
        partnership=partnership, organisation_name="A&B Ltd", status="declined"
    )
    JoinRequestFactory.create(organisation_name="A&B Ltd")  # another partnership
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequestFactory.create(partnership=partnership, organisation_name=" a&b ltd")


def test_approving_a_b_ltd_does_not_attach_it_to_ab_ltd(
    partnership: Partnership, contributor: Persona
) -> None:
    ab = OrganisationFactory.create(name="AB Ltd", slug="ab-ltd")
    coordinator = coordinator_of(partnership)
    request, _ = join_request_create(actor=contributor.user, partnership=partnership, **ANSWERS)
    join_request_decide(actor=coordinator, join_request=request, approve=True)
    request.refresh_from_db()
    assert request.organisation is not None
    assert request.organisation != ab
    assert request.organisation.name == "A&B Ltd"
    assert request.organisation.slug == "ab-ltd-2"
    assert list(
        Membership.objects.filter(partnership=partnership).values_list(
            "organisation__name", flat=True
        )
    ) == ["A&B Ltd"]
