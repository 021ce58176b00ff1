"""Two editors accept two suggestions on one section at the same moment: both land,
as successive revisions, and neither change is lost. Needs PostgreSQL's row locks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import Persona
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.suggestions import suggestion_accept, suggestion_create
from ldsp.playbook.models import Revision
from tests.factories import current_revision, section_with_text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

BODY = "\n\n".join(f"Paragraph {n} of the governance section." for n in range(1, 7))


def test_two_simultaneous_accepts_both_land_and_lose_nothing(
    contributor: Persona, coordinator: Persona, editor: Persona, staff: Persona
) -> None:
    section = section_with_text("Governance", BODY, slug="c", is_default=True)
    base = current_revision(section)
    first = suggestion_create(
        actor=contributor.user,
        section=section,
        base_revision_id=base.pk,
        body=BODY.replace("Paragraph 2 of", "Paragraph TWO, rewritten, of"),
        rationale="Clearer",
    )
    second = suggestion_create(
        actor=coordinator.user,
        section=section,
        base_revision_id=base.pk,
        body=BODY.replace("Paragraph 5 of", "Paragraph FIVE, rewritten, of"),
        rationale="Clearer",
    )
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def accept(actor: Persona, suggestion: Suggestion) -> None:
        try:
            start.wait(timeout=10)
            suggestion_accept(actor=actor.user, suggestion=suggestion)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=(editor, first)),
        threading.Thread(target=accept, args=(staff, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []

    section.refresh_from_db()
    revisions = list(Revision.objects.filter(section=section).order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[2].parent == revisions[1] and revisions[1].parent == revisions[0]
    final = current_revision(section).body
    assert "Paragraph TWO, rewritten, of" in final
    assert "Paragraph FIVE, rewritten, of" in final
    assert set(Suggestion.objects.values_list("state", flat=True)) == {"accepted"}
