"""The Playbook document: a two-level tree of sections, each with an immutable history,
and numbered releases that snapshot the whole tree."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from modelsearch import index
from modelsearch.queryset import SearchableQuerySetMixin


class ImmutableRowError(Exception):
    """Raised on an attempt to change a row whose history must never be rewritten."""


class Playbook(models.Model):
    """A document co-produced in the open: chapters, sections, history and releases."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text="The playbook shown at /playbook/. Only one may be."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_playbook"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("playbook:contents", args=[self.slug])


class SectionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Sections, searchable through modelsearch."""


class Section(index.Indexed, models.Model):
    """A chapter (no parent) or a section within a chapter.

    The key never changes, so history, releases and links survive renames;
    the title and text live in the revisions.
    """

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    key = models.SlugField(max_length=120)
    slug = models.SlugField(max_length=120)
    position = models.PositiveIntegerField(default=0)
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the section is taken out of the playbook."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectionQuerySet.as_manager()

    search_fields = [
        index.SearchField("search_title", boost=3),
        index.SearchField("search_text"),
        index.FilterField("playbook_id"),
        index.FilterField("removed_at"),
    ]

    class Meta:
        ordering = ["playbook", "position"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "key"], name="section_key_unique"),
            models.UniqueConstraint(fields=["playbook", "slug"], name="section_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("playbook:section", args=[self.playbook.slug, self.slug])

    @property
    def title(self) -> str:
        return self.current_revision.title if self.current_revision else self.key

    @property
    def is_chapter(self) -> bool:
        return self.parent_id is None

    def search_title(self) -> str:
        return self.title

    def search_text(self) -> str:
        from ldsp.lib.markdown import plain_text

        return plain_text(self.current_revision.body) if self.current_revision else ""


class Revision(models.Model):
    """One immutable version of a section's title and text. A revert is a new revision."""

    class Source(models.TextChoices):
        EDIT = "edit", "Edit"
        SUGGESTION = "suggestion", "Accepted suggestion"
        MERGE = "merge", "Merged suggestion"
        IMPORT = "import", "Import"
        REVERT = "revert", "Revert"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, help_text="Rendered and sanitised when written.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="playbook_revisions",
    )
    message = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.EDIT)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.number})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ImmutableRowError("A revision cannot be changed; make a new one.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return (
            reverse("playbook:history", args=[self.section.playbook.slug, self.section.slug])
            + f"#revision-{self.number}"
        )

    @staticmethod
    def hash_of(title: str, body: str) -> str:
        """Identifies the content, so an unchanged import or edit can be spotted."""
        return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


class Release(models.Model):
    """An immutable, numbered snapshot of a playbook: its tree and every section's revision."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="releases")
    number = models.CharField(max_length=16, help_text='For example "0.1" or "1.0".')
    label = models.CharField(max_length=100, help_text='For example "Public draft".')
    notes = models.TextField(blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    credits = models.JSONField(
        default=list, help_text="Everyone whose revisions entered since the previous release."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["playbook", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"], name="release_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("playbook:release", args=[self.playbook.slug, self.number])


class ReleaseEntry(models.Model):
    """Where one section stood in a release, and which revision it had."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    parent_section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(help_text="Order in the whole document.")

    class Meta:
        ordering = ["release", "position"]
        verbose_name_plural = "release entries"
        constraints = [
            models.UniqueConstraint(fields=["release", "section"], name="release_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.release}: {self.revision.title}"

    def get_absolute_url(self) -> str:
        return self.release.get_absolute_url() + f"#section-{self.section.key}"


class ReleaseExport(models.Model):
    """A file made from a release by the worker (the PDF), kept once made."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=8, choices=Format.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="releases/", blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the last attempt failed, for staff.")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Attempts started since it was last made or staff tried again."
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a failed export is tried again; empty once the site has given up.",
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["release", "format"], name="release_export_unique")
        ]

    def __str__(self) -> str:
        return f"{self.release} {self.get_format_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.release.get_absolute_url()

    @property
    def retry_scheduled(self) -> bool:
        """Failed, and the worker will try again at ``next_attempt_at``."""
        return self.status == self.Status.FAILED and self.next_attempt_at is not None

    @property
    def given_up(self) -> bool:
        """Failed as many times as allowed: only staff can have it tried again."""
        return self.status == self.Status.FAILED and self.next_attempt_at is None
