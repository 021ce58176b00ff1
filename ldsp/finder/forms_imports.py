"""The upload form for a file of centres."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.safestring import SafeString

from ldsp.core.templatetags.govuk import render_component
from ldsp.finder.imports import MAX_BYTES
from ldsp.finder.models import CentreImport


class CentreFileForm(forms.Form):
    """A file, and which of the two formats it is in."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file made from our template, or an Open Referral UK JSON file. "
        "Up to 5 MB and 5,000 rows.",
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select a file to upload",
        },
    )
    format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=CentreImport.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of file it is"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return upload

    def file_upload(self) -> SafeString:
        """The GOV.UK file upload component: the shared form renderer draws text inputs
        only, and a file input must say ``type="file"`` to work at all."""
        field = self["file"]
        return render_component(
            "file-upload",
            {
                "id": field.auto_id,
                "name": field.html_name,
                "label": {"text": str(field.label), "classes": "govuk-label--s"},
                "hint": {"text": str(field.help_text)},
                "errorMessage": {"text": " ".join(str(error) for error in field.errors)}
                if field.errors
                else None,
                "attributes": {"accept": ".csv,.json,text/csv,application/json"},
            },
        )
