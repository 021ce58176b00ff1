"""Render GOV.UK Frontend components from Django templates and forms.

The component definitions come from govuk-frontend-django (dataclasses that
check the arguments) and the markup from govuk-frontend-jinja's macros, the
same ones GOV.UK Frontend publishes. The macros are compiled once per process
and kept: rendering a component costs microseconds, not a template compile.
Only the page chrome's markup is kept as well; fields, errors and anything
else holding people's input are drawn afresh, so nothing they send stays in
memory.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from functools import cache, lru_cache
from typing import Any

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

from ldsp.core import formfields

register = template.Library()

_environment = Environment(
    loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    autoescape=select_autoescape(default_for_string=True, default=True),
    auto_reload=False,
)


@cache
def _component_class(name: str) -> Any:
    module = importlib.import_module(f"govuk_frontend_django.components.{name.replace('-', '_')}")
    return module.COMPONENT  # type: ignore[no-any-return]


@cache
def _macro(template_name: str, macro_name: str) -> Any:
    return getattr(_environment.get_template(template_name).module, macro_name)


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


CHROME_PARAMS_LIMIT = 2_000
"""The longest parameters (as JSON) that a remembered component may have: page chrome
is short, and anything longer is drawn every time rather than kept."""


def render_component(name: str, params: dict[str, Any]) -> SafeString:
    """Render the GOV.UK component ``name`` (e.g. "skip-link") with ``params``.

    Drawn every time: parameters that carry what people typed (a field's value, an
    error, a title, a query string) must not be kept in memory after the response.
    """
    return _render(name, params)


def render_chrome(name: str, params: dict[str, Any]) -> SafeString:
    """Render a component of the page chrome (navigation, skip link), remembered per
    process: the same parameters always give the same markup.

    Only for parameters written in our own templates and code. What is remembered is
    bounded in number and in size, so even a mistaken call with people's input cannot
    grow without limit; parameters that cannot be written as JSON are drawn every time.
    """
    try:
        key = json.dumps(params, sort_keys=True)
    except TypeError:
        return _render(name, params)
    if len(key) > CHROME_PARAMS_LIMIT:
        return _render(name, params)
    return _render_remembered(name, key)


@lru_cache(maxsize=256)
def _render_remembered(name: str, params_json: str) -> SafeString:
    return _render(name, json.loads(params_json))


def _render(name: str, params: dict[str, Any]) -> SafeString:
    component_class = _component_class(name)
    component = component_class(**params)  # raises TypeError on an unknown argument
    data = _without_none(
        {field.name: getattr(component, field.name) for field in dataclasses.fields(component)}
    )
    macro = _macro(component_class._jinja2_template, component_class._macro_name)
    return mark_safe(str(macro(data)))  # noqa: S308 - the macro escapes its input


@register.simple_tag
def govuk(name: str, **params: Any) -> SafeString:
    """``{% govuk "skip-link" text="Skip to main content" href="#main-content" %}``: one
    GOV.UK component of the page chrome, remembered (see ``render_chrome``). Components
    showing people's input are drawn by ``govuk_field`` and the other tags here."""
    return render_chrome(name, params)


@register.simple_tag
def govuk_field(field: BoundField) -> SafeString:
    """One form field as the matching GOV.UK component, with hint and error."""
    name, params = formfields.component_for(field)
    return render_component(name, params)


@register.simple_tag
def govuk_error_summary(*forms: Any) -> SafeString:
    """The error summary for one or more forms; empty when they have no errors."""
    error_list = [
        item for form in forms if hasattr(form, "errors") for item in formfields.errors_of(form)
    ]
    if not error_list:
        return mark_safe("")
    return render_component(
        "error-summary", {"titleText": "There is a problem", "errorList": error_list}
    )


@lru_cache(maxsize=64)
def _render_constant(template_name: str) -> SafeString:
    return mark_safe(render_to_string(template_name))  # noqa: S308 - our own template


@register.simple_tag
def constant_include(template_name: str) -> SafeString:
    """Include a template that reads nothing from the request (such as the footer),
    drawn once per process instead of on every page."""
    return _render_constant(template_name)


def _page_numbers(current: int, last: int) -> list[int | None]:
    """The page numbers to show, GOV.UK style: first, last and the current one's
    neighbours, with None where an ellipsis stands for the pages left out."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    shown: list[int | None] = []
    for number in wanted:
        if shown and number - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(number)
    return shown


@register.simple_tag(takes_context=True)
def pagination(context: template.Context, page: Any, label: str = "Pages") -> SafeString:
    """``{% pagination page %}``: GOV.UK pagination for a Django ``Page``, keeping the
    request's other query parameters (filters) in every link."""
    if page is None or not page.has_other_pages():
        return mark_safe("")
    query = context["request"].GET.copy()

    def href(number: int) -> str:
        query["page"] = str(number)
        return "?" + query.urlencode()

    items: list[dict[str, Any]] = []
    for number in _page_numbers(page.number, page.paginator.num_pages):
        if number is None:
            items.append({"ellipsis": True})
        else:
            items.append(
                {"number": str(number), "href": href(number), "current": number == page.number}
            )
    params: dict[str, Any] = {"items": items, "landmarkLabel": label}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number())}
    return render_component("pagination", params)


@register.simple_tag
def pagination_neighbours(
    previous: Any, following: Any, noun: str = "page", label: str = "Previous and next"
) -> SafeString:
    """GOV.UK's block pagination for reading in order: arrows, and the title of the page
    each way. ``previous`` and ``following`` have ``get_absolute_url()`` and ``title``;
    either may be None."""
    params: dict[str, Any] = {"landmarkLabel": label}
    for key, word, neighbour in (("previous", "Previous", previous), ("next", "Next", following)):
        if neighbour:
            params[key] = {
                "html": f'{word}<span class="govuk-visually-hidden"> {escape(noun)}</span>',
                "labelText": str(neighbour.title),
                "href": neighbour.get_absolute_url(),
            }
    if len(params) == 1:
        return mark_safe("")
    return render_component("pagination", params)
