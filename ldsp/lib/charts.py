"""Accessible bar charts, rendered on the server as SVG.

A "You said, we did" report shows who took part in a consultation: how many
contributions came from each sector, from each area and in each week. A
JavaScript charting library would bring its scripts (which the Content
Security Policy forbids inline, and which some readers turn off) and its inline
styles (which the policy forbids outright). The charts are simple - a handful
of bars with whole numbers - so a small SVG drawn here is enough, works
without JavaScript, and prints.

The chart is a picture (``role="img"``), named and described by its own
``<title>`` and ``<desc>``. Inside a picture, assistive technology does not
read the bars one by one, so a page should give the same figures in a table
as well, as GOV.UK pages do; each bar's ``<title>`` is still there as a
tooltip for people pointing at it.

The site's Content Security Policy forbids inline styles, so the markup has no
``style`` attributes: colours come from the CSS classes (``ldsp-chart__bar``
and friends) and the stylesheet, the size from the ``ldsp-chart`` class.

This module is framework-free on purpose - standard library only, no Django -
so views, management commands and tests can all use it.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

# The font size the layout assumes, in viewBox units. It is set on the <svg> as
# a presentation attribute - which the CSP allows, unlike a style attribute -
# so a stylesheet can still override it.
_FONT_SIZE = 14
# SVG text cannot be measured on the server, so room for text is reckoned
# from an average character width: a little over half the font size covers
# the GOV.UK typefaces (and Arial, their fallback) for ordinary words.
_CHAR_WIDTH = 8
# Room around the drawing, so text at the edges is not cut off.
_PADDING = 8
# The gap between a label or value and the bar or axis it belongs to.
_GAP = 6
# A chart narrower than this has no room left for its bars.
_MIN_WIDTH = 200

# Horizontal charts: one row per bar.
_ROW_HEIGHT = 32
_BAR_THICKNESS = 20
# The label column grows to fit the longest label, up to this share of the width.
_MAX_LABEL_SHARE = 0.35

# Vertical charts: one column per bar.
_PLOT_HEIGHT = 200
_BAR_SHARE = 0.7  # of each column; the rest is the gap between bars.

# Shift text down by about a third of its size, so it sits centred on the y it
# is given; the dominant-baseline attribute would do it, but not everywhere.
_CENTRE_TEXT = "0.35em"
_ELLIPSIS = "…"

# Characters XML 1.0 does not allow at all, not even escaped (and lone
# surrogates, which cannot even be encoded): one of them in a label would make
# the whole SVG unreadable for an XML parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it counts and how many."""

    label: str
    """What the bar counts, such as ``Further education`` or ``w/c 3 March``."""
    value: int
    """How many; never negative."""


def _clean(text: str) -> str:
    """The text without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def _escape(text: str) -> str:
    # html.escape's entities (&amp; &lt; &gt; &quot; &#x27;) are all valid XML.
    return html.escape(text, quote=True)


def _number(value: float) -> str:
    """A coordinate with one decimal place, without a needless ``.0`` or ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _count(value: int) -> str:
    """A count as GOV.UK writes it: with commas between thousands, such as ``1,250``."""
    return f"{value:,}"


def _truncate(text: str, max_chars: int) -> str:
    """The text cut to ``max_chars`` characters, ending with an ellipsis if it was cut."""
    if len(text) <= max_chars:
        return text
    return text[: max(max_chars - 1, 0)].rstrip() + _ELLIPSIS


def _ids(title: str) -> tuple[str, str]:
    """The ids of the title and description elements, derived from the title.

    Two charts on one page - by sector, by area, by week - must not share ids,
    or a screen reader would read one chart's title for the other. A readable
    slug of the title alone would still clash for titles that differ only in
    punctuation or case, so a few characters of a hash of the exact title
    follow it.
    """
    slug = _NOT_SLUG.sub("-", title.lower()).strip("-")[:40].strip("-") or "chart"
    digest = hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    base = f"ldsp-chart-{slug}-{digest}"
    return f"{base}-title", f"{base}-desc"


def _bar_title(bar: Bar, unit: str) -> str:
    """What a bar's tooltip says, as ``label: value unit``, escaped."""
    return _escape(f"{_clean(bar.label)}: {_count(bar.value)} {unit}".rstrip())


def _text(css_class: str, x: float, y: float, anchor: str, text: str) -> str:
    """A ``<text>`` element, centred vertically on ``y``; ``text`` must be escaped already."""
    return (
        f'<text class="{css_class}" x="{_number(x)}" y="{_number(y)}" dy="{_CENTRE_TEXT}"'
        f' text-anchor="{anchor}">{text}</text>'
    )


def _rect(bar: Bar, unit: str, x: float, y: float, width: float, height: float) -> str:
    """A bar's ``<rect>``, with its full label and value as its ``<title>``."""
    return (
        f'<rect class="ldsp-chart__bar" x="{_number(x)}" y="{_number(y)}"'
        f' width="{_number(width)}" height="{_number(height)}">'
        f"<title>{_bar_title(bar, unit)}</title></rect>"
    )


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    """The axis the bars grow from."""
    return (
        f'<line class="ldsp-chart__axis" x1="{_number(x1)}" y1="{_number(y1)}"'
        f' x2="{_number(x2)}" y2="{_number(y2)}"/>'
    )


def _horizontal(bars: Sequence[Bar], *, unit: str, width: int) -> tuple[int, list[str]]:
    """The height and elements of a chart with one row per bar, labels on the left."""
    labels = [_clean(bar.label) for bar in bars]
    values = [_count(bar.value) for bar in bars]
    longest_label = max(len(label) for label in labels) * _CHAR_WIDTH
    label_column = min(longest_label, math.floor(width * _MAX_LABEL_SHARE))
    max_label_chars = label_column // _CHAR_WIDTH
    plot_x = _PADDING + label_column + _GAP
    # The value of the longest bar is written past its end, so leave it room.
    value_room = _GAP + max(len(value) for value in values) * _CHAR_WIDTH
    plot_length = max(width - _PADDING - plot_x - value_room, 0)
    top = _PADDING
    height = top + len(bars) * _ROW_HEIGHT + _PADDING
    most = max(bar.value for bar in bars)

    elements: list[str] = []
    for index, (bar, label, value) in enumerate(zip(bars, labels, values, strict=True)):
        length = plot_length * bar.value / most if most else 0.0
        middle = top + index * _ROW_HEIGHT + _ROW_HEIGHT / 2
        elements += [
            _rect(bar, unit, plot_x, middle - _BAR_THICKNESS / 2, length, _BAR_THICKNESS),
            _text(
                "ldsp-chart__label",
                plot_x - _GAP,
                middle,
                "end",
                _escape(_truncate(label, max_label_chars)),
            ),
            _text("ldsp-chart__value", plot_x + length + _GAP, middle, "start", _escape(value)),
        ]
    elements.append(_line(plot_x, top, plot_x, height - _PADDING))
    return height, elements


def _vertical(bars: Sequence[Bar], *, unit: str, width: int) -> tuple[int, list[str]]:
    """The height and elements of a chart with one column per bar, labels underneath."""
    plot_x = _PADDING
    plot_width = width - 2 * _PADDING
    column = plot_width / len(bars)
    thickness = column * _BAR_SHARE
    max_label_chars = math.floor(column / _CHAR_WIDTH)
    # Room above the tallest bar for its value, and below the axis for the labels.
    baseline = _PADDING + _FONT_SIZE + _GAP + _PLOT_HEIGHT
    label_y = baseline + _GAP + _FONT_SIZE / 2
    height = round(label_y + _FONT_SIZE / 2 + _PADDING)
    most = max(bar.value for bar in bars)

    elements: list[str] = []
    for index, bar in enumerate(bars):
        length = _PLOT_HEIGHT * bar.value / most if most else 0.0
        centre = plot_x + index * column + column / 2
        elements += [
            _rect(bar, unit, centre - thickness / 2, baseline - length, thickness, length),
            _text(
                "ldsp-chart__label",
                centre,
                label_y,
                "middle",
                _escape(_truncate(_clean(bar.label), max_label_chars)),
            ),
            _text(
                "ldsp-chart__value",
                centre,
                baseline - length - _GAP - _FONT_SIZE / 2,
                "middle",
                _escape(_count(bar.value)),
            ),
        ]
    elements.append(_line(plot_x, baseline, plot_x + plot_width, baseline))
    return height, elements


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    unit: str = "contributions",
    width: int = 640,
    horizontal: bool = True,
) -> str:
    """Render the bars as an accessible SVG bar chart, ``width`` viewBox units across.

    The height follows from the number of bars. The SVG has no size of its
    own: the ``ldsp-chart`` class makes it as wide as its container. ``title``
    and ``description`` name and describe the chart for screen readers; say
    in the description what the chart shows, and give the figures in a table
    too (see the module docstring).

    Horizontal charts (the default) have a row per bar, the label on the left
    and the value at the end of the bar: long labels, such as sectors and
    areas, read well that way. ``horizontal=False`` draws a column per bar with
    the label underneath, for a sequence such as weeks. Either way the longest
    bar spans the plot, a bar of 0 has no length but keeps its label and value,
    and a label too long for its room is cut short with an ellipsis - the
    bar's ``<title>``, ``label: value unit``, keeps it whole.

    With no bars at all the chart still has its title and description, and
    says "No contributions yet" (or whatever ``unit`` is). The output is the
    same for the same input, and has no ``style`` attributes.

    Raises ``ValueError`` for a negative value (a count cannot be) and for a
    ``width`` too narrow to leave room for the bars.
    """
    if width < _MIN_WIDTH:
        raise ValueError(f"width must be at least {_MIN_WIDTH}, got {width}")
    for bar in bars:
        if bar.value < 0:
            raise ValueError(f"bar values must not be negative, got {bar.value} for {bar.label!r}")
    unit = _clean(unit)
    title_id, desc_id = _ids(title)

    if not bars:
        height = 2 * _PADDING + 2 * _FONT_SIZE
        elements = [
            _text("ldsp-chart__empty", width / 2, height / 2, "middle", _escape(f"No {unit} yet"))
        ]
    elif horizontal:
        height, elements = _horizontal(bars, unit=unit, width=width)
    else:
        height, elements = _vertical(bars, unit=unit, width=width)

    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
            f' class="ldsp-chart" role="img" aria-labelledby="{title_id} {desc_id}"'
            f' font-size="{_FONT_SIZE}">',
            f'<title id="{title_id}">{_escape(_clean(title))}</title>',
            f'<desc id="{desc_id}">{_escape(_clean(description))}</desc>',
            *elements,
            "</svg>",
        ]
    )
