"""Every permission the site checks, named once, and the checks services share.

Roles (``ldsp.accounts.roles``) grant these; services, views, templates and the
API test them by name from here, never by a string typed in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from ldsp.core.errors import NotAllowed

# Someone who has not signed in: what the public may see is what this person may see.
EVERYONE = AnonymousUser()

CONTRIBUTE = "accounts.contribute"
REVIEW_CONTRIBUTIONS = "accounts.review_contributions"
EDIT_CONTENT = "accounts.edit_content"
COORDINATE_PARTNERSHIP = "accounts.coordinate_partnership"
MANAGE_ROLES = "accounts.manage_roles"

# The names templates use (``{% if may.edit_content %}``), each for one permission.
TEMPLATE_NAMES = {
    "contribute": CONTRIBUTE,
    "review_contributions": REVIEW_CONTRIBUTIONS,
    "edit_content": EDIT_CONTENT,
    "coordinate_partnership": COORDINATE_PARTNERSHIP,
    "manage_roles": MANAGE_ROLES,
}


def has(actor: Any, permission: str) -> bool:
    """True when ``actor`` (a user, anonymous or not) holds ``permission``."""
    return bool(actor is not None and getattr(actor, "is_authenticated", False)) and bool(
        actor.has_perm(permission)
    )


NOT_ALLOWED = "You do not have permission to do this."


def require(actor: Any, permission: str, message: str = NOT_ALLOWED) -> None:
    """Refuse with ``message`` (a 403 on a page) unless ``actor`` holds ``permission``."""
    if not has(actor, permission):
        raise NotAllowed(message)


def require_contributor(actor: Any) -> None:
    """Taking part (suggesting, commenting, submitting plays, joining) needs a confirmed account."""
    require(actor, CONTRIBUTE, "Sign in with a confirmed account to take part.")


def require_editor(actor: Any) -> None:
    """Editors and staff change the Playbook directly; ``None`` is the system (the CLI)."""
    if actor is not None:
        require(actor, EDIT_CONTENT, "Only editors can change the Playbook directly.")


class NamedPermissions:
    """What the signed-in person may do, by the names in ``TEMPLATE_NAMES``, for templates."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getitem__(self, name: str) -> bool:
        permission = TEMPLATE_NAMES.get(name)
        return permission is not None and has(self._user, permission)
