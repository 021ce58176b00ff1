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


def display_names(user_ids: list[int]) -> dict[int, str]:
    """How to show each person's name, in one query."""
    from django.contrib.auth.models import User

    users = User.objects.filter(pk__in=user_ids).select_related("profile")
    names = {}
    for user in users:
        try:
            names[user.pk] = user.profile.name
        except Profile.DoesNotExist:
            names[user.pk] = user.email.split("@", 1)[0]
    return names
