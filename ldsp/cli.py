"""The ``ldsp`` command.

``ldsp demo``    migrate, load demo content, serve web and worker on one machine
``ldsp serve``   the web server only (gunicorn), for deployments
``ldsp worker``  the background task worker only, for deployments
``ldsp backup FILE``   every table and the media files in one checksummed zip file
``ldsp restore FILE``  put a backup back (``--replace`` over a database in use)
``ldsp <other>`` any manage.py command, e.g. ``ldsp migrate`` or ``ldsp createsuperuser``
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

SETTINGS_MODULE = "ldsp.settings"
HELP_FLAGS = ("-h", "--help")
OWN_COMMANDS_HELP = {
    "demo": """usage: ldsp demo

Migrate the database, load the demo people and content, then serve the web site and run
the task worker on this machine until Ctrl-C. Prints the demo sign-ins last.

Environment: PORT (default 8000), VAR_DIR (default ./var: database, media, secret key).""",
    "serve": """usage: ldsp serve

Replace this process with gunicorn serving LDSP Hub, for deployments. Runs no migrations
and starts no worker (run `ldsp migrate` and `ldsp worker` for those).

Environment: HOST (default 127.0.0.1), PORT (default 8000), WEB_WORKERS, and the settings
in the README's Configuration section (SECRET_KEY, DATABASE_URL, SITE_URL …).""",
    "worker": """usage: ldsp worker [--heartbeat-seconds SECONDS] [--worker-id NAME] [OPTION …]

Run the background task worker (emails, PDF exports) in this process until it is stopped.
It beats a heartbeat every --heartbeat-seconds (default 10) and queues again the tasks of
workers that died before finishing them. Other options go to Django's db_worker
(see `ldsp db_worker --help`).""",
}
STOP_GRACE_SECONDS = 15
START_TIMEOUT_SECONDS = 60
# How long the demo waits for the worker to send (print) the demo's emails, so that
# its sign-ins come last, where a person looks for them.
EMAILS_TIMEOUT_SECONDS = 30


def _var_dir() -> Path:
    default = Path(__file__).resolve().parent.parent / "var"
    return Path(os.environ.get("VAR_DIR") or default).resolve()


def _use_local_secret(create: bool) -> None:
    """Point SECRET_KEY_FILE at var/secret_key when no secret is configured.

    A real deployment sets SECRET_KEY or SECRET_KEY_FILE itself; this keeps a
    single machine's sessions valid across restarts without one.
    """
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return
    secret_file = _var_dir() / "secret_key"
    if not secret_file.exists():
        if not create:
            return
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_urlsafe(50) + "\n", encoding="utf-8")
        secret_file.chmod(0o600)
    os.environ["SECRET_KEY_FILE"] = str(secret_file)


def _setup_django() -> None:
    """Load settings, turning a configuration mistake into one clear line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        print(f"ldsp: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "ldsp.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        str(STOP_GRACE_SECONDS - 5),
        # Gunicorn's control socket sits at one path in the home folder, so a second
        # server on the same machine (a demo beside a deployment) would take it over;
        # LDSP Hub is stopped and started by signals, not through that socket.
        "--no-control-socket",
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "ldsp.cli", "worker"]


def _wait_until_serving(url: str, web: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if web.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


def _wait_for_queued_emails(worker: subprocess.Popen[bytes]) -> None:
    """Until the worker has sent every email queued so far, or given up on it for now."""
    from ldsp.core.models import OutboundEmail

    deadline = time.monotonic() + EMAILS_TIMEOUT_SECONDS
    queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
    while queued.exists() and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.3)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def demo() -> int:
    """Prepare the database and demo content, then run web and worker until stopped."""
    _use_local_secret(create=True)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from ldsp.core.management.commands.load_demo import load_all_demo_content

    print("Preparing the database …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    sign_ins = load_all_demo_content()

    url = f"http://127.0.0.1:{settings.PORT}"
    web = subprocess.Popen(
        _gunicorn_command("127.0.0.1", settings.PORT, settings.WEB_WORKERS),
        start_new_session=True,
    )
    worker = subprocess.Popen(_worker_command(), start_new_session=True)
    processes = [web, worker]

    stopping = False

    def _request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)

    if not _wait_until_serving(url, web):
        print("ldsp: the web server did not start; see the messages above.", file=sys.stderr)
        _stop(processes)
        return 1

    _wait_for_queued_emails(worker)
    print()
    print(f"LDSP Hub is running at {url}/")
    print("Sign in as any of these demo people:")
    for line in sign_ins:
        print(f"  {line}")
    print("Press Ctrl-C to stop.", flush=True)

    exit_code = 0
    while not stopping:
        for process in processes:
            if process.poll() is not None:
                name = "web server" if process is web else "worker"
                print(f"ldsp: the {name} stopped unexpectedly.", file=sys.stderr)
                exit_code = 1
                stopping = True
        time.sleep(0.2)
    print("Stopping …", flush=True)
    _stop(processes)
    print("Stopped.")
    return exit_code


def serve() -> int:
    """Replace this process with gunicorn serving LDSP Hub."""
    _use_local_secret(create=False)
    _setup_django()
    from django.conf import settings

    host = os.environ.get("HOST", "127.0.0.1")
    command = _gunicorn_command(host, settings.PORT, settings.WEB_WORKERS)
    os.execv(command[0], command)  # noqa: S606
    return 0  # pragma: no cover - execv does not return


def worker(arguments: list[str]) -> int:
    """Run the task worker in this process until it is stopped.

    It beats a heartbeat and queues again the tasks of workers that were killed before
    finishing them (``ldsp.core.taskworker``).
    """
    _use_local_secret(create=False)
    _setup_django()
    from ldsp.core.taskworker import worker_run

    worker_run(arguments)
    return 0


def _asks_for_help(arguments: list[str]) -> bool:
    return any(argument in HELP_FLAGS for argument in arguments)


def _allow_help_without_secret() -> None:
    """Let Django load its settings to print help, making no secret file for it.

    Help changes nothing, so without a configured secret a throwaway one will do.
    """
    _use_local_secret(create=False)
    if not (os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE")):
        os.environ["SECRET_KEY"] = f"help-only-{secrets.token_urlsafe(40)}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ldsp`` console command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = arguments[0] if arguments else "help"
    if command in OWN_COMMANDS_HELP and _asks_for_help(arguments[1:]):
        print(OWN_COMMANDS_HELP[command])
        return 0
    if command == "demo":
        return demo()
    if command == "serve":
        return serve()
    if command == "worker":
        return worker(arguments[1:])
    if command in ("help", *HELP_FLAGS) and len(arguments) <= 1:
        print(__doc__)
    if command in ("help", *HELP_FLAGS) or _asks_for_help(arguments[1:]):
        _allow_help_without_secret()
    else:
        # Management commands (migrate, makemigrations, createsuperuser …) on this machine
        # use the local secret, made on first use; `serve` and `worker` never make one.
        _use_local_secret(create=True)
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ldsp", *arguments])
    return 0


if __name__ == "__main__":
    sys.exit(main())
