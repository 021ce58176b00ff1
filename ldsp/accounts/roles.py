"""The four roles, as Django groups with the permissions each one carries.

A person can hold several roles; everyone who signs up is a contributor.
Later parts of the site add their permissions to ``ROLE_PERMISSIONS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import models

from ldsp.core.permissions import (
    CONTRIBUTE,
    COORDINATE_PARTNERSHIP,
    EDIT_CONTENT,
    MANAGE_ROLES,
    REVIEW_CONTRIBUTIONS,
)


class Role(models.TextChoices):
    """What someone may do on the site."""

    CONTRIBUTOR = "contributor", "Contributor"
    EDITOR = "editor", "Editor"
    COORDINATOR = "coordinator", "Coordinator"
    STAFF = "staff", "Staff"


ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CONTRIBUTOR: [CONTRIBUTE],
    Role.EDITOR: [CONTRIBUTE, REVIEW_CONTRIBUTIONS, EDIT_CONTENT],
    Role.COORDINATOR: [CONTRIBUTE, COORDINATE_PARTNERSHIP],
    Role.STAFF: [
        CONTRIBUTE,
        REVIEW_CONTRIBUTIONS,
        EDIT_CONTENT,
        COORDINATE_PARTNERSHIP,
        MANAGE_ROLES,
    ],
}

# Shown highest first wherever one role has to stand for a person.
ROLE_ORDER = [Role.STAFF, Role.EDITOR, Role.COORDINATOR, Role.CONTRIBUTOR]


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_role_groups() -> None:
    """Create the role groups and set each one's permissions exactly."""
    for role, dotted_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([_permission(name) for name in dotted_names])


def sync_role_groups_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: permissions exist by now, so groups can be synced."""
    sync_role_groups()


def roles_of(user: Any) -> list[Role]:
    """The roles a user holds, highest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLE_ORDER if role.value in names]
