"""What every Playbook write shares: who may write, and how errors are named."""

from __future__ import annotations

from ldsp.core.errors import Refused
from ldsp.core.permissions import require_editor

__all__ = ["PlaybookError", "require_editor"]


class PlaybookError(Refused):
    """A Playbook write that cannot be carried out; the message says why, in plain English."""
