"""Ask the worker for a release's PDF, build it when asked, and recover when that goes wrong.

The task lives here, beside the service it runs, so the two never import each other.

An export moves queued → running → ready. Two things can stop it on the way:

- the worker dies while rendering (killed, out of memory, machine restarted). The export
  then says "running" with nobody working on it. A running export has a deadline,
  ``started_at`` plus ``EXPORT_TIMEOUT_SECONDS``; once it passes, the export is queued
  again, by a check the worker itself scheduled for the deadline or by whoever asks for
  the export first (the download link, the status API), whichever comes first.
- rendering or saving fails. The export is marked failed with a plain error for staff
  and tried again later, waiting longer each time; after ``EXPORT_MAX_ATTEMPTS`` the
  site gives up until staff try again from the admin.

Every change of state happens under a row lock, re-checked after taking it, and the task
is queued in the same transaction, so two requests can never queue it twice.
"""

from __future__ import annotations

import errno
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ldsp.core.errors import NotAllowed
from ldsp.core.pagecache import content_changed
from ldsp.core.services import audit_record
from ldsp.playbook.models import Release, ReleaseExport
from ldsp.playbook.rendering import release_pdf

logger = logging.getLogger(__name__)

Status = ReleaseExport.Status

# What people can act on, for the errors a full or broken disk raises.
_SAVE_ERRORS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied (the folder is not writable)",
    errno.EPERM: "permission denied (the folder is not writable)",
    errno.EROFS: "the disk is read-only",
    errno.ENOTDIR: "part of the folder's path is a file, not a folder",
    errno.EIO: "the disk reported an input/output error",
}


def export_retry_delay(attempts: int) -> timedelta:
    """Wait 5, 20, 80, 320 … minutes after each failed attempt, at most a day."""
    return timedelta(minutes=min(5 * 4 ** max(attempts - 1, 0), 24 * 60))


def export_timeout() -> timedelta:
    """How long a running export may take before its worker is presumed lost."""
    return timedelta(seconds=settings.EXPORT_TIMEOUT_SECONDS)


def export_is_due(export: ReleaseExport, now: datetime) -> bool:
    """Whether the export needs queueing now: stalled, lost from the queue, or due a retry."""
    if export.status == Status.RUNNING:
        return export.started_at is None or export.started_at + export_timeout() <= now
    if export.status == Status.QUEUED:
        # Queued a long time ago and never started: its task was lost (or every worker is
        # stopped, when queueing again is harmless: the build runs once).
        return export.requested_at + export_timeout() <= now
    if export.status == Status.FAILED:
        return export.next_attempt_at is not None and export.next_attempt_at <= now
    return False


def _save_error(error: OSError) -> str:
    reason = _SAVE_ERRORS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    where = f" ({error.filename})" if error.filename else ""
    return f"Could not save the PDF: {reason}{where}."


def _queue(export: ReleaseExport, now: datetime) -> None:
    """Mark the locked export queued and queue its build in the same transaction."""
    export.status = Status.QUEUED
    export.requested_at = now
    export.started_at = None
    export.next_attempt_at = None
    export.save(update_fields=["status", "requested_at", "started_at", "next_attempt_at"])
    build_release_export.enqueue(export.pk)
    content_changed()


def _fail(export: ReleaseExport, message: str, now: datetime) -> None:
    """Record a failed attempt on the locked export and schedule the next, or give up."""
    export.status = Status.FAILED
    export.error = message[:2000]
    export.finished_at = now
    if export.attempts >= settings.EXPORT_MAX_ATTEMPTS:
        export.next_attempt_at = None
        logger.error("Giving up on %s after %s attempts: %s", export, export.attempts, message)
    else:
        export.next_attempt_at = now + export_retry_delay(export.attempts)
        build_release_export.using(run_after=export.next_attempt_at).enqueue(export.pk)
        logger.warning(
            "%s failed (%s); trying again at %s", export, message, export.next_attempt_at
        )
    export.save(update_fields=["status", "error", "finished_at", "next_attempt_at"])
    content_changed()


def _recover(export: ReleaseExport, now: datetime) -> None:
    """Queue the locked, due export again; a stalled attempt counts as a failed one."""
    if export.status == Status.RUNNING:
        seconds = settings.EXPORT_TIMEOUT_SECONDS
        message = (
            f"The worker stopped before the PDF was made: no result {seconds} seconds after "
            "it started (the worker may have been stopped or run out of memory)."
        )
        if export.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            _fail(export, message, now)
            return
        export.error = message
        export.save(update_fields=["error"])
        logger.warning("%s stalled; queueing it again", export)
    _queue(export, now)


def release_export_refresh(export: ReleaseExport) -> ReleaseExport:
    """The export as it stands, queued again first if it is due (see ``export_is_due``).

    Reads without a lock when nothing is due, so a page polling the status costs one query.
    """
    if not export_is_due(export, timezone.now()):
        return export
    with transaction.atomic():
        export = ReleaseExport.objects.select_for_update().get(pk=export.pk)
        now = timezone.now()
        if export_is_due(export, now):
            _recover(export, now)
    return export


def release_export_request(release: Release, export_format: str) -> ReleaseExport:
    """Queue the export unless it is made, on its way, or waiting for its next attempt."""
    export = ReleaseExport.objects.filter(release=release, format=export_format).first()
    if export is not None:
        return release_export_refresh(export)
    with transaction.atomic():
        export, created = ReleaseExport.objects.select_for_update().get_or_create(
            release=release, format=export_format
        )
        now = timezone.now()
        if created:
            build_release_export.enqueue(export.pk)
            content_changed()
        elif export_is_due(export, now):
            _recover(export, now)
    return export


def release_export_file_lost(export: ReleaseExport) -> ReleaseExport:
    """The ready file has gone from storage (a wiped or unmounted volume): make it again."""
    with transaction.atomic():
        export = ReleaseExport.objects.select_for_update().get(pk=export.pk)
        if export.status == Status.READY:
            logger.warning("The file of %s has gone; making it again", export)
            export.attempts = 0
            export.save(update_fields=["attempts"])
            _queue(export, timezone.now())
    return export


def release_export_retry(*, actor: User, export: ReleaseExport) -> ReleaseExport:
    """Staff have a failed export tried again now, with a fresh count of attempts."""
    if not getattr(actor, "is_staff", False):
        raise NotAllowed("Only staff can try an export again.")
    with transaction.atomic():
        export = (
            ReleaseExport.objects.select_for_update().select_related("release").get(pk=export.pk)
        )
        if export.status != Status.FAILED:
            return export
        previous_error = export.error
        export.attempts = 0
        export.save(update_fields=["attempts"])
        _queue(export, timezone.now())
        audit_record(
            actor=actor,
            verb="release_export.retried",
            target=export,
            summary=f"Tried the {export.get_format_display()} of {export.release} again",
            data={"error": previous_error[:500]},
        )
    return export


def release_export_build(export_id: int) -> ReleaseExport | None:
    """Make the file (in the worker). A release never changes, so it is made once.

    The attempt number taken with the claim says whose attempt it is: when a slow
    attempt was presumed lost and another started, the first to finish wins and the
    other's failure is not recorded over it.
    """
    with transaction.atomic():
        export = (
            ReleaseExport.objects.select_for_update()
            .select_related("release__playbook")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status == Status.READY:
            return export
        now = timezone.now()
        if export.status != Status.QUEUED and not export_is_due(export, now):
            return export  # running elsewhere, or waiting for its next attempt
        if export.status == Status.RUNNING and export.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            _recover(export, now)  # stalled on its last attempt: give up
            return export
        export.status = Status.RUNNING
        export.started_at = now
        export.next_attempt_at = None
        export.attempts += 1
        export.save(update_fields=["status", "started_at", "next_attempt_at", "attempts"])
        attempt = export.attempts
        # Committed with the claim, so it survives the worker being killed mid-render.
        check_release_export.using(run_after=now + export_timeout()).enqueue(export.pk, attempt)
    try:
        content = release_pdf(export.release)
    except Exception as error:
        logger.exception("Could not make %s", export)
        return _finish_failed(
            export.pk, attempt, f"Could not make the PDF: {type(error).__name__}: {error}"
        )
    release = export.release
    file_name = f"{release.playbook.slug}-{release.number}.pdf"
    try:
        export.file.save(file_name, ContentFile(content), save=False)
    except OSError as error:
        logger.exception("Could not save %s", export)
        return _finish_failed(export.pk, attempt, _save_error(error))
    with transaction.atomic():
        current = ReleaseExport.objects.select_for_update().get(pk=export.pk)
        if current.status == Status.READY:
            export.file.delete(save=False)  # another attempt finished first
            return current
        current.file = export.file.name  # type: ignore[assignment]
        current.size = len(content)
        current.status = Status.READY
        current.finished_at = timezone.now()
        current.error = ""
        current.next_attempt_at = None
        current.save(
            update_fields=["file", "size", "status", "finished_at", "error", "next_attempt_at"]
        )
        content_changed()
    return current


def _finish_failed(export_id: int, attempt: int, message: str) -> ReleaseExport:
    with transaction.atomic():
        export = ReleaseExport.objects.select_for_update().get(pk=export_id)
        if export.status == Status.RUNNING and export.attempts == attempt:
            _fail(export, message, timezone.now())
    return export


def release_export_check(export_id: int, attempt: int) -> ReleaseExport | None:
    """At an attempt's deadline (in the worker): if it is still running, it was lost."""
    with transaction.atomic():
        export = ReleaseExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != Status.RUNNING or export.attempts != attempt:
            return export
        now = timezone.now()
        if export_is_due(export, now):
            _recover(export, now)
    return export


@task()
def build_release_export(export_id: int) -> str:
    """Make a release's PDF (the worker runs this)."""
    export = release_export_build(export_id)
    return export.status if export is not None else "gone"


@task()
def check_release_export(export_id: int, attempt: int) -> str:
    """Queue an export again if the attempt that started it never finished."""
    export = release_export_check(export_id, attempt)
    return export.status if export is not None else "gone"
