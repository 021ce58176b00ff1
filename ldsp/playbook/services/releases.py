"""Publish a release: an immutable snapshot of every section, with credits."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count

from ldsp.accounts.selectors import display_names
from ldsp.core.pagecache import content_changed
from ldsp.core.services import audit_record
from ldsp.playbook.models import Playbook, Release, ReleaseEntry, ReleaseExport, Revision, Section
from ldsp.playbook.services.common import PlaybookError, require_editor

RELEASE_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,4}){1,2}$")


def release_number_key(number: str) -> tuple[int, ...]:
    """ "0.10" sorts after "0.9": compare numbers part by part."""
    return tuple(int(part) for part in number.split("."))


def latest_release(playbook: Playbook) -> Release | None:
    """The release with the highest number."""
    releases = list(Release.objects.filter(playbook=playbook).only("id", "number", "published_at"))
    return max(releases, key=lambda r: release_number_key(r.number), default=None)


def release_publish(
    *, actor: User | None, playbook: Playbook, number: str, label: str, notes: str = ""
) -> Release:
    """Snapshot the playbook as release ``number``; then have the worker make its PDF."""
    from ldsp.playbook.services.exports import release_export_request

    require_editor(actor)
    number, label = number.strip(), label.strip()
    if not RELEASE_NUMBER.match(number):
        raise PlaybookError('Enter a release number like "0.3" or "1.0".')
    if not label:
        raise PlaybookError("Enter a label for the release, such as “Public draft”.")
    with transaction.atomic():
        Playbook.objects.select_for_update().get(pk=playbook.pk)
        if Release.objects.filter(playbook=playbook, number=number).exists():
            raise PlaybookError(f"There is already a release {number}.")
        previous = latest_release(playbook)
        if previous and release_number_key(number) <= release_number_key(previous.number):
            raise PlaybookError(
                f"The release number must be higher than the latest release, {previous.number}."
            )
        sections = list(
            Section.objects.filter(
                playbook=playbook, removed_at__isnull=True, current_revision__isnull=False
            ).order_by("position")
        )
        if not sections:
            raise PlaybookError("There is nothing to release: the playbook has no sections.")
        revisions_since = Revision.objects.filter(section__playbook=playbook, author__isnull=False)
        if previous is not None:
            revisions_since = revisions_since.filter(created_at__gt=previous.published_at)
        counts = dict(
            revisions_since.values_list("author").annotate(n=Count("id")).values_list("author", "n")
        )
        names = display_names(list(counts))
        credits = sorted(
            ({"user_id": uid, "name": names[uid], "revisions": n} for uid, n in counts.items()),
            key=lambda credit: str(credit["name"]).casefold(),
        )
        release = Release.objects.create(
            playbook=playbook,
            number=number,
            label=label,
            notes=notes.strip(),
            previous=previous,
            credits=credits,
            published_by=actor,
        )
        ReleaseEntry.objects.bulk_create(
            ReleaseEntry(
                release=release,
                section_id=section.pk,
                revision_id=section.current_revision_id,  # type: ignore[misc]
                parent_section_id=section.parent_id,
                position=index,
            )
            for index, section in enumerate(sections, start=1)
        )
        audit_record(
            actor=actor,
            verb="release.published",
            target=release,
            summary=f"Published {playbook.title} {number} “{label}”",
            data={"sections": len(sections)},
        )
        content_changed()
        transaction.on_commit(lambda: release_export_request(release, ReleaseExport.Format.PDF))
    return release
