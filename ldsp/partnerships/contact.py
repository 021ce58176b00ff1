"""Messages to a partnership's coordinators, sent through its contact page.

The message is stored (staff read it in the admin) and emailed to each coordinator on
its own, with Reply-To set to the sender, so a coordinator answers by replying and no
address is ever shown on the site.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from ldsp.accounts.selectors import display_name
from ldsp.core.emails import email_send_template
from ldsp.core.permissions import COORDINATE_PARTNERSHIP
from ldsp.core.ratelimit import per_person_rate_check, rate_limit_exceeded
from ldsp.partnerships.models import Partnership, PartnershipMessage
from ldsp.partnerships.services import PartnershipError

TOO_MANY = "You have sent a lot of messages in the last hour. Wait a while, then try again."


def partnership_message_recipients(partnership: Partnership) -> list[User]:
    """The coordinators who can receive a message: active, with an address, still in role."""
    return [
        person
        for person in partnership.coordinators.filter(is_active=True).exclude(email="")
        if person.has_perm(COORDINATE_PARTNERSHIP)
    ]


def partnership_message_send(
    *,
    actor: User | AnonymousUser,
    partnership: Partnership,
    address: str,
    message: str,
    sender_name: str = "",
    sender_email: str = "",
) -> PartnershipMessage:
    """Store a message and queue one email to each coordinator.

    Someone signed in is answered at their account's address (``sender_email`` is
    ignored); a visitor must give one. At most ``PARTNERSHIP_MESSAGES_PER_HOUR`` from one
    network address, and from one person, each hour.
    """
    sender = actor if isinstance(actor, User) and actor.is_authenticated else None
    if sender is not None:
        sender_email = sender.email
        sender_name = sender_name.strip() or display_name(sender)
    sender_name, sender_email, message = sender_name.strip(), sender_email.strip(), message.strip()
    if not sender_name:
        raise PartnershipError("Enter your name")
    if not sender_email:
        raise PartnershipError("Enter your email address, so the coordinators can reply")
    if not message:
        raise PartnershipError("Enter your message")
    recipients = partnership_message_recipients(partnership)
    if not recipients:
        raise PartnershipError(
            f"{partnership.name} has no coordinator on LDSP Hub yet, so there is no one to "
            "send your message to."
        )
    limit = settings.PARTNERSHIP_MESSAGES_PER_HOUR
    if rate_limit_exceeded("partnership_message_ip", address, limit=limit, period_seconds=3600):
        raise PartnershipError(TOO_MANY)
    if sender is not None:
        per_person_rate_check(
            sender, "partnership_message", per_hour=limit, message=TOO_MANY, error=PartnershipError
        )
    with transaction.atomic():
        stored = PartnershipMessage.objects.create(
            partnership=partnership,
            sender=sender,
            sender_name=sender_name,
            sender_email=sender_email,
            message=message,
            recipients=len(recipients),
        )
        context = {
            "partnership": partnership.name,
            "sender_name": sender_name,
            "message": message,
            "url": settings.SITE_URL + partnership.get_absolute_url(),
        }
        for coordinator in recipients:
            email_send_template(
                to=coordinator.email,
                name="partnership_contact",
                context=context,
                reply_to=sender_email,
            )
    return stored
