"""Background work for the Playbook."""

from __future__ import annotations

from django_tasks import task


@task()
def build_release_export(export_id: int) -> str:
    """Make a release's PDF."""
    from ldsp.playbook.services.exports import release_export_build

    return release_export_build(export_id).status
