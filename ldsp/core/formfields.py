"""Turn Django form fields into GOV.UK Frontend component parameters.

Every form on the site is drawn through this module (by way of the form
renderer in ``ldsp.core.forms``), so labels, hints and error messages look and
behave the same everywhere, as the GOV.UK Design System asks. ``text_field``
and ``whole_number_field`` make bounded fields whose limits are explained in
the Design System's words ("The title must be 200 characters or fewer").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import SafeData, mark_safe

from ldsp.core.dates import PARTS, GovukDateInput, parts_in_error
from ldsp.core.limits import EMAIL_MAX

# No "date": GOV.UK asks for dates in three boxes (``ldsp.core.dates``), not a date picker.
TEXT_INPUT_TYPES = {"text", "email", "url", "number", "tel", "search", "time"}


def text_field(
    *,
    noun: str,
    max_length: int,
    field_class: type[forms.CharField] = forms.CharField,
    **kwargs: Any,
) -> forms.CharField:
    """A text field with a maximum length, whose errors name what was asked for.

    ``noun`` starts the sentence: "The title" gives "The title must be 200
    characters or fewer". Messages given in ``error_messages`` win.
    """
    messages = {
        "max_length": f"{noun} must be {max_length:,} characters or fewer",
        "null_characters_not_allowed": f"{noun} must not contain null characters",
        **kwargs.pop("error_messages", {}),
    }
    return field_class(max_length=max_length, error_messages=messages, **kwargs)


def email_field(*, label: str, required_message: str = "", **kwargs: Any) -> forms.CharField:
    """An email address field with GOV.UK's messages; optional unless ``required_message``
    says what to ask for when it is left empty."""
    messages = {"invalid": "Enter an email address in the correct format, like name@example.com"}
    if required_message:
        messages["required"] = required_message
    return text_field(
        noun="The email address",
        max_length=EMAIL_MAX,
        field_class=forms.EmailField,
        label=label,
        required=bool(required_message),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=messages,
        **kwargs,
    )


def whole_number_field(
    *, noun: str, min_value: int, max_value: int, **kwargs: Any
) -> forms.IntegerField:
    """A whole-number field bounded by the column it is stored in, with plain messages."""
    messages = {
        "invalid": f"{noun} must be a whole number",
        "min_value": f"{noun} must be {min_value:,} or more",
        "max_value": f"{noun} must be {max_value:,} or less",
        **kwargs.pop("error_messages", {}),
    }
    return forms.IntegerField(
        min_value=min_value, max_value=max_value, error_messages=messages, **kwargs
    )


BARE_LIST = re.compile(r"<ul>")
BARE_LINK = re.compile(r"<a (?![^>]*\bclass=)")


def _govuk_markup(html: str) -> str:
    """Trusted markup with GOV.UK's classes on the bare lists and links that Django and
    allauth write in their hints (the password rules, "Forgot your password?")."""
    html = BARE_LIST.sub('<ul class="govuk-list govuk-list--bullet">', html)
    return BARE_LINK.sub('<a class="govuk-link" ', html)


def _text_or_html(value: Any) -> dict[str, str]:
    """A hint as text, or as markup when the code that wrote it marked it safe.

    Hints come from code (a field's ``help_text``), never from people; some are lazy
    (``password_validators_help_text_html``), so they are resolved before being asked
    whether they are markup. Anything not marked safe is escaped by the component.
    """
    resolved = str(value)
    if isinstance(resolved, SafeData):
        return {"html": mark_safe(_govuk_markup(resolved))}  # noqa: S308 - trusted, only classes added
    return {"text": resolved}


def _hint(field: BoundField) -> dict[str, str] | None:
    """The field's hint, or None when it has none (a lazy hint may turn out empty)."""
    if not field.help_text or not str(field.help_text).strip():
        return None
    return _text_or_html(field.help_text)


def _error_message(field: BoundField) -> dict[str, str] | None:
    if not field.errors:
        return None
    return {"text": " ".join(str(error) for error in field.errors)}


def _choices(field: BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.field.choices]  # type: ignore[attr-defined]


def _current_values(field: BoundField) -> list[str]:
    value = field.value()
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def _choice_items(field: BoundField, chosen_key: str) -> list[dict[str, Any]]:
    """The choices of a field, each marked ``chosen_key`` ("checked" or "selected")
    when it is among the field's current answers."""
    values = _current_values(field)
    return [
        {"value": value, "text": text, chosen_key: value in values}
        for value, text in _choices(field)
    ]


def _date_parts(field: BoundField, widget: GovukDateInput) -> list[str]:
    """What to show in the three boxes: what was typed, or the saved date."""
    value = field.value()
    if isinstance(value, list | tuple):
        return ([str(part or "") for part in value] + ["", "", ""])[:3]
    return widget.decompress(value)


def _date_input(
    field: BoundField, widget: GovukDateInput, legend: dict[str, Any]
) -> dict[str, Any]:
    """The GOV.UK date input for a ``GovukDateField``, with only the wrong boxes red."""
    wrong = parts_in_error(field.errors.as_data()) if field.errors else ()
    widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2"}
    items = [
        {
            "name": part,
            "id": f"{field.auto_id}-{part}",
            "value": value,
            "classes": widths.get(part, "govuk-input--width-4")
            + (" govuk-input--error" if part in wrong else ""),
        }
        for part, value in zip(PARTS, _date_parts(field, widget), strict=True)
    ]
    return {
        "id": field.auto_id,
        "namePrefix": field.html_name,
        "fieldset": legend,
        "hint": _hint(field),
        "errorMessage": _error_message(field),
        "items": items,
    }


def error_target(field: BoundField) -> str:
    """The id an error summary link goes to: the field, or for a date the first box
    that is wrong, as GOV.UK asks."""
    if isinstance(field.field.widget, GovukDateInput):
        wrong = parts_in_error(field.errors.as_data()) if field.errors else PARTS
        return f"{field.auto_id}-{(wrong or PARTS)[0]}"
    return str(field.auto_id)


def _extra_attributes(widget: forms.Widget) -> dict[str, Any]:
    """Keep widget attributes that matter to people (not Django's own)."""
    kept: dict[str, Any] = {}
    for key in ("maxlength", "minlength", "inputmode", "spellcheck", "autofocus", "pattern"):
        if key in widget.attrs:
            kept[key] = widget.attrs[key]
    return kept


def component_for(field: BoundField) -> tuple[str, dict[str, Any]]:
    """Return the GOV.UK component name and parameters for one bound field."""
    widget = field.field.widget
    label = {"text": str(field.label), "classes": "govuk-label--s"}
    common: dict[str, Any] = {
        "name": field.html_name,
        "hint": _hint(field),
        "errorMessage": _error_message(field),
    }
    legend = {"legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}}

    if isinstance(widget, GovukDateInput):
        return "date-input", _date_input(field, widget, legend)

    # A widget that takes several answers is drawn as checkboxes, whatever it is a
    # subclass of: CheckboxSelectMultiple is a RadioSelect, and radios keep one answer.
    if isinstance(widget, ChoiceWidget) and widget.allow_multiple_selected:
        return "checkboxes", {
            **common,
            "idPrefix": field.auto_id,
            "fieldset": legend,
            "items": _choice_items(field, "checked"),
        }

    if isinstance(widget, forms.RadioSelect):
        return "radios", {
            **common,
            "idPrefix": field.auto_id,
            "fieldset": legend,
            "items": _choice_items(field, "checked"),
        }

    if isinstance(widget, forms.CheckboxInput):
        checked = bool(field.value())
        return "checkboxes", {
            **common,
            "idPrefix": field.auto_id,
            "classes": "govuk-checkboxes--small",
            "items": [
                {"value": "on", "text": str(field.label), "checked": checked, "id": field.auto_id}
            ],
        }

    if isinstance(widget, forms.Select):
        items = _choice_items(field, "selected")
        return "select", {**common, "id": field.auto_id, "label": label, "items": items}

    value = field.value()
    shown_value = None if value is None else str(field.field.widget.format_value(value) or "")

    if isinstance(widget, forms.Textarea):
        return "textarea", {
            **common,
            "id": field.auto_id,
            "label": label,
            "value": shown_value,
            "rows": str(widget.attrs.get("rows", 8)),
            "attributes": _extra_attributes(widget),
        }

    if isinstance(widget, forms.PasswordInput):
        return "password-input", {
            **common,
            "id": field.auto_id,
            "label": label,
            "autocomplete": widget.attrs.get("autocomplete", "current-password"),
        }

    input_type = getattr(widget, "input_type", "text")
    if input_type not in TEXT_INPUT_TYPES:
        input_type = "text"
    return "input", {
        **common,
        "id": field.auto_id,
        "label": label,
        "type": input_type,
        "value": shown_value,
        "autocomplete": widget.attrs.get("autocomplete"),
        "spellcheck": False if input_type == "email" else None,
        "classes": widget.attrs.get("class"),
        "attributes": _extra_attributes(widget),
    }


def errors_of(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error of a form as error-summary items linking to their fields."""
    if not form.is_bound or not form.errors:
        return []
    items = [{"text": str(error), "href": "#main-content"} for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            items.append({"text": str(error), "href": f"#{error_target(field)}"})
    return items
