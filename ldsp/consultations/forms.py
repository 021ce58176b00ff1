from __future__ import annotations

from django import forms


class PublishReportForm(forms.Form):
    outcome_summary = forms.CharField(
        label="What happened as a result of this round?",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain English: what changed in the Playbook, and what did not and why.",
        error_messages={"required": "Write a summary of the outcome"},
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="Correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Corrections are added at the end of the report, with today's date.",
        error_messages={"required": "Write the correction"},
    )
