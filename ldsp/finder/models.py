"""Where to get digital-skills help: centres, what they offer, and dated courses."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.facets import facet_bits
from ldsp.finder.vocabulary import Format

__all__ = [
    "Audience",
    "Centre",
    "CentreImport",
    "CentreLanguage",
    "ChangeReport",
    "CourseSession",
    "Format",
    "Level",
    "Offer",
    "OfferTag",
    "OpeningSlot",
    "SkillArea",
]

# A centre not checked for this long is flagged to coordinators and the public.
STALE_AFTER = datetime.timedelta(days=365)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Centre(models.Model):
    """A place where help is given: a library, Online Centre, college, job centre or hub."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Open"
        TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    organisation = models.ForeignKey(
        "partnerships.Organisation", on_delete=models.PROTECT, related_name="centres"
    )
    description = models.TextField(blank=True)
    address = models.TextField(help_text="Street address, one part a line, without postcode.")
    postcode = models.CharField(max_length=8, help_text="As formatted, e.g. S1 2BX.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    location_is_approximate = models.BooleanField(
        default=True,
        help_text="True when the point is the postcode district's centre, not the building.",
    )
    postcode_district = models.ForeignKey(
        "places.PostcodeDistrict", on_delete=models.PROTECT, related_name="centres"
    )
    local_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.PROTECT, related_name="centres"
    )
    opening_note = models.CharField(
        max_length=300, blank=True, help_text="e.g. Closed on bank holidays."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True, help_text="Public: shown on the centre's page.")
    website = models.URLField(blank=True)
    step_free = models.BooleanField(default=False, verbose_name="Step-free access")
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl = models.BooleanField(default=False, verbose_name="British Sign Language")
    assistive_technology = models.BooleanField(
        default=False, verbose_name="Large-print or screen-reader equipment"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    last_checked_on = models.DateField()
    source = models.CharField(
        max_length=60, blank=True, help_text="Where an imported centre came from."
    )
    source_id = models.CharField(max_length=120, blank=True, help_text="Its id there.")
    is_demo = models.BooleanField(default=False, help_text="Invented for the demo.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            # The nearest search asks for a latitude range first, then longitude.
            models.Index(fields=["latitude", "longitude"], name="centre_location_idx"),
            models.Index(fields=["local_authority", "status"], name="centre_authority_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180)
                & ~Q(latitude=0, longitude=0),
                name="centre_location_real",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="centre_source_id_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finder:centre", args=[self.slug])

    @property
    def is_stale(self) -> bool:
        return self.last_checked_on < datetime.date.today() - STALE_AFTER

    @property
    def accessibility_labels(self) -> list[str]:
        return [
            str(cast(models.Field, self._meta.get_field(name)).verbose_name).capitalize()
            for name in ACCESSIBILITY_FIELDS
            if getattr(self, name)
        ]


ACCESSIBILITY_FIELDS = (
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "bsl",
    "assistive_technology",
)


class OpeningSlot(models.Model):
    """One stretch of regular weekly opening: Tuesday 10:00 to 12:30."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="opening_slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["centre", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="opening_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_weekday_real"
            ),
            models.UniqueConstraint(
                fields=["centre", "weekday", "opens_at"], name="opening_slot_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def get_absolute_url(self) -> str:
        return self.centre.get_absolute_url() + "#opening-times"


class CentreLanguage(models.Model):
    """A language help is given in, by its ISO 639-1 code (see ``finder.vocabulary``)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=8)

    class Meta:
        ordering = ["centre", "code"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "code"], name="centre_language_once")
        ]
        indexes = [models.Index(fields=["code"], name="centre_language_code_idx")]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return self.centre.get_absolute_url()


class Offer(models.Model):
    """One kind of help a centre gives; with sessions, it is a course."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    skill_areas = models.JSONField(default=list, blank=True)
    levels = models.JSONField(default=list, blank=True)
    specialist_skills = models.CharField(
        max_length=200, blank=True, help_text="e.g. Cyber security, Data analysis."
    )
    formats = models.JSONField(default=list, blank=True)
    audiences = models.JSONField(default=list, blank=True)
    is_free = models.BooleanField(default=True)
    cost = models.CharField(max_length=120, blank=True, help_text="When not free, e.g. £5 a week.")
    lends_devices = models.BooleanField(default=False, verbose_name="Devices to borrow")
    gives_devices = models.BooleanField(default=False, verbose_name="Devices to keep")
    free_data = models.BooleanField(default=False, verbose_name="Free mobile data or SIMs")
    computers_and_wifi = models.BooleanField(default=False, verbose_name="Computers and wi-fi")
    booking_needed = models.BooleanField(default=False)
    facets = models.BigIntegerField(
        default=0, help_text="What the finder filters on, as bits: see finder.facets."
    )
    source_id = models.CharField(max_length=120, blank=True, help_text="Its id where imported.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["centre", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_free=True) | ~Q(cost=""), name="offer_cost_when_not_free"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search's bits must follow the answers however the row is saved (services,
        # the admin, factories), or the finder would filter on stale facts.
        self.facets = self.facets_now()
        fields = kwargs.get("update_fields")
        if fields is not None and "facets" not in fields:
            kwargs["update_fields"] = [*fields, "facets"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.centre.get_absolute_url() + f"#offer-{self.pk}"

    def facets_now(self) -> int:
        """The bits the nearest search filters on, from the answers (see ``finder.facets``)."""
        return facet_bits(
            skill_areas=self.skill_areas,
            levels=self.levels,
            formats=self.formats,
            audiences=self.audiences,
            is_free=self.is_free,
            devices=self.lends_devices or self.gives_devices,
            free_data=self.free_data,
        )

    @property
    def skill_area_labels(self) -> list[str]:
        return [str(SkillArea(v).label) for v in self.skill_areas if v in SkillArea.values]

    @property
    def level_labels(self) -> list[str]:
        return [str(Level(v).label) for v in self.levels if v in Level.values]

    @property
    def format_labels(self) -> list[str]:
        return [str(Format(v).label) for v in self.formats if v in Format.values]

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(v).label) for v in self.audiences if v in Audience.values]


class OfferTag(models.Model):
    """One tag of an offer (skill area, level, format, audience), kept as rows so the
    finder can filter on any database; written by the offer service with the lists."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16)
    value = models.CharField(max_length=32)

    class Meta:
        ordering = ["offer", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "kind", "value"], name="offer_tag_once")
        ]
        indexes = [models.Index(fields=["kind", "value"], name="offer_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"

    def get_absolute_url(self) -> str:
        return self.offer.get_absolute_url()


class CourseSession(models.Model):
    """A dated run of a course offer, with the places still free."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    places = models.PositiveIntegerField()
    places_left = models.PositiveIntegerField()

    class Meta:
        ordering = ["offer", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="course_ends_after_starts"
            ),
            models.CheckConstraint(
                condition=Q(places_left__lte=F("places")), name="course_places_left_fit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} on {self.starts_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return self.offer.get_absolute_url()


class ChangeReport(models.Model):
    """Someone tells the partnership that a centre's details are wrong."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="change_reports")
    message = models.TextField()
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True, help_text="Private: seen only by coordinators.")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="centre_change_reports",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Change to {self.centre} reported {self.created_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("admin:finder_changereport_change", args=[self.pk])


class CentreImport(models.Model):
    """An uploaded file of centres, checked and previewed; written only when confirmed."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV (LDSP Hub template)"
        OPEN_REFERRAL = "openreferral", "Open Referral UK JSON"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="centre_imports",
    )
    file_name = models.CharField(max_length=200)
    format = models.CharField(max_length=16, choices=Format.choices)
    content = models.TextField(help_text="The file as uploaded.")
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    report = models.JSONField(default=dict, blank=True, help_text="The row-by-row preview.")
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("finder:import_preview", args=[self.pk])
