"""The forms people fill in on the public finder: the search (a GET form) and "report a change"."""

from __future__ import annotations

from typing import Any

from django import forms

from ldsp.core.formfields import email_field, text_field
from ldsp.core.limits import MESSAGE_MAX, NAME_MAX
from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.models import Format, Weekday
from ldsp.finder.selectors import CentreFilters
from ldsp.finder.vocabulary import LANGUAGE_CHOICES
from ldsp.lib.distance import miles_to_km

# The radius choices, in miles (what people in England think in).
RADIUS_MILES = (1, 3, 5, 10, 25)
DEFAULT_RADIUS_MILES = 5
PLACE_MAX = 100

# The "only show" checkboxes, by their value in the query string.
ONLY_CHOICES = [
    ("free", "Free of charge"),
    ("devices", "Free devices to borrow or keep"),
    ("data", "Free mobile data or SIMs"),
    ("step_free", "Step-free access"),
]

# Every filter field, so a page can link to the search without them.
FILTER_FIELDS = ("area", "level", "format", "audience", "language", "day", "only")


def _choice(label: str, any_label: str, choices: list[tuple[Any, Any]]) -> forms.ChoiceField:
    """An optional drop-down whose first option means "do not narrow"."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", any_label), *[(str(value), str(text)) for value, text in choices]],
        error_messages={"invalid_choice": f"Choose a {label.lower()} from the list"},
    )


class FindForm(forms.Form):
    """Where to look and what for. Submitted by GET, so a search is a link people can share."""

    q = text_field(
        noun="The place",
        max_length=PLACE_MAX,
        label="Postcode, or town",
        help_text="For example, S1 2BX, S1 or Sheffield",
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "spellcheck": "false",
                "class": "govuk-input--width-20",
            }
        ),
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=[(str(miles), f"{miles} mile{'s' if miles > 1 else ''}") for miles in RADIUS_MILES],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose how far to look from the list"},
    )
    area = _choice("Skills area", "Any skills area", SkillArea.choices)
    level = _choice("Level", "Any level", Level.choices)
    format = _choice("How help is given", "Any way", Format.choices)
    audience = _choice("Who it is for", "Anyone", Audience.choices)
    language = _choice("Language", "Any language", LANGUAGE_CHOICES)
    day = _choice("Open on", "Any day", Weekday.choices)
    only = forms.MultipleChoiceField(
        label="Only show places with",
        required=False,
        choices=ONLY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # A search from elsewhere (the home page's box) names no radius: show the
        # default as chosen, so "Apply filters" keeps looking as far as the results did.
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS_MILES)
        kwargs.setdefault("initial", {"radius": str(DEFAULT_RADIUS_MILES)})
        super().__init__(data, **kwargs)

    def radius_miles(self) -> int:
        value = self.cleaned_data.get("radius")
        return value if isinstance(value, int) else DEFAULT_RADIUS_MILES

    def radius_km(self) -> float:
        return miles_to_km(self.radius_miles())

    def filters(self) -> CentreFilters:
        """What the form narrows to, as the selectors take it."""
        data = self.cleaned_data
        only = set(data.get("only") or [])
        day = data.get("day") or ""
        return CentreFilters(
            skill_area=data.get("area") or "",
            level=data.get("level") or "",
            format=data.get("format") or "",
            audience=data.get("audience") or "",
            language=data.get("language") or "",
            free_only="free" in only,
            free_devices="devices" in only,
            free_data="data" in only,
            step_free="step_free" in only,
            open_on=int(day) if day else None,
        )


class ChangeReportForm(forms.Form):
    """Someone tells the partnership what is wrong with a centre's details."""

    message = text_field(
        noun="What is wrong",
        max_length=MESSAGE_MAX,
        label="What is wrong or out of date?",
        help_text=(
            "For example, new opening times, a new phone number, or that the centre has closed. "
            "Do not include personal details about anyone."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what is wrong or out of date"},
    )
    name = text_field(
        noun="Your name",
        max_length=NAME_MAX,
        label="Your name (optional)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = email_field(
        label="Your email address (optional)",
        help_text=(
            "Only if you are happy for the partnership to ask you about it. "
            "It is not shown on the site."
        ),
    )
