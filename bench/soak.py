"""`make soak`: run the production server (`ldsp serve`, gunicorn) and the task worker
(`ldsp worker`) on a fresh database with the demo content, drive a mix of anonymous
reads and signed-in writes at them from a few concurrent clients for SOAK_SECONDS,
then check the figures that matter over time: no 5xx, memory that does not creep,
and every write the clients saw succeed in the database exactly once (and none that
they saw refused).

Exits non-zero on any 5xx, transport error, lost, duplicated or unexpected write, or
when the server or worker stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
DEMO_PASSWORD = "ldsp-demo-password"  # noqa: S105 - the demo's published password
CONTRIBUTORS = ("contributor@example.org", "coordinator@example.org")
# Two editors on the same few sections: now and then one saves over a revision the
# other has just replaced, and must be refused (409) with nothing written.
EDITORS = ("editor@example.org", "staff@example.org")
READERS = int(os.environ.get("SOAK_READERS", "3"))
# One write in this many is sent invalid (a quote not in the paragraph, a reason too
# long): the server must refuse it, and the audit must find none of them written.
DOOMED_SHARE = 0.1
TOO_LONG = "x" * 5_001  # longer than any reason, reply or change note may be
EDITED_SECTIONS = 3
REQUEST_TIMEOUT = 60
STOP_GRACE_SECONDS = 20
WRITE_KINDS = ("suggestion", "comment", "reply", "edit")
SEARCH_WORDS = ("digital", "partnership", "champions", "skills", "volunteer", "library")

# Variables a developer's shell may carry that must not reach this throwaway server:
# its own directory, address and secret, and no real email or shared cache.
DROPPED_VARIABLES = {
    "DEBUG",
    "VAR_DIR",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "HOST",
    "PORT",
    "REDIS_URL",
    "EMAIL_HOST",
    "BEHIND_PROXY",
    "SECRET_KEY_FILE",
    "DJANGO_SETTINGS_MODULE",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _session_pids(session: int) -> list[int]:
    """Every live process in ``session`` (a started process and all it forked)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; fields follow it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:
            pids.append(int(entry.name))
    return pids


def _rss_megabytes(session: int) -> tuple[float, int]:
    """Resident memory of every process in ``session`` (MB) and how many there are."""
    total_kb = 0
    pids = _session_pids(session)
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total_kb += int(found.group(1)) if found else 0
    return total_kb / 1024, len(pids)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own session, and everything it started."""
    group = process.pid
    for sig, wait in ((signal.SIGTERM, STOP_GRACE_SECONDS), (signal.SIGKILL, 5)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            continue
        break
    process.poll()


def _server_environment(var_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_VARIABLES}
    env.update(
        {
            "VAR_DIR": str(var_dir),
            "SECRET_KEY": "soak-test-only-" + secrets.token_urlsafe(32),
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
            # The clients write far faster than any person may: lift the per-person
            # limits so every write is judged on its merits, not refused as a flood.
            "CONTRIBUTIONS_PER_HOUR": "1000000",
            "SUGGESTIONS_OPEN_PER_SECTION": "10000",
            "FOLLOW_CHANGES_PER_HOUR": "1000000",
        }
    )
    return env


@dataclass
class Form:
    """One HTML form as a browser would send it: its fields' values and the choices."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """Collects every form on a page with its inputs, selects and textareas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", "")))
        if not self.forms or (not a.get("name") and tag != "option"):
            return
        form = self.forms[-1]
        if tag == "input" and a.get("type") in ("radio", "checkbox"):
            form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
            if "checked" in a:
                form.fields[a["name"]] = a.get("value", "on")
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            form.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            form.choices[a["name"]] = []
        elif tag == "option" and self._select:
            form.choices[self._select].append(a.get("value", ""))
            if "selected" in a:
                form.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            form.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            # A browser drops the newline that follows <textarea>.
            text = self.forms[-1].fields[self._textarea]
            self.forms[-1].fields[self._textarea] = text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def forms_on(page: str) -> list[Form]:
    """Every form on ``page``."""
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


@dataclass
class Response:
    """What came back: the status, where a redirect points, and the page."""

    status: int
    location: str
    body: str


@dataclass
class Write:
    """A write a client attempted, and what it was told."""

    kind: str
    marker: str
    outcome: str  # "ok", "refused" (the server said no) or "unknown" (no answer)
    status: int
    doomed: bool  # sent invalid on purpose: it must be refused


class Tally:
    """Every response and every write from every client, shared between the threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.latencies: dict[str, list[float]] = {"read": [], "write": []}
        self.writes: list[Write] = []
        self.problems: list[str] = []

    def response(self, method: str, path: str, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies["read" if method == "GET" else "write"].append(seconds)
            if status.startswith("5") or not status[0].isdigit():
                self.problems.append(f"{status} {method} {path}")

    def write(self, record: Write) -> None:
        with self.lock:
            self.writes.append(record)


class Client:
    """One visitor: a cookie jar, the CSRF token that comes with it, and no keep-alive
    (gunicorn's sync workers close every connection anyway)."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port = port
        self.tally = tally
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "ldsp-soak"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.tally.response(method, path, type(error).__name__, time.perf_counter() - started)
            raise
        finally:
            connection.close()
        self.tally.response(method, path, str(answer.status), time.perf_counter() - started)
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "max-age=0" in rest.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return Response(answer.status, answer.headers.get("Location", ""), text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Response:
        return self.request("POST", path, data)

    def follow(self, response: Response) -> Response:
        """Go where a redirect points, as a browser would after sending a form."""
        target = urlsplit(response.location)
        return self.get(target.path + (f"?{target.query}" if target.query else ""))

    def sign_in(self, email: str) -> None:
        """Sign in through the real allauth form."""
        page = self.get("/accounts/login/")
        form = next(f for f in forms_on(page.body) if "password" in f.fields)
        answer = self.post(
            form.action or "/accounts/login/",
            {**form.fields, "login": email, "password": DEMO_PASSWORD},
        )
        if answer.status != 302:
            raise RuntimeError(f"Signing in as {email} answered {answer.status}, not a redirect.")
        self.follow(answer)


def _form(page: Response, action: re.Pattern[str], rng: random.Random) -> Form | None:
    found = [f for f in forms_on(page.body) if action.search(f.action)]
    return rng.choice(found) if found else None


@dataclass
class Site:
    """What the clients visit, found by reading the demo site once: pages by kind."""

    playbook: str
    sections: list[str]
    reads: dict[str, list[str]]


# How often a reader picks each kind of page: mostly the Playbook's sections.
READ_WEIGHTS = {
    "home": 1,
    "contents": 1,
    "section": 4,
    "history": 1,
    "plays": 1,
    "partnerships": 1,
    "api": 2,
    "search": 1,
}


def site_discover(client: Client) -> Site:
    playbook = json.loads(client.get("/api/v1/playbooks").body)["items"][0]["slug"]
    base = f"/playbooks/{playbook}"
    contents = client.get(f"{base}/").body
    sections = sorted(set(re.findall(rf'href="{base}/sections/([-\w]+)/"', contents)))
    if not sections:
        raise RuntimeError("The demo playbook's contents page links to no sections.")
    plays = re.findall(r'href="(/plays/[-\w]+/)"', client.get("/plays/").body)
    partnerships = re.findall(r'href="(/partnerships/[-\w]+/)"', client.get("/partnerships/").body)
    reads = {
        "home": ["/"],
        "contents": [f"{base}/"],
        "section": [f"{base}/sections/{s}/" for s in sections],
        "history": [f"{base}/sections/{s}/history/" for s in sections],
        "plays": [
            "/plays/",
            *[p for p in plays if p not in ("/plays/submit/", "/plays/moderation/")][:10],
        ],
        "partnerships": ["/partnerships/", *partnerships[:10]],
        "api": [
            "/api/v1/playbooks",
            f"/api/v1/playbooks/{playbook}/sections",
            "/api/v1/suggestions",
            *[f"/api/v1/comments?playbook={playbook}&section={s}" for s in sections[:5]],
            "/api/v1/partnerships",
            "/api/v1/plays",
        ],
        "search": [f"/search/?q={word}" for word in SEARCH_WORDS],
    }
    return Site(playbook, sections, reads)


class Visitor(threading.Thread):
    """One concurrent client; what it does depends on who it signs in as (if anyone)."""

    def __init__(
        self, number: int, port: int, site: Site, tally: Tally, stop: threading.Event, run: str
    ) -> None:
        super().__init__(name=f"soak-client-{number}", daemon=True)
        self.number = number
        self.client = Client(port, tally)
        self.site = site
        self.tally = tally
        self.stop = stop
        self.run_id = run
        self.count = 0
        self.random = random.Random(f"{run}-{number}")  # noqa: S311 - choosing pages, not secrets
        self.email: str | None = None
        self.failure: BaseException | None = None

    def marker(self) -> str:
        self.count += 1
        return f"SOAK-{self.run_id}-{self.number}-{self.count}"

    def doomed(self) -> bool:
        """Whether to send this write invalid on purpose, to check refusals write nothing."""
        return self.random.random() < DOOMED_SHARE

    def section(self, edited_only: bool = False) -> str:
        pool = self.site.sections[:EDITED_SECTIONS] if edited_only else self.site.sections
        return f"/playbooks/{self.site.playbook}/sections/{self.random.choice(pool)}/"

    def read(self) -> None:
        kinds = list(READ_WEIGHTS)
        kind = self.random.choices(kinds, weights=[READ_WEIGHTS[k] for k in kinds])[0]
        self.client.get(self.random.choice(self.site.reads[kind]))

    def act(self) -> None:
        """One step: readers only read; contributors and editors mostly write."""
        self.read()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    self.act()
                except (OSError, http.client.HTTPException):
                    # Counted in the tally (and it fails the soak); carry on, to see
                    # whether the server comes back.
                    self.stop.wait(1)
        except BaseException as error:  # a broken client must not look like a quiet server
            self.failure = error

    def record(self, kind: str, marker: str, ok: bool, status: int, doomed: bool) -> None:
        self.tally.write(Write(kind, marker, "ok" if ok else "refused", status, doomed))

    def send(
        self, kind: str, marker: str, action: str, data: dict[str, str], doomed: bool
    ) -> Response:
        """Post a write; a lost answer leaves its outcome unknown (and fails the soak)."""
        try:
            return self.client.post(action, data)
        except (OSError, http.client.HTTPException):
            self.tally.write(Write(kind, marker, "unknown", 0, doomed))
            raise


class Contributor(Visitor):
    """Reads, suggests new text, comments on paragraphs and replies to comments."""

    def act(self) -> None:
        roll = self.random.random()
        if roll < 0.4:
            self.read()
        elif roll < 0.6:
            self.suggest()
        elif roll < 0.85:
            self.comment()
        else:
            self.reply()

    def suggest(self) -> None:
        passage = self.random.random() < 0.5
        path = self.section() + ("suggest/passage/" if passage else "suggest/")
        form = _form(self.client.get(path), re.compile(r"^$|/suggest/"), self.random)
        if form is None:
            return
        marker, doomed = self.marker(), self.doomed()
        reason = f"Soak rationale {marker}: clearer wording." + (TOO_LONG if doomed else "")
        data = {**form.fields, "rationale": reason}
        if passage:
            data["paragraph"] = self.random.choice(form.choices["paragraph"])
            data["replacement"] = f"Soak passage {marker}: this paragraph, put more plainly."
        else:
            data["body"] = f"{data['body'].rstrip()}\n\nSoak suggestion {marker}."
        answer = self.send("suggestion", marker, form.action or path, data, doomed)
        ok = answer.status == 302 and "/suggestions/" in answer.location
        self.record("suggestion", marker, ok, answer.status, doomed)
        if answer.status == 302:
            self.client.follow(answer)

    def comment(self) -> None:
        page = self.client.get(self.section())
        form = _form(page, re.compile(r"/comments/$"), self.random)
        if form is None:
            return
        marker, doomed = self.marker(), self.doomed()
        paragraphs = [p for p in form.choices.get("paragraph", []) if p]
        data = {
            **form.fields,
            "paragraph": self.random.choice(paragraphs),
            "quote": "words that are in no paragraph" if doomed else "",
            "body": f"Soak comment {marker}: could this say who it is for?",
        }
        answer = self.send("comment", marker, form.action, data, doomed)
        # Success and refusal both redirect: to the comments, or back to the form.
        ok = answer.status == 302 and answer.location.endswith("#comments")
        self.record("comment", marker, ok, answer.status, doomed)
        if answer.status == 302:
            self.client.follow(answer)

    def reply(self) -> None:
        page = self.client.get(self.section())
        form = _form(page, re.compile(r"/comments/\d+/reply/$"), self.random)
        if form is None:
            return
        marker, doomed = self.marker(), self.doomed()
        body = f"Soak reply {marker}: agreed." + (TOO_LONG if doomed else "")
        answer = self.send("reply", marker, form.action, {**form.fields, "body": body}, doomed)
        # A reply redirects to its thread either way; a refusal shows an "Important" banner.
        shown = self.client.follow(answer) if answer.status == 302 else answer
        refused = ">Important</h2>" in shown.body or shown.status != 200
        self.record("reply", marker, answer.status == 302 and not refused, answer.status, doomed)


class Editor(Visitor):
    """Reads and edits the first few sections, which the other editor edits too."""

    def act(self) -> None:
        if self.random.random() < 0.5:
            self.read()
        else:
            self.edit()

    def edit(self) -> None:
        path = self.section(edited_only=True) + "edit/"
        form = _form(self.client.get(path), re.compile(r"^$|/edit/$"), self.random)
        if form is None:
            return
        marker, doomed = self.marker(), self.doomed()
        # Replace the last soak note rather than adding one each time, so the section
        # stays the same size however long the soak runs.
        paragraphs = [
            p for p in form.fields["body"].split("\n\n") if not p.startswith("Soak edit note")
        ]
        body = "\n\n".join([*paragraphs, f"Soak edit note {marker}."])
        note = f"Soak edit {marker}" + (TOO_LONG if doomed else "")
        data = {**form.fields, "body": body, "message": note}
        answer = self.send("edit", marker, form.action or path, data, doomed)
        self.record("edit", marker, answer.status == 302, answer.status, doomed)
        if answer.status == 302:
            self.client.follow(answer)


def audit(run_id: str) -> dict[str, dict[str, int]]:
    """How many rows hold each marker of this run, per kind of write (run inside Django)."""
    import django

    django.setup()
    from ldsp.coproduction.models import Comment, Suggestion
    from ldsp.playbook.models import Revision

    pattern = re.compile(rf"SOAK-{run_id}-\d+-\d+")
    prefix = f"SOAK-{run_id}-"
    texts = {
        "suggestion": Suggestion.objects.filter(rationale__contains=prefix).values_list(
            "rationale", flat=True
        ),
        "comment": Comment.objects.filter(parent__isnull=True, body__contains=prefix).values_list(
            "body", flat=True
        ),
        "reply": Comment.objects.filter(parent__isnull=False, body__contains=prefix).values_list(
            "body", flat=True
        ),
        "edit": Revision.objects.filter(message__contains=prefix).values_list("message", flat=True),
    }
    found: dict[str, dict[str, int]] = {}
    for kind, rows in texts.items():
        counts: Counter[str] = Counter()
        for text in rows:
            counts.update(set(pattern.findall(text)))
        found[kind] = dict(counts)
    return found


def writes_check(writes: list[Write], found: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Compare what the clients were told with what the database holds."""
    table: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for kind in WRITE_KINDS:
        mine = [w for w in writes if w.kind == kind]
        in_db = found.get(kind, {})
        for w in mine:
            count = in_db.get(w.marker, 0)
            if w.outcome == "ok" and count != 1:
                problems.append(f"{kind} {w.marker}: succeeded but found {count} times")
            if w.outcome == "refused" and count != 0:
                problems.append(f"{kind} {w.marker}: refused ({w.status}) but written")
            if w.doomed and w.outcome == "ok":
                problems.append(f"{kind} {w.marker}: invalid on purpose, yet accepted")
        known = {w.marker for w in mine}
        problems += [f"{kind} {m}: in the database, never sent" for m in in_db if m not in known]
        outcomes = Counter(w.outcome for w in mine)
        table[kind] = {
            "ok": outcomes["ok"],
            "refused": outcomes["refused"],
            "refused_on_purpose": sum(1 for w in mine if w.doomed and w.outcome == "refused"),
            "unknown": outcomes["unknown"],
            "in_database": sum(in_db.values()),
            "refused_by_status": dict(
                Counter(str(w.status) for w in mine if w.outcome == "refused")
            ),
        }
    return {"kinds": table, "problems": problems}


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report_lines(result: dict[str, Any]) -> list[str]:
    """The short table printed at the end and kept beside the soak's logs."""
    lat = result["latency_ms"]
    lines = [
        f"LDSP Hub soak: {result['seconds']:.0f} s, {result['clients']}, "
        f"{result['database']}, {result['web_workers']} web workers",
        "",
        f"{'requests':<24}{result['requests']:>8}   {result['requests_per_second']:.1f}/s",
        *[f"{'  status ' + s:<24}{n:>8}" for s, n in sorted(result["statuses"].items())],
        "",
        f"{'latency, ms':<24}{'p50':>8}{'p95':>8}",
        f"{'  pages read (GET)':<24}{lat['read_p50']:>8.0f}{lat['read_p95']:>8.0f}",
        f"{'  forms sent (POST)':<24}{lat['write_p50']:>8.0f}{lat['write_p95']:>8.0f}",
        f"{'  all':<24}{lat['all_p50']:>8.0f}{lat['all_p95']:>8.0f}",
        "",
        f"{'memory (RSS), MB':<24}{'start':>8}{'end':>8}{'peak':>8}  processes",
    ]
    for name, label in (("web", "web (gunicorn)"), ("worker", "task worker")):
        rss = result["rss_mb"][name]
        lines.append(
            f"{'  ' + label:<24}{rss['start']:>8.1f}{rss['end']:>8.1f}{rss['peak']:>8.1f}"
            f"  {rss['processes']}"
        )
    lines += ["", f"{'writes':<24}{'ok':>8}{'refused':>8}{'invalid':>8}{'unknown':>8}{'in db':>8}"]
    for kind, row in result["writes"]["kinds"].items():
        statuses = ", ".join(f"{n}× {s}" for s, n in sorted(row["refused_by_status"].items()))
        lines.append(
            f"{'  ' + kind:<24}{row['ok']:>8}{row['refused']:>8}{row['refused_on_purpose']:>8}"
            f"{row['unknown']:>8}{row['in_database']:>8}" + (f"  ({statuses})" if statuses else "")
        )
    problems = result["writes"]["problems"] + result["problems"]
    lines += [
        "  (invalid: refused, as meant, having been sent invalid on purpose)",
        "",
        f"every write accounted for: {'yes' if not result['writes']['problems'] else 'NO'}",
        f"5xx responses and transport errors: {result['server_errors']}",
        *[f"  {p}" for p in problems[:20]],
        f"result: {'PASS' if result['passed'] else 'FAIL'}",
    ]
    return lines


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _healthy(probe: Client) -> bool:
    try:
        return probe.get("/healthz").status == 200
    except (OSError, http.client.HTTPException):
        return False


def soak(var_dir: Path) -> dict[str, Any]:
    port = _free_port()
    env = _server_environment(var_dir, port)
    python = sys.executable
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"Preparing a fresh {database} database with the demo content in {var_dir} …")
    for command in (
        ["migrate", "--verbosity", "0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_demo"],
    ):
        subprocess.run(
            [python, "-m", "ldsp.cli", *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    processes: list[subprocess.Popen[bytes]] = []
    tally = Tally()
    stop = threading.Event()
    try:
        with (var_dir / "web.log").open("wb") as web_log:
            web = subprocess.Popen(
                [python, "-m", "ldsp.cli", "serve"],
                env=env,
                cwd=ROOT,
                stdout=web_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(web)
        with (var_dir / "worker.log").open("wb") as worker_log:
            worker = subprocess.Popen(
                [python, "-m", "ldsp.cli", "worker"],
                env=env,
                cwd=ROOT,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes.append(worker)
        probe = Client(port, Tally())
        deadline = time.monotonic() + 120
        while not _healthy(probe):
            if web.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The web server did not start; see {var_dir / 'web.log'}.")
            time.sleep(0.3)
        site = site_discover(probe)
        run_id = secrets.token_hex(4)
        visitors: list[Visitor] = [
            Visitor(n, port, site, tally, stop, run_id) for n in range(1, READERS + 1)
        ]
        for email in CONTRIBUTORS:
            visitors.append(Contributor(len(visitors) + 1, port, site, tally, stop, run_id))
            visitors[-1].email = email
        for email in EDITORS:
            visitors.append(Editor(len(visitors) + 1, port, site, tally, stop, run_id))
            visitors[-1].email = email
        for visitor in visitors:
            if visitor.email:
                visitor.client.sign_in(visitor.email)
        clients = (
            f"{len(visitors)} clients ({READERS} anonymous, {len(CONTRIBUTORS)} contributors, "
            f"{len(EDITORS)} editors)"
        )
        print(f"Soaking for {SOAK_SECONDS} s with {clients} on port {port} …", flush=True)
        started = time.monotonic()
        for visitor in visitors:
            visitor.start()
        # Memory "at start" is taken once the warm-up has imported, compiled and
        # cached what the pages need, so growth after it is what the soak is about.
        warm_up = min(30.0, max(5.0, SOAK_SECONDS / 10))
        samples: dict[str, list[tuple[float, int]]] = {"web": [], "worker": []}
        next_sample = started + warm_up
        while time.monotonic() - started < SOAK_SECONDS:
            for process, name in ((web, "web server"), (worker, "worker")):
                if process.poll() is not None:
                    raise RuntimeError(f"The {name} stopped during the soak; see its log.")
            if time.monotonic() >= next_sample:
                samples["web"].append(_rss_megabytes(web.pid))
                samples["worker"].append(_rss_megabytes(worker.pid))
                next_sample += 10
            time.sleep(0.5)
        samples["web"].append(_rss_megabytes(web.pid))
        samples["worker"].append(_rss_megabytes(worker.pid))
        stop.set()
        for visitor in visitors:
            visitor.join(timeout=REQUEST_TIMEOUT + 5)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for process in processes:
            _stop_group(process)

    broken = [f"{v.name}: {v.failure!r}" for v in visitors if v.failure is not None]
    audited = subprocess.run(
        [python, str(Path(__file__).resolve()), "--audit", run_id],
        env={**env, "DJANGO_SETTINGS_MODULE": "ldsp.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if audited.returncode != 0:
        raise RuntimeError(f"Reading the writes back from the database failed:\n{audited.stderr}")
    checked = writes_check(tally.writes, json.loads(audited.stdout.strip().splitlines()[-1]))
    reads, writes = tally.latencies["read"], tally.latencies["write"]
    requests = sum(tally.statuses.values())
    server_errors = sum(n for s, n in tally.statuses.items() if not s.startswith(("2", "3", "4")))
    written = sum(row["ok"] for row in checked["kinds"].values())
    problems = broken + tally.problems[:10]
    if written == 0:
        problems.append("No write succeeded: the soak did not exercise the writes.")
    return {
        "seconds": elapsed,
        "clients": clients,
        "database": database,
        "web_workers": env.get("WEB_WORKERS", "2"),
        "requests": requests,
        "requests_per_second": requests / elapsed,
        "statuses": dict(tally.statuses),
        "latency_ms": {
            "read_p50": _percentile(reads, 0.5),
            "read_p95": _percentile(reads, 0.95),
            "write_p50": _percentile(writes, 0.5),
            "write_p95": _percentile(writes, 0.95),
            "all_p50": _percentile(reads + writes, 0.5),
            "all_p95": _percentile(reads + writes, 0.95),
        },
        "rss_mb": {
            name: {
                "start": taken[0][0],
                "end": taken[-1][0],
                "peak": max(mb for mb, _ in taken),
                "processes": taken[-1][1],
            }
            for name, taken in samples.items()
        },
        "writes": checked,
        "server_errors": server_errors,
        "problems": problems,
        "passed": server_errors == 0 and not checked["problems"] and not problems,
    }


def main() -> int:
    if sys.argv[1:2] == ["--audit"]:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(audit(sys.argv[2])))
        return 0
    # Ctrl-C and a plain kill both stop the soak through the same clean-up; SIGINT is
    # set again because a shell starts background jobs with it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    var_dir = Path(tempfile.mkdtemp(prefix="ldsp-soak-"))
    # Kept when it can explain a failure (its logs and database), or when asked.
    keep = os.environ.get("SOAK_KEEP", "") not in ("", "0")
    passed = False
    try:
        try:
            result = soak(var_dir)
        except Exception:
            keep = True
            raise
        passed = result["passed"]
        keep |= not passed
        text = "\n".join(report_lines(result)) + "\n"
        print("\n" + text, end="")
        (var_dir / "soak-report.txt").write_text(text)
        out_dir = HERE / "results"
        out_dir.mkdir(exist_ok=True)
        (out_dir / "soak-latest.txt").write_text(text)
        (out_dir / "soak-latest.json").write_text(json.dumps(result, indent=2) + "\n")
        print(f"Written to {out_dir / 'soak-latest.txt'} and soak-latest.json.")
    except KeyboardInterrupt:
        print("\nStopped before the end; no figures.", file=sys.stderr)
    finally:
        if keep:
            print(
                f"Kept {var_dir}: soak-report.txt, the database, web.log and worker.log.",
                file=sys.stderr,
            )
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
