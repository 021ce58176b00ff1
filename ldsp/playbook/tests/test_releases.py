"""Publishing, comparing and downloading releases."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.http import FileResponse
from django.test import Client

from conftest import Persona, Visitor
from ldsp.core.models import AuditEvent
from ldsp.playbook.models import Playbook, Release, ReleaseExport, Section
from ldsp.playbook.selectors import releases_compare
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import section_named
from tests.factories import outline_text, playbook_with_sections


def _publish(persona: Persona, playbook: Playbook, number: str = "0.1") -> Release:
    return release_publish(actor=persona.user, playbook=playbook, number=number, label="Draft")


def test_a_release_snapshots_every_section(editor: Persona, playbook: Playbook) -> None:
    release = _publish(editor, playbook)
    sections = Section.objects.filter(playbook=playbook)
    assert release.entries.count() == sections.count()
    assert {e.revision_id for e in release.entries.all()} == {
        s.current_revision_id for s in sections
    }
    assert AuditEvent.objects.filter(verb="release.published", target_id=str(release.pk)).exists()


def test_later_edits_do_not_change_a_release(editor: Persona, playbook: Playbook) -> None:
    release = _publish(editor, playbook)
    section = section_named(playbook, "Section 1")
    old_revision = section.current_revision_id
    section_edit(
        actor=editor.user,
        section=section,
        title="Section 1",
        body="Changed after the release.",
        message="x",
        base_revision_id=old_revision,
    )
    assert release.entries.get(section=section).revision_id == old_revision


def test_credits_name_everyone_whose_work_entered_since_the_last_release(
    editor: Persona, staff: Persona, playbook: Playbook
) -> None:
    first = _publish(editor, playbook, "0.1")
    assert first.credits == []  # the import was made by the system, not a person
    section = section_named(playbook, "Section 2")
    section_edit(
        actor=staff.user,
        section=section,
        title="Section 2",
        body="Staff improved this.",
        message="Improved",
        base_revision_id=section.current_revision_id,
    )
    second = _publish(editor, playbook, "0.2")
    assert [credit["name"] for credit in second.credits] == ["Stella"]


@pytest.mark.parametrize(
    ("number", "message"),
    [("one", "like"), ("0.1", "already a release 0.1"), ("0.0.9", "higher than the latest")],
)
def test_bad_release_numbers_are_refused(
    editor: Persona, playbook: Playbook, number: str, message: str
) -> None:
    _publish(editor, playbook, "0.1")
    with pytest.raises(PlaybookError, match=message):
        _publish(editor, playbook, number)
    assert Release.objects.count() == 1


def test_only_editors_publish(
    every_persona: dict[str, Persona], anonymous: Visitor, playbook: Playbook
) -> None:
    url = f"/playbooks/{playbook.slug}/releases/new/"
    for name in ("contributor", "coordinator"):
        with pytest.raises(PermissionError):
            _publish(every_persona[name], playbook)
        assert (
            every_persona[name].client.post(url, {"number": "0.1", "label": "x"}).status_code == 403
        )
    assert anonymous.client.get(url).status_code == 302
    response = every_persona["editor"].client.post(url, {"number": "0.1", "label": "Draft"})
    assert response.status_code == 302
    assert Release.objects.filter(number="0.1").exists()


def test_the_publish_form_shows_errors(editor: Persona, playbook: Playbook) -> None:
    url = f"/playbooks/{playbook.slug}/releases/new/"
    response = editor.client.post(url, {"number": "banana", "label": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a label" in page


def test_comparing_releases_lists_added_removed_and_changed_sections(
    editor: Persona, db: None
) -> None:
    playbook = playbook_with_sections(3, slug="cmp")
    old = _publish(editor, playbook, "0.1")
    text = outline_text(3).replace("## Section 3", "## Section 3b").replace("- point 1", "- one")
    playbook_import(actor=None, playbook=playbook, text=text)
    new = _publish(editor, playbook, "0.2")
    kinds = {(c.kind, c.title) for c in releases_compare(old, new)}
    assert kinds == {("changed", "Section 1"), ("added", "Section 3b"), ("removed", "Section 3")}
    page = Client().get("/playbooks/cmp/releases/compare/?from=0.1&to=0.2").content.decode()
    assert "3 sections changed" in page
    assert "ldsp-diff__ins" in page


def test_comparing_unknown_releases_asks_again(db: None, playbook: Playbook) -> None:
    response = Client().get(f"/playbooks/{playbook.slug}/releases/compare/?from=9&to=10")
    assert response.status_code == 400
    assert "Choose two releases that exist" in response.content.decode()


def test_markdown_and_html_downloads(editor: Persona, playbook: Playbook) -> None:
    _publish(editor, playbook)
    client = Client()
    markdown = client.get(f"/playbooks/{playbook.slug}/releases/0.1.md")
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "## Section 6" in markdown.content.decode()
    html = client.get(f"/playbooks/{playbook.slug}/releases/0.1.html")
    assert "attachment" in html["Content-Disposition"]
    page = html.content.decode()
    assert "<style>" in page and "Section 6" in page and "<link" not in page


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_pdf_with_every_section_title(
    editor: Persona,
    run_worker: Callable[[], None],
    tmp_path: Path,
) -> None:
    playbook = playbook_with_sections(12, is_default=True)
    release = _publish(editor, playbook)
    client = Client()
    early = client.get(f"/playbooks/{playbook.slug}/releases/0.1.pdf")
    assert early.status_code == 302  # not made yet: back to the release page
    assert "Being made" in client.get(release.get_absolute_url()).content.decode()

    run_worker()
    export = ReleaseExport.objects.get(release=release)
    assert export.status == ReleaseExport.Status.READY
    response = client.get(f"/playbooks/{playbook.slug}/releases/0.1.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "release.pdf"
    assert isinstance(response, FileResponse)
    pdf.write_bytes(response.getvalue())
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for section in Section.objects.filter(playbook=playbook):
        assert section.title in text
    status = client.get(f"/api/v1/playbooks/{playbook.slug}/releases/0.1/exports/pdf").json()
    assert status["status"] == "ready" and status["url"].endswith("0.1.pdf")
