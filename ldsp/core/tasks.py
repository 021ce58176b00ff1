"""Background work for the whole site: delivering email."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from ldsp.core.models import OutboundEmail

logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … minutes between attempts, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued email; on failure schedule another attempt until the limit."""
    email = OutboundEmail.objects.filter(pk=email_id).first()
    if email is None or email.status in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED):
        return "skipped"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    email.attempts += 1
    try:
        message.send(fail_silently=False)
    except Exception as error:  # SMTP, DNS and socket errors all mean "try later"
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            email.status = OutboundEmail.Status.FAILED
            email.next_attempt_at = None
            logger.error("Giving up on email %s after %s attempts", email.pk, email.attempts)
        else:
            email.status = OutboundEmail.Status.RETRYING
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
            deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
            logger.warning("Email %s failed (%s); retrying later", email.pk, email.last_error)
        email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return email.status
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.next_attempt_at = None
    email.save(update_fields=["attempts", "last_error", "status", "sent_at", "next_attempt_at"])
    return email.status
