"""Importing a playbook from Markdown, and exporting it back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import Persona
from ldsp.lib.outline import parse_outline, render_outline
from ldsp.playbook.models import Revision, Section
from ldsp.playbook.rendering import current_markdown, release_markdown
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.imports import playbook_import
from ldsp.playbook.services.releases import release_publish
from tests.factories import (
    PlaybookFactory,
    current_revision,
    outline_text,
    playbook_with_sections,
)

DEMO = Path(__file__).resolve().parent.parent / "demo_content"


def test_headings_become_chapters_and_sections(db: None) -> None:
    playbook = PlaybookFactory.create()
    report = playbook_import(actor=None, playbook=playbook, text=outline_text(7))
    assert len(report.created) == 2 + 7
    chapters = Section.objects.filter(playbook=playbook, parent__isnull=True)
    assert [c.title for c in chapters.order_by("position")] == ["Chapter 1", "Chapter 2"]
    chapter_2 = chapters.get(key="chapter-2")
    assert [s.title for s in chapter_2.children.order_by("position")] == ["Section 6", "Section 7"]
    assert set(Revision.objects.values_list("source", flat=True)) == {"import"}


def test_importing_the_same_text_again_makes_no_revisions(db: None) -> None:
    text = outline_text(10)
    playbook = PlaybookFactory.create(text=text)
    before = Revision.objects.count()
    report = playbook_import(actor=None, playbook=playbook, text=text)
    assert report.revisions_made == 0
    assert len(report.unchanged) == 12
    assert Revision.objects.count() == before


def test_changed_text_makes_import_revisions_and_missing_sections_are_removed(
    db: None,
) -> None:
    playbook = playbook_with_sections(5)
    text = outline_text(5).replace("- point 2", "- point two, rewritten")
    text = text.replace("## Section 5", "## Section 5 renamed")
    report = playbook_import(actor=None, playbook=playbook, text=text)
    assert report.changed == ["Section 2"]
    assert report.created == ["Section 5 renamed"]
    assert report.removed == ["Section 5"]
    section_2 = Section.objects.get(playbook=playbook, key="section-2")
    assert section_2.revisions.count() == 2
    assert current_revision(section_2).source == "import"
    assert Section.objects.get(key="section-5").removed_at is not None


def test_a_bad_document_is_refused_whole_with_the_line(db: None) -> None:
    playbook = PlaybookFactory.create()
    with pytest.raises(PlaybookError, match="line 1"):
        playbook_import(actor=None, playbook=playbook, text="Stray text\n# Chapter\n")
    assert Section.objects.count() == 0


def test_only_editors_import(contributor: Persona) -> None:
    with pytest.raises(PermissionError):
        playbook_import(
            actor=contributor.user, playbook=PlaybookFactory.create(), text=outline_text(2)
        )


def test_export_then_import_reproduces_the_playbook_exactly(db: None) -> None:
    source = (DEMO / "playbook-0.2.md").read_text(encoding="utf-8")
    first = PlaybookFactory.create()
    playbook_import(actor=None, playbook=first, text=source)
    exported = current_markdown(first)
    assert parse_outline(exported) == parse_outline(source)
    assert exported == render_outline(parse_outline(source))

    second = PlaybookFactory.create()
    playbook_import(actor=None, playbook=second, text=exported)
    assert current_markdown(second) == exported


def test_a_release_exports_the_text_it_was_published_with(editor: Persona) -> None:
    text = outline_text(4)
    playbook = PlaybookFactory.create(text=text)
    release = release_publish(actor=editor.user, playbook=playbook, number="0.1", label="Draft")
    playbook_import(actor=None, playbook=playbook, text=outline_text(6))
    assert release_markdown(release) == render_outline(parse_outline(text))


def test_the_import_command_reads_a_file(db: None, tmp_path: Path) -> None:
    path = tmp_path / "book.md"
    path.write_text(outline_text(3), encoding="utf-8")
    call_command("import_playbook", str(path), "--playbook", "cli-book", "--title", "CLI Book")
    assert Section.objects.filter(playbook__slug="cli-book").count() == 4
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_playbook", str(tmp_path / "missing.md"), "--playbook", "cli-book")
