"""A task for the worker fault tests: it waits for a file, so a test can kill its worker
while it runs. It records each start and each completion in files beside that one."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_release(folder: str) -> str:
    """Note the start, wait until ``folder/release`` exists, then note the completion."""
    here = Path(folder)
    (here / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 120
    while not (here / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("The test never released the task.")
        time.sleep(0.05)
    with (here / "completed").open("a", encoding="utf-8") as record:
        record.write(f"{os.getpid()}\n")
    return "completed"
