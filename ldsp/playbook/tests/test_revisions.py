"""Editing a section: new immutable revisions, stale edits refused, reverts."""

from __future__ import annotations

import pytest

from conftest import Persona, Visitor
from ldsp.playbook.models import ImmutableRowError, Playbook, Revision, Section
from ldsp.playbook.services.revisions import (
    NoChangeError,
    StaleEditError,
    section_edit,
    section_revert,
)
from ldsp.playbook.tests.conftest import section_named
from tests.factories import current_revision


def _edit(persona: Persona, section: Section, body: str, base: int | None = None) -> Revision:
    current = section.current_revision
    assert current is not None
    return section_edit(
        actor=persona.user,
        section=section,
        title=current.title,
        body=body,
        message="Made it clearer",
        base_revision_id=current.pk if base is None else base,
    )


def test_an_editor_makes_a_new_revision(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    before = section.current_revision
    revision = _edit(editor, section, "New text with **bold**.")
    assert before is not None
    assert revision.number == before.number + 1
    assert revision.parent == before
    assert revision.author == editor.user
    assert revision.source == Revision.Source.EDIT
    assert "<strong>bold</strong>" in revision.body_html
    section.refresh_from_db()
    assert section.current_revision == revision
    assert Revision.objects.filter(section=section).count() == 2


def test_html_is_rendered_and_sanitised_when_written(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    revision = _edit(editor, section, "Hello <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script" not in revision.body_html
    assert 'href="javascript' not in revision.body_html


def test_a_stale_edit_is_refused_and_neither_text_is_lost(
    editor: Persona, staff: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 2")
    opened = section.current_revision
    assert opened is not None
    _edit(staff, section, "Staff rewrote this while the editor was typing.")
    with pytest.raises(StaleEditError) as refused:
        _edit(editor, section, "The editor's own words.", base=opened.pk)
    section.refresh_from_db()
    assert current_revision(section).body == "Staff rewrote this while the editor was typing."
    assert refused.value.current.body == "Staff rewrote this while the editor was typing."
    assert Revision.objects.filter(section=section).count() == 2


def test_the_edit_page_refuses_a_stale_edit_and_keeps_the_editors_words(
    editor: Persona, staff: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 2")
    opened = current_revision(section)
    _edit(staff, section, "Changed meanwhile by staff.")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/edit/"
    response = editor.client.post(
        url,
        {
            "title": "Section 2",
            "body": "My careful rewrite.",
            "message": "Rewrite",
            "base_revision": opened.pk,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this section" in page
    assert "My careful rewrite." in page
    assert "What changed while you were editing" in page
    assert "Changed meanwhile by staff." in page
    section.refresh_from_db()
    assert current_revision(section).body == "Changed meanwhile by staff."


def test_saving_the_same_text_is_refused(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 3")
    with pytest.raises(NoChangeError):
        _edit(editor, section, current_revision(section).body)


def test_a_revision_cannot_be_changed(playbook: Playbook) -> None:
    revision = Revision.objects.first()
    assert revision is not None
    revision.body = "rewritten history"
    with pytest.raises(ImmutableRowError):
        revision.save()


def test_a_revert_is_a_new_revision(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 4")
    first = section.current_revision
    assert first is not None
    _edit(editor, section, "A change we regret.")
    section.refresh_from_db()
    reverted = section_revert(actor=editor.user, section=section, to_revision=first)
    assert reverted.number == 3
    assert reverted.body == first.body
    assert reverted.source == Revision.Source.REVERT
    assert Revision.objects.filter(section=section).count() == 3


@pytest.mark.parametrize("name", ["contributor", "coordinator"])
def test_only_editors_and_staff_edit(
    name: str, every_persona: dict[str, Persona], anonymous: Visitor, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 1")
    with pytest.raises(PermissionError):
        _edit(every_persona[name], section, "Not allowed")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/edit/"
    assert every_persona[name].client.get(url).status_code == 403
    assert anonymous.client.get(url).status_code == 302
    assert every_persona["editor"].client.get(url).status_code == 200
    assert every_persona["staff"].client.get(url).status_code == 200


def test_the_edit_form_saves_and_shows_errors(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 5")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/edit/"
    response = editor.client.post(url, {"title": "", "body": "x", "message": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a title" in page and "Say what you changed" in page
    response = editor.client.post(
        url,
        {
            "title": "Section 5",
            "body": "Fresh words.",
            "message": "Freshened",
            "base_revision": section.current_revision_id,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert current_revision(section).body == "Fresh words."


def test_revert_asks_first(editor: Persona, contributor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 6")
    _edit(editor, section, "Second version.")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/revert/1/"
    assert contributor.client.post(url).status_code == 403
    confirm = editor.client.get(url)
    assert "Are you sure you want to bring back revision 1?" in confirm.content.decode()
    assert Revision.objects.filter(section=section).count() == 2
    assert editor.client.post(url).status_code == 302
    assert Revision.objects.filter(section=section).count() == 3
