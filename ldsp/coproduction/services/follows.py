"""Emails to the people who follow a section, each with a one-click unsubscribe link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from ldsp.accounts.selectors import display_names, text_without_emails
from ldsp.coproduction.errors import ContributionError
from ldsp.coproduction.models import Follow, Suggestion
from ldsp.core.emails import email_send_template
from ldsp.core.permissions import require_contributor
from ldsp.core.ratelimit import per_person_rate_check
from ldsp.core.signed_links import link_token
from ldsp.playbook.models import Revision, Section

UNSUBSCRIBE = "unfollow"


def unsubscribe_url(user_id: int, section_id: int) -> str:
    token = link_token(UNSUBSCRIBE, {"user": user_id, "section": section_id})
    return settings.SITE_URL + reverse("coproduction:unfollow", args=[token])


def _follow_rate_check(user: User) -> None:
    per_person_rate_check(
        user,
        "follow",
        per_hour=settings.FOLLOW_CHANGES_PER_HOUR,
        message="You have followed and unfollowed sections a lot in the last hour. "
        "Wait a while, then try again.",
        error=ContributionError,
    )


def section_follow(*, user: User, section: Section, by_hand: bool = False) -> Follow:
    """Follow a section (again following changes nothing).

    ``by_hand``: the person pressed Follow, which counts towards their limit; the
    automatic follow of a section you suggest or comment on does not. Following
    needs a confirmed account, as taking part does: it sends email. Anyone may
    unfollow.
    """
    require_contributor(user)
    if by_hand:
        _follow_rate_check(user)
    follow, _ = Follow.objects.get_or_create(user=user, section=section)
    return follow


def section_unfollow(*, user: User, section: Section) -> None:
    """Stop following a section (not following it already changes nothing); counts
    towards the person's limit on following and unfollowing."""
    _follow_rate_check(user)
    follow_cancel(user_id=user.pk, section=section)


def follow_cancel(*, user_id: int, section: Section) -> None:
    """Stop someone following a section, e.g. from a signed unsubscribe link."""
    Follow.objects.filter(user_id=user_id, section=section).delete()


def _followers(section: Section, *, except_user_id: int | None) -> list[User]:
    users = User.objects.filter(section_follows__section=section, is_active=True)
    return [user for user in users if user.pk != except_user_id and user.email]


def notify_section_changed(section: Section, revision: Revision) -> None:
    """Tell followers (other than the author) that the section has a new revision."""
    section_url = settings.SITE_URL + section.get_absolute_url()
    base = reverse("playbook:compare", args=[section.playbook.slug, section.slug])
    compare_url = (
        f"{settings.SITE_URL}{base}?from={max(revision.number - 1, 1)}&to={revision.number}"
    )
    author_name = ""
    if revision.author_id:
        author_name = display_names([revision.author_id]).get(revision.author_id, "")
    for user in _followers(section, except_user_id=revision.author_id):
        context = {
            "section_title": revision.title,
            "playbook_title": section.playbook.title,
            "revision_number": revision.number,
            "author_name": author_name,
            "message": text_without_emails(revision.message),
            "section_url": section_url,
            "compare_url": compare_url,
            "unsubscribe_url": unsubscribe_url(user.pk, section.pk),
        }
        email_send_template(to=user.email, name="section_changed", context=context)


def notify_suggestion_decided(suggestion: Suggestion) -> None:
    """Tell the author and the section's followers what became of a suggestion."""

    def send() -> None:
        section = suggestion.section
        base_context = {
            "section_title": section.title,
            "accepted": suggestion.state == Suggestion.State.ACCEPTED,
            "needs_resolution": suggestion.state == Suggestion.State.NEEDS_RESOLUTION,
            "reason": suggestion.decision_reason,
            "suggestion_url": settings.SITE_URL + suggestion.get_absolute_url(),
        }
        email_send_template(
            to=suggestion.author.email,
            name="suggestion_decided",
            context={**base_context, "to_author": True},
        )
        for user in _followers(section, except_user_id=suggestion.author_id):
            if user.pk == suggestion.decided_by_id:
                continue
            email_send_template(
                to=user.email,
                name="suggestion_decided",
                context={**base_context, "unsubscribe_url": unsubscribe_url(user.pk, section.pk)},
            )

    transaction.on_commit(send)
