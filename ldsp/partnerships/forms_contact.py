"""The form on a partnership's contact page."""

from __future__ import annotations

from typing import Any

from django import forms

from ldsp.core.formfields import email_field, text_field
from ldsp.core.limits import MESSAGE_MAX, NAME_MAX


class PartnershipContactForm(forms.Form):
    """A message to the coordinators. Someone signed in is answered at their account's
    address, so only visitors are asked for one."""

    sender_name = text_field(
        noun="Your name",
        max_length=NAME_MAX,
        label="Your name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    sender_email = email_field(
        label="Your email address",
        help_text="The coordinators will reply to this address. It is not shown on the site.",
        required_message="Enter your email address, so the coordinators can reply",
    )
    message = text_field(
        noun="Your message",
        max_length=MESSAGE_MAX,
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your message"},
    )

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["sender_email"]
            name = self.fields["sender_name"]
            name.required = False
            name.label = "Your name (optional)"
            name.help_text = "Leave this empty to use the name on your profile."
