"""Ask the worker for a release's PDF, and build it when asked.

The task lives here, beside the service it runs, so the two never import each other."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ldsp.core.pagecache import content_changed
from ldsp.playbook.models import Release, ReleaseExport
from ldsp.playbook.rendering import release_pdf

logger = logging.getLogger(__name__)


def release_export_request(release: Release, export_format: str) -> ReleaseExport:
    """Queue the export unless it is made or on its way; a failed one is tried again."""
    with transaction.atomic():
        export, created = ReleaseExport.objects.select_for_update().get_or_create(
            release=release, format=export_format
        )
        if not created and export.status != ReleaseExport.Status.FAILED:
            return export
        if not created:
            export.status = ReleaseExport.Status.QUEUED
            export.error = ""
            export.requested_at = timezone.now()
            export.save(update_fields=["status", "error", "requested_at"])
        content_changed()
        transaction.on_commit(lambda: build_release_export.enqueue(export.pk))
    return export


def release_export_build(export_id: int) -> ReleaseExport:
    """Make the file (in the worker). A release never changes, so it is made once."""
    with transaction.atomic():
        export = (
            ReleaseExport.objects.select_for_update().select_related("release").get(pk=export_id)
        )
        if export.status == ReleaseExport.Status.READY:
            return export
        export.status = ReleaseExport.Status.RUNNING
        export.started_at = timezone.now()
        export.save(update_fields=["status", "started_at"])
    try:
        content = release_pdf(export.release)
    except Exception as error:
        logger.exception("Could not make %s", export)
        export.status = ReleaseExport.Status.FAILED
        export.error = f"{type(error).__name__}: {error}"[:2000]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        content_changed()
        return export
    release = export.release
    file_name = f"{release.playbook.slug}-{release.number}.pdf"
    export.file.save(file_name, ContentFile(content), save=False)
    export.size = len(content)
    export.status = ReleaseExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "size", "status", "finished_at"])
    content_changed()
    return export


@task()
def build_release_export(export_id: int) -> str:
    """Make a release's PDF (the worker runs this)."""
    return release_export_build(export_id).status
