"""Filters for rendered Markdown placed inside a page."""

from __future__ import annotations

from django import template

from ldsp.lib.markdown import headings_from as _headings_from

register = template.Library()


@register.filter
def headings_from(rendered: str, top: int) -> str:
    """Move the headings of rendered Markdown so the highest is ``<h{top}>``: the level
    below the page's heading it sits under. Use before ``|safe``, on our sanitised HTML."""
    return _headings_from(str(rendered or ""), int(top))
