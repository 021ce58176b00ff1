"""Writes about people: profiles, roles and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from ldsp.accounts import selectors
from ldsp.accounts.models import ApiToken, Profile
from ldsp.accounts.roles import Role
from ldsp.core.errors import NotAllowed, Refused
from ldsp.core.pagecache import content_changed
from ldsp.core.permissions import MANAGE_ROLES, has
from ldsp.core.ratelimit import per_person_rate_check
from ldsp.core.services import audit_record
from ldsp.lib import tokens

MAX_ACTIVE_TOKENS = 10
# Recording every use would write on every API call; once a minute is plenty.
TOKEN_USE_RECORD_INTERVAL = timedelta(minutes=1)


class AccountError(Refused):
    """A request about an account that cannot be carried out; the message says why."""


def _is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def _who(user: User) -> str:
    """A person in the audit log: their display name and account number, not their email."""
    return f"{selectors.display_name(user)} (account {user.pk})"


def username_new() -> str:
    """A fresh, unused username that says nothing about the person.

    Usernames can surface in places such as old revision notes, so they are never made
    from the email address: people sign in with their email, not their username.
    """
    user_model = get_user_model()
    while True:
        username = f"member-{secrets.token_hex(5)}"
        if not user_model.objects.filter(username=username).exists():
            return username


def profile_ensure(*, user: User) -> Profile:
    """The person's profile, made blank if they have none (idempotent)."""
    try:
        # The one already loaded (or just made on saving the account), so that
        # changes made to it are seen through ``user.profile``.
        return user.profile  # type: ignore[attr-defined, no-any-return]
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        return profile


def user_setup_new(*, user: User) -> Profile:
    """Give a new person their profile and the contributor role."""
    with transaction.atomic():
        profile = profile_ensure(user=user)
        user.groups.add(Group.objects.get(name=Role.CONTRIBUTOR.value))
    return profile


def user_create(
    *,
    email: str,
    password: str,
    display_name: str = "",
    roles: list[Role] | None = None,
    verified: bool = False,
) -> User:
    """Create a person with a verified (or not) email address and the given roles."""
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    if user_model.objects.filter(email__iexact=email).exists():
        raise AccountError(f"There is already an account for {email}.")
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username_new(), email=email, password=password
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        profile = user_setup_new(user=user)
        if display_name:
            profile.display_name = display_name
            profile.save(update_fields=["display_name", "updated_at"])
        for role in roles or []:
            _grant(user, role)
    return user


def _grant(user: User, role: Role) -> None:
    user.groups.add(Group.objects.get(name=role.value))
    if role == Role.STAFF and not user.is_staff:
        # Staff reach Django admin and may do everything.
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])


def profile_update(
    *,
    actor: User,
    user: User,
    display_name: str,
    organisation_name: str,
    sector: str,
    area: Any = None,
) -> Profile:
    """Change a profile; only its owner or staff may."""
    if actor.pk != user.pk and not _is_staff(actor):
        raise NotAllowed("You can only change your own profile.")
    with transaction.atomic():
        if actor.pk == user.pk:  # each change empties the page cache, so limit repeats
            per_person_rate_check(
                actor,
                "profile",
                per_hour=settings.PROFILE_CHANGES_PER_HOUR,
                message="You have changed your profile a lot in the last hour. "
                "Wait a while, then try again.",
                error=AccountError,
            )
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        profile.display_name = display_name.strip()
        profile.organisation_name = organisation_name.strip()
        profile.sector = sector
        profile.area = area
        profile.full_clean()
        profile.save()
        content_changed()  # names appear on public pages
    return profile


def role_grant(*, actor: User, user: User, role: Role, reason: str = "") -> None:
    """Give someone a role (staff only), recording the decision."""
    if not has(actor, MANAGE_ROLES):
        raise NotAllowed("Only staff can change roles.")
    with transaction.atomic():
        _grant(user, role)
        audit_record(
            actor=actor,
            verb="role.granted",
            target=user,
            summary=f"{_who(user)} is now {role.label.lower()}",
            reason=reason,
            data={"role": role.value},
        )


def role_revoke(*, actor: User, user: User, role: Role, reason: str = "") -> None:
    """Take a role away (staff only), recording the decision. Everyone stays a contributor."""
    if not has(actor, MANAGE_ROLES):
        raise NotAllowed("Only staff can change roles.")
    if role == Role.CONTRIBUTOR:
        raise AccountError("Everyone with an account is a contributor.")
    if role == Role.STAFF and actor.pk == user.pk:
        raise AccountError("You cannot remove your own staff role.")
    with transaction.atomic():
        user.groups.remove(Group.objects.get(name=role.value))
        if role == Role.STAFF:
            user.is_staff = False
            user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            actor=actor,
            verb="role.revoked",
            target=user,
            summary=f"{_who(user)} is no longer {role.label.lower()}",
            reason=reason,
            data={"role": role.value},
        )


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Make a personal API token for the actor; returns the row and the one-time plaintext."""
    if not actor.is_authenticated:
        raise NotAllowed("Sign in to create an API token.")
    name = name.strip()
    if not name:
        raise AccountError("Enter what the token is for.")
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise AccountError(
                f"You can have at most {MAX_ACTIVE_TOKENS} tokens. Revoke one you no longer use."
            )
        if active.filter(name__iexact=name).exists():
            raise AccountError(f"You already have a token called “{name}”. Choose another name.")
        per_person_rate_check(
            actor,
            "api_token",
            per_hour=settings.API_TOKENS_PER_HOUR,
            message="You have created a lot of API tokens in the last hour. "
            "Wait a while, then try again.",
            error=AccountError,
        )
        new = tokens.token_make()
        token = ApiToken.objects.create(user=actor, name=name, prefix=new.prefix, digest=new.digest)
        audit_record(actor=actor, verb="api_token.created", target=token, summary=str(token))
    return token, new.plaintext


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token; its owner or staff may. Revoking twice changes nothing."""
    if actor.pk != token.user_id and not _is_staff(actor):
        raise NotAllowed("You can only revoke your own tokens.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, verb="api_token.revoked", target=token, summary=str(token))
    return token


def api_token_authenticate(plaintext: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    prefix = tokens.token_prefix(plaintext)
    if prefix is None:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not tokens.token_matches(plaintext, token.digest):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RECORD_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
