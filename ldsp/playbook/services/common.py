"""What every Playbook write shares: who may write, and how errors are named."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

EDIT_PERMISSION = "accounts.edit_content"


class PlaybookError(Exception):
    """A Playbook write that cannot be carried out; the message says why, in plain English."""


def require_editor(actor: User | AnonymousUser | None) -> None:
    """Editors and staff change the Playbook directly; ``None`` is the system (the CLI)."""
    if actor is None:
        return
    if not actor.has_perm(EDIT_PERMISSION):
        raise PermissionError("Only editors can change the Playbook directly.")
