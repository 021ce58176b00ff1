"""Taking part in the Playbook: suggestions, their discussion and endorsements,
comments anchored to passages, and who follows which section.

These models began in the Playbook app and keep its table names, so moving them
here changed no data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ldsp.playbook.models import Revision, Section


class Suggestion(models.Model):
    """Proposed new text for one section, drafted against a base revision."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        NEEDS_RESOLUTION = "needs_resolution", "Needs resolution"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="suggestions")
    base_revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    title = models.CharField(max_length=200, blank=True, help_text="A new title, if any.")
    body = models.TextField(help_text="The whole proposed text of the section.")
    rationale = models.TextField()
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    result_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merge_state = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a suggestion that needs resolution: the revision it was merged "
        "against, the merged text and each conflict.",
    )
    open_slot = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Which of its author's places for open suggestions on this section it "
        "takes (1 up to SUGGESTIONS_OPEN_PER_SECTION); empty once decided. Two pending "
        "suggestions by one person on one section never share a place.",
    )

    PENDING_STATES = (State.OPEN, State.NEEDS_RESOLUTION)

    class Meta:
        db_table = "playbook_suggestion"
        ordering = ["created_at", "id"]
        constraints = [
            # The database, not a count read beforehand, keeps a person within their
            # limit of open suggestions on a section when two arrive at once.
            models.UniqueConstraint(
                fields=["author", "section", "open_slot"],
                condition=models.Q(state__in=["open", "needs_resolution"]),
                name="suggestion_open_slot_once",
            )
        ]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} on {self.section.key}"

    def get_absolute_url(self) -> str:
        return reverse("coproduction:suggestion", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES


class Endorsement(models.Model):
    """Someone supports a suggestion. Once each."""

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="endorsements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "playbook_endorsement"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "user"], name="endorse_once")]

    def __str__(self) -> str:
        return f"{self.user} endorses {self.suggestion}"

    def get_absolute_url(self) -> str:
        return self.suggestion.get_absolute_url()


class SuggestionMessage(models.Model):
    """One message in the discussion of a suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "playbook_suggestionmessage"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message on {self.suggestion}"

    def get_absolute_url(self) -> str:
        return self.suggestion.get_absolute_url() + f"#message-{self.pk}"


class Comment(models.Model):
    """A comment on a passage of a section, or a reply to one.

    The anchor (quote, context and position) is stored against the revision the
    comment was made on and never changes; ``placement`` says where the passage
    is in the current revision, or that it can no longer be found (outdated).
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="playbook_comments"
    )
    body = models.TextField()
    body_html = models.TextField()
    anchor = models.JSONField(default=dict, blank=True)
    placed_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_start = models.PositiveIntegerField(null=True, blank=True)
    placed_end = models.PositiveIntegerField(null=True, blank=True)
    is_outdated = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "playbook_comment"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.section.key}"

    def get_absolute_url(self) -> str:
        return self.section.get_absolute_url() + f"#comment-{self.pk}"

    @property
    def quote(self) -> str:
        return str(self.anchor.get("exact", ""))


class Follow(models.Model):
    """Someone follows a section: they are emailed when it changes or a suggestion is decided."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="section_follows"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "playbook_follow"
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "section"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.section.key}"

    def get_absolute_url(self) -> str:
        return self.section.get_absolute_url()
