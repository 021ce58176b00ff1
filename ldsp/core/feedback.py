"""Feedback on the service, from the Beta banner's link: anyone may send it, staff read it
in the admin. No email address is needed; one given is only for a reply."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.http import url_has_allowed_host_and_scheme

from ldsp.core.errors import Refused
from ldsp.core.formfields import email_field, text_field
from ldsp.core.limits import MESSAGE_MAX
from ldsp.core.models import FeedbackMessage
from ldsp.core.ratelimit import per_person_rate_check, rate_limit_exceeded

FEEDBACK_PAGE_MAX = 200
FEEDBACK_TOO_MANY = (
    "You have sent a lot of feedback in the last hour. Thank you: wait a while, then try again."
)


class FeedbackError(Refused):
    """Feedback that cannot be taken; the message says why."""


def feedback_page_path(value: str, *, host: str) -> str:
    """The path of a page on this site, from a Referer header or a ``page`` parameter.

    Anything else (another site, a ``javascript:`` URL, ``//elsewhere``, control
    characters, the feedback form itself) gives ``""``: the field is a convenience, so
    a bad value is dropped rather than refused.
    """
    value = (value or "").strip()
    if not value or any(ord(character) < 32 for character in value):
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={host}):
        return ""
    path = urlsplit(value).path
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    if path.startswith("/feedback/") or len(path) > FEEDBACK_PAGE_MAX:
        return ""
    return path


class FeedbackForm(forms.Form):
    """What the visitor thinks, an address only if they want a reply, and the page they
    were on (carried in a hidden field from the link they followed)."""

    message = text_field(
        noun="Your feedback",
        max_length=MESSAGE_MAX,
        label="What would you like to tell us?",
        help_text="What worked, what did not, or what you expected to find. "
        "Do not include personal details such as your address or phone number.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your feedback"},
    )
    email = email_field(
        label="Your email address (optional)",
        help_text="Only if you would like a reply. We will not use it for anything else.",
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, host: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_page(self) -> str:
        return feedback_page_path(self.cleaned_data.get("page", ""), host=self.host)


def feedback_send(
    *,
    actor: User | AnonymousUser,
    address: str,
    message: str,
    email: str = "",
    page: str = "",
) -> FeedbackMessage:
    """Keep one piece of feedback for staff, at most ``FEEDBACK_PER_HOUR`` an hour from
    one network address and from one signed-in person."""
    message = message.strip()
    if not message:
        raise FeedbackError("Enter your feedback")
    limit = settings.FEEDBACK_PER_HOUR
    if rate_limit_exceeded("feedback_ip", address, limit=limit, period_seconds=3600):
        raise FeedbackError(FEEDBACK_TOO_MANY)
    sender = actor if isinstance(actor, User) and actor.is_authenticated else None
    if sender is not None:
        per_person_rate_check(
            sender, "feedback", per_hour=limit, message=FEEDBACK_TOO_MANY, error=FeedbackError
        )
    with transaction.atomic():
        return FeedbackMessage.objects.create(
            page=page[:FEEDBACK_PAGE_MAX],
            message=message,
            email=email.strip(),
            sender=sender,
        )
