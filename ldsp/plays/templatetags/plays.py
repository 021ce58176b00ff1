"""``{% plays_for_section section %}``: the published plays that illustrate a section."""

from __future__ import annotations

from typing import Any

from django import template

from ldsp.plays.selectors import plays_for_section

register = template.Library()


@register.inclusion_tag("plays/_for_section.html")
def plays_for(section: Any) -> dict[str, Any]:
    return {"plays": plays_for_section(section)}
