"""The dashboard page: who gets there after signing in, and what each role sees on it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Persona, Visitor
from ldsp.accounts.roles import Role
from ldsp.coproduction.models import Suggestion
from ldsp.dashboards.models import DashboardVisit
from ldsp.partnerships.models import JoinRequest
from tests.factories import (
    AreaFactory,
    CentreFactory,
    ChangeReportFactory,
    CommentFactory,
    FollowFactory,
    JoinRequestFactory,
    LocalAuthorityFactory,
    PartnershipFactory,
    PlayFactory,
    PledgeFactory,
    PostcodeDistrictFactory,
    RoundFactory,
    SuggestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _page(persona: Persona) -> str:
    response = persona.client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_sent_to_sign_in_first(anonymous: Visitor) -> None:
    response = anonymous.client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_signing_in_leads_to_the_dashboard(contributor: Persona) -> None:
    response = Client().post(
        "/accounts/login/", {"login": contributor.email, "password": contributor.password}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_signing_in_from_a_page_leads_back_to_it(contributor: Persona) -> None:
    response = Client().post(
        "/accounts/login/?next=/plays/submit/",
        {"login": contributor.email, "password": contributor.password},
    )
    assert response.status_code == 302
    assert response["Location"] == "/plays/submit/"


def test_it_only_answers_get(contributor: Persona) -> None:
    assert contributor.client.post("/dashboard/").status_code == 405


def test_a_contributor_sees_their_own_contributions_with_their_state(
    contributor: Persona,
) -> None:
    mine = SuggestionFactory.create(author=contributor.user, state=Suggestion.State.REJECTED)
    theirs = SuggestionFactory.create()
    PlayFactory.create(author=contributor.user, title="Tablets for tenants")
    CommentFactory.create(author=contributor.user, body="Is one day a week enough?")
    FollowFactory.create(user=contributor.user, section=mine.section)
    page = _page(contributor)
    assert f"/suggestions/{mine.pk}/" in page
    assert f"/suggestions/{theirs.pk}/" not in page
    assert "Rejected" in page
    assert "Tablets for tenants" in page and "Submitted" in page
    assert "Is one day a week enough?" in page
    assert "Following since" in page
    assert "Waiting for editors" not in page
    assert "Your partnerships" not in page


def test_a_new_person_sees_plain_empty_states(contributor: Persona) -> None:
    page = _page(contributor)
    assert "This is your first visit" in page
    assert "You have not suggested a change yet" in page
    assert "You have not submitted a play yet" in page
    assert "You do not follow any sections" in page


def test_an_editor_sees_what_waits_for_editors(editor: Persona) -> None:
    waiting = SuggestionFactory.create(rationale="Plainer words for residents.")
    SuggestionFactory.create(state=Suggestion.State.ACCEPTED)
    play = PlayFactory.create(title="Library laptops")
    unanswered = CommentFactory.create(body="Who pays for this?")
    ended = RoundFactory.create(
        title="Spring round",
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() - datetime.timedelta(days=2),
    )
    page = _page(editor)
    assert "Waiting for editors" in page
    assert "Suggestions waiting (1)" in page
    assert f"/suggestions/{waiting.pk}/" in page
    assert "Plainer words for residents." in page
    assert "A suggested new paragraph." in page  # the excerpt of what it changes
    assert f"/plays/{play.pk}/moderate/" in page
    assert unanswered.get_absolute_url() in page
    assert ended.title in page and f"/consultations/{ended.slug}/report/" in page
    assert f"/playbooks/{waiting.section.playbook.slug}/releases/new/" in page


def test_an_editor_with_nothing_waiting_is_told_so(editor: Persona) -> None:
    page = _page(editor)
    assert "No suggestions are waiting for a decision." in page
    assert "No plays are waiting for moderation." in page
    assert "Every open comment has a reply." in page


def test_a_person_with_two_roles_sees_both_parts() -> None:
    person = UserFactory.create(roles=[Role.EDITOR, Role.COORDINATOR])
    client = Client()
    client.force_login(person)
    page = client.get("/dashboard/").content.decode()
    assert "Your contributions" in page
    assert "Waiting for editors" in page
    assert "Your partnerships" in page


def test_a_coordinator_sees_their_partnership_and_not_another(coordinator: Persona) -> None:
    own = PartnershipFactory.create(name="Lancashire Digital", coordinators=[coordinator.user])
    other = PartnershipFactory.create(name="Cumbria Digital")
    JoinRequestFactory.create(partnership=own, organisation_name="Preston Library")
    JoinRequestFactory.create(partnership=other, organisation_name="Carlisle College")
    JoinRequestFactory.create(
        partnership=own, organisation_name="Decided Ltd", status=JoinRequest.Status.APPROVED
    )
    PledgeFactory.create(
        partnership=own, description="train volunteers", due_on=timezone.localdate()
    )
    PledgeFactory.create(
        partnership=own,
        description="far-off pledge",
        due_on=timezone.localdate() + datetime.timedelta(days=200),
    )
    PledgeFactory.create(partnership=other, description="lend laptops", due_on=timezone.localdate())
    page = _page(coordinator)
    assert "Lancashire Digital" in page and own.get_absolute_url() in page
    assert "Preston Library" in page and "Join requests waiting (1)" in page
    assert "train volunteers" in page and "Pledges due (1)" in page
    assert "far-off pledge" not in page
    assert "Decided Ltd" not in page
    assert "Cumbria Digital" not in page and "Carlisle College" not in page
    assert "lend laptops" not in page
    assert "Waiting for editors" not in page


def test_a_coordinator_of_no_partnership_is_told_how_to_get_one(coordinator: Persona) -> None:
    assert "not listed as a coordinator of any partnership" in _page(coordinator)


def test_it_says_what_changed_since_the_last_look_then_remembers_the_look(
    contributor: Persona, editor: Persona
) -> None:
    comment = CommentFactory.create(author=contributor.user)
    suggestion = SuggestionFactory.create(author=contributor.user)
    _page(contributor)
    first_look = DashboardVisit.objects.get(user=contributor.user).seen_at
    CommentFactory.create(
        parent=comment, section=comment.section, author=editor.user, body="Every week."
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        state=Suggestion.State.ACCEPTED, decided_at=timezone.now(), decision_reason="Thank you."
    )
    page = _page(contributor)
    assert "New reply to your comment" in page and "Every week." in page
    assert "Your suggestion on" in page and "accepted" in page and "Thank you." in page
    assert DashboardVisit.objects.get(user=contributor.user).seen_at > first_look
    assert "Nothing has changed since you last looked" in _page(contributor)


def test_a_hidden_reply_is_not_news(contributor: Persona, editor: Persona) -> None:
    comment = CommentFactory.create(author=contributor.user)
    _page(contributor)
    CommentFactory.create(
        parent=comment,
        section=comment.section,
        body="Buy my course",
        hidden_at=timezone.now(),
        hidden_by=editor.user,
    )
    page = _page(contributor)
    assert "Buy my course" not in page
    assert "Nothing has changed since you last looked" in page


def test_the_full_lists_are_paged_and_only_yours(contributor: Persona) -> None:
    for _ in range(7):
        SuggestionFactory.create(author=contributor.user)
    someone_elses = SuggestionFactory.create()
    page = _page(contributor)
    assert "Your suggestions (7)" in page and "/dashboard/suggestions/" in page
    listing = contributor.client.get("/dashboard/suggestions/")
    assert listing.status_code == 200
    assert "7 in all" in listing.content.decode()
    assert f"/suggestions/{someone_elses.pk}/" not in listing.content.decode()
    for kind in ("comments", "plays", "follows"):
        assert contributor.client.get(f"/dashboard/{kind}/").status_code == 200
    assert contributor.client.get("/dashboard/secrets/").status_code == 404
    assert contributor.client.get("/dashboard/suggestions/?page=x").status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_rows(editor: Persona) -> None:
    partnership = PartnershipFactory.create(coordinators=[editor.user])
    editor.user.groups.add(*UserFactory.create(roles=[Role.COORDINATOR]).groups.all())

    def queries() -> int:
        editor.client.get("/dashboard/")  # the first look writes the visit row
        with CaptureQueriesContext(connection) as captured:
            assert editor.client.get("/dashboard/").status_code == 200
        return len(captured)

    def add_rows(count: int) -> None:
        for _ in range(count):
            SuggestionFactory.create(author=editor.user)
            SuggestionFactory.create()
            PlayFactory.create()
            PlayFactory.create(author=editor.user)
            CommentFactory.create()
            CommentFactory.create(author=editor.user)
            JoinRequestFactory.create(partnership=partnership)
            PledgeFactory.create(partnership=partnership, due_on=timezone.localdate())

    # More than a dashboard list shows, so each list already counts the rest.
    add_rows(6)
    some = queries()
    add_rows(6)
    assert queries() == some


def test_a_coordinator_sees_the_centres_they_keep_and_what_needs_doing(
    coordinator: Persona,
) -> None:
    district = LocalAuthorityFactory.create()
    area = AreaFactory.create(local_authorities=[district])
    PartnershipFactory.create(areas=[area], coordinators=[coordinator.user])
    place = PostcodeDistrictFactory.create(local_authority=district)
    year_ago = timezone.localdate() - datetime.timedelta(days=400)
    CentreFactory.create(postcode_district=place)
    stale = CentreFactory.create(postcode_district=place, last_checked_on=year_ago)
    ChangeReportFactory.create(centre=stale)
    ChangeReportFactory.create(centre=stale, resolved_at=timezone.now())
    elsewhere = CentreFactory.create(last_checked_on=year_ago)  # another district
    ChangeReportFactory.create(centre=elsewhere)

    page = _page(coordinator)

    card = page[page.index('id="centres"') :]
    assert 'Centres in your areas</dt>\n        <dd class="govuk-summary-list__value">2<' in card
    assert "Not checked for over a year" in card and ">1 <a" in card
    assert "1 waiting" in card
    assert "/find/manage/" in card


def test_people_who_keep_no_centres_see_no_centres_card(contributor: Persona) -> None:
    assert 'id="centres"' not in _page(contributor)
