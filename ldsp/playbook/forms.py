"""Forms for editing sections and publishing releases."""

from __future__ import annotations

from django import forms


class SectionEditForm(forms.Form):
    """An editor's change to one section."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text="Markdown: ### for a sub-heading, - for a bullet, **bold**, [link](https://…).",
    )
    message = forms.CharField(
        label="What did you change?",
        max_length=300,
        help_text="A short note for the history, like “Added the Lancashire example”.",
        error_messages={
            "required": "Say what you changed",
            "max_length": "The note must be 300 characters or fewer",
        },
    )
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, max_value=999_999_999
    )


class ReleaseForm(forms.Form):
    """Publish a numbered release of the playbook."""

    number = forms.CharField(
        label="Release number",
        max_length=16,
        help_text="Higher than the latest release, like 0.3 or 1.0.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        error_messages={"required": "Enter a release number"},
    )
    label = forms.CharField(
        label="Label",
        max_length=100,
        help_text="For example, “Public draft” or “First edition”.",
        error_messages={"required": "Enter a label"},
    )
    notes = forms.CharField(
        label="Release notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CompareForm(forms.Form):
    """Two revision numbers of one section to compare."""

    from_number = forms.IntegerField(
        min_value=1, max_value=999_999_999, error_messages={"required": "Choose a revision"}
    )
    to_number = forms.IntegerField(
        min_value=1, max_value=999_999_999, error_messages={"required": "Choose a revision"}
    )
