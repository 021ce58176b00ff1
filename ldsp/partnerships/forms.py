"""Forms for the partnership pages."""

from __future__ import annotations

from django import forms

from ldsp.core.sectors import Sector
from ldsp.partnerships.models import Organisation, Partnership, Pledge


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label="Postcode",
        max_length=20,
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
    launched_on = forms.DateField(
        label="Launched on (optional)",
        required=False,
        help_text="For example, 2018-04-18.",
        error_messages={"invalid": "Enter a real date, like 2018-04-18"},
    )
    summary = forms.CharField(
        label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    contacts = forms.CharField(
        label="How to get in touch", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.URLField(
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )


class JoinRequestForm(forms.Form):
    organisation_name = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={"required": "Enter the name of your organisation"},
    )
    sector = forms.ChoiceField(
        label="Which sector is it in?",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the sector your organisation is in"},
    )
    website = forms.URLField(
        assume_scheme="https",
        label="Website (optional)",
        required=False,
        error_messages={"invalid": "Enter a web address, like https://example.org"},
    )
    message = forms.CharField(
        label="What would you bring to the partnership? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person who asked will see this.",
        error_messages={"required": "Give a reason: the person who asked will see it"},
    )


class PledgeProgressForm(forms.Form):
    delivered = forms.IntegerField(
        label="Delivered so far",
        min_value=0,
        error_messages={
            "required": "Enter how many have been delivered",
            "min_value": "Delivered cannot be less than zero",
            "invalid": "Enter a whole number",
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
    description = forms.CharField(
        label="What will they do?",
        max_length=200,
        help_text="For example, “Train people in digital skills”.",
        error_messages={"required": "Say what the pledge is"},
    )
    quantity = forms.IntegerField(
        label="How many?",
        min_value=1,
        error_messages={"required": "Enter how many", "min_value": "Enter 1 or more"},
    )
    unit = forms.CharField(
        label="Of what?",
        max_length=60,
        help_text="For example, “people” or “devices”.",
        error_messages={"required": "Say what is being counted"},
    )
    due_on = forms.DateField(
        label="By when? (optional)",
        required=False,
        help_text="For example, 2027-03-31.",
        error_messages={"invalid": "Enter a real date, like 2027-03-31"},
    )

    def __init__(self, *args: object, members: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = members  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    title = forms.CharField(
        label="Goal", max_length=200, error_messages={"required": "Enter the goal"}
    )
    measure = forms.CharField(
        label="How will you measure it?",
        max_length=200,
        error_messages={"required": "Say how you will measure it"},
    )
    target = forms.IntegerField(
        label="Target",
        min_value=1,
        error_messages={"required": "Enter a target", "min_value": "Enter 1 or more"},
    )
