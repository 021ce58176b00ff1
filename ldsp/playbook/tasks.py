"""Background work for the Playbook.

The tasks are defined beside their service (``services.exports``) and named here
too, so that PDF tasks queued when they were defined here still find theirs.
"""

from __future__ import annotations

from ldsp.playbook.services.exports import build_release_export, check_release_export

__all__ = ["build_release_export", "check_release_export"]
