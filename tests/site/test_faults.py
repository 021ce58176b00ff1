"""What people see, and what is kept, when something fails: a refusal, the database, the
mail server, a worker killed in the middle of a task. Each fault is made for real at the
edge (a service that refuses, a database that is not there, an SMTP server that says no,
SIGKILL); none of our own code is replaced."""

from __future__ import annotations

import logging
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import ldsp.urls
from conftest import Persona, Visitor
from ldsp.coproduction.models import Follow, Suggestion
from ldsp.core.models import OutboundEmail, RateCount
from ldsp.core.services import email_queue
from ldsp.core.tasks import deliver_email, message_id, send_lease
from ldsp.core.tests.blocking_tasks import wait_for_release
from ldsp.playbook.models import Section
from tests.factories import RoundFactory, section_with_text

REPO = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------
# A service that refuses with a bare PermissionError, reached through a page.


def _service_that_refuses(*, actor: Any) -> None:
    raise PermissionError("Only editors can publish a release.")


def _page_calling_the_service(request: HttpRequest) -> HttpResponse:
    _service_that_refuses(actor=request.user)
    return HttpResponse("published")


def _api_path_refusing_without_a_reason(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _page_the_server_may_not_write(request: HttpRequest) -> HttpResponse:
    raise PermissionError(13, "Permission denied", "/srv/ldsp/var/media/report.pdf")


urlpatterns = [
    path("refusing-page/", _page_calling_the_service),
    path("unwritable-page/", _page_the_server_may_not_write),
    path("api/refusing/", _api_path_refusing_without_a_reason),
    *ldsp.urls.urlpatterns,
]
handler403 = ldsp.urls.handler403
handler500 = ldsp.urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_a_permission_error_from_a_service_is_a_403_page_logged_in_one_line(
    contributor: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ldsp.core.views"):
        response = contributor.client.get("/refusing-page/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have permission to see this page" in page
    assert "Only editors can publish a release." in page
    assert "govuk-template" in page
    refusals = [r for r in caplog.records if r.name == "ldsp.core.views"]
    assert len(refusals) == 1
    assert refusals[0].levelno == logging.WARNING
    assert refusals[0].exc_info is None
    assert "Refused GET /refusing-page/ for user" in refusals[0].getMessage()


@override_settings(ROOT_URLCONF=__name__)
def test_a_file_the_server_may_not_write_is_its_own_fault_not_a_refusal(
    contributor: Persona,
) -> None:
    contributor.client.raise_request_exception = False
    response = contributor.client.get("/unwritable-page/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_without_a_reason_under_the_api_is_json_in_the_apis_words(
    contributor: Persona,
) -> None:
    response = contributor.client.get("/api/refusing/")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}


def test_the_api_answers_a_refusal_with_its_reason_logged_in_one_line(
    contributor: Persona, caplog: pytest.LogCaptureFixture
) -> None:
    round_ = RoundFactory.create()
    with caplog.at_level(logging.WARNING, logger="ldsp.core.views"):
        response = contributor.client.get(f"/api/v1/rounds/{round_.slug}/report")
    assert response.status_code == 403
    assert response.json() == {"detail": "The report has not been published yet."}
    [refusal] = [r for r in caplog.records if r.name == "ldsp.core.views"]
    assert refusal.exc_info is None


# ---------------------------------------------------------------------------
# The database cannot be reached.


@pytest.fixture
def database_down(db: None, tmp_path: Path) -> Iterator[Callable[[], None]]:
    """Point the default connection at a database that is not there (nothing listens on
    port 1; a SQLite file cannot be opened inside a missing folder). Calling the fixture's
    value brings the real database back."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing-folder" / "db.sqlite3")
    else:
        settings_dict["PORT"] = "1"
    unreachable = original.__class__(settings_dict, alias="default")
    connections["default"] = unreachable
    restored = False

    def restore() -> None:
        nonlocal restored
        if not restored:
            unreachable.close()
            connections["default"] = original
            restored = True

    try:
        yield restore
    finally:
        restore()


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text(
        "Governance", "Paragraph one.\n\nParagraph two.", slug="p", is_default=True
    )


def test_pages_say_the_service_is_unavailable_with_retry_after(
    contributor: Persona,
    anonymous: Visitor,
    section: Section,
    database_down: Callable[[], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for client in (anonymous.client, contributor.client):
        response = client.get("/playbook/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert "Sorry, the service is unavailable" in page
        assert "Try again in a few minutes" in page
        assert "govuk-template" in page
    outage_lines = [r for r in caplog.records if r.name == "ldsp.core.views"]
    assert outage_lines and all(r.exc_info is None for r in outage_lines)
    assert "Database unavailable for GET /playbook/" in outage_lines[0].getMessage()


def test_the_api_says_the_service_is_unavailable_as_json(
    anonymous: Visitor, database_down: Callable[[], None]
) -> None:
    response = anonymous.client.get("/api/v1/playbooks")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Sorry, the service is unavailable. Try again in a few minutes."
    }


def test_the_health_check_fails_while_the_database_is_down(
    anonymous: Visitor, database_down: Callable[[], None]
) -> None:
    response = anonymous.client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    database_down()
    assert anonymous.client.get("/healthz").status_code == 200


def _suggestion_form(section: Section) -> dict[str, Any]:
    return {
        "title": "Governance",
        "body": "Paragraph one, clearer.\n\nParagraph two.",
        "rationale": "Clearer.",
        "base_revision": section.current_revision_id,
    }


def test_a_suggestion_sent_during_an_outage_leaves_nothing_and_works_afterwards(
    contributor: Persona, section: Section, database_down: Callable[[], None]
) -> None:
    url = f"/playbooks/p/sections/{section.slug}/suggest/"
    response = contributor.client.post(url, _suggestion_form(section))
    assert response.status_code == 503
    assert "has not been saved" in response.content.decode()

    database_down()  # the database is back
    assert Suggestion.objects.count() == 0
    assert contributor.client.get(url).status_code == 200
    assert contributor.client.post(url, _suggestion_form(section)).status_code == 302
    assert Suggestion.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_halfway_through_a_write_leaves_none_of_it(
    contributor: Persona,
) -> None:
    section = section_with_text(
        "Governance", "Paragraph one.\n\nParagraph two.", slug="p", is_default=True
    )
    follows = f'INSERT INTO "{Follow._meta.db_table}"'
    written: list[str] = []

    def lose_the_connection_at_the_last_write(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        # The rate count and the suggestion are already written in this transaction
        # when the follow is; the connection drops there, as a database restart would.
        if sql.startswith("INSERT") or sql.startswith("UPDATE"):
            written.append(sql.split("(")[0])
        if sql.startswith(follows):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    url = f"/playbooks/p/sections/{section.slug}/suggest/"
    with connection.execute_wrapper(lose_the_connection_at_the_last_write):
        response = contributor.client.post(url, _suggestion_form(section))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert any(RateCount._meta.db_table in statement for statement in written)
    assert any(Suggestion._meta.db_table in statement for statement in written)
    assert Suggestion.objects.count() == 0
    assert Follow.objects.count() == 0
    assert not RateCount.objects.exists()
    assert contributor.client.post(url, _suggestion_form(section)).status_code == 302
    assert Suggestion.objects.count() == 1


# ---------------------------------------------------------------------------
# The mail server refuses.


class _SmtpSession(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend; each connection follows the sink's next
    instruction: hang up at once, refuse the recipient (451), or take the message."""

    server: _SmtpSink

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        behaviour = self.server.next_behaviour()
        if behaviour == "hang up":
            return
        self._reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self._reply("250 sink")
            elif verb == b"RCPT" and behaviour == "busy":
                self._reply("451 4.3.0 Mailbox busy, try again later")
            elif verb == b"DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.in_data.set()
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.release_data.wait(timeout=30)
                self.server.messages.append(data)
                self._reply("250 2.0.0 Queued")
            elif verb == b"QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("250 OK")


class _SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        self.script: list[str] = []
        self.connections = 0
        self.messages: list[bytes] = []
        self.in_data = threading.Event()
        self.release_data = threading.Event()
        self.release_data.set()
        self._lock = threading.Lock()

    def next_behaviour(self) -> str:
        with self._lock:
            self.connections += 1
            return self.script.pop(0) if self.script else "accept"

    @property
    def settings(self) -> dict[str, Any]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.server_address[1],
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }


@pytest.fixture
def smtp_sink() -> Iterator[_SmtpSink]:
    sink = _SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        with override_settings(**sink.settings):
            yield sink
    finally:
        sink.release_data.set()
        sink.shutdown()
        sink.server_close()


def _queue_one() -> OutboundEmail:
    return email_queue(to=["reader@example.org"], subject="Hello", body_text="Plain words")


def _move_clock_to_next_attempt(email: OutboundEmail) -> None:
    """The clock is faked by moving the email's next attempt, and its task, into the past."""
    past = timezone.now() - timedelta(seconds=1)
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


@pytest.mark.django_db(transaction=True)
def test_a_refusing_mail_server_gets_the_email_later_with_back_off_exactly_once(
    run_worker: Callable[[], None], smtp_sink: _SmtpSink
) -> None:
    smtp_sink.script = ["hang up", "busy"]
    email = _queue_one()

    run_worker()  # the server hangs up
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.RETRYING
    assert email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at is not None
    first_wait = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    assert smtp_sink.messages == []

    run_worker()  # not due yet: nothing is tried
    assert smtp_sink.connections == 1

    _move_clock_to_next_attempt(email)
    run_worker()  # the server refuses the recipient for now
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.RETRYING
    assert email.attempts == 2
    assert "451" in email.last_error
    assert email.next_attempt_at is not None
    assert email.next_attempt_at - timezone.now() > timedelta(minutes=1, seconds=50)
    assert smtp_sink.messages == []

    _move_clock_to_next_attempt(email)
    run_worker()  # the server takes it
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 3
    assert email.last_error == ""
    assert len(smtp_sink.messages) == 1
    received = message_from_bytes(smtp_sink.messages[0])
    assert received["Subject"] == "Hello"
    assert received["Message-ID"] == message_id(email)
    assert not DBTaskResult.objects.filter(status="READY").exists()

    # A task for the same email run again (as after its worker was killed) sends nothing.
    deliver_email.enqueue(email.pk)
    run_worker()
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.connections == 3


@pytest.mark.django_db(transaction=True)
def test_an_email_and_its_delivery_task_are_written_in_one_transaction() -> None:
    with transaction.atomic():
        email = _queue_one()
        # Before the commit, in the same transaction: the task is already there, so no
        # crash between the commit and a later step can leave the email without one.
        assert DBTaskResult.objects.filter(
            task_path=deliver_email.module_path, args_kwargs__args=[email.pk]
        ).exists()
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_run_of_an_email_being_sent_waits_instead_of_sending_it_again(
    smtp_sink: _SmtpSink,
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "Two threads writing at once need PostgreSQL; SQLite's in-memory test "
            "database locks whole tables between connections."
        )
    email = _queue_one()
    smtp_sink.release_data.clear()  # the server holds the first send in DATA
    outcomes: dict[str, str] = {}

    def first_run() -> None:
        try:
            outcomes["first"] = deliver_email.call(email.pk)
        finally:
            connections.close_all()

    sending = threading.Thread(target=first_run)
    sending.start()
    assert smtp_sink.in_data.wait(timeout=30)
    held = OutboundEmail.objects.get(pk=email.pk)

    outcomes["second"] = deliver_email.call(email.pk)  # as a requeued task would run
    smtp_sink.release_data.set()
    sending.join(timeout=30)

    assert outcomes == {"first": "sent", "second": "deferred"}
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.connections == 1
    # The first run held the email while it sent it.
    assert held.next_attempt_at is not None and held.next_attempt_at > held.created_at
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    # The second run left a task to look again when the hold ends: it then finds the
    # email sent, and sends nothing.
    assert DBTaskResult.objects.filter(
        status="READY", run_after__gte=held.next_attempt_at - timedelta(seconds=1)
    ).exists()
    assert deliver_email.call(email.pk) == "skipped"
    assert len(smtp_sink.messages) == 1
    assert send_lease() >= timedelta(seconds=10)


# ---------------------------------------------------------------------------
# A worker killed with SIGKILL in the middle of a task.


def _worker(database_url: str, var_dir: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": "insecure-key-for-tests-only",
        "DEBUG": "false",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (var_dir / f"{name}.log").open("wb")
    command = [
        sys.executable,
        *("-m", "ldsp.cli", "worker"),
        *("--heartbeat-seconds", "1", "--interval", "0.2", "--no-startup-delay"),
        *("--worker-id", name),
    ]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_killed_is_run_again_and_completes_once(
    tmp_path: Path,
) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    flags = tmp_path / "flags"
    flags.mkdir()
    wait_for_release.enqueue(str(flags))

    task_table = DBTaskResult._meta.db_table
    if connection.vendor == "sqlite":
        # The workers are other processes: give them a file copy of the in-memory test
        # database (schema, the queued task, the cache table) to share.
        shared = tmp_path / "shared.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(shared) as target:
            connection.connection.backup(target)
        database_url = f"sqlite:///{shared}"

        def task_row() -> tuple[str, str]:
            with sqlite3.connect(shared, timeout=20) as db:
                status, worker_ids = db.execute(
                    f"SELECT status, worker_ids FROM {task_table}"  # noqa: S608
                ).fetchone()
            return status, worker_ids
    else:
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )

        def task_row() -> tuple[str, str]:
            row = DBTaskResult.objects.get()
            return row.status, str(row.worker_ids)

    def starts() -> list[Path]:
        return sorted(flags.glob("started-*"))

    first = _worker(database_url, var_dir, "first")
    second: subprocess.Popen[bytes] | None = None
    try:
        _wait_for(lambda: len(starts()) == 1, 60, "the first worker to start the task")
        second = _worker(database_url, var_dir, "second")
        # While the first worker lives, the second leaves its task alone, through
        # several of its heartbeats and recovery passes.
        time.sleep(6)
        assert second.poll() is None
        assert len(starts()) == 1
        assert task_row()[0] == "RUNNING"

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        _wait_for(lambda: len(starts()) == 2, 60, "the second worker to take the task over")
        (flags / "release").touch()
        _wait_for(lambda: task_row()[0] == "SUCCESSFUL", 60, "the task to complete")
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()

    completions = (flags / "completed").read_text(encoding="utf-8").split()
    assert completions == [str(second.pid)]
    assert [path.name for path in starts()] == sorted(
        [f"started-{first.pid}", f"started-{second.pid}"]
    )
    status, worker_ids = task_row()
    assert status == "SUCCESSFUL"
    assert "ldsp-first" in worker_ids and "ldsp-second" in worker_ids
