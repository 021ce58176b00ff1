"""`ldsp demo` from nothing: migrates, loads demo content, serves web and worker,
lets each demo person sign in, and stops cleanly on SIGTERM."""

from __future__ import annotations

import http.cookiejar
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ldsp.accounts.demo import DEMO_PARTICIPANTS, DEMO_PASSWORD, DEMO_PEOPLE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class RunningDemo:
    """The ``ldsp demo`` process, where it serves, what it printed first, and its VAR_DIR."""

    process: subprocess.Popen[str]
    url: str
    banner: str
    var_dir: Path
    # Every line it prints after the banner, as it prints it. One thread reads the
    # pipe: select() on a buffered pipe misses lines already read into the buffer.
    output: queue.Queue[str]
    reader: threading.Thread


def _read_lines_into(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDemo]:
    var_dir = tmp_path_factory.mktemp("demo-var")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update({"VAR_DIR": str(var_dir), "PORT": str(port)})
    process = subprocess.Popen(
        [sys.executable, "-m", "ldsp.cli", "demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    output: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_read_lines_into, args=(process, output), daemon=True)
    reader.start()
    banner = _read_output_until(output, "Press Ctrl-C to stop.", seconds=180)
    assert f"LDSP Hub is running at {url}/" in banner, banner
    yield RunningDemo(
        process=process, url=url, banner=banner, var_dir=var_dir, output=output, reader=reader
    )
    if process.poll() is None:
        process.kill()
        process.wait()


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_demo_serves_the_home_page_health_and_api_schema(
    demo: RunningDemo,
) -> None:
    url = demo.url
    status, page = _get(f"{url}/")
    assert status == 200 and "LDSP Hub" in page
    status, body = _get(f"{url}/healthz")
    assert status == 200 and json.loads(body)["database"] == "ok"
    status, body = _get(f"{url}/api/v1/openapi.json")
    assert status == 200 and json.loads(body)["openapi"].startswith("3.")
    status, css = _get(f"{url}/static/govuk/ldsp.css")
    assert status == 200 and "govuk-" in css


def test_the_demo_prints_every_demo_sign_in(demo: RunningDemo) -> None:
    for email, *_ in DEMO_PEOPLE:
        assert email in demo.banner
    assert DEMO_PASSWORD in demo.banner


def test_the_demo_prints_its_sign_ins_last_after_the_demo_emails(demo: RunningDemo) -> None:
    # The console email backend prints each email the worker sends; the demo's own
    # (plays published, suggestions accepted …) come before the sign-ins, not among them.
    banner = demo.banner
    assert banner.count("\nSubject:") >= 3, banner
    sign_ins = banner.index("Sign in as any of these demo people:")
    assert banner.rindex("\nSubject:") < sign_ins
    assert banner.rstrip().endswith("Press Ctrl-C to stop.")


@pytest.mark.parametrize("email", [person[0] for person in DEMO_PEOPLE])
def test_each_demo_person_can_sign_in(demo: RunningDemo, email: str) -> None:
    url = demo.url
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    status, page = _get(f"{url}/accounts/login/", opener)
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    data = urllib.parse.urlencode(
        {"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf.group(1)}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{url}/accounts/login/", data=data, headers={"Referer": f"{url}/accounts/login/"}
    )
    with opener.open(request, timeout=10) as response:
        assert response.url.endswith("/dashboard/")
    status, page = _get(f"{url}/accounts/profile/", opener)
    assert status == 200
    assert email in page


def _read_output_until(output: queue.Queue[str], text: str, seconds: float) -> str:
    """The demo's output from here until a line with ``text``, or until time runs out."""
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = output.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if text in line:
            break
    return "".join(seen)


def test_the_demo_worker_sends_queued_email(demo: RunningDemo) -> None:
    url = demo.url
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, page = _get(f"{url}/accounts/password/reset/", opener)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    data = urllib.parse.urlencode(
        {"email": DEMO_PEOPLE[0][0], "csrfmiddlewaretoken": csrf.group(1)}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{url}/accounts/password/reset/",
        data=data,
        headers={"Referer": f"{url}/accounts/password/reset/"},
    )
    with opener.open(request, timeout=10) as response:
        assert "Check your email" in response.read().decode()
    # The console email backend prints the message once the worker has sent it.
    output = _read_output_until(demo.output, "/accounts/password/reset/key/", seconds=30)
    assert f"To: {DEMO_PEOPLE[0][0]}" in output


def test_the_demo_stops_web_and_worker_cleanly_on_sigterm(
    demo: RunningDemo,
) -> None:
    process, url = demo.process, demo.url
    port = int(url.rsplit(":", 1)[1])
    # The demo itself, gunicorn's arbiter and its two workers, and the task worker.
    assert len(_processes_started_by(demo)) >= 5
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    demo.reader.join(timeout=10)
    rest = _read_output_until(demo.output, "Stopped.", seconds=5)
    assert "Stopped." in rest
    assert not _port_is_open(port)
    assert _processes_started_by(demo) == []


def _processes_started_by(demo: RunningDemo) -> list[int]:
    """Live processes whose environment carries the demo's VAR_DIR (its web and worker)."""
    marker = f"VAR_DIR={demo.var_dir}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if marker in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def test_loading_the_demo_twice_changes_nothing(db: None) -> None:
    from django.contrib.auth import get_user_model

    from ldsp.core.management.commands.load_demo import load_all_demo_content

    load_all_demo_content()
    User = get_user_model()
    before = sorted(User.objects.values_list("email", "password", "last_login", "is_staff"))
    load_all_demo_content()
    after = sorted(User.objects.values_list("email", "password", "last_login", "is_staff"))
    assert before == after
    assert len(after) == len(DEMO_PEOPLE) + len(DEMO_PARTICIPANTS)


def test_serve_runs_the_production_web_server(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update({"VAR_DIR": str(tmp_path), "PORT": str(port), "SECRET_KEY": "s" * 50})
    server = subprocess.Popen(
        [sys.executable, "-m", "ldsp.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = 0
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.3)
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/healthz")
            except OSError:
                continue
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert "gunicorn" in (server.stderr.read() if server.stderr else "").lower()
