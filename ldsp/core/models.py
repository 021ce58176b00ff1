"""Site-wide records: the outgoing email queue, the audit log, rate-limit counts, the cache,
the page cache's restart counter and feedback on the service."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class OutboundEmail(models.Model):
    """One email to send, kept until delivered so a failed send is retried, never lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.JSONField(help_text="List of recipient addresses.")
    reply_to = models.JSONField(
        default=list, blank=True, help_text="Where replies go, if not to the sender."
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound email"

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    def get_absolute_url(self) -> str:
        return reverse("admin:core_outboundemail_change", args=[self.pk])


class AuditEvent(models.Model):
    """A record of a decision or change: who did what, to what, when and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    verb = models.CharField(max_length=64, db_index=True, help_text="e.g. role.changed")
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb}: {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("admin:core_auditevent_change", args=[self.pk])


class RateCount(models.Model):
    """How many times one person (or address) did one kind of thing in one time window.

    Kept in the database, not the cache, so a cache that evicts or is cleared cannot
    reset a limit; the database increments the count, so concurrent requests cannot
    lose one (see ``ldsp.core.ratelimit``).
    """

    scope = models.CharField(max_length=64, help_text="What is counted, e.g. contribution.")
    who = models.CharField(max_length=150, help_text="Whose count: a user id or an address.")
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True, help_text="When the window ends.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-window_start", "scope", "who"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "who", "window_start"], name="rate_count_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} by {self.who} from {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class CacheEntry(models.Model):
    """One entry of the default cache when it lives in the database (no Redis).

    Declared as a model so migrations create the table on every machine; the
    columns are the ones Django's database cache reads and writes.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "ldsp_cache"
        ordering = ["cache_key"]
        verbose_name_plural = "cache entries"

    def __str__(self) -> str:
        return self.cache_key


class ContentVersion(models.Model):
    """The page cache's restart counter: one row, kept where nothing evicts it.

    The content version itself lives in the default cache and counts up there on
    every change. Whenever the cache has lost it (Redis flushed, the cache table
    cleared), it starts again from a new *epoch* claimed here, which is higher than
    every epoch claimed before, so pages cached under earlier versions are never
    served again (see ``ldsp.core.pagecache``).
    """

    epoch = models.PositiveBigIntegerField(
        default=0, help_text="How many times the content version has started again."
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"Content version epoch {self.epoch}"


class FeedbackMessage(models.Model):
    """What a visitor told the team through the Beta banner's feedback form."""

    page = models.CharField(
        max_length=200, blank=True, help_text="The page on this site the visitor was on."
    )
    message = models.TextField()
    email = models.EmailField(blank=True, help_text="Given only if the visitor wants a reply.")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_messages",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "feedback message"

    def __str__(self) -> str:
        return f"Feedback of {self.created_at:%Y-%m-%d %H:%M} on {self.page or 'no page'}"

    def get_absolute_url(self) -> str:
        return reverse("admin:core_feedbackmessage_change", args=[self.pk])
