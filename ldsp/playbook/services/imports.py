"""Import a whole playbook from one Markdown document (``# chapter``, ``## section``).

Sections are matched by key (made from the title when the section was first
imported), so re-importing unchanged text creates no revisions, changed text
creates revisions with source ``import``, and a section missing from the file
is taken out of the playbook (its history is kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ldsp.core.pagecache import content_changed
from ldsp.lib.outline import OutlineError, parse_outline
from ldsp.playbook.models import Playbook, Revision, Section
from ldsp.playbook.services.common import PlaybookError, require_editor
from ldsp.playbook.services.revisions import revision_write

MAX_KEY_LENGTH = 100


@dataclass
class ImportReport:
    """What an import did, title by title."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def revisions_made(self) -> int:
        return len(self.created) + len(self.changed)


def key_for(title: str, taken: set[str]) -> str:
    """A URL-safe key from a title, unique among ``taken``."""
    base = slugify(title)[:MAX_KEY_LENGTH] or "section"
    key, number = base, 2
    while key in taken:
        key = f"{base[: MAX_KEY_LENGTH - 4]}-{number}"
        number += 1
    return key


def playbook_import(
    *, actor: User | None, playbook: Playbook, text: str, message: str = "Imported"
) -> ImportReport:
    """Bring the playbook in line with ``text``, all or nothing."""
    require_editor(actor)
    try:
        outline = parse_outline(text)
    except OutlineError as error:
        raise PlaybookError(str(error)) from None
    report = ImportReport()
    with transaction.atomic():
        Playbook.objects.select_for_update().get(pk=playbook.pk)
        existing = {
            section.key: section
            for section in Section.objects.select_related("current_revision").filter(
                playbook=playbook
            )
        }
        by_title = {section.title.casefold(): section for section in existing.values()}
        seen: set[int] = set()
        position = 0

        def write(section: Section, title: str, body: str) -> None:
            revision_write(
                section=section,
                title=title,
                body=body,
                author=actor,
                message=message,
                source=Revision.Source.IMPORT,
            )

        def place(title: str, body: str, parent: Section | None) -> Section:
            nonlocal position
            position += 1
            section = by_title.get(title.casefold()) or existing.get(slugify(title))
            if section is None or section.pk in seen:
                key = key_for(title, set(existing))
                section = Section.objects.create(
                    playbook=playbook, parent=parent, key=key, slug=key, position=position
                )
                existing[key] = section
                write(section, title, body)
                report.created.append(title)
            else:
                section.parent = parent
                section.position = position
                section.removed_at = None
                section.save(update_fields=["parent", "position", "removed_at"])
                current = section.current_revision
                if current is not None and current.content_hash == Revision.hash_of(
                    " ".join(title.split()), body
                ):
                    report.unchanged.append(title)
                else:
                    write(section, title, body)
                    report.changed.append(title)
            seen.add(section.pk)
            return section

        for chapter in outline.chapters:
            chapter_section = place(chapter.title, chapter.body, None)
            for child in chapter.sections:
                place(child.title, child.body, chapter_section)

        now = timezone.now()
        for section in existing.values():
            if section.pk not in seen and section.removed_at is None:
                section.removed_at = now
                section.save(update_fields=["removed_at"])
                report.removed.append(section.title)
        content_changed()
    return report
