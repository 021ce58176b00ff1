"""Turn Django form fields into GOV.UK Frontend component parameters.

Every form on the site is drawn through this module (by way of the form
renderer in ``ldsp.core.forms``), so labels, hints and error messages look and
behave the same everywhere, as the GOV.UK Design System asks. ``text_field``
and ``whole_number_field`` make bounded fields whose limits are explained in
the Design System's words ("The title must be 200 characters or fewer").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.safestring import SafeData

TEXT_INPUT_TYPES = {"text", "email", "url", "number", "tel", "search", "date", "time"}


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


def _text_or_html(value: Any) -> dict[str, str]:
    if isinstance(value, SafeData):
        return {"html": str(value)}
    return {"text": str(value)}


def _hint(field: BoundField) -> dict[str, str] | None:
    return _text_or_html(field.help_text) if field.help_text else None


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

    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        values = _current_values(field)
        items = [
            {"value": value, "text": text, "checked": value in values}
            for value, text in _choices(field)
        ]
        name = "radios" if isinstance(widget, forms.RadioSelect) else "checkboxes"
        return name, {**common, "idPrefix": field.auto_id, "fieldset": legend, "items": items}

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
        values = _current_values(field)
        items = [
            {"value": value, "text": text, "selected": value in values}
            for value, text in _choices(field)
        ]
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
            items.append({"text": str(error), "href": f"#{field.auto_id}"})
    return items
