"""The one form renderer: multi-choice fields keep every answer, dates are three boxes,
and hints are text or the markup their code meant."""

from __future__ import annotations

import re

from django import forms
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from ldsp.core.dates import GovukDateField
from ldsp.core.formfields import component_for
from ldsp.core.templatetags.govuk import govuk_error_summary, govuk_field

COLOURS = [("red", "Red"), ("green", "Green"), ("blue", "Blue")]


class ColoursForm(forms.Form):
    favourites = forms.MultipleChoiceField(
        label="Favourite colours", choices=COLOURS, widget=forms.CheckboxSelectMultiple
    )
    listed = forms.MultipleChoiceField(
        label="Listed colours", choices=COLOURS, widget=forms.SelectMultiple, required=False
    )
    one = forms.ChoiceField(label="One colour", choices=COLOURS, widget=forms.RadioSelect)


def _inputs(html: str) -> list[tuple[str, str, bool]]:
    """(type, value, checked) of every input in some markup."""
    found = []
    for tag in re.findall(r"<input[^>]*>", html):
        kind = re.search(r'type="(\w+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        found.append((kind[1] if kind else "", value[1] if value else "", " checked" in tag))
    return found


def test_checkbox_select_multiple_is_drawn_as_checkboxes_with_every_answer_ticked() -> None:
    form = ColoursForm({"favourites": ["red", "blue"], "one": "green"})
    assert component_for(form["favourites"])[0] == "checkboxes"
    html = govuk_field(form["favourites"])
    assert _inputs(html) == [
        ("checkbox", "red", True),
        ("checkbox", "green", False),
        ("checkbox", "blue", True),
    ]
    assert html.count('name="favourites"') == 3
    assert "govuk-fieldset__legend" in html


def test_any_widget_taking_several_answers_is_drawn_as_checkboxes() -> None:
    form = ColoursForm(initial={"listed": ["green", "blue"]})
    assert component_for(form["listed"])[0] == "checkboxes"
    assert [checked for _, _, checked in _inputs(govuk_field(form["listed"]))] == [
        False,
        True,
        True,
    ]


def test_a_single_choice_stays_radios() -> None:
    form = ColoursForm({"one": "green"})
    assert component_for(form["one"])[0] == "radios"
    assert _inputs(govuk_field(form["one"]))[1] == ("radio", "green", True)


def test_every_ticked_answer_is_read_back_by_the_form() -> None:
    form = ColoursForm({"favourites": ["red", "green", "blue"], "one": "red"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["favourites"] == ["red", "green", "blue"]


class DueForm(forms.Form):
    due_on = GovukDateField(
        noun="Due date", label="By when?", help_text="For example, 31 3 2027", required=False
    )


def test_a_date_is_the_govuk_date_input_with_legend_and_hint() -> None:
    html = govuk_field(DueForm()["due_on"])
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_due_on-hint">' in (
        html
    )
    assert re.search(r"<legend[^>]*>\s*By when\?\s*</legend>", html)
    assert "For example, 31 3 2027" in html
    names = re.findall(r'name="([^"]+)"', html)
    assert names == ["due_on-day", "due_on-month", "due_on-year"]
    assert 'type="date"' not in html


def test_only_the_wrong_box_of_a_date_is_highlighted_and_the_summary_links_to_it() -> None:
    form = DueForm({"due_on-day": "31", "due_on-month": "", "due_on-year": "2027"})
    assert not form.is_valid()
    html = govuk_field(form["due_on"])
    assert "Due date must include a month" in html
    assert "govuk-form-group--error" in html
    errors = re.findall(r'class="([^"]*)" id="id_due_on-(\w+)"', html)
    assert [(part, "govuk-input--error" in classes) for classes, part in errors] == [
        ("day", False),
        ("month", True),
        ("year", False),
    ]
    assert 'value="31"' in html and 'value="2027"' in html
    assert 'href="#id_due_on-month"' in govuk_error_summary(form)


def test_an_error_naming_no_box_highlights_all_three() -> None:
    form = DueForm({"due_on-day": "1", "due_on-month": "2", "due_on-year": "2027"})
    assert form.is_valid()
    form.add_error("due_on", "That pledge is already due")
    html = govuk_field(form["due_on"])
    assert html.count("govuk-input--error") == 3
    assert 'href="#id_due_on-day"' in govuk_error_summary(form)


def _hinted(help_text: object) -> str:
    class Hinted(forms.Form):
        field = forms.CharField(label="Field", help_text=help_text)  # type: ignore[arg-type]

    return govuk_field(Hinted()["field"])


def test_a_plain_hint_is_text_even_when_it_looks_like_markup() -> None:
    html = _hinted("Use <b>bold</b>")
    assert "Use &lt;b&gt;bold&lt;/b&gt;" in html
    lazy_text = lazy(lambda: "Use <b>bold</b>", str)()
    assert "Use &lt;b&gt;bold&lt;/b&gt;" in _hinted(lazy_text)


def test_markup_the_code_marked_safe_is_drawn_as_govuk_markup() -> None:
    rules = lazy(lambda: mark_safe("<ul><li>At least 10 characters</li></ul>"), str)()
    html = _hinted(rules)
    assert '<ul class="govuk-list govuk-list--bullet"><li>At least 10 characters</li></ul>' in html
    assert "&lt;" not in html
    html = _hinted(mark_safe('<a href="/reset/">Forgot your password?</a>'))
    assert '<a class="govuk-link" href="/reset/">Forgot your password?</a>' in html
    html = _hinted(mark_safe('<a class="govuk-link govuk-link--no-visited-state" href="/x">X</a>'))
    assert '<a class="govuk-link govuk-link--no-visited-state" href="/x">' in html
