"""Forms for editing sections and publishing releases."""

from __future__ import annotations

from django import forms

from ldsp.core.formfields import text_field, whole_number_field
from ldsp.core.limits import (
    BODY_MAX,
    CHANGE_NOTE_MAX,
    INT_MAX,
    NAME_MAX,
    NARRATIVE_MAX,
    RELEASE_LABEL_MAX,
    RELEASE_NUMBER_MAX,
    ROW_ID_MAX,
)


class SectionEditForm(forms.Form):
    """An editor's change to one section."""

    title = text_field(
        noun="The title",
        max_length=NAME_MAX,
        label="Title",
        error_messages={"required": "Enter a title"},
    )
    body = text_field(
        noun="The text",
        max_length=BODY_MAX,
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text="Markdown: ### for a sub-heading, - for a bullet, **bold**, [link](https://…).",
    )
    message = text_field(
        noun="The note",
        max_length=CHANGE_NOTE_MAX,
        label="What did you change?",
        help_text="A short note for the history, like “Added the Lancashire example”.",
        error_messages={"required": "Say what you changed"},
    )
    base_revision = whole_number_field(
        noun="The version you started from",
        min_value=1,
        max_value=ROW_ID_MAX,
        widget=forms.HiddenInput,
        required=False,
    )


class ReleaseForm(forms.Form):
    """Publish a numbered release of the playbook."""

    number = text_field(
        noun="The release number",
        max_length=RELEASE_NUMBER_MAX,
        label="Release number",
        help_text="Higher than the latest release, like 0.3 or 1.0.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
        error_messages={"required": "Enter a release number"},
    )
    label = text_field(
        noun="The label",
        max_length=RELEASE_LABEL_MAX,
        label="Label",
        help_text="For example, “Public draft” or “First edition”.",
        error_messages={"required": "Enter a label"},
    )
    notes = text_field(
        noun="The release notes",
        max_length=NARRATIVE_MAX,
        label="Release notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CompareForm(forms.Form):
    """Two revision numbers of one section to compare."""

    from_number = whole_number_field(
        noun="The revision number",
        min_value=1,
        max_value=INT_MAX,
        error_messages={"required": "Choose a revision"},
    )
    to_number = whole_number_field(
        noun="The revision number",
        min_value=1,
        max_value=INT_MAX,
        error_messages={"required": "Choose a revision"},
    )
