"""Plays: structured case studies, moderated before publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelsearch import index
from modelsearch.queryset import SearchableQuerySetMixin

from ldsp.core.skills import Audience, Level, SkillArea

__all__ = ["Audience", "Level", "Play", "PlayTag", "SkillArea"]


class PlayQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Plays, searchable through modelsearch."""


class Play(index.Indexed, models.Model):
    """A case study: the challenge, what was done, the impact and the lessons."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=300)
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="plays")
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plays",
    )
    organisations = models.CharField(max_length=500, help_text="Who was involved.")
    challenge = models.TextField()
    approach = models.TextField(help_text="What was done.")
    impact = models.TextField(help_text="What changed, with numbers.")
    lessons = models.TextField()
    skill_areas = models.JSONField(default=list)
    levels = models.JSONField(default=list)
    audiences = models.JSONField(default=list)
    contact_email = models.EmailField(help_text="Private: seen only by moderators.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plays"
    )
    round = models.ForeignKey(
        "consultations.Round",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plays",
    )
    sections = models.ManyToManyField("playbook.Section", blank=True, related_name="plays")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    moderator_notes = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlayQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("impact"),
        index.SearchField("lessons"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plays:play", args=[self.slug])

    @property
    def skill_area_labels(self) -> list[str]:
        return [str(SkillArea(v).label) for v in self.skill_areas if v in SkillArea.values]

    @property
    def level_labels(self) -> list[str]:
        return [str(Level(v).label) for v in self.levels if v in Level.values]

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(v).label) for v in self.audiences if v in Audience.values]


class PlayTag(models.Model):
    """One tag of a play, kept as rows so plays can be filtered by tag on any database."""

    play = models.ForeignKey(Play, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=32)

    class Meta:
        ordering = ["play", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["play", "kind", "value"], name="play_tag_once")
        ]
        indexes = [models.Index(fields=["kind", "value"], name="play_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"

    def get_absolute_url(self) -> str:
        return self.play.get_absolute_url()
