"""Forms for plays."""

from __future__ import annotations

from typing import Any

from django import forms

from ldsp.core.formfields import email_field, text_field
from ldsp.core.limits import (
    MESSAGE_MAX,
    NAME_MAX,
    NARRATIVE_MAX,
    ORGANISATIONS_MAX,
    SUMMARY_MAX,
)
from ldsp.partnerships.models import Partnership
from ldsp.places.models import Area
from ldsp.playbook.models import Section
from ldsp.plays.models import Audience, Level, Play, SkillArea


class PlayForm(forms.Form):
    """A play: the structured case study a contributor submits."""

    title = text_field(
        noun="The title",
        max_length=NAME_MAX,
        label="Title",
        error_messages={"required": "Enter a title"},
    )
    summary = text_field(
        noun="The summary",
        max_length=SUMMARY_MAX,
        label="Summary",
        help_text="One or two sentences.",
        error_messages={"required": "Enter a summary"},
    )
    area = forms.ModelChoiceField(
        label="Which area was it in?",
        queryset=Area.objects.none(),
        empty_label="Choose an area",
        error_messages={"required": "Choose the area"},
    )
    partnership = forms.ModelChoiceField(
        label="Which partnership was it part of? (optional)",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="Not part of a partnership",
    )
    organisations = text_field(
        noun="The list of organisations",
        max_length=ORGANISATIONS_MAX,
        label="Which organisations were involved?",
        error_messages={"required": "Say which organisations were involved"},
    )
    challenge = text_field(
        noun="The challenge",
        max_length=NARRATIVE_MAX,
        label="What was the challenge?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the challenge"},
    )
    approach = text_field(
        noun="What you did",
        max_length=NARRATIVE_MAX,
        label="What did you do?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe what you did"},
    )
    impact = text_field(
        noun="The difference it made",
        max_length=NARRATIVE_MAX,
        label="What difference did it make?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Give numbers where you can, like “120 people completed the course”.",
        error_messages={"required": "Describe the impact"},
    )
    lessons = text_field(
        noun="What you would tell others",
        max_length=NARRATIVE_MAX,
        label="What would you tell others?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Share what you learned"},
    )
    skill_areas = forms.MultipleChoiceField(
        label="Which Essential Digital Skills areas did it cover?",
        choices=SkillArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one skills area"},
    )
    levels = forms.MultipleChoiceField(
        label="At which levels?",
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one level"},
    )
    audiences = forms.MultipleChoiceField(
        label="Who was it for?",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who it was for"},
    )
    contact_email = email_field(
        label="Contact email",
        help_text="Only moderators see this.",
        required_message="Enter an email address",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            scheme__is_default=True
        ).order_by("name")
        self.fields["partnership"].queryset = Partnership.objects.order_by("name")  # type: ignore[attr-defined]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            (Play.Status.PUBLISHED, "Publish it"),
            (Play.Status.CHANGES_REQUESTED, "Ask the author for changes"),
            (Play.Status.DECLINED, "Decline it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the play"},
    )
    notes = text_field(
        noun="The notes",
        max_length=MESSAGE_MAX,
        label="Notes for the author",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you ask for changes or decline. The author is emailed them.",
    )
    sections: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Which Playbook sections does it illustrate? (optional)",
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = (  # type: ignore[attr-defined]
            Section.objects.filter(removed_at__isnull=True, parent__isnull=False)
            .select_related("current_revision")
            .order_by("playbook", "position")
        )
        self.fields["sections"].label_from_instance = lambda s: s.title  # type: ignore[attr-defined]
