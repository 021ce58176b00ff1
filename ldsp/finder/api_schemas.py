"""The shapes the finder's API reads and writes: centres, and Open Referral UK services.

Every input has a limit (``ldsp.core.apitypes``), so a value out of range is a 422
before any view code runs.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from ldsp.core.apitypes import Email, Message, Name, Slug, refuse_null_characters
from ldsp.core.limits import POSTCODE_MAX, URL_MAX
from ldsp.finder.models import Centre

_NO_NUL = AfterValidator(refuse_null_characters)

Postcode = Annotated[str, Field(max_length=POSTCODE_MAX), _NO_NUL]
Website = Annotated[str, Field(max_length=URL_MAX, pattern=r"^https?://[^\s]+$"), _NO_NUL]
Phone = Annotated[str, Field(max_length=40), _NO_NUL]
Note = Annotated[str, Field(max_length=300), _NO_NUL]
Language = Annotated[str, Field(max_length=8), _NO_NUL]


def _time_of(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("time", "Enter a time like 09:30.") from None


def _date_of(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "Enter a real date like 2026-03-01.") from None


# Times and dates are read from bounded text, so every input has a limit.
Time = Annotated[
    str,
    Field(max_length=8, pattern=r"^\d{2}:\d{2}(:\d{2})?$", description="HH:MM, local time."),
    AfterValidator(_time_of),
]
Date = Annotated[
    str,
    Field(max_length=10, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD."),
    AfterValidator(_date_of),
]


class Weekday(StrEnum):
    """Days of the week as the API spells them."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        return list(Weekday).index(self)


# --- centres: out ----------------------------------------------------------------------------


class OpeningOut(Schema):
    weekday: Weekday
    opens_at: str = Field(..., description="HH:MM, local time.")
    closes_at: str


class SessionOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    places: int
    places_left: int


class OfferOut(Schema):
    id: int
    service_id: str = Field(..., description="Its id in the Open Referral UK API.")
    title: str
    description: str
    skill_areas: list[str]
    levels: list[str]
    specialist_skills: str
    formats: list[str]
    audiences: list[str]
    is_free: bool
    cost: str
    lends_devices: bool
    gives_devices: bool
    free_data: bool
    computers_and_wifi: bool
    booking_needed: bool
    sessions: list[SessionOut] = Field(..., description="Dated sessions, if it is a course.")


class AccessibilityOut(Schema):
    step_free: bool
    accessible_toilet: bool
    hearing_loop: bool
    bsl: bool
    assistive_technology: bool


class CentreOut(Schema):
    slug: str
    name: str
    url: str
    organisation: str = Field(..., description="The organisation's slug.")
    organisation_name: str
    description: str
    address: str
    postcode: str
    local_authority: str
    latitude: float
    longitude: float
    location_is_approximate: bool = Field(
        ..., description="True when the point is the postcode district's centre."
    )
    opening_times: list[OpeningOut]
    opening_note: str
    phone: str
    email: str
    website: str
    accessibility: AccessibilityOut
    languages: list[str] = Field(..., description="ISO 639-1 codes (sgn: British Sign Language).")
    status: str
    last_checked_on: datetime.date
    not_checked_for_a_year: bool
    distance_km: float | None = Field(
        None, description="From the place searched near, when the search was near a place."
    )
    offers: list[OfferOut] = Field(
        ..., description="In a filtered list, only the offers that match the filters."
    )


# --- centres: in -----------------------------------------------------------------------------


class OpeningIn(Schema):
    weekday: Weekday
    opens_at: Time
    closes_at: Time


class CentreIn(Schema):
    """A whole centre, as created (POST) or replaced (PUT)."""

    name: Name = Field(..., min_length=1)
    organisation: Slug = Field(..., description="The slug of an existing organisation.")
    address: Message = Field(..., min_length=1, description="Street address, one part a line.")
    postcode: Postcode = Field(..., description="The full postcode, e.g. S1 2BX.")
    description: Message = ""
    opening_times: list[OpeningIn] = Field(default_factory=list, max_length=50)
    opening_note: Note = ""
    phone: Phone = ""
    email: Email | None = Field(None, description="Public: shown on the centre's page.")
    website: Website | None = None
    step_free: bool = False
    accessible_toilet: bool = False
    hearing_loop: bool = False
    bsl: bool = False
    assistive_technology: bool = False
    languages: list[Language] = Field(default_factory=list, max_length=40)
    status: Centre.Status = Centre.Status.ACTIVE
    last_checked_on: Date | None = Field(
        None, description="When its details were last confirmed; today if not given."
    )


class CentrePatch(Schema):
    """Only the answers to change; every other one is kept."""

    name: Name | None = Field(None, min_length=1)
    organisation: Slug | None = None
    address: Message | None = Field(None, min_length=1)
    postcode: Postcode | None = None
    description: Message | None = None
    opening_times: list[OpeningIn] | None = Field(None, max_length=50)
    opening_note: Note | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: Website | None = None
    step_free: bool | None = None
    accessible_toilet: bool | None = None
    hearing_loop: bool | None = None
    bsl: bool | None = None
    assistive_technology: bool | None = None
    languages: list[Language] | None = Field(None, max_length=40)
    status: Centre.Status | None = None
    last_checked_on: Date | None = None


class FieldErrorOut(Schema):
    """A refused write: why, and which answer is at fault (empty when it is not one)."""

    detail: str
    field: str = ""


# --- Open Referral UK ------------------------------------------------------------------------


class TaxonomyOut(Schema):
    id: str
    name: str
    vocabulary: str
    parent: str | None = None


class ServiceOut(Schema):
    """A full Open Referral UK service (see ``finder/schemas/openreferral_service.schema.json``)."""

    id: str
    name: str
    description: str
    url: str
    email: str | None = None
    status: str
    fees: str
    deliverable_type: str
    attending_type: str
    attending_access: str
    assured_date: str
    organization: dict[str, Any]
    service_at_locations: list[dict[str, Any]]
    regular_schedules: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    cost_options: list[dict[str, Any]]
    languages: list[dict[str, Any]]
    service_taxonomys: list[dict[str, Any]]


class ServicePageOut(Schema):
    """A page of services, paged as the profile's API pages them."""

    totalElements: int
    totalPages: int
    number: int = Field(..., description="This page, counting from 1.")
    size: int = Field(..., description="Services on a full page.")
    first: bool
    last: bool
    content: list[ServiceOut]


class TaxonomyPageOut(Schema):
    totalElements: int
    totalPages: int
    number: int
    size: int
    first: bool
    last: bool
    content: list[TaxonomyOut]
