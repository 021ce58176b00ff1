"""New revisions of a section: edits, reverts and the shared way to write one."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from ldsp.core import extensions
from ldsp.core.pagecache import content_changed
from ldsp.lib.markdown import render_markdown
from ldsp.lib.outline import normalise_body
from ldsp.playbook.models import Revision, Section
from ldsp.playbook.services.common import PlaybookError, require_editor


class StaleEditError(PlaybookError):
    """The section changed after the editor opened it; nothing was overwritten."""

    def __init__(self, current: Revision) -> None:
        super().__init__(
            f"Someone else changed this section while you were editing it "
            f"(revision {current.number}). Your text has not been saved."
        )
        self.current = current


class NoChangeError(PlaybookError):
    """The new text is the same as the current text."""


def render_body(section: Section, body: str) -> str:
    """The section's HTML; heading ids are prefixed with the key so they are unique."""
    return render_markdown(body, heading_id_prefix=f"{section.key}-")


def revision_write(
    *,
    section: Section,
    title: str,
    body: str,
    author: User | None,
    message: str,
    source: str,
) -> Revision:
    """Add a revision to a section already locked by the caller, and make it current."""
    title = " ".join(title.split())
    body = normalise_body(body)
    if not title:
        raise PlaybookError("A section needs a title.")
    content_hash = Revision.hash_of(title, body)
    current = section.current_revision
    if current is not None and current.content_hash == content_hash:
        raise NoChangeError("There are no changes to save.")
    last_number = section.revisions.aggregate(last=Max("number"))["last"] or 0
    revision = Revision.objects.create(
        section=section,
        number=last_number + 1,
        parent=current,
        title=title,
        body=body,
        body_html=render_body(section, body),
        author=author if author is not None and author.is_authenticated else None,
        message=message.strip()[:300],
        source=source,
        content_hash=content_hash,
    )
    section.current_revision = revision
    section.save(update_fields=["current_revision"])
    # Co-production re-anchors comments and tells followers (it registers itself).
    extensions.announce("revision_written", section=section, revision=revision)
    content_changed()
    return revision


def section_edit(
    *,
    actor: User,
    section: Section,
    title: str,
    body: str,
    message: str,
    base_revision_id: int | None,
) -> Revision:
    """An editor's change, refused if the section moved on since they opened it."""
    require_editor(actor)
    with transaction.atomic():
        locked = Section.objects.select_for_update().get(pk=section.pk)
        locked = Section.objects.select_related("current_revision").get(pk=locked.pk)
        if locked.current_revision_id != base_revision_id and locked.current_revision:
            raise StaleEditError(locked.current_revision)
        return revision_write(
            section=locked,
            title=title,
            body=body,
            author=actor,
            message=message,
            source=Revision.Source.EDIT,
        )


def section_revert(*, actor: User, section: Section, to_revision: Revision) -> Revision:
    """Bring back an earlier text as a new revision; history is never rewritten."""
    require_editor(actor)
    if to_revision.section_id != section.pk:
        raise PlaybookError("That revision belongs to another section.")
    with transaction.atomic():
        Section.objects.select_for_update().get(pk=section.pk)
        locked = Section.objects.select_related("current_revision").get(pk=section.pk)
        return revision_write(
            section=locked,
            title=to_revision.title,
            body=to_revision.body,
            author=actor,
            message=f"Reverted to revision {to_revision.number}",
            source=Revision.Source.REVERT,
        )
