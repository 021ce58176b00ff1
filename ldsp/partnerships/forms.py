"""Forms for the partnership pages."""

from __future__ import annotations

from django import forms

from ldsp.core.dates import GovukDateField
from ldsp.core.formfields import text_field, whole_number_field
from ldsp.core.limits import (
    INT_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    NARRATIVE_MAX,
    POSTCODE_MAX,
    UNIT_MAX,
    URL_MAX,
)
from ldsp.core.sectors import ORGANISATION_SECTORS
from ldsp.partnerships.models import Organisation, Partnership, Pledge


class PostcodeForm(forms.Form):
    postcode = text_field(
        noun="The postcode",
        max_length=POSTCODE_MAX,
        label="Postcode",
        help_text="A full postcode, like SW1A 1AA, or the first part, like S1.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
        error_messages={"required": "Enter a postcode"},
    )


class PartnershipForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=Partnership.Status.choices, widget=forms.RadioSelect
    )
    launched_on = GovukDateField(
        noun="Launch date",
        label="Launch date (optional)",
        required=False,
        help_text="For example, 18 4 2018",
    )
    summary = text_field(
        noun="The summary",
        max_length=NARRATIVE_MAX,
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contacts = text_field(
        noun="The contact details",
        max_length=MESSAGE_MAX,
        label="How to get in touch",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = text_field(
        noun="The web address",
        max_length=URL_MAX,
        field_class=forms.URLField,
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )


class JoinRequestForm(forms.Form):
    organisation_name = text_field(
        noun="The organisation name",
        max_length=NAME_MAX,
        label="Organisation name",
        error_messages={"required": "Enter the name of your organisation"},
    )
    sector = forms.ChoiceField(
        label="Which sector is it in?",
        choices=ORGANISATION_SECTORS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sector your organisation is in"},
    )
    website = text_field(
        noun="The web address",
        max_length=URL_MAX,
        field_class=forms.URLField,
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )
    message = text_field(
        noun="Your message",
        max_length=MESSAGE_MAX,
        label="What would you bring to the partnership? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclineForm(forms.Form):
    reason = text_field(
        noun="The reason",
        max_length=MESSAGE_MAX,
        label="Why are you declining?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person who asked will see this.",
        error_messages={"required": "Give a reason: the person who asked will see it"},
    )


class PledgeProgressForm(forms.Form):
    delivered = whole_number_field(
        noun="The number delivered",
        min_value=0,
        max_value=INT_MAX,
        label="Delivered so far",
        error_messages={
            "required": "Enter how many have been delivered",
            "min_value": "Delivered cannot be less than zero",
        },
    )
    status = forms.ChoiceField(label="Status", choices=Pledge.Status.choices, widget=forms.Select)


class PledgeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Which member is pledging?",
        queryset=Organisation.objects.none(),  # the partnership's members, set in __init__
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation making the pledge"},
    )
    description = text_field(
        noun="The pledge",
        max_length=NAME_MAX,
        label="What will they do?",
        help_text="For example, “Train people in digital skills”.",
        error_messages={"required": "Say what the pledge is"},
    )
    quantity = whole_number_field(
        noun="The number",
        min_value=1,
        max_value=INT_MAX,
        label="How many?",
        error_messages={"required": "Enter how many", "min_value": "Enter 1 or more"},
    )
    unit = text_field(
        noun="What is being counted",
        max_length=UNIT_MAX,
        label="Of what?",
        help_text="For example, “people” or “devices”.",
        error_messages={"required": "Say what is being counted"},
    )
    due_on = GovukDateField(
        noun="Due date",
        label="By when? (optional)",
        required=False,
        help_text="For example, 31 3 2027",
    )

    def __init__(self, *args: object, members: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    title = text_field(
        noun="The goal",
        max_length=NAME_MAX,
        label="Goal",
        error_messages={"required": "Enter the goal"},
    )
    measure = text_field(
        noun="The measure",
        max_length=NAME_MAX,
        label="How will you measure it?",
        error_messages={"required": "Say how you will measure it"},
    )
    target = whole_number_field(
        noun="The target",
        min_value=1,
        max_value=INT_MAX,
        label="Target",
        error_messages={"required": "Enter a target", "min_value": "Enter 1 or more"},
    )
