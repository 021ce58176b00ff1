"""People's profiles and personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ldsp.core.sectors import Sector

# How people appear when they have not chosen a name, and when their account is gone.
# The neutral name uses the account's number, never anything from the email address,
# which is private.
MEMBER_NAME = "Member {number}"
FORMER_MEMBER = "Former member"


def name_to_show(display_name: str, user_id: int | None) -> str:
    """The one rule for showing a person: their chosen name, else "Member <number>"."""
    if display_name.strip():
        return display_name.strip()
    if user_id is None:
        return FORMER_MEMBER
    return MEMBER_NAME.format(number=user_id)


class Profile(models.Model):
    """What a person tells us about themselves: how to show their name and where they work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown next to your contributions."
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=32, choices=Sector.choices, blank=True)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the person works, for counting participation by area.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name", "user__email"]
        permissions = [
            ("contribute", "Can suggest changes, comment and submit plays"),
            ("review_contributions", "Can review and decide on contributions"),
            ("edit_content", "Can edit and publish content directly"),
            ("coordinate_partnership", "Can run a partnership"),
            ("manage_roles", "Can change people's roles"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def name(self) -> str:
        """The name to show: the display name, else "Member <number>" (never the email)."""
        return name_to_show(self.display_name, self.user_id)


class ApiToken(models.Model):
    """A personal API token. Only its digest is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="What the token is for.")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} (ldsp_{self.prefix}_…)"

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile") + "#api-tokens"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def masked(self) -> str:
        """How the token is shown after creation: enough to recognise, not to use."""
        return f"ldsp_{self.prefix}_…"
