"""``{% extension_panels "point" arg %}``: the sections higher apps add to a page of a
lower one (see ``ldsp.core.extensions``), without the lower app importing them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ldsp.core import extensions

register = template.Library()


@register.simple_tag
def extension_panels(point: str, *args: Any) -> SafeString:
    return extensions.panels(point, *args)
