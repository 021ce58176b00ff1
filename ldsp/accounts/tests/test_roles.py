"""Who may do what: the permissions each role carries, and who may change roles."""

from __future__ import annotations

import pytest

from conftest import Persona, Visitor
from ldsp.accounts import services
from ldsp.accounts.roles import Role, roles_of
from ldsp.core.models import AuditEvent

PERMISSIONS = [
    "accounts.contribute",
    "accounts.review_contributions",
    "accounts.edit_content",
    "accounts.coordinate_partnership",
    "accounts.manage_roles",
]

EXPECTED = {
    "anonymous": set(),
    "contributor": {"accounts.contribute"},
    "editor": {"accounts.contribute", "accounts.review_contributions", "accounts.edit_content"},
    "coordinator": {"accounts.contribute", "accounts.coordinate_partnership"},
    "staff": set(PERMISSIONS),
}


@pytest.mark.parametrize("persona_name", list(EXPECTED))
def test_each_role_carries_exactly_its_permissions(
    persona_name: str, everyone: dict[str, Persona | Visitor]
) -> None:
    user = everyone[persona_name].user
    held = {permission for permission in PERMISSIONS if user.has_perm(permission)}
    assert held == EXPECTED[persona_name]


def test_roles_are_listed_highest_first(staff: Persona, editor: Persona) -> None:
    assert roles_of(editor.user) == [Role.EDITOR, Role.CONTRIBUTOR]
    assert roles_of(staff.user)[0] == Role.STAFF


@pytest.mark.parametrize("persona_name", ["contributor", "editor", "coordinator"])
def test_only_staff_change_roles(persona_name: str, every_persona: dict[str, Persona]) -> None:
    actor = every_persona[persona_name].user
    target = every_persona["contributor"].user
    with pytest.raises(PermissionError):
        services.role_grant(actor=actor, user=target, role=Role.EDITOR)
    assert Role.EDITOR not in roles_of(target)


def test_staff_grant_and_revoke_a_role_with_an_audit_trail(
    staff: Persona, contributor: Persona
) -> None:
    services.role_grant(
        actor=staff.user,
        user=contributor.user,
        role=Role.EDITOR,
        reason="Joined the editorial group",
    )
    assert Role.EDITOR in roles_of(contributor.user)
    services.role_revoke(actor=staff.user, user=contributor.user, role=Role.EDITOR)
    assert Role.EDITOR not in roles_of(contributor.user)
    verbs = list(
        AuditEvent.objects.filter(target_id=str(contributor.user.pk)).values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["role.granted", "role.revoked"]
    granted = AuditEvent.objects.get(verb="role.granted")
    assert granted.actor == staff.user
    assert granted.reason == "Joined the editorial group"


def test_granting_staff_opens_the_admin(staff: Persona, contributor: Persona) -> None:
    assert contributor.client.get("/admin/").status_code == 302
    services.role_grant(actor=staff.user, user=contributor.user, role=Role.STAFF)
    contributor.client.force_login(contributor.user)
    assert contributor.client.get("/admin/").status_code == 200


def test_nobody_stops_being_a_contributor(staff: Persona, contributor: Persona) -> None:
    with pytest.raises(services.AccountError):
        services.role_revoke(actor=staff.user, user=contributor.user, role=Role.CONTRIBUTOR)


def test_staff_cannot_remove_their_own_staff_role(staff: Persona) -> None:
    with pytest.raises(services.AccountError):
        services.role_revoke(actor=staff.user, user=staff.user, role=Role.STAFF)


def test_only_staff_reach_the_admin(everyone: dict[str, Persona | Visitor]) -> None:
    for name, persona in everyone.items():
        status = persona.client.get("/admin/").status_code
        assert status == (200 if name == "staff" else 302), name
