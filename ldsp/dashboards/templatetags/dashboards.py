"""How dashboards show the state of things: a GOV.UK tag colour for each state."""

from __future__ import annotations

from django import template

register = template.Library()

# Waiting is blue, needs action is orange or yellow, done well is green, stopped is grey/red.
TAG_COLOURS = {
    "open": "govuk-tag--blue",
    "submitted": "govuk-tag--blue",
    "needs_resolution": "govuk-tag--orange",
    "changes_requested": "govuk-tag--yellow",
    "accepted": "govuk-tag--green",
    "published": "govuk-tag--green",
    "resolved": "govuk-tag--green",
    "rejected": "govuk-tag--red",
    "declined": "govuk-tag--red",
    "withdrawn": "govuk-tag--grey",
    "at_risk": "govuk-tag--orange",
    "on_track": "govuk-tag--blue",
}


@register.filter
def tag_colour(state: str) -> str:
    """The GOV.UK tag modifier class for ``state`` (grey when unknown)."""
    return TAG_COLOURS.get(str(state), "govuk-tag--grey")
