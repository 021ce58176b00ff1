"""Reads about people."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from ldsp.accounts.models import FORMER_MEMBER, ApiToken, Profile, name_to_show

# Put where an email address was, when nobody has that address any more.
SOMEONE = "a member"

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Accepting a suggestion used to record the editor's username, which was often
# their email address or made from it.
ACCEPTED_BY_USERNAME = re.compile(r"^(Suggestion \d+, accepted by )(\S+)$")


def profile_of(user: User) -> Profile:
    """The user's profile (an unsaved blank one if they have none yet)."""
    try:
        return user.profile  # type: ignore[attr-defined, no-any-return]
    except Profile.DoesNotExist:
        return Profile(user=user)


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


def display_name(user: Any) -> str:
    """How to show a person to others: the name they chose, else "Member <number>".

    Never anything from their email address. An account that is gone (None, or not
    saved) is a "Former member". Pages that show the site's own changes (no author)
    say "LDSP Hub" themselves.
    """
    if user is None or getattr(user, "pk", None) is None:
        return FORMER_MEMBER
    try:
        chosen = user.profile.display_name
    except Profile.DoesNotExist:
        chosen = ""
    return name_to_show(chosen, user.pk)


def display_names(user_ids: Iterable[int]) -> dict[int, str]:
    """How to show each person's name, in one query; ids with no account are former members."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    chosen = dict(
        get_user_model().objects.filter(pk__in=wanted).values_list("pk", "profile__display_name")
    )
    return {
        user_id: name_to_show(chosen[user_id] or "", user_id)
        if user_id in chosen
        else FORMER_MEMBER
        for user_id in wanted
    }


def _people_by_handle(handles: set[str]) -> dict[str, User]:
    """Accounts whose email address or username is one of ``handles`` (any case), by handle."""
    lowered = {handle.lower() for handle in handles}
    found = (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"), username_lower=Lower("username"))
        .filter(Q(email_lower__in=lowered) | Q(username_lower__in=lowered))
        .select_related("profile")
    )
    people: dict[str, User] = {}
    for user in found:
        # An email address is a better match than someone else's username.
        people.setdefault(user.username.lower(), user)
        if user.email:
            people[user.email.lower()] = user
    return people


def text_without_emails(text: str) -> str:
    """``text`` with each email address (and each username recorded by the old "accepted by"
    message) replaced by that person's display name, or "a member" if nobody has it.

    Messages written before names replaced emails are kept as written; this is how
    they are shown.
    """
    return texts_without_emails([text])[0]


def _handles_in(text: str) -> tuple[re.Match[str] | None, set[str]]:
    accepted = ACCEPTED_BY_USERNAME.match(text)
    handles = set(EMAIL_ADDRESS.findall(text))
    if accepted:
        handles.add(accepted.group(2))
    return accepted, handles


def texts_without_emails(texts: list[str]) -> list[str]:
    """``text_without_emails`` for many texts (a page of history), in one query at most."""
    found = [_handles_in(text) for text in texts]
    every_handle = set().union(*(handles for _, handles in found)) if found else set()
    if not every_handle:
        return list(texts)
    people = _people_by_handle(every_handle)

    def name_for(handle: str, otherwise: str) -> str:
        person = people.get(handle.lower())
        return display_name(person) if person else otherwise

    shown: list[str] = []
    for text, (accepted, handles) in zip(texts, found, strict=True):
        if not handles:
            shown.append(text)
            continue
        if accepted and "@" not in accepted.group(2):
            text = accepted.group(1) + name_for(accepted.group(2), accepted.group(2))
        shown.append(EMAIL_ADDRESS.sub(lambda match: name_for(match.group(0), SOMEONE), text))
    return shown


def credits_public(credits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A release's stored credits, with any name that was made from an email address
    replaced by the person's display name. Other names stay as they were published."""
    user_ids = {int(credit["user_id"]) for credit in credits if credit.get("user_id")}
    people: dict[int, Any] = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in=user_ids).select_related("profile")
    }
    shown = []
    for credit in credits:
        name = str(credit["name"])
        person = people.get(int(credit.get("user_id") or 0))
        email = (person.email or "").lower() if person else ""
        if email and name.lower() in {email, email.split("@", 1)[0]}:
            name = display_name(person)
        shown.append({**credit, "name": text_without_emails(name)})
    return shown
