"""Release PDFs recover: from a worker that died mid-render, from failures (tried again
with back-off, then given up plainly), from a full or unwritable disk, and from a file
that has gone missing. The real worker makes every file; only the clock is moved, by
moving times in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import Persona, Visitor
from ldsp.core.errors import NotAllowed
from ldsp.core.models import AuditEvent
from ldsp.playbook.models import Release, ReleaseExport
from ldsp.playbook.services.exports import (
    export_retry_delay,
    release_export_refresh,
    release_export_retry,
)
from ldsp.playbook.services.releases import release_publish
from tests.factories import playbook_with_sections

BUILD_TASK = "ldsp.playbook.services.exports.build_release_export"
CHECK_TASK = "ldsp.playbook.services.exports.check_release_export"

pytestmark = pytest.mark.django_db(transaction=True)


class FullDiskStorage(FileSystemStorage):
    """A disk with no room left: every file is written to ``/dev/full``, where the
    kernel answers each write with ENOSPC, as a full disk does."""

    def _save(self, name: str, content: object) -> str:
        with open("/dev/full", "wb") as device:
            for chunk in content.chunks():  # type: ignore[attr-defined]
                device.write(chunk)
        return name


def _publish(editor: Persona, sections: int = 3) -> Release:
    playbook = playbook_with_sections(sections)
    return release_publish(actor=editor.user, playbook=playbook, number="1.0", label="First")


def _pdf_url(release: Release) -> str:
    return f"{release.get_absolute_url().rstrip('/')}.pdf"


def _status_url(release: Release) -> str:
    return f"/api/v1/playbooks/{release.playbook.slug}/releases/{release.number}/exports/pdf"


def _export(release: Release) -> ReleaseExport:
    return ReleaseExport.objects.get(release=release)


def _tasks(path: str = BUILD_TASK, **filters: object) -> int:
    return DBTaskResult.objects.filter(task_path=path, **filters).count()


def _worker_killed_mid_render(release: Release) -> ReleaseExport:
    """What a worker killed while rendering leaves: its task claimed, the export running."""
    DBTaskResult.objects.filter(task_path=BUILD_TASK).update(status="RUNNING")
    started = timezone.now() - timedelta(hours=1)
    ReleaseExport.objects.filter(release=release).update(
        status=ReleaseExport.Status.RUNNING, started_at=started, attempts=1
    )
    return _export(release)


def _move_clock_past_next_attempt(release: Release) -> None:
    """Fake the clock: the retry the worker scheduled is due now."""
    past = timezone.now() - timedelta(seconds=1)
    ReleaseExport.objects.filter(release=release, next_attempt_at__isnull=False).update(
        next_attempt_at=past
    )
    DBTaskResult.objects.filter(task_path=BUILD_TASK, status="READY").update(run_after=past)


@pytest.fixture
def media_under_a_file(tmp_path: Path) -> Iterator[Path]:
    """MEDIA_ROOT inside a path whose parent is a regular file: nothing can be saved there,
    even by root (the kernel answers ENOTDIR)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with override_settings(MEDIA_ROOT=str(blocker / "media")):
        yield blocker


# A worker killed mid-render


def test_a_stalled_export_is_queued_again_when_the_pdf_is_asked_for(
    editor: Persona, anonymous: Visitor, run_worker: Callable[[], None]
) -> None:
    release = _publish(editor)
    _worker_killed_mid_render(release)

    first = anonymous.client.get(_pdf_url(release))

    assert first.status_code == 302
    export = _export(release)
    assert export.status == ReleaseExport.Status.QUEUED
    assert "worker stopped before the PDF was made" in export.error
    run_worker()
    export = _export(release)
    assert export.status == ReleaseExport.Status.READY
    assert export.attempts == 2 and export.error == ""
    response = anonymous.client.get(_pdf_url(release))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_running_export_within_its_deadline_is_left_alone(
    editor: Persona, anonymous: Visitor
) -> None:
    release = _publish(editor)
    _worker_killed_mid_render(release)
    ReleaseExport.objects.filter(release=release).update(
        started_at=timezone.now() - timedelta(seconds=30)
    )
    queued_before = _tasks(status="READY")

    assert anonymous.client.get(_pdf_url(release)).status_code == 302
    assert anonymous.client.get(_status_url(release)).json()["status"] == "running"

    assert _export(release).status == ReleaseExport.Status.RUNNING
    assert _tasks(status="READY") == queued_before


def test_the_status_api_queues_a_stalled_export_again(
    editor: Persona, anonymous: Visitor, run_worker: Callable[[], None]
) -> None:
    release = _publish(editor)
    _worker_killed_mid_render(release)

    status = anonymous.client.get(_status_url(release)).json()

    assert status["status"] == "queued" and status["available"] is True
    run_worker()
    status = anonymous.client.get(_status_url(release)).json()
    assert status["status"] == "ready" and status["url"].endswith("1.0.pdf")


def test_the_worker_checks_each_attempt_at_its_deadline(
    editor: Persona, run_worker: Callable[[], None]
) -> None:
    release = _publish(editor)
    run_worker()
    assert _tasks(CHECK_TASK, status="READY") == 1  # waits for the deadline of attempt 1
    _worker_killed_mid_render(release)
    DBTaskResult.objects.filter(task_path=CHECK_TASK).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )

    run_worker()  # nobody asked for the PDF: the worker's own check recovers it

    export = _export(release)
    assert export.status == ReleaseExport.Status.READY
    assert export.attempts == 2


def test_an_export_stalled_on_its_last_attempt_is_given_up(
    editor: Persona, anonymous: Visitor
) -> None:
    release = _publish(editor)
    _worker_killed_mid_render(release)
    ReleaseExport.objects.filter(release=release).update(attempts=settings.EXPORT_MAX_ATTEMPTS)

    status = anonymous.client.get(_status_url(release)).json()

    assert status["status"] == "failed" and status["available"] is False
    export = _export(release)
    assert export.given_up and "worker stopped" in export.error


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a worker in another process sharing the database",
)
def test_a_worker_killed_while_rendering_is_recovered_by_the_next_worker(
    editor: Persona, run_worker: Callable[[], None], tmp_path: Path
) -> None:
    release = _publish(editor, sections=60)
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "VAR_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(  # the real `ldsp worker`
        [sys.executable, "-m", "ldsp.cli", "worker", "--no-startup-delay", "--interval", "0.05"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while _export(release).status == ReleaseExport.Status.QUEUED:
            assert time.monotonic() < deadline, "the worker never started the PDF"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    export = _export(release)
    assert export.status == ReleaseExport.Status.RUNNING, "the render finished before the kill"

    run_worker()  # before the deadline nothing happens
    assert _export(release).status == ReleaseExport.Status.RUNNING
    ReleaseExport.objects.filter(release=release).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    DBTaskResult.objects.filter(task_path=CHECK_TASK).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    run_worker()

    export = _export(release)
    assert export.status == ReleaseExport.Status.READY
    assert export.attempts == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writing transaction at a time"
)
def test_two_requests_at_once_queue_a_stalled_export_once(editor: Persona) -> None:
    release = _publish(editor)
    stalled = _worker_killed_mid_render(release)
    queued_before = _tasks(status="READY")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait()
            # Both read the export as stalled before either takes the lock.
            release_export_refresh(ReleaseExport.objects.get(pk=stalled.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _export(release).status == ReleaseExport.Status.QUEUED
    assert _tasks(status="READY") == queued_before + 1


# Failures: back-off, a limit, then a plain message


def test_a_failed_export_is_not_queued_again_on_every_request(
    editor: Persona,
    anonymous: Visitor,
    run_worker: Callable[[], None],
    media_under_a_file: Path,
) -> None:
    release = _publish(editor)
    run_worker()
    export = _export(release)
    assert export.status == ReleaseExport.Status.FAILED and export.attempts == 1
    tasks_after_failure = _tasks()

    for _ in range(5):
        response = anonymous.client.get(_pdf_url(release), follow=True)
        assert response.status_code == 200
        assert "It will be tried again automatically" in response.content.decode()

    assert _export(release).status == ReleaseExport.Status.FAILED
    assert _tasks() == tasks_after_failure


def test_visitors_do_not_queue_a_failed_export_waiting_for_its_next_attempt(
    editor: Persona, anonymous: Visitor
) -> None:
    release = _publish(editor)
    DBTaskResult.objects.filter(task_path=BUILD_TASK).update(status="FAILED")
    ReleaseExport.objects.filter(release=release).update(
        status=ReleaseExport.Status.FAILED,
        error="Could not make the PDF: PdfError: out of memory",
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    tasks_before = _tasks()

    for _ in range(5):
        assert anonymous.client.get(_pdf_url(release)).status_code == 302
        assert anonymous.client.get(_status_url(release)).json()["status"] == "failed"

    assert _export(release).status == ReleaseExport.Status.FAILED
    assert _tasks() == tasks_before


def test_failures_are_tried_again_later_each_time_until_the_limit(
    editor: Persona,
    anonymous: Visitor,
    run_worker: Callable[[], None],
    media_under_a_file: Path,
) -> None:
    release = _publish(editor)
    waits = []
    for attempt in range(1, 6):
        before = timezone.now()
        run_worker()
        export = _export(release)
        assert export.status == ReleaseExport.Status.FAILED
        assert export.attempts == attempt
        if export.next_attempt_at is not None:
            waits.append(round((export.next_attempt_at - before).total_seconds() / 60))
            _move_clock_past_next_attempt(release)

    assert waits == [5, 20, 80, 320]
    export = _export(release)
    assert export.given_up
    assert _tasks(status="READY") == 0  # nothing more is scheduled
    page = anonymous.client.get(release.get_absolute_url())
    assert page.status_code == 200
    assert "The PDF download is not available for this release" in page.content.decode()
    assert "not-a-folder" not in page.content.decode()  # the error is for staff
    response = anonymous.client.get(_pdf_url(release), follow=True)
    assert "The PDF download is not available" in response.content.decode()
    assert _export(release).given_up and _tasks(status="READY") == 0
    status = anonymous.client.get(_status_url(release)).json()
    assert status["available"] is False and status["url"] is None
    markdown = anonymous.client.get(f"{release.get_absolute_url().rstrip('/')}.md")
    html = anonymous.client.get(f"{release.get_absolute_url().rstrip('/')}.html")
    assert markdown.status_code == 200 and html.status_code == 200


def test_the_wait_grows_and_is_capped_at_a_day() -> None:
    waits = [export_retry_delay(n) for n in range(1, 8)]
    assert waits[:4] == [timedelta(minutes=m) for m in (5, 20, 80, 320)]
    assert waits[-1] == timedelta(days=1)
    assert waits == sorted(waits)


# The disk


def test_an_unwritable_media_folder_is_recorded_for_staff_and_the_site_keeps_serving(
    editor: Persona,
    anonymous: Visitor,
    staff: Persona,
    run_worker: Callable[[], None],
    media_under_a_file: Path,
) -> None:
    release = _publish(editor)

    run_worker()

    export = _export(release)
    assert export.status == ReleaseExport.Status.FAILED
    assert export.error.startswith(
        "Could not save the PDF: part of the folder's path is a file, not a folder"
    )
    assert export.next_attempt_at is not None
    assert anonymous.client.get(release.get_absolute_url()).status_code == 200
    staff_page = staff.client.get(release.get_absolute_url())
    assert staff_page.status_code == 200
    assert "Could not save the PDF" in staff_page.content.decode()
    assert f"/admin/playbook/releaseexport/{export.pk}/change/" in staff_page.content.decode()


@override_settings(
    STORAGES={
        "default": {"BACKEND": f"{__name__}.FullDiskStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
)
def test_a_full_disk_is_recorded_plainly_and_the_site_keeps_serving(
    editor: Persona, anonymous: Visitor, run_worker: Callable[[], None]
) -> None:
    release = _publish(editor)

    run_worker()

    export = _export(release)
    assert export.status == ReleaseExport.Status.FAILED
    assert export.error == "Could not save the PDF: no space left on the device."
    assert export.retry_scheduled
    page = anonymous.client.get(release.get_absolute_url())
    assert page.status_code == 200
    assert "The PDF could not be made just now" in page.content.decode()


def test_a_pdf_whose_file_has_gone_is_made_again(
    editor: Persona, anonymous: Visitor, run_worker: Callable[[], None]
) -> None:
    release = _publish(editor)
    run_worker()
    export = _export(release)
    Path(export.file.path).unlink()

    response = anonymous.client.get(_pdf_url(release))

    assert response.status_code == 302
    assert _export(release).status == ReleaseExport.Status.QUEUED
    run_worker()
    assert anonymous.client.get(_pdf_url(release)).status_code == 200


# Staff


def test_staff_find_failed_exports_in_the_admin_and_try_them_again(
    editor: Persona, staff: Persona, run_worker: Callable[[], None], tmp_path: Path
) -> None:
    release = _publish(editor)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with override_settings(MEDIA_ROOT=str(blocker / "media")):
        for _ in range(5):
            run_worker()
            _move_clock_past_next_attempt(release)
    export = _export(release)
    assert export.given_up

    listing = staff.client.get("/admin/playbook/releaseexport/?status__exact=failed")
    assert listing.status_code == 200
    assert "Could not save the PDF" in listing.content.decode()
    response = staff.client.post(
        "/admin/playbook/releaseexport/",
        {"action": "try_again", "_selected_action": [export.pk]},
        follow=True,
    )
    assert response.status_code == 200

    export = _export(release)
    assert export.status == ReleaseExport.Status.QUEUED and export.attempts == 0
    event = AuditEvent.objects.get(verb="release_export.retried", target_id=str(export.pk))
    assert event.actor == staff.user and "Could not save the PDF" in event.data["error"]
    run_worker()
    assert _export(release).status == ReleaseExport.Status.READY


def test_only_staff_may_try_an_export_again(
    editor: Persona, run_worker: Callable[[], None], media_under_a_file: Path
) -> None:
    release = _publish(editor)
    run_worker()
    with pytest.raises(NotAllowed):
        release_export_retry(actor=editor.user, export=_export(release))
    assert editor.client.get("/admin/playbook/releaseexport/").status_code == 302
    assert not AuditEvent.objects.filter(verb="release_export.retried").exists()


def test_people_who_are_not_staff_do_not_see_the_error(
    editor: Persona, run_worker: Callable[[], None], media_under_a_file: Path
) -> None:
    release = _publish(editor)
    run_worker()
    page = editor.client.get(release.get_absolute_url()).content.decode()
    assert "Could not save the PDF" not in page
    assert "The PDF could not be made just now" in page
    assert Client().get(release.get_absolute_url()).status_code == 200
