"""Site-wide writes: queue an email, record an audit event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction

from ldsp.core.errors import NotAllowed
from ldsp.core.models import AuditEvent, OutboundEmail


def email_queue(
    *,
    to: Sequence[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    reply_to: Sequence[str] = (),
) -> OutboundEmail:
    """Store an email and its delivery task in the caller's transaction.

    The email is queued if and only if the change that caused it is saved. The task
    row is written in the same transaction (the task queue is a table in the same
    database), so no crash between the commit and a later step can leave an email
    that no worker will ever send.
    """
    from ldsp.core.tasks import deliver_email

    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError("An email needs at least one recipient.")
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            to=recipients,
            reply_to=[address for address in reply_to if address],
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
        )
        deliver_email.enqueue(email.pk)
    return email


def email_retry(*, actor: User, email: OutboundEmail) -> OutboundEmail:
    """Send a failed email again (staff, from the admin)."""
    from ldsp.core.tasks import deliver_email

    if not getattr(actor, "is_staff", False):
        raise NotAllowed("Only staff can resend email.")
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutboundEmail.Status.SENT:
            return email
        email.status = OutboundEmail.Status.QUEUED
        email.attempts = 0
        email.next_attempt_at = None
        email.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_record(
            actor=actor, verb="email.retried", target=email, summary=f"Resent “{email.subject}”"
        )
        deliver_email.enqueue(email.pk)
    return email


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    verb: str,
    target: models.Model | None = None,
    summary: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit entry. Call it inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        actor=actor if isinstance(actor, User) else None,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        reason=reason,
        data=data or {},
    )
