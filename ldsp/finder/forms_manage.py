"""The forms coordinators fill in to keep centres, offers and course sessions up to date.

Each form turns answers into the details dataclass its service takes; the service
checks the rules again (a script or an import can call it too), and a refusal it
raises is put back beside the field it names.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from ldsp.core.dates import GovukDateField
from ldsp.core.formfields import email_field, text_field, whole_number_field
from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.core.templatetags.govuk import render_component
from ldsp.finder.models import ACCESSIBILITY_FIELDS, Centre, Format, Offer, Weekday
from ldsp.finder.services import CentreDetails, OfferDetails
from ldsp.finder.vocabulary import LANGUAGE_CHOICES
from ldsp.partnerships.models import Organisation

# Two stretches a day cover "Monday morning" and "Monday afternoon"; a centre imported
# with more gets as many rows as it needs, so editing never drops one.
SLOTS_PER_DAY = 2

TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def time_from_text(text: str) -> datetime.time | None:
    """A time typed as 09:30, 9:30, 9.30, 14:00, 2pm or 2:30pm; None if it is not one."""
    match = TIME_PATTERN.match(text.strip().replace(" ", "").lower())
    if not match:
        return None
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        # A bare number such as "9" is ambiguous between morning and evening.
        return None
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        return None
    return datetime.time(hours, minutes)


def slot_field_names(weekday: int, number: int) -> tuple[str, str]:
    """The form's names for one stretch of a day: ``monday_opens``, ``monday_closes_2``."""
    day = Weekday(weekday).name.lower()
    suffix = "" if number == 1 else f"_{number}"
    return f"{day}_opens{suffix}", f"{day}_closes{suffix}"


def _time_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"class": "govuk-input--width-5", "inputmode": "text", "spellcheck": "false"}
    )


# The centre's accessibility flags, worded as the public page words them.
ACCESSIBILITY_CHOICES = [
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("hearing_loop", "Hearing loop"),
    ("bsl", "British Sign Language"),
    ("assistive_technology", "Large-print or screen-reader equipment"),
]


class CentreForm(forms.Form):
    """Everything about a centre a coordinator can set (``CentreDetails``)."""

    name = text_field(
        noun="The centre's name",
        max_length=200,
        label="Centre name",
        error_messages={"required": "Enter the centre's name"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation that runs it",
        help_text="It is listed with the centre and on the organisation's page.",
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation that runs the centre",
            "invalid_choice": "Choose one of the organisations in the list",
        },
    )
    description = text_field(
        noun="The description",
        max_length=2000,
        label="What happens there (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    address = text_field(
        noun="The address",
        max_length=500,
        label="Address",
        help_text="One part a line, without the postcode.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the centre's address"},
    )
    postcode = text_field(
        noun="The postcode",
        max_length=10,
        label="Postcode",
        help_text="The map and the distances people see come from it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": "Enter the centre's postcode"},
    )
    opening_note = text_field(
        noun="The note on opening times",
        max_length=300,
        label="Note on opening times (optional)",
        help_text="For example, closed on bank holidays.",
        required=False,
    )
    phone = text_field(
        noun="The phone number",
        max_length=40,
        label="Phone (optional)",
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "off", "type": "tel"}
        ),
    )
    email = email_field(
        label="Email address (optional)",
        help_text="Shown to the public on the centre's page.",
    )
    website = text_field(
        noun="The website address",
        max_length=200,
        field_class=forms.URLField,
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a website address in the correct format, like https://www.example.org"
        },
    )
    accessibility = forms.MultipleChoiceField(
        choices=ACCESSIBILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Accessibility",
        help_text="Select all that the centre has.",
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Languages help is given in",
        help_text="Select all that apply.",
    )
    status = forms.ChoiceField(
        choices=Centre.Status.choices,
        widget=forms.RadioSelect,
        label="Is it open?",
        error_messages={"required": "Choose whether the centre is open or closed"},
    )
    last_checked_on = GovukDateField(
        noun="The date the details were last checked",
        latest=timezone.localdate,
        label="When were these details last checked?",
        help_text="For example, 27 3 2025. Centres not checked for a year are flagged.",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        slots_per_day: int = SLOTS_PER_DAY,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.slots_per_day = slots_per_day
        for weekday, label in Weekday.choices:
            for number in range(1, slots_per_day + 1):
                opens, closes = slot_field_names(weekday, number)
                again = "" if number == 1 else " again"
                self.fields[opens] = forms.CharField(
                    label=f"Opens{again}", required=False, widget=_time_input(), max_length=10
                )
                self.fields[closes] = forms.CharField(
                    label=f"Closes{again}", required=False, widget=_time_input(), max_length=10
                )
                self.fields[opens].day_label = label  # type: ignore[attr-defined]

    # --- the layout the template draws ---------------------------------------------------

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("name", "organisation", "description", "address", "postcode")
        ]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("phone", "email", "website")]

    @property
    def opening_days(self) -> list[SafeString]:
        """Each weekday as one group of boxes (drawn like GOV.UK's date input: the day's
        boxes side by side, and one message above them naming what is wrong)."""
        return [self._day_component(weekday, str(label)) for weekday, label in Weekday.choices]

    def _day_component(self, weekday: int, day: str) -> SafeString:
        fields = [
            self[name]
            for number in range(1, self.slots_per_day + 1)
            for name in slot_field_names(weekday, number)
        ]
        errors = [str(error) for field in fields for error in field.errors]
        items = [
            {
                "id": field.auto_id,
                "name": field.html_name,
                "label": str(field.label),
                "value": field.value() or "",
                "inputmode": "text",
                "attributes": {"spellcheck": "false"},
                "classes": "govuk-input--width-5" + (" govuk-input--error" if field.errors else ""),
            }
            for field in fields
        ]
        return render_component(
            "date-input",
            {
                "id": f"opening-{day.lower()}",
                "fieldset": {
                    "legend": {"text": day, "classes": "govuk-fieldset__legend--s"},
                },
                "errorMessage": {"text": " ".join(errors)} if errors else None,
                "formGroup": {"classes": "ldsp-manage-day"},
                "items": items,
            },
        )

    # --- checking ----------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        slots: list[tuple[int, datetime.time, datetime.time]] = []
        for weekday, day in Weekday.choices:
            previous_close: datetime.time | None = None
            for number in range(1, self.slots_per_day + 1):
                slot = self._clean_slot(data, weekday, str(day), number, previous_close)
                if slot is not None:
                    slots.append((weekday, *slot))
                    previous_close = slot[1]
        data["opening_slots"] = slots
        return data

    def _clean_slot(
        self,
        data: dict[str, Any],
        weekday: int,
        day: str,
        number: int,
        previous_close: datetime.time | None,
    ) -> tuple[datetime.time, datetime.time] | None:
        opens_name, closes_name = slot_field_names(weekday, number)
        opens_text, closes_text = data.get(opens_name, ""), data.get(closes_name, "")
        if not opens_text and not closes_text:
            return None
        opens, closes = time_from_text(opens_text or ""), time_from_text(closes_text or "")
        problem = False
        if not opens_text:
            self.add_error(opens_name, f"Enter the time the centre opens on {day}")
            problem = True
        elif opens is None:
            self.add_error(
                opens_name, f"Enter the time it opens on {day} in hours and minutes, like 09:30"
            )
            problem = True
        if not closes_text:
            self.add_error(closes_name, f"Enter the time the centre closes on {day}")
            problem = True
        elif closes is None:
            self.add_error(
                closes_name, f"Enter the time it closes on {day} in hours and minutes, like 17:00"
            )
            problem = True
        if problem or opens is None or closes is None:
            return None
        if closes <= opens:
            self.add_error(
                closes_name,
                f"The closing time on {day} must be after the opening time, {opens:%H:%M}",
            )
            return None
        if previous_close is not None and opens < previous_close:
            self.add_error(
                opens_name,
                f"On {day} it must open again after it closes at {previous_close:%H:%M}",
            )
            return None
        return opens, closes

    def clean_address(self) -> str:
        return _one_kind_of_line_break(self.cleaned_data["address"])

    def clean_description(self) -> str:
        return _one_kind_of_line_break(self.cleaned_data["description"])

    def details(self, centre: Centre | None = None) -> CentreDetails:
        """The answers as the service takes them. An existing centre keeps where it came
        from, and its exact point unless the postcode changed (the point would be wrong)."""
        data = self.cleaned_data
        ticked = set(data["accessibility"])
        latitude = longitude = None
        if (
            centre is not None
            and not centre.location_is_approximate
            and _same_postcode(centre.postcode, data["postcode"])
        ):
            latitude, longitude = centre.latitude, centre.longitude
        return CentreDetails(
            name=data["name"],
            organisation=data["organisation"],
            address=data["address"],
            postcode=data["postcode"],
            description=data["description"],
            opening_note=data["opening_note"],
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
            status=data["status"],
            last_checked_on=data["last_checked_on"],
            opening_slots=data["opening_slots"],
            languages=list(data["languages"]),
            latitude=latitude,
            longitude=longitude,
            source=centre.source if centre is not None else "",
            source_id=centre.source_id if centre is not None else "",
            **{name: name in ticked for name in ACCESSIBILITY_FIELDS},
        )


def _one_kind_of_line_break(text: str) -> str:
    """Browsers send a textarea's lines with CR LF: store them as saved elsewhere, so a
    save that changes nothing is not recorded as a change of address."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _same_postcode(first: str, second: str) -> bool:
    return first.replace(" ", "").upper() == second.replace(" ", "").upper()


def centre_initial(centre: Centre) -> dict[str, Any]:
    """A centre's current details as the form's starting answers."""
    initial: dict[str, Any] = {
        name: getattr(centre, name)
        for name in (
            "name",
            "description",
            "address",
            "postcode",
            "opening_note",
            "phone",
            "email",
            "website",
            "status",
            "last_checked_on",
        )
    }
    initial["organisation"] = centre.organisation_id
    initial["accessibility"] = [name for name in ACCESSIBILITY_FIELDS if getattr(centre, name)]
    initial["languages"] = [language.code for language in centre.languages.all()]
    counts: dict[int, int] = {}
    for slot in centre.opening_slots.all():
        counts[slot.weekday] = counts.get(slot.weekday, 0) + 1
        opens, closes = slot_field_names(slot.weekday, counts[slot.weekday])
        initial[opens], initial[closes] = f"{slot.opens_at:%H:%M}", f"{slot.closes_at:%H:%M}"
    return initial


def slots_needed(centre: Centre | None) -> int:
    """Rows a day needs so every stretch of the centre's opening times shows."""
    if centre is None:
        return SLOTS_PER_DAY
    counts: dict[int, int] = {}
    for slot in centre.opening_slots.all():
        counts[slot.weekday] = counts.get(slot.weekday, 0) + 1
    return max([SLOTS_PER_DAY, *counts.values()])


# --- offers ------------------------------------------------------------------------------


def _choices_of(values: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in values]


EXTRAS = (
    ("lends_devices", "Devices to borrow"),
    ("gives_devices", "Devices to keep"),
    ("free_data", "Free mobile data or SIM cards"),
    ("computers_and_wifi", "Computers and wi-fi to use"),
)


class OfferForm(forms.Form):
    """One kind of help a centre gives (``OfferDetails``)."""

    title = text_field(
        noun="The name of the offer",
        max_length=200,
        label="What is it called?",
        help_text="For example, Drop-in help with phones and tablets.",
        error_messages={"required": "Enter what the offer is called"},
    )
    description = text_field(
        noun="The description",
        max_length=2000,
        label="Describe it (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    skill_areas = forms.MultipleChoiceField(
        choices=_choices_of(SkillArea.choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which Essential Digital Skills areas does it cover?",
        help_text="Select all that apply.",
    )
    levels = forms.MultipleChoiceField(
        choices=_choices_of(Level.choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="At which levels?",
        help_text="Select all that apply.",
    )
    specialist_skills = text_field(
        noun="The specialist skills",
        max_length=200,
        label="Specialist skills (optional)",
        help_text="For example, cyber security or data analysis.",
        required=False,
    )
    formats = forms.MultipleChoiceField(
        choices=_choices_of(Format.choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="How is help given?",
        help_text="Select all that apply.",
    )
    audiences = forms.MultipleChoiceField(
        choices=_choices_of(Audience.choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Who is it for?",
        help_text="Select all that apply.",
    )
    is_free = forms.ChoiceField(
        choices=[("yes", "Free"), ("no", "There is a cost")],
        widget=forms.RadioSelect,
        label="Is it free?",
        error_messages={"required": "Choose whether it is free"},
    )
    cost = text_field(
        noun="The cost",
        max_length=120,
        label="What does it cost? (if not free)",
        help_text="For example, £5 a week, or free for people on Universal Credit.",
        required=False,
    )
    extras = forms.MultipleChoiceField(
        choices=list(EXTRAS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What else does it give?",
        help_text="Select all that apply.",
    )
    booking_needed = forms.ChoiceField(
        choices=[("no", "No, people can drop in"), ("yes", "Yes, people need to book")],
        widget=forms.RadioSelect,
        label="Do people need to book?",
        error_messages={"required": "Choose whether people need to book"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("is_free") == "no" and not (data.get("cost") or "").strip():
            self.add_error("cost", "Say what it costs, or choose free")
        return data

    def details(self, offer: Offer | None = None) -> OfferDetails:
        data = self.cleaned_data
        extras = set(data["extras"])
        return OfferDetails(
            title=data["title"],
            description=data["description"],
            skill_areas=list(data["skill_areas"]),
            levels=list(data["levels"]),
            specialist_skills=data["specialist_skills"],
            formats=list(data["formats"]),
            audiences=list(data["audiences"]),
            is_free=data["is_free"] == "yes",
            cost=data["cost"] if data["is_free"] == "no" else "",
            booking_needed=data["booking_needed"] == "yes",
            source_id=offer.source_id if offer is not None else "",
            **{name: name in extras for name, _label in EXTRAS},
        )


def offer_initial(offer: Offer) -> dict[str, Any]:
    """An offer's current details as the form's starting answers."""
    return {
        "title": offer.title,
        "description": offer.description,
        "skill_areas": list(offer.skill_areas),
        "levels": list(offer.levels),
        "specialist_skills": offer.specialist_skills,
        "formats": list(offer.formats),
        "audiences": list(offer.audiences),
        "is_free": "yes" if offer.is_free else "no",
        "cost": offer.cost,
        "extras": [name for name, _label in EXTRAS if getattr(offer, name)],
        "booking_needed": "yes" if offer.booking_needed else "no",
    }


# --- course sessions ----------------------------------------------------------------------


class SessionForm(forms.Form):
    """A dated session of a course, with its places."""

    held_on = GovukDateField(
        noun="The date of the session",
        earliest=timezone.localdate,
        label="Date",
        help_text="For example, 14 10 2025.",
    )
    starts_at = forms.CharField(
        label="Starts at",
        help_text="For example, 10:00 or 2pm.",
        widget=_time_input(),
        max_length=10,
        error_messages={"required": "Enter the time the session starts"},
    )
    ends_at = forms.CharField(
        label="Ends at",
        help_text="On the same day.",
        widget=_time_input(),
        max_length=10,
        error_messages={"required": "Enter the time the session ends"},
    )
    places = whole_number_field(
        noun="The number of places",
        min_value=1,
        max_value=10_000,
        label="Places in all",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many places the session has"},
    )
    places_left = whole_number_field(
        noun="The places left",
        min_value=0,
        max_value=10_000,
        label="Places left",
        help_text="How many are still free to book.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many places are left"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, word in (("starts_at", "starts"), ("ends_at", "ends")):
            text = data.get(name)
            if text:
                value = time_from_text(text)
                if value is None:
                    self.add_error(
                        name,
                        f"Enter the time the session {word} in hours and minutes, like 10:00",
                    )
                else:
                    data[f"{name}_time"] = value
        starts, ends = data.get("starts_at_time"), data.get("ends_at_time")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", f"The session must end after it starts, at {starts:%H:%M}")
        places, left = data.get("places"), data.get("places_left")
        if places is not None and left is not None and left > places:
            self.add_error(
                "places_left", f"Places left must be {places} or fewer, the places in all"
            )
        return data

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """When the session starts and ends, in the site's time zone."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        day: datetime.date = data["held_on"]
        return (
            datetime.datetime.combine(day, data["starts_at_time"], tzinfo=zone),
            datetime.datetime.combine(day, data["ends_at_time"], tzinfo=zone),
        )
