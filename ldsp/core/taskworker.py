"""Keep the task queue whole when a worker dies without finishing its task.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed with SIGKILL (or by the out-of-memory killer, or a machine that goes
away) leaves its task RUNNING for ever. So each ``ldsp worker`` says it is alive, every
few seconds, in the shared default cache, and queues again any task still RUNNING on a
worker that has stopped saying so. The tasks themselves are safe to run again (email
delivery claims each email before sending it; see ``ldsp.core.tasks``).

Tasks claimed by a plain ``manage.py db_worker``, which sends no heartbeat, are left alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import threading

from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_ID_PREFIX = "ldsp-"
HEARTBEAT_SECONDS = 10.0
# A worker not heard from for this many heartbeats is gone.
HEARTBEATS_MISSED = 3


def worker_id_new() -> str:
    """A worker id that says where the worker runs (at most 64 characters, as the queue allows)."""
    host = socket.gethostname().split(".")[0][:32] or "host"
    return f"{WORKER_ID_PREFIX}{host}-{os.getpid()}-{get_random_string(8)}"


def _alive_key(worker_id: str) -> str:
    return f"task-worker-alive:{worker_id}"


def worker_heartbeat(worker_id: str, *, seconds: float = HEARTBEAT_SECONDS) -> None:
    """Say that ``worker_id`` is alive until it has missed a few heartbeats."""
    cache.set(_alive_key(worker_id), True, timeout=max(1, round(seconds * HEARTBEATS_MISSED)))


def worker_is_alive(worker_id: str) -> bool:
    """Whether ``worker_id`` has sent a heartbeat recently."""
    return cache.get(_alive_key(worker_id)) is not None


def tasks_requeue_lost() -> list[str]:
    """Queue again every task RUNNING on an ``ldsp worker`` that has stopped; return their ids.

    Each is moved back with one conditional ``UPDATE`` that names the claim it undoes
    (its ``started_at``), so two workers recovering at once requeue a task only once, and
    never one that a new worker has claimed since.
    """
    requeued = []
    running = DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at")
    for task_id, worker_ids, started_at in running:
        owner = worker_ids[-1] if worker_ids else ""
        if not owner.startswith(WORKER_ID_PREFIX) or worker_is_alive(owner):
            continue
        moved = DBTaskResult.objects.filter(
            id=task_id, status="RUNNING", started_at=started_at
        ).update(status="READY", started_at=None)
        if moved:
            logger.warning(
                "Task %s was running on worker %s, which stopped; queued again", task_id, owner
            )
            requeued.append(str(task_id))
    return requeued


class WorkerHeartbeat(threading.Thread):
    """Beats for one worker, and on each beat recovers the tasks of workers that have gone."""

    def __init__(self, worker_id: str, *, seconds: float) -> None:
        super().__init__(name=f"heartbeat {worker_id}", daemon=True)
        self.worker_id = worker_id
        self.seconds = seconds
        self._stopping = threading.Event()

    def beat(self) -> None:
        """One heartbeat and one recovery pass; a failure is logged and tried next beat."""
        try:
            worker_heartbeat(self.worker_id, seconds=self.seconds)
            tasks_requeue_lost()
        except Exception as error:  # the database may be briefly unreachable
            logger.warning("Worker heartbeat failed: %s: %s", type(error).__name__, error)
        finally:
            # This thread's own connections: the worker's loop has its own.
            connections.close_all()

    def run(self) -> None:
        while not self._stopping.wait(self.seconds):
            self.beat()

    def stop(self) -> None:
        """Stop beating (the process is ending)."""
        self._stopping.set()


def worker_run(arguments: list[str]) -> None:
    """Run django-tasks-db's worker with a heartbeat and recovery of lost tasks.

    Takes the ``db_worker`` options, and ``--heartbeat-seconds`` (default 10): how often
    this worker says it is alive. Its tasks are recovered by the others about three
    heartbeats after it dies.
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--heartbeat-seconds", type=float, default=HEARTBEAT_SECONDS)
    parser.add_argument("--worker-id", default="")
    known, rest = parser.parse_known_args(arguments)
    if known.heartbeat_seconds <= 0:
        parser.error("--heartbeat-seconds must be more than 0")
    worker_id = worker_id_new()
    if known.worker_id:  # named by the operator: marked as one of ours all the same
        worker_id = (
            known.worker_id
            if known.worker_id.startswith(WORKER_ID_PREFIX)
            else (f"{WORKER_ID_PREFIX}{known.worker_id}")
        )
    heartbeat = WorkerHeartbeat(worker_id, seconds=known.heartbeat_seconds)
    # Alive before the first claim, so no other worker takes this one's tasks for lost;
    # and a first recovery pass, for tasks left by a worker that died before this started.
    heartbeat.beat()
    heartbeat.start()
    try:
        call_command("db_worker", "--worker-id", worker_id, *rest)
    finally:
        heartbeat.stop()
