"""Render GOV.UK Frontend components from Django templates and forms.

The component definitions come from govuk-frontend-django (dataclasses that
check the arguments) and the markup from govuk-frontend-jinja's macros, the
same ones GOV.UK Frontend publishes. The macros are compiled once per process
and kept: rendering a component costs microseconds, not a template compile.
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


def render_component(name: str, params: dict[str, Any]) -> SafeString:
    """Render the GOV.UK component ``name`` (e.g. "skip-link") with ``params``.

    The same component with the same parameters always gives the same markup,
    so the page chrome (navigation, skip link) is drawn once per process and
    reused; parameters that cannot be written as JSON are drawn every time.
    """
    try:
        key = json.dumps(params, sort_keys=True)
    except TypeError:
        return _render(name, params)
    return _render_remembered(name, key)


@lru_cache(maxsize=2048)
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
    """``{% govuk "tag" text="beta" %}``: one GOV.UK component."""
    return render_component(name, params)


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
