"""Every form on the site asks for dates and several answers the GOV.UK way: a question
with several answers is checkboxes, and a date is day, month and year in three boxes."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

import ldsp
from ldsp.core.dates import GovukDateField
from ldsp.core.formfields import component_for


def _every_form_class() -> list[type[forms.Form]]:
    for module in pkgutil.walk_packages(ldsp.__path__, "ldsp."):
        last = module.name.rsplit(".", 1)[-1]
        if last == "forms" or last.startswith("forms_"):
            importlib.import_module(module.name)
    found: list[type[forms.Form]] = []
    waiting: list[type[forms.Form]] = [forms.Form]
    while waiting:
        form_class = waiting.pop()
        waiting.extend(form_class.__subclasses__())
        if form_class.__module__.startswith("ldsp."):
            found.append(form_class)
    return found


FIELDS = [
    pytest.param(form_class, name, field, id=f"{form_class.__name__}.{name}")
    for form_class in _every_form_class()
    for name, field in form_class.base_fields.items()
]


def test_the_forms_were_found() -> None:
    names = {form_class.__name__ for form_class in _every_form_class()}
    assert {"PlayForm", "ModerationForm", "PledgeForm", "PartnershipForm"} <= names


@pytest.mark.parametrize(("form_class", "name", "field"), FIELDS)
def test_no_date_is_a_single_box_or_a_date_picker(
    form_class: type[forms.Form], name: str, field: forms.Field
) -> None:
    assert not isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)
    assert getattr(field.widget, "input_type", "") not in {"date", "datetime-local", "month"}
    if name.endswith(("_on", "_date")):
        assert isinstance(field, GovukDateField), f"{form_class.__name__}.{name}"


@pytest.mark.parametrize(("form_class", "name", "field"), FIELDS)
def test_a_question_with_several_answers_is_checkboxes(
    form_class: type[forms.Form], name: str, field: forms.Field
) -> None:
    if not isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return
    only_this = type("OnlyThis", (forms.Form,), {name: field})
    assert component_for(only_this()[name])[0] == "checkboxes", f"{form_class.__name__}.{name}"
