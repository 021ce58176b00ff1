"""Email goes through the real worker; a failed send is retried, never lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import Persona
from ldsp.core.emails import email_compose
from ldsp.core.models import OutboundEmail
from ldsp.core.services import email_queue
from ldsp.core.tasks import retry_delay

pytestmark = pytest.mark.django_db(transaction=True)

# A real SMTP connection to a port where nothing listens fails as a mail
# server outage does.
UNREACHABLE_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,
    "EMAIL_USE_TLS": False,
    "EMAIL_TIMEOUT": 2,
}


def _queue_one() -> OutboundEmail:
    return email_queue(
        to=["reader@example.org"],
        subject="Hello",
        body_text="Plain words",
        body_html="<p>Plain words</p>",
    )


def _make_pending_tasks_due() -> None:
    """Move the clock forward for the queue and the emails: every waiting task is now due."""
    past = timezone.now() - timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)
    OutboundEmail.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=past)


def test_a_queued_email_is_sent_by_the_worker(run_worker: Callable[[], None]) -> None:
    email = _queue_one()
    assert mail.outbox == []
    run_worker()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert isinstance(sent, EmailMultiAlternatives)
    assert sent.to == ["reader@example.org"]
    assert sent.subject == "Hello"
    assert sent.alternatives[0][0] == "<p>Plain words</p>"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


def test_no_email_is_queued_when_the_change_is_rolled_back(
    run_worker: Callable[[], None],
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue_one()
        raise RuntimeError("the change failed")
    run_worker()
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_failed_send_is_kept_and_retried_later(run_worker: Callable[[], None]) -> None:
    email = _queue_one()
    with override_settings(**UNREACHABLE_SMTP):
        run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.RETRYING
    assert email.attempts == 1
    assert email.last_error
    assert email.next_attempt_at is not None
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    _make_pending_tasks_due()
    run_worker()  # the mail server is back (the test outbox)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


@override_settings(EMAIL_MAX_ATTEMPTS=2)
def test_it_gives_up_after_the_last_attempt_but_keeps_the_email(
    run_worker: Callable[[], None],
) -> None:
    email = _queue_one()
    with override_settings(**UNREACHABLE_SMTP):
        run_worker()
        _make_pending_tasks_due()
        run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert OutboundEmail.objects.filter(pk=email.pk).exists()


def test_staff_can_send_a_failed_email_again(
    run_worker: Callable[[], None], staff: Persona, contributor: Persona
) -> None:
    from ldsp.core.services import email_retry

    email = _queue_one()
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED)
    mail.outbox.clear()
    DBTaskResult.objects.all().delete()
    with pytest.raises(PermissionError):
        email_retry(actor=contributor.user, email=email)
    email_retry(actor=staff.user, email=email)
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Hello"]


def test_retries_back_off_and_are_capped() -> None:
    assert retry_delay(1) == timedelta(minutes=1)
    assert retry_delay(2) == timedelta(minutes=2)
    assert retry_delay(4) == timedelta(minutes=8)
    assert retry_delay(30) == timedelta(hours=6)


def test_an_email_needs_a_recipient() -> None:
    with pytest.raises(ValueError, match="at least one recipient"):
        email_queue(to=[""], subject="x", body_text="y")


def test_the_plain_text_part_is_not_html_escaped_but_the_html_part_is() -> None:
    subject, text, html = email_compose(
        "join_request_decided",
        {
            "approved": True,
            "organisation": "Smith & Jones <Training>",
            "partnership": "Lancashire",
            "url": "http://127.0.0.1:8000/partnerships/x/?from=1&to=2",
        },
    )
    assert "Smith & Jones <Training>" in text
    assert "?from=1&to=2" in text
    assert "&amp;" not in text and "&amp;" not in subject
    assert "Smith &amp; Jones &lt;Training&gt;" in html
