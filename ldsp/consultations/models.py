"""Consultation rounds and their reports."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ldsp.playbook.models import Playbook


class Round(models.Model):
    """A dated round of public input on a playbook, with switches for each kind of input.

    Its state follows from the dates and the report: planned, open, closed, concluded.
    """

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        CONCLUDED = "concluded", "Concluded"

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    comments_open = models.BooleanField(default=True)
    suggestions_open = models.BooleanField(default=True)
    plays_open = models.BooleanField(default=True)
    outcome_summary = models.TextField(blank=True)
    report = models.JSONField(
        default=dict, blank=True, help_text="The published report, frozen when published."
    )
    report_published_at = models.DateTimeField(null=True, blank=True)
    report_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:round", args=[self.slug])

    def state_at(self, moment: datetime.datetime) -> str:
        if self.report_published_at is not None:
            return self.State.CONCLUDED
        if moment < self.opens_at:
            return self.State.PLANNED
        if moment < self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    def is_open_for(self, kind: str) -> bool:
        return self.state == self.State.OPEN and self.is_open_for_when_open(kind)

    def is_open_for_when_open(self, kind: str) -> bool:
        """Whether the round's switch for ``kind`` is on (whatever the date)."""
        return {
            "comment": self.comments_open,
            "suggestion": self.suggestions_open,
            "play": self.plays_open,
        }[kind]

    @property
    def days_left(self) -> int:
        return max(0, (self.closes_at - timezone.now()).days)


class ReportCorrection(models.Model):
    """A dated correction appended to a published report (which never changes)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Correction to {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:report", args=[self.round.slug]) + "#corrections"
