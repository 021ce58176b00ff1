"""Each contribution's outcome in the report says what happened to it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.consultations.selectors import contributions
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.comments import comment_create, comment_reply, comment_set_state
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
    suggestion_resolve,
    suggestion_withdraw,
)
from ldsp.playbook.models import Section
from ldsp.playbook.services.revisions import section_edit
from tests.factories import RoundFactory, current_revision, section_with_text

BODY = "First paragraph.\n\nMiddle paragraph.\n\nLast paragraph."


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Topic", BODY, slug="p", is_default=True)


@pytest.fixture
def round_(section: Section) -> Round:
    now = timezone.now()
    return RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=7),
    )


def _suggest(persona: Persona, section: Section, body: str) -> Suggestion:
    return suggestion_create(
        actor=persona.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=body,
        rationale="Clearer",
    )


def _comment(persona: Persona, section: Section, body: str) -> object:
    return comment_create(
        actor=persona.user,
        section=section,
        revision_id=current_revision(section).pk,
        body=body,
        quote="First paragraph",
    )


def _outcomes(round_: Round) -> dict[str, str]:
    return {row.summary: row.outcome for row in contributions(round_)}


def test_a_comment_an_editor_replied_to_is_answered_not_open(
    section: Section, round_: Round, contributor: Persona, coordinator: Persona, editor: Persona
) -> None:
    answered = _comment(contributor, section, "Answered one")
    comment_reply(actor=editor.user, comment=answered, body="Thank you, we will add it.")  # type: ignore[arg-type]
    peer_only = _comment(contributor, section, "Peer reply only")
    comment_reply(actor=coordinator.user, comment=peer_only, body="Agreed!")  # type: ignore[arg-type]
    resolved = _comment(contributor, section, "Resolved one")
    comment_set_state(actor=editor.user, comment=resolved, resolved=True)  # type: ignore[arg-type]
    _comment(contributor, section, "Untouched")

    assert _outcomes(round_) == {
        "Answered one": "Answered",
        "Peer reply only": "Not answered yet",
        "Resolved one": "Resolved",
        "Untouched": "Not answered yet",
    }
    [row] = [row for row in contributions(round_) if row.summary == "Answered one"]
    assert row.response == "Thank you, we will add it."


def test_suggestions_say_whether_they_were_accepted_rejected_or_withdrawn(
    section: Section, round_: Round, contributor: Persona, coordinator: Persona, editor: Persona
) -> None:
    accepted = _suggest(contributor, section, BODY + "\n\nThird paragraph.")
    suggestion_accept(actor=editor.user, suggestion=accepted)
    rejected = suggestion_create(
        actor=coordinator.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY + "\n\nAn advert.",
        rationale="Rejected one",
    )
    suggestion_reject(actor=editor.user, suggestion=rejected, reason="Not about the Playbook.")
    withdrawn = suggestion_create(
        actor=coordinator.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY + "\n\nSecond thoughts.",
        rationale="Withdrawn one",
    )
    suggestion_withdraw(actor=coordinator.user, suggestion=withdrawn)
    suggestion_create(
        actor=contributor.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY + "\n\nStill waiting.",
        rationale="Waiting one",
    )
    outcomes = {row.summary: (row.outcome, row.response) for row in contributions(round_)}
    assert outcomes["Clearer"] == ("Accepted", "")
    assert outcomes["Rejected one"] == ("Rejected", "Not about the Playbook.")
    assert outcomes["Withdrawn one"] == ("Withdrawn", "")
    assert outcomes["Waiting one"] == ("Not decided yet", "")


def test_a_suggestion_merged_with_part_of_it_left_out_is_partly_accepted(
    section: Section, round_: Round, contributor: Persona, editor: Persona
) -> None:
    suggestion = _suggest(
        contributor, section, "First paragraph, clearer.\n\nMiddle paragraph.\n\nLast, better."
    )
    revision = current_revision(section)
    section_edit(
        actor=editor.user,
        section=section,
        title=revision.title,
        body="First paragraph.\n\nMiddle paragraph.\n\nLast, edited.",
        message="An editor's change",
        base_revision_id=revision.pk,
    )
    suggestion = suggestion_accept(actor=editor.user, suggestion=suggestion)
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
    assert _outcomes(round_) == {"Clearer": "Accepted, being merged"}

    conflicts = suggestion.merge_state["conflicts"]
    suggestion_resolve(
        actor=editor.user,
        suggestion=suggestion,
        choices=[conflict["ours"] for conflict in conflicts],  # keep the editor's text
        against_revision_id=suggestion.merge_state["against_revision"],
    )
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    section.refresh_from_db()
    assert "First paragraph, clearer." in current_revision(section).body
    assert _outcomes(round_) == {"Clearer": "Partly accepted"}


def test_the_round_says_so_far_only_while_it_is_open(
    section: Section, round_: Round, contributor: Persona, editor: Persona
) -> None:
    _comment(contributor, section, "One")
    _comment(editor, section, "Two")
    page = Client().get(f"/consultations/{round_.slug}/").content.decode()
    assert "2 contributions so far from 2 people." in page

    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now())
    page = Client().get(f"/consultations/{round_.slug}/").content.decode()
    assert "2 contributions from 2 people." in page and "so far" not in page
    report = editor.client.get(f"/consultations/{round_.slug}/report/").content.decode()
    assert "2 contributions from 2 people." in report and "so far" not in report


def test_the_headline_names_each_kind_and_counts_one_person_in_the_singular() -> None:
    from ldsp.consultations.selectors import report_headline

    figures = {"total": 3, "people": 1, "by_kind": {"comment": 2, "suggestion": 1}}
    assert report_headline(figures, so_far=False) == (
        "3 contributions from 1 person: 1 suggested change and 2 comments."
    )
    assert report_headline({"total": 1}, so_far=True) == "1 contribution so far."
