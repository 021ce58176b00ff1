"""Reference geography: areas (grouped in schemes such as "LEP 2020"), local authority
districts and postcode districts, loaded from the open data in ``data/``."""

from __future__ import annotations

from django.db import models


class AreaScheme(models.Model):
    """A way of dividing England into areas, such as the 38 LEP areas of April 2020."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return "/areas/"


class LocalAuthority(models.Model):
    """A local authority district (December 2022 boundaries)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=120)
    latitude = models.FloatField()
    longitude = models.FloatField()
    boundary = models.JSONField(help_text="GeoJSON geometry (simplified).")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/areas/#la-{self.code}"


class Area(models.Model):
    """One area of a scheme (such as a LEP area), made of local authority districts."""

    scheme = models.ForeignKey(AreaScheme, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    boundary = models.JSONField(help_text="GeoJSON geometry (simplified), for the map.")
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="areas", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="area_code_unique"),
            models.UniqueConstraint(fields=["scheme", "slug"], name="area_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/partnerships/?area={self.slug}"


class PostcodeDistrict(models.Model):
    """The outward part of a postcode ("S1"), its centroid, and where that falls."""

    code = models.CharField(max_length=4, unique=True)
    postcode_area = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(default=0)
    active_postcodes = models.PositiveIntegerField(default=0)
    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postcode_districts",
        help_text="Precomputed by point-in-polygon; empty outside England.",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return f"/areas/?postcode={self.code}"
