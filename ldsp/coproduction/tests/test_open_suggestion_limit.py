"""A person's limit of open suggestions on a section is held by the database: each pending
suggestion takes one of its author's numbered places on the section and no two pending
suggestions share one. A refusal names the suggestions the person already has."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from conftest import Persona
from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from ldsp.playbook.models import Section
from tests.factories import SuggestionFactory, current_revision, section_with_text

BODY = "Paragraph one.\n\nParagraph two.\n\nParagraph three."


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Governance", BODY, slug="p", is_default=True)


def _suggest(persona: Persona, section: Section, text: str) -> Suggestion:
    return suggestion_create(
        actor=persona.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=f"{BODY}\n\n{text}",
        rationale="Clearer.",
    )


def test_two_pending_suggestions_by_one_person_cannot_share_a_place(
    contributor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, "One.")
    assert first.open_slot == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        SuggestionFactory.create(section=section, author=contributor.user, open_slot=1)
    # A decided suggestion holds no place, and other people have places of their own.
    SuggestionFactory.create(
        section=section, author=contributor.user, open_slot=1, state=Suggestion.State.REJECTED
    )
    SuggestionFactory.create(section=section, open_slot=1)
    assert Suggestion.objects.filter(author=contributor.user).count() == 2


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=1)
def test_a_second_open_suggestion_is_refused_naming_the_first(
    contributor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, "One.")
    with pytest.raises(ContributionError) as refused:
        _suggest(contributor, section, "Two.")
    message = str(refused.value)
    assert message.startswith("You already have an open suggestion on this section")
    assert f"suggestion {first.pk}" in message and first.get_absolute_url() in message
    assert Suggestion.objects.count() == 1


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=2)
def test_places_are_the_lowest_free_and_a_decision_frees_one(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, "One.")
    second = _suggest(contributor, section, "Two.")
    assert (first.open_slot, second.open_slot) == (1, 2)
    with pytest.raises(ContributionError, match=f"suggestions {first.pk}, {second.pk}"):
        _suggest(contributor, section, "Three.")

    suggestion_withdraw(actor=contributor.user, suggestion=first)
    third = _suggest(contributor, section, "Three.")
    assert third.open_slot == 1

    suggestion_reject(actor=editor.user, suggestion=second, reason="Out of scope.")
    assert _suggest(contributor, section, "Four.").open_slot == 2
    suggestion_accept(actor=editor.user, suggestion=third)
    slots = dict(Suggestion.objects.values_list("pk", "open_slot"))
    assert slots[first.pk] is slots[second.pk] is slots[third.pk] is None


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=1)
def test_a_suggestion_needing_resolution_still_holds_its_place(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, "One.")
    suggestion_accept(actor=editor.user, suggestion=first)  # accepted: the place is free
    second = _suggest(contributor, section, "Two.")
    assert second.open_slot == 1
    Suggestion.objects.filter(pk=second.pk).update(state=Suggestion.State.NEEDS_RESOLUTION)
    with pytest.raises(ContributionError, match=f"suggestion {second.pk}"):
        _suggest(contributor, section, "Three.")


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=1)
def test_the_page_and_the_api_refuse_in_plain_english(
    contributor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, "One.")
    revision = current_revision(section)

    page = contributor.client.post(
        f"/playbooks/p/sections/{section.slug}/suggest/",
        {
            "title": revision.title,
            "body": f"{BODY}\n\nTwo.",
            "rationale": "Clearer.",
            "base_revision": revision.pk,
        },
    )
    assert page.status_code == 400
    assert f"You already have an open suggestion on this section (suggestion {first.pk}" in (
        page.content.decode()
    )

    api = contributor.client.post(
        "/api/v1/suggestions",
        json.dumps(
            {
                "playbook": "p",
                "section": section.slug,
                "base_revision": revision.number,
                "body": f"{BODY}\n\nTwo.",
                "rationale": "Clearer.",
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["detail"].startswith("You already have an open suggestion")
    assert Suggestion.objects.count() == 1
