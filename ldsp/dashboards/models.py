"""What the dashboards remember: when each person last looked at theirs, and which
digests each editor has been sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class DashboardVisit(models.Model):
    """When someone last looked at their dashboard, so it can say what changed since."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_visit"
    )
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.user} looked at their dashboard at {self.seen_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:home")


class EditorDigest(models.Model):
    """One digest email to one editor. At most one a day: the database refuses a second
    row for the same editor and day, and the row is written before the email is queued."""

    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_digests"
    )
    day = models.DateField(help_text="The day (site time) the digest was sent.")
    covers_until = models.DateTimeField(
        help_text="Everything that arrived up to this moment was in this digest or an earlier one."
    )
    suggestions = models.PositiveIntegerField(default=0)
    plays = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "editor"]
        constraints = [
            models.UniqueConstraint(fields=["editor", "day"], name="editor_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.editor} on {self.day:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:home")
