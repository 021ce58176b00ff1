"""The partnership network: who works together where, what they plan and pledge."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from ldsp.core.sectors import Sector
from ldsp.partnerships.names import NORMALISED_NAME_MAX, organisation_name_normalise
from ldsp.places.models import Area


class Organisation(models.Model):
    """A council, LEP, tech company, Online Centre, college, charity, department or employer."""

    name = models.CharField(max_length=200)
    normalised_name = models.CharField(
        max_length=NORMALISED_NAME_MAX,
        editable=False,
        help_text="The name as matched: see ldsp.partnerships.names.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    website = models.URLField(blank=True)
    areas = models.ManyToManyField(Area, related_name="organisations", blank=True)
    is_demo = models.BooleanField(default=False, help_text="Invented for the demo.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["normalised_name"], name="organisation_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The matching key must follow the name however the row is saved (services, admin,
        # factories), or a renamed organisation would keep being found by its old name.
        self.normalised_name = organisation_name_normalise(self.name)
        _save_with_key("name", "normalised_name", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partnerships:organisation", args=[self.slug])

    def clean(self) -> None:
        # The form in the admin has no normalised_name field, so its own constraint check
        # skips it; this turns a clash into a message instead of a database error.
        same = (
            Organisation.objects.filter(normalised_name=organisation_name_normalise(self.name))
            .exclude(pk=self.pk)
            .first()
        )
        if self.name and same is not None:
            raise ValidationError(
                {"name": f"{same.name} has the same name. Use that organisation instead."}
            )


def _save_with_key(source: str, key: str, kwargs: dict[str, Any]) -> None:
    """When a save names ``source`` in ``update_fields``, save its derived ``key`` too."""
    fields = kwargs.get("update_fields")
    if fields is not None and source in fields and key not in fields:
        kwargs["update_fields"] = [*fields, key]


class Partnership(models.Model):
    """A Local Digital Skills Partnership covering one or more areas."""

    class Status(models.TextChoices):
        EXPLORING = "exploring", "Exploring"
        FORMING = "forming", "Forming"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXPLORING)
    launched_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    contacts = models.TextField(blank=True, help_text="How to get in touch.")
    website = models.URLField(blank=True)
    areas = models.ManyToManyField(Area, related_name="partnerships")
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_partnerships", blank=True
    )
    is_demo = models.BooleanField(default=False, help_text="Invented for the demo.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership", args=[self.slug])


class Membership(models.Model):
    """An organisation's place in a partnership."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        COORDINATOR = "coordinator", "Coordinator"
        STEERING_GROUP = "steering_group", "Steering group"
        MEMBER = "member", "Member"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="member_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url() + "#members"


class JoinRequest(models.Model):
    """An organisation asks to join a partnership; a coordinator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation_name = models.CharField(max_length=200)
    normalised_name = models.CharField(
        max_length=NORMALISED_NAME_MAX,
        editable=False,
        help_text="The organisation's name as matched: see ldsp.partnerships.names.",
    )
    sector = models.CharField(max_length=32, choices=Sector.choices)
    website = models.URLField(blank=True)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # The organisation is only linked when a request is approved, so a waiting
            # request is one per partnership and organisation *name*, as matched.
            models.UniqueConstraint(
                fields=["partnership", "normalised_name"],
                condition=models.Q(status="pending"),
                name="join_request_pending_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} asks to join {self.partnership}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # As for Organisation: the key always follows the name it is derived from.
        self.normalised_name = organisation_name_normalise(self.organisation_name)
        _save_with_key("organisation_name", "normalised_name", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partnerships:join_requests", args=[self.partnership.slug])


class Goal(models.Model):
    """A goal in a partnership's action plan, with how it is measured."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=200)
    target = models.PositiveIntegerField()
    achieved = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "position"], name="goal_position_once")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url() + "#plan"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target)) if self.target else 0


class Action(models.Model):
    """A step in the action plan: who does it, by when, and how far it has got."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        BLOCKED = "blocked", "Blocked"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")

    class Meta:
        ordering = ["partnership", "due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url() + "#plan"


class Pledge(models.Model):
    """An organisation's commitment, such as "train 1,000 people", and progress towards it."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        MET = "met", "Met"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    description = models.CharField(max_length=200, help_text='For example "train people".')
    quantity = models.PositiveIntegerField()
    unit = models.CharField(max_length=60, help_text='For example "people" or "devices".')
    delivered = models.PositiveIntegerField(default=0)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ON_TRACK)

    class Meta:
        ordering = ["partnership", "organisation__name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.description} ({self.quantity:,} {self.unit})"

    def get_absolute_url(self) -> str:
        return self.partnership.get_absolute_url() + "#pledges"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.delivered / self.quantity)) if self.quantity else 0


class PartnershipMessage(models.Model):
    """A message sent to a partnership's coordinators through its contact form.

    The sender's address is kept for the coordinators' replies and for staff; it is
    never shown on a public page.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnership_messages",
        help_text="Empty when the sender was not signed in.",
    )
    sender_name = models.CharField(max_length=200)
    sender_email = models.EmailField(help_text="Where the coordinators' replies go.")
    message = models.TextField()
    recipients = models.PositiveSmallIntegerField(
        default=0, help_text="How many coordinators it was sent to."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Message to {self.partnership} from {self.sender_name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:partnerships_partnershipmessage_change", args=[self.pk])
