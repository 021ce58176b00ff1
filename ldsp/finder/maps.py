"""The map beside the finder's results: an SVG drawn on the server, no tiles, no script.

The picture shows the search area (a circle of the chosen radius around the place
searched), the boundary of the local authority the place is in, the place itself, and
a numbered marker for each centre on the page, with the same numbers as the list. The
list is the text alternative, so the map is one image to assistive technology.

Centres placed at their postcode district's centre share a point; their markers are
fanned out around it, each joined to the point by a short line, so every number can
be read.

The site's CSP forbids inline styles: colours and fonts come from the ``ldsp-find-map``
classes in the stylesheet; only presentation attributes are written here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ldsp.lib.distance import EARTH_RADIUS_KM, box_around
from ldsp.lib.svg import polygons_from_geojson, project, simplify_ring

WIDTH = 300
MARKER_RADIUS = 12
# Markers closer than this (viewBox units) would overlap, so they are fanned out.
CROWDED = MARKER_RADIUS * 1.6
FAN_RADIUS = MARKER_RADIUS * 2.2
# Room beyond the search circle, so its edge is not cut off.
MARGIN = 1.08


@dataclass(frozen=True)
class Marker:
    """A centre on the map, numbered as in the list."""

    number: int
    latitude: float
    longitude: float


def _text(value: str) -> str:
    return html.escape(value, quote=True)


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _boundary_path(
    boundary: Mapping[str, Any], *, bbox: tuple[float, float, float, float], height: int
) -> str:
    """The local authority's outline as a path ``d``, projected and simplified."""
    try:
        polygons = polygons_from_geojson(boundary)
    except (ValueError, KeyError, TypeError, IndexError):
        return ""  # A boundary we cannot read: the map still shows the centres.
    commands = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lon, lat, bbox=bbox, width=WIDTH, height=height) for lon, lat in ring]
            if len(points) < 3:
                continue
            kept = simplify_ring(points, 0.5)[:-1]
            commands.append("M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in kept) + "Z")
    return "".join(commands)


def _spread(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where to draw each marker: at its point, or fanned around a point it shares."""
    groups: list[list[int]] = []
    for index, (x, y) in enumerate(points):
        for group in groups:
            gx, gy = points[group[0]]
            if math.hypot(x - gx, y - gy) < CROWDED:
                group.append(index)
                break
        else:
            groups.append([index])
    placed = list(points)
    for group in groups:
        if len(group) < 2:
            continue
        cx, cy = points[group[0]]
        radius = max(FAN_RADIUS, len(group) * MARKER_RADIUS * 2.2 / (2 * math.pi))
        for step, index in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * step / len(group)
            placed[index] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return placed


def results_map_svg(
    *,
    latitude: float,
    longitude: float,
    radius_km: float,
    place_label: str,
    markers: Sequence[Marker],
    boundary: Mapping[str, Any] | None = None,
    boundary_name: str = "",
) -> str:
    """The SVG (as markup) of the search area, the place searched and the numbered centres."""
    box = box_around(latitude, longitude, radius_km * MARGIN)
    bbox = (box.west, box.south, box.east, box.north)
    shrink = math.cos(math.radians((box.south + box.north) / 2))
    height = max(1, round(WIDTH * (box.north - box.south) / ((box.east - box.west) * shrink)))

    def at(lat: float, lon: float) -> tuple[float, float]:
        return project(lon, lat, bbox=bbox, width=WIDTH, height=height)

    cx, cy = at(latitude, longitude)
    _x, top = at(latitude + math.degrees(radius_km / EARTH_RADIUS_KM), longitude)
    circle_radius = cy - top

    count = len(markers)
    title = f"Map of the {count} place{'' if count == 1 else 's'} listed, near {place_label}"
    description = (
        f"The numbers match the list. The dashed circle is the area searched, around "
        f"{place_label}, marked with a black square."
        + (f" The shaded shape is {boundary_name}." if boundary_name else "")
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        ' class="ldsp-find-map" role="img" aria-labelledby="find-map-title find-map-desc"'
        ' focusable="false">',
        f'<title id="find-map-title">{_text(title)}</title>',
        f'<desc id="find-map-desc">{_text(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" class="ldsp-find-map__sea"/>',
    ]
    if boundary:
        path = _boundary_path(boundary, bbox=bbox, height=height)
        if path:
            parts.append(f'<path d="{path}" class="ldsp-find-map__authority" fill-rule="evenodd"/>')
    parts.append(
        f'<circle cx="{_number(cx)}" cy="{_number(cy)}" r="{_number(circle_radius)}"'
        ' class="ldsp-find-map__radius"/>'
    )
    side = 9
    parts.append(
        f'<rect x="{_number(cx - side / 2)}" y="{_number(cy - side / 2)}" width="{side}"'
        f' height="{side}" class="ldsp-find-map__place"/>'
    )
    points = [at(marker.latitude, marker.longitude) for marker in markers]
    placed = _spread(points)
    for (px, py), (mx, my) in zip(points, placed, strict=True):
        if (px, py) != (mx, my):
            parts.append(
                f'<line x1="{_number(px)}" y1="{_number(py)}" x2="{_number(mx)}"'
                f' y2="{_number(my)}" class="ldsp-find-map__leader"/>'
            )
    for marker, (mx, my) in zip(markers, placed, strict=True):
        parts.append(
            f'<g class="ldsp-find-map__marker">'
            f'<circle cx="{_number(mx)}" cy="{_number(my)}" r="{MARKER_RADIUS}"/>'
            f'<text x="{_number(mx)}" y="{_number(my)}" text-anchor="middle"'
            f' dominant-baseline="central">{marker.number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
