"""Accessible choropleth maps of England, rendered on the server as SVG.

The directory shows where partnerships are on a map of England. A slippy map
would need a tile server (or a third-party one, with its cookies and its
scripts) and would not work offline or without JavaScript. The areas we draw
are few and coarse - 38 LEP areas, a few hundred districts - so a small SVG
drawn from the boundary polygons is enough, and it can be made accessible:
each area is a link with a name a screen reader can announce and a keyboard
can reach.

The site's Content Security Policy forbids inline styles, so the markup has
no ``style`` attributes: colours come from CSS classes (``fill_class``) and
the stylesheet, the size from the ``ldsp-map`` class.

This module is framework-free on purpose - standard library only, no Django -
so views, management commands and tests can all use it.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
# A polygon is its outer ring followed by its holes, as in GeoJSON.
Polygon = list[Ring]

# Room around the drawing, in viewBox units, so the outlines of the areas at
# the edge are not cut in half by the edge of the picture.
_PADDING = 2

# Characters XML 1.0 does not allow at all, not even escaped: one of them in
# an area's name would make the whole SVG unreadable for an XML parser.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class MapArea:
    """One area to draw: its shape, its colour and, if it has a page, where it links to."""

    key: str
    """A stable identifier, such as the ONS code ``E37000051``."""
    name: str
    """The accessible name, such as ``Lancashire``."""
    polygons: list[Polygon]
    """A MultiPolygon: a list of polygons, each ``[outer ring, *holes]``, rings of (lon, lat)."""
    fill_class: str
    """The CSS class that gives the area its colour, such as ``ldsp-map__area--active``."""
    href: str | None
    """Where the area links to; ``None`` draws it without a link."""
    description: str = ""
    """More for the accessible name, such as ``active partnership``."""

    @property
    def label(self) -> str:
        """The name and description read out for the area, as ``Name: description``."""
        return f"{self.name}: {self.description}" if self.description else self.name


def polygons_from_geojson(geometry: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a GeoJSON ``Polygon`` or ``MultiPolygon``, as ``MapArea`` wants them.

    Positions may carry an altitude; it is dropped.
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")
    return [
        [[(float(position[0]), float(position[1])) for position in ring] for ring in polygon]
        for polygon in polygons
    ]


def project(
    lon: float,
    lat: float,
    *,
    bbox: tuple[float, float, float, float],
    width: int,
    height: int,
) -> tuple[float, float]:
    """Where a point falls in a ``width`` by ``height`` picture of ``bbox``.

    ``bbox`` is ``(min_lon, min_lat, max_lon, max_lat)``, the GeoJSON order.
    The projection is equirectangular, with longitudes shrunk by the cosine
    of the latitude half-way up the box: a degree of longitude is about 0.6 of
    a degree of latitude across England, and without that England comes out
    squat. The box is scaled to fit and centred, keeping its aspect ratio, and
    y grows downwards as in SVG, so north is at the top.
    """
    min_lon, min_lat, max_lon, max_lat = bbox
    shrink = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = (max_lon - min_lon) * shrink
    span_y = max_lat - min_lat
    # A box with no width or no height (a single point, say) only constrains
    # the other direction; with neither, everything lands in the middle.
    scales = [size / span for size, span in ((width, span_x), (height, span_y)) if span > 0]
    scale = min(scales) if scales else 0.0
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    return (
        offset_x + (lon - min_lon) * shrink * scale,
        offset_y + (max_lat - lat) * scale,
    )


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    """How far ``point`` is from the segment ``start``-``end`` (or from ``start`` if they meet)."""
    px, py = point
    ax, ay = start
    dx, dy = end[0] - ax, end[1] - ay
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.hypot(px - ax, py - ay)
    along = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
    return math.hypot(px - (ax + along * dx), py - (ay + along * dy))


def _farthest(points: Sequence[Point], first: int, last: int) -> tuple[int, float]:
    """The point strictly between ``first`` and ``last`` farthest from the segment joining them."""
    best_index, best_distance = first, -1.0
    for index in range(first + 1, last):
        distance = _distance_to_segment(points[index], points[first], points[last])
        if distance > best_distance:
            best_index, best_distance = index, distance
    return best_index, best_distance


def simplify_ring(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of a closed ring of projected points.

    Points closer than ``tolerance`` (in the units of the points: pixels, for
    projected points) to the simplified outline are dropped. The first point
    is kept, and the ring comes back closed - its last point the same as its
    first - even when it arrived open.

    A ring never comes back with fewer than 4 points (3 corners and the
    closing point): a small island would otherwise collapse into a line and
    vanish from the map. A ring that has fewer than 3 points even before
    simplifying is no ring at all, and raises ``ValueError``.
    """
    if tolerance < 0:
        raise ValueError(f"tolerance must not be negative, got {tolerance}")
    ring = list(points)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(ring) < 4:
        raise ValueError(f"a ring needs at least 3 points, got {len(ring) - 1 if ring else 0}")

    last = len(ring) - 1
    # The first and last points are the same, so a segment between them says
    # nothing about the shape. Split the ring at the point farthest from the
    # start instead, and simplify the two halves.
    split = max(range(1, last), key=lambda index: math.dist(ring[index], ring[0]))
    keep = [False] * len(ring)
    keep[0] = keep[split] = keep[last] = True
    # A stack rather than recursion: a detailed coastline has thousands of
    # points, and the recursion could go that deep.
    stack = [(0, split), (split, last)]
    while stack:
        first, end = stack.pop()
        index, distance = _farthest(ring, first, end)
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, end)]

    if keep.count(True) < 4:
        # Only the start, the split and the end are left: a line. Keep the
        # point that stands out most from it, so there is still an area.
        third = max(
            (index for index in range(1, last) if not keep[index]),
            key=lambda index: _distance_to_segment(ring[index], ring[0], ring[split]),
        )
        keep[third] = True
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _escape(text: str) -> str:
    # html.escape's entities (&amp; &lt; &gt; &quot; &#x27;) are all valid XML.
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _number(value: float) -> str:
    """A coordinate with one decimal place, without a needless ``.0`` or ``-0``."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _bbox(areas: Sequence[MapArea]) -> tuple[float, float, float, float] | None:
    """The ``(min_lon, min_lat, max_lon, max_lat)`` box around every area, or ``None`` if empty."""
    points = [
        point for area in areas for polygon in area.polygons for ring in polygon for point in ring
    ]
    if not points:
        return None
    lons = [point[0] for point in points]
    lats = [point[1] for point in points]
    return min(lons), min(lats), max(lons), max(lats)


def _height_for(width: int, bbox: tuple[float, float, float, float]) -> int:
    """The height that fits ``bbox`` at ``width`` without space above or below."""
    min_lon, min_lat, max_lon, max_lat = bbox
    span_x = (max_lon - min_lon) * math.cos(math.radians((min_lat + max_lat) / 2))
    span_y = max_lat - min_lat
    if span_x <= 0:
        return width
    return max(1, round(width * span_y / span_x))


def _path_data(
    area: MapArea,
    *,
    bbox: tuple[float, float, float, float],
    width: int,
    height: int,
    tolerance: float,
) -> str:
    """The ``d`` attribute for an area: every ring, projected, simplified and closed with ``Z``."""
    commands: list[str] = []
    for polygon in area.polygons:
        for ring in polygon:
            projected = [
                project(point[0], point[1], bbox=bbox, width=width, height=height) for point in ring
            ]
            if len(projected) < 3:
                continue  # Not a ring: nothing to draw.
            words: list[str] = []
            for x, y in simplify_ring(projected, tolerance)[:-1]:  # Z closes the ring.
                word = f"{_number(x)} {_number(y)}"
                # Points a rounding apart would only repeat themselves.
                if not words or word != words[-1]:
                    words.append(word)
            commands.append("M" + "L".join(words) + "Z")
    return "".join(commands)


def _ids(title: str) -> tuple[str, str]:
    """The ids of the title and description elements, derived from the title.

    Two maps on one page must not share ids, or a screen reader would read one
    map's title for the other. A readable slug of the title alone would still
    clash for titles that differ only in punctuation or case ("Skills: 2024",
    "skills 2024"), so a few characters of a hash of the exact title follow it.
    """
    slug = _NOT_SLUG.sub("-", title.lower()).strip("-")[:40].strip("-") or "map"
    digest = hashlib.sha256(title.encode()).hexdigest()[:6]
    base = f"ldsp-map-{slug}-{digest}"
    return f"{base}-title", f"{base}-desc"


def render_map(
    areas: Sequence[MapArea],
    *,
    title: str,
    description: str,
    width: int = 600,
    tolerance: float = 0.6,
    outline_only_keys: frozenset[str] = frozenset(),
) -> str:
    """Render the areas as an accessible SVG map, fitted to ``width`` viewBox units across.

    The height follows from the areas' shape. The SVG has no size of its own:
    the ``ldsp-map`` class makes it as wide as its container. ``title`` and
    ``description`` name and describe the map for screen readers.

    Each area with an ``href`` is a link (``<a class="ldsp-map__link">``)
    labelled ``Name: description``; areas without are just a shape. Every
    shape has a ``<title>`` with the same text, which browsers show as a
    tooltip. Areas are drawn - and reached with the keyboard - in the order
    given, except those in ``outline_only_keys``: they overlap others, so
    they come last, with the extra class ``ldsp-map__area--overlap`` for the
    stylesheet to draw them see-through or as outlines.

    ``tolerance`` is how far, in viewBox units, simplifying may move an
    outline; 0.6 of 600 is invisible and keeps the file small. The output is
    the same for the same input, and has no ``style`` attributes.
    """
    title_id, desc_id = _ids(title)
    bbox = _bbox(areas)
    height = _height_for(width, bbox) if bbox else 0
    view_box = " ".join(
        str(value) for value in (-_PADDING, -_PADDING, width + 2 * _PADDING, height + 2 * _PADDING)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" class="ldsp-map"'
        f' role="group" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        f'<desc id="{desc_id}">{_escape(description)}</desc>',
    ]
    if bbox is None:
        # Nothing to draw, but a page may still show the (empty) map.
        return "\n".join([*parts, "</svg>"])
    # sorted() is stable: each group keeps the order it was given in.
    for area in sorted(areas, key=lambda area: area.key in outline_only_keys):
        path_data = _path_data(area, bbox=bbox, width=width, height=height, tolerance=tolerance)
        if not path_data:
            continue
        classes = f"ldsp-map__area {area.fill_class}".strip()
        if area.key in outline_only_keys:
            classes += " ldsp-map__area--overlap"
        label = _escape(area.label)
        # evenodd, so a hole is a hole whichever way round its ring was drawn.
        # It is a presentation attribute, not an inline style, so the CSP allows it.
        path = (
            f'<path d="{path_data}" class="{_escape(classes)}" fill-rule="evenodd">'
            f"<title>{label}</title></path>"
        )
        if area.href is None:
            parts.append(path)
        else:
            parts.append(
                f'<a href="{_escape(area.href)}" class="ldsp-map__link" aria-label="{label}">'
                f"{path}</a>"
            )
    parts.append("</svg>")
    return "\n".join(parts)
