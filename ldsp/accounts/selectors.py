"""Reads about people."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from ldsp.accounts.models import ApiToken, Profile


def profile_of(user: User) -> Profile:
    """The user's profile (an unsaved blank one if they have none yet)."""
    try:
        return user.profile  # type: ignore[attr-defined, no-any-return]
    except Profile.DoesNotExist:
        return Profile(user=user)


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
