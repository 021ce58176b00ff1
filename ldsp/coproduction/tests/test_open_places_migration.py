"""The migration that numbers each person's open suggestions on a section gives existing
pending suggestions distinct places before the database starts enforcing them, even
where someone already has more than one (or more than today's limit), and changes
nothing else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ldsp.coproduction.models import Suggestion
from ldsp.playbook.models import Section
from tests.factories import UserFactory, current_revision, section_with_text

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("coproduction", "0001_take_over_contributions_from_playbook")]
AFTER = [("coproduction", "0002_suggestion_open_places_held_by_the_database")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_existing_pending_suggestions_get_distinct_places_oldest_first() -> None:
    section = section_with_text("Governance", "One.\n\nTwo.", slug="p", is_default=True)
    other_section = section_with_text("Meetings", "Three.", slug="q")
    alice, bob = UserFactory.create(), UserFactory.create()

    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("coproduction", "Suggestion")

    def make(author: User, on: Section, state: str) -> int:
        row = old.objects.create(
            section_id=on.pk,
            base_revision_id=current_revision(on).pk,
            author_id=author.pk,
            body="Changed.",
            rationale="Clearer.",
            state=state,
        )
        return int(row.pk)

    # Alice has four pending on one section (more than the default limit of three).
    alices = [make(alice, section, "open") for _ in range(3)]
    alices.append(make(alice, section, "needs_resolution"))
    decided = make(alice, section, "accepted")
    bobs = make(bob, section, "open")
    elsewhere = make(alice, other_section, "open")

    _migrate(AFTER)

    slot = dict(Suggestion.objects.values_list("pk", "open_slot"))
    assert [slot[pk] for pk in alices] == [1, 2, 3, 4]
    assert slot[decided] is None
    assert slot[bobs] == 1 and slot[elsewhere] == 1
    assert Suggestion.objects.count() == 7
    assert Suggestion.objects.get(pk=decided).state == Suggestion.State.ACCEPTED
