"""One person sends two suggestions for one section at the same moment: their limit of
open suggestions still holds, because the database, not a count read beforehand, decides.
Needs PostgreSQL: SQLite allows one writer at a time, so it cannot show a race."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import override_settings

from conftest import Persona
from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.suggestions import suggestion_create
from ldsp.playbook.models import Section
from tests.factories import current_revision, section_with_text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite takes one writer at a time, so two threads cannot race there",
    ),
]

BODY = "Paragraph one.\n\nParagraph two."
# Each round is a fresh race on a fresh section: one lucky ordering must not pass the test.
ROUNDS = 5


def _race(persona: Persona, section: Section) -> tuple[list[Suggestion], list[BaseException]]:
    """Two threads send a suggestion by ``persona`` on ``section`` at once."""
    base = current_revision(section)
    start = threading.Barrier(2)
    made: list[Suggestion] = []
    errors: list[BaseException] = []

    def send(text: str) -> None:
        try:
            start.wait(timeout=10)
            made.append(
                suggestion_create(
                    actor=persona.user,
                    section=section,
                    base_revision_id=base.pk,
                    body=f"{BODY}\n\n{text}",
                    rationale="Clearer.",
                )
            )
        except BaseException as error:  # reported in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(text,)) for text in ("First.", "Second.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return made, errors


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=1)
def test_two_suggestions_at_once_make_exactly_one_and_refuse_the_other(
    contributor: Persona,
) -> None:
    for round_ in range(ROUNDS):
        section = section_with_text(f"Topic {round_}", BODY, slug=f"p{round_}")
        made, errors = _race(contributor, section)
        pending = Suggestion.objects.filter(section=section, author=contributor.user)
        assert pending.count() == 1, f"round {round_}: {pending.count()} suggestions made"
        assert len(made) == 1
        assert len(errors) == 1 and isinstance(errors[0], ContributionError), errors
        assert str(errors[0]).startswith(
            f"You already have an open suggestion on this section (suggestion {made[0].pk}"
        )


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=2)
def test_two_suggestions_at_once_with_one_place_left_make_exactly_one_more(
    contributor: Persona,
) -> None:
    for round_ in range(ROUNDS):
        section = section_with_text(f"Topic {round_}", BODY, slug=f"p{round_}")
        suggestion_create(
            actor=contributor.user,
            section=section,
            base_revision_id=current_revision(section).pk,
            body=f"{BODY}\n\nAlready open.",
            rationale="Clearer.",
        )
        made, errors = _race(contributor, section)
        pending = Suggestion.objects.filter(section=section, author=contributor.user)
        assert pending.count() == 2, f"round {round_}: {pending.count()} suggestions open"
        assert len(made) == 1
        assert len(errors) == 1 and isinstance(errors[0], ContributionError), errors
        assert "2 open suggestions on this section" in str(errors[0])


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=3)
def test_two_suggestions_at_once_with_room_for_both_make_both(contributor: Persona) -> None:
    section = section_with_text("Topic", BODY, slug="p")
    made, errors = _race(contributor, section)
    assert errors == []
    assert sorted(s.open_slot or 0 for s in made) == [1, 2]
    assert Suggestion.objects.filter(section=section).count() == 2
