"""An editor resolving a suggestion's conflicts while someone else changes the section is
never stuck: the suggestion is merged again against the newest text, that merge is kept,
the page shows the new conflicts, and resolving those lands the text."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from conftest import Persona
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_resolve,
)
from ldsp.playbook.models import Revision, Section
from ldsp.playbook.services.revisions import section_edit
from tests.factories import current_revision, section_with_text

PARAGRAPHS = [
    "Paragraph one says what a partnership is.",
    "Paragraph two says who takes part in it.",
    "Paragraph three says how to govern it well.",
]
BODY = "\n\n".join(PARAGRAPHS)
MOVED_ON = "The section changed while you were working: here are the conflicts against the newest"


def _with(paragraph: int, text: str) -> str:
    parts = list(PARAGRAPHS)
    parts[paragraph] = text
    return "\n\n".join(parts)


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Governance", BODY, slug="p", is_default=True)


def _rewrite(editor: Persona, section: Section, body: str) -> Revision:
    section.refresh_from_db()
    return section_edit(
        actor=editor.user,
        section=section,
        title=current_revision(section).title,
        body=body,
        message="Editor's rewrite",
        base_revision_id=section.current_revision_id,
    )


def _needing_resolution(contributor: Persona, editor: Persona, section: Section) -> Suggestion:
    """A suggestion on paragraph three, which an editor has since rewritten differently."""
    suggestion = suggestion_create(
        actor=contributor.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=_with(2, "Governance, as the contributor sees it."),
        rationale="Clearer.",
    )
    _rewrite(editor, section, _with(2, "Governance, as the editor first saw it."))
    suggestion = suggestion_accept(actor=editor.user, suggestion=suggestion)
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
    return suggestion


def _send_resolution(editor: Persona, suggestion: Suggestion, against: int) -> HttpResponse:
    return editor.client.post(  # type: ignore[return-value]
        f"/suggestions/{suggestion.pk}/resolve/",
        {"against_revision": str(against), "choice-0": "theirs"},
    )


def test_a_resolution_against_a_moved_section_keeps_the_new_merge_and_shows_its_conflicts(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _needing_resolution(contributor, editor, section)
    seen = suggestion.merge_state["against_revision"]
    newest = _rewrite(editor, section, _with(2, "Governance, as the editor now sees it."))

    response = _send_resolution(editor, suggestion, seen)

    assert response.status_code == 409
    page = response.content.decode()
    assert MOVED_ON in page
    assert "Governance, as the editor now sees it." in page  # the fresh conflict
    assert "Governance, as the editor first saw it." not in page
    assert f'name="against_revision" value="{newest.pk}"' in page
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
    assert suggestion.merge_state["against_revision"] == newest.pk
    assert (
        suggestion.merge_state["conflicts"][0]["ours"] == "Governance, as the editor now sees it."
    )
    section.refresh_from_db()
    assert section.current_revision == newest  # nothing landed

    response = _send_resolution(editor, suggestion, newest.pk)

    assert response.status_code == 302
    suggestion.refresh_from_db()
    section.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    assert suggestion.result_revision == section.current_revision
    assert current_revision(section).body == _with(2, "Governance, as the contributor sees it.")


def test_sending_the_old_form_again_is_shown_the_newest_conflicts_again_and_lands_nothing(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _needing_resolution(contributor, editor, section)
    seen = suggestion.merge_state["against_revision"]
    newest = _rewrite(editor, section, _with(2, "Governance, as the editor now sees it."))
    assert _send_resolution(editor, suggestion, seen).status_code == 409

    again = _send_resolution(editor, suggestion, seen)

    assert again.status_code == 409
    assert MOVED_ON in again.content.decode()
    section.refresh_from_db()
    assert section.current_revision == newest
    suggestion.refresh_from_db()
    assert suggestion.merge_state["against_revision"] == newest.pk


def test_when_the_new_text_no_longer_conflicts_the_editor_saves_the_clean_merge(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _needing_resolution(contributor, editor, section)
    seen = suggestion.merge_state["against_revision"]
    # The editor puts paragraph three back and changes paragraph one instead.
    newest = _rewrite(editor, section, _with(0, "Paragraph one, shortened."))

    response = _send_resolution(editor, suggestion, seen)

    assert response.status_code == 409
    page = response.content.decode()
    assert MOVED_ON in page
    assert "fits the newest text without any conflicts" in page
    suggestion.refresh_from_db()
    assert suggestion.merge_state["conflicts"] == []

    assert _send_resolution(editor, suggestion, newest.pk).status_code == 302
    section.refresh_from_db()
    assert current_revision(section).body == "\n\n".join(
        ["Paragraph one, shortened.", PARAGRAPHS[1], "Governance, as the contributor sees it."]
    )


def test_the_service_keeps_the_new_merge_and_then_resolves_against_it(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _needing_resolution(contributor, editor, section)
    seen = suggestion.merge_state["against_revision"]
    newest = _rewrite(editor, section, _with(2, "Governance, as the editor now sees it."))

    returned = suggestion_resolve(
        actor=editor.user, suggestion=suggestion, choices=["Both."], against_revision_id=seen
    )

    assert returned.state == Suggestion.State.NEEDS_RESOLUTION
    assert returned.merge_state["against_revision"] == newest.pk
    suggestion.refresh_from_db()
    assert suggestion.merge_state == returned.merge_state
    resolved = suggestion_resolve(
        actor=editor.user, suggestion=suggestion, choices=["Both."], against_revision_id=newest.pk
    )
    assert resolved.state == Suggestion.State.ACCEPTED
    section.refresh_from_db()
    assert current_revision(section).body == _with(2, "Both.")


def test_a_resolution_with_a_choice_missing_is_refused_and_lands_nothing(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _needing_resolution(contributor, editor, section)
    seen = suggestion.merge_state["against_revision"]

    response = editor.client.post(
        f"/suggestions/{suggestion.pk}/resolve/", {"against_revision": str(seen)}
    )

    assert response.status_code == 400
    assert "Choose how to settle conflict 1" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
