"""Forms about people."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from ldsp.core.sectors import Sector
from ldsp.places.models import Area


class ProfileForm(forms.Form):
    """Change how your name is shown and where you work."""

    display_name = forms.CharField(
        label="Display name",
        max_length=80,
        help_text="Shown next to your suggestions, comments and plays.",
        error_messages={
            "required": "Enter a display name",
            "max_length": "Display name must be 80 characters or fewer",
        },
    )
    organisation_name = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
    )
    sector = forms.ChoiceField(
        label="Which sector do you work in?",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sector you work in"},
    )
    area = forms.ModelChoiceField(
        label="Which area do you work in? (optional)",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Not in one area",
        help_text="Used only to count who takes part, area by area.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            scheme__is_default=True
        ).order_by("name")


class ApiTokenForm(forms.Form):
    """Name a new personal API token."""

    name = forms.CharField(
        label="What is the token for?",
        max_length=80,
        help_text="For example, “Partnership dashboard”. Only you will see this.",
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "The name must be 80 characters or fewer",
        },
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, taking as long for an address that already has an account.

    For a new address allauth hashes the password to create the account; for a known
    one it only emails the owner (so as not to reveal that the account exists). The
    hash is the slow part, so it is done on both paths: the reply then takes about as
    long either way, and the timing gives nothing away. Both paths queue one email.
    """

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)  # type: ignore[no-any-return]
