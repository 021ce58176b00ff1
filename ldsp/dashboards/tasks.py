"""Background work for the dashboards: the editors' digest.

Each suggestion or play that arrives queues a run (in the transaction that saved it, so
a run exists only if it was saved). A run sends each editor what arrived since their last
digest, unless they have had one today; then it queues itself for the start of tomorrow,
so nothing that arrived is left unsent.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from ldsp.dashboards import services


@task()
def editor_digests_send() -> str:
    """Send the editors' digests that are due; come back tomorrow for those that are not."""
    run = services.editor_digests_send()
    if run.already_sent_today:
        later = services.next_digest_time(timezone.now())
        editor_digests_send.using(run_after=later).enqueue()
    return f"sent {run.sent}, {run.already_sent_today} waiting for tomorrow"


def contribution_arrived(kind: str, item: Any) -> None:
    """A suggestion or play was submitted: queue a digest run (registered in ``ready``)."""
    editor_digests_send.enqueue()
