"""Background work for the whole site: delivering email.

Each email is sent at most once at a time and is never dropped: a run first claims the
email in one conditional ``UPDATE`` (counting the attempt and holding the email for
:func:`send_lease`), so a second run of the same email (a task queued again after its
worker was killed, or a staff "send again") waits its turn instead of sending too.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from ldsp.core.models import OutboundEmail

logger = logging.getLogger(__name__)

_WAITING = (OutboundEmail.Status.QUEUED, OutboundEmail.Status.RETRYING)


def retry_delay(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … minutes between attempts, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def send_lease() -> timedelta:
    """How long a claimed email is held for the run sending it. One SMTP exchange is a
    handful of steps, each allowed ``EMAIL_TIMEOUT``; after this the run is presumed
    dead (its worker was killed) and the email may be claimed again."""
    return timedelta(seconds=10 * settings.EMAIL_TIMEOUT)


def message_id(email: OutboundEmail) -> str:
    """The same Message-ID for every attempt at one email, so a receiving server that
    did get an attempt whose answer was lost can tell the next one is a repeat."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbound.{email.pk}.{int(email.created_at.timestamp())}@{host}>"


def _claim(email_id: int) -> bool:
    """Count an attempt and hold the email, if it is waiting and due, in one statement:
    of two runs at once, only one gets it."""
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=email_id,
        status__in=_WAITING,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + send_lease())
    return claimed == 1


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued email; on failure schedule another attempt until the limit."""
    if not _claim(email_id):
        email = OutboundEmail.objects.filter(pk=email_id).first()
        if email is None or email.status not in _WAITING:
            return "skipped"
        # Another run holds it, or its next attempt is not due: look again then, so
        # the email is never left without a task (the other run may have been killed).
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
        return "deferred"
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        reply_to=list(email.reply_to or []),
        headers={"Message-ID": message_id(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as error:  # SMTP, DNS and socket errors all mean "try later"
        return _record_failure(email, error)
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.next_attempt_at = None
    email.save(update_fields=["last_error", "status", "sent_at", "next_attempt_at"])
    return email.status


def _record_failure(email: OutboundEmail, error: Exception) -> str:
    """Keep the email and the reason, and queue the next attempt in the same transaction:
    an email never waits for a retry that was not queued."""
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic():
        if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            email.status = OutboundEmail.Status.FAILED
            email.next_attempt_at = None
            logger.error("Giving up on email %s after %s attempts", email.pk, email.attempts)
        else:
            email.status = OutboundEmail.Status.RETRYING
            email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
            deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
            logger.warning("Email %s failed (%s); retrying later", email.pk, email.last_error)
        email.save(update_fields=["last_error", "status", "next_attempt_at"])
    return email.status
