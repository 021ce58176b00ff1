"""Background work for the Playbook.

The task is defined beside its service (``services.exports``); this name is
kept so that tasks queued before it moved still find it.
"""

from __future__ import annotations

from ldsp.playbook.services.exports import build_release_export

__all__ = ["build_release_export"]
