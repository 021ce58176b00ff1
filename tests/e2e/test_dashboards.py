"""Each role signs in through the sign-in page and lands on a dashboard made for them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PERSONA_PASSWORD, Persona
from ldsp.coproduction.models import Suggestion
from tests.e2e.conftest import PageChecker
from tests.factories import (
    CommentFactory,
    JoinRequestFactory,
    PartnershipFactory,
    PlayFactory,
    PledgeFactory,
    SuggestionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(checked_page: PageChecker, base: str, persona: Persona) -> None:
    page = checked_page.page
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_a_contributor_lands_on_their_dashboard(
    live_server: object, checked_page: PageChecker, contributor: Persona
) -> None:
    SuggestionFactory.create(author=contributor.user, state=Suggestion.State.REJECTED)
    PlayFactory.create(author=contributor.user, title="Tablets for tenants in Preston")
    CommentFactory.create(author=contributor.user, body="Is one day a week ever enough?")
    _sign_in(checked_page, str(live_server), contributor)
    page = checked_page.page
    expect(page.get_by_text("Tablets for tenants in Preston")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for editors")).to_have_count(0)
    checked_page.check()


def test_an_editor_lands_on_the_work_waiting(
    live_server: object, checked_page: PageChecker, editor: Persona
) -> None:
    SuggestionFactory.create_batch(2, rationale="Residents never say 'digital inclusion'.")
    PlayFactory.create(title="Library laptop loans")
    CommentFactory.create(body="Who pays for the coordinator in year two?")
    _sign_in(checked_page, str(live_server), editor)
    page = checked_page.page
    expect(page.get_by_role("heading", name="Waiting for editors")).to_be_visible()
    expect(page.get_by_role("link", name="Review (2)")).to_be_visible()
    checked_page.check()


def test_a_coordinator_lands_on_their_partnership(
    live_server: object, checked_page: PageChecker, coordinator: Persona
) -> None:
    own = PartnershipFactory.create(
        name="Lancashire Digital Skills Partnership", coordinators=[coordinator.user]
    )
    JoinRequestFactory.create(partnership=own, organisation_name="Preston Central Library")
    PledgeFactory.create(
        partnership=own,
        description="train digital champions",
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    _sign_in(checked_page, str(live_server), coordinator)
    page = checked_page.page
    expect(page.get_by_text("Preston Central Library")).to_be_visible()
    expect(page.get_by_text("train digital champions", exact=False)).to_be_visible()
    checked_page.check()
