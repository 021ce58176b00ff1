"""How templates show people: `{% load people %}{{ user|display_name }}`.

The same rule as everywhere else (``ldsp.accounts.selectors.display_name``): the name
a person chose, else "Member <number>", never their email address.
"""

from __future__ import annotations

from typing import Any

from django import template

from ldsp.accounts import selectors

register = template.Library()


@register.filter(name="display_name")
def display_name(user: Any) -> str:
    """The person's name as others see it."""
    return selectors.display_name(user)


@register.filter(name="credits_public")
def credits_public(credits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A release's credits as they may be shown."""
    return selectors.credits_public(credits or [])
