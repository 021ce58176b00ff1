"""Forms for publishing a round's report and correcting it."""

from __future__ import annotations

from django import forms

from ldsp.core.formfields import text_field
from ldsp.core.limits import MESSAGE_MAX, NARRATIVE_MAX


class PublishReportForm(forms.Form):
    outcome_summary = text_field(
        noun="The summary",
        max_length=NARRATIVE_MAX,
        label="What happened as a result of this round?",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain English: what changed in the Playbook, and what did not and why.",
        error_messages={"required": "Write a summary of the outcome"},
    )


class CorrectionForm(forms.Form):
    text = text_field(
        noun="The correction",
        max_length=MESSAGE_MAX,
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Corrections are added at the end of the report, with today's date.",
        error_messages={"required": "Write the correction"},
    )
