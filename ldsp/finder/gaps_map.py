"""The "where help is missing" map: districts drawn as SVG, those without help hatched
and numbered as in the table beside it.

Colour is never the only cue: a district with no help of the chosen kind within
reach is hatched as well as shaded, and carries the number of its row in the
table. The map is a picture (``role="img"`` with a title and a description that
give the figures); the table is where each district is read, so the shapes are
not links. No ``style`` attributes: the Content Security Policy forbids them, so
the look comes from classes in ``assets/_ldsp-finder-gaps.scss``.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from ldsp.finder.gaps import DistrictSupply, HelpKind
from ldsp.lib.svg import Polygon, polygons_from_geojson, project, simplify_ring

WIDTH = 600
# Beyond this many districts without help, numbers would cover the map (across
# England they would hide the districts themselves); the hatching still shows them.
MAX_NUMBERED = 40
TOLERANCE = 0.5
ATTRIBUTION = (
    "Boundaries: Office for National Statistics, licensed under the Open Government "
    "Licence v.3.0. Contains OS data © Crown copyright and database right 2022."
)


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _bbox(shapes: Sequence[list[Polygon]]) -> tuple[float, float, float, float]:
    lons = [x for polygons in shapes for polygon in polygons for ring in polygon for x, _ in ring]
    lats = [y for polygons in shapes for polygon in polygons for ring in polygon for _, y in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _height(bbox: tuple[float, float, float, float]) -> int:
    min_lon, min_lat, max_lon, max_lat = bbox
    span_x = (max_lon - min_lon) * math.cos(math.radians((min_lat + max_lat) / 2))
    return max(1, round(WIDTH * (max_lat - min_lat) / span_x)) if span_x > 0 else WIDTH


def _path(polygons: list[Polygon], bbox: tuple[float, float, float, float], height: int) -> str:
    commands = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(x, y, bbox=bbox, width=WIDTH, height=height) for x, y in ring]
            if len(points) < 3:
                continue
            words: list[str] = []
            for x, y in simplify_ring(points, TOLERANCE)[:-1]:
                word = f"{_number(x)} {_number(y)}"
                if not words or words[-1] != word:
                    words.append(word)
            commands.append("M" + "L".join(words) + "Z")
    return "".join(commands)


def is_numbered(lacking: int) -> bool:
    """Whether the districts without help carry their row numbers on the map."""
    return lacking <= MAX_NUMBERED


def gaps_svg(
    rows: Sequence[DistrictSupply],
    boundaries: Mapping[str, Mapping[str, Any]],
    *,
    kind: HelpKind,
    reach_km: int,
    place: str,
) -> str:
    """The map of ``rows`` (in table order: the numbers are row numbers) for one kind."""
    drawn = [(row, polygons_from_geojson(boundaries[row.code])) for row in rows]
    drawn = [(row, polygons) for row, polygons in drawn if polygons]
    title = f"Where there is {kind.missing} within {reach_km} km: {place}"
    lacking = sum(1 for row in rows if row.lacks(kind.key))
    numbered = is_numbered(lacking)
    marked = "hatched and numbered as in the table below" if numbered else "hatched"
    description = (
        f"A map of the {len(rows)} local authority districts of {place}. "
        f"{lacking} of them have {kind.missing} within {reach_km} km of their centre; "
        f"they are {marked}. The others are shaded green."
    )
    digest = hashlib.sha256(title.encode()).hexdigest()[:8]
    ids = {name: f"ldsp-gaps-{digest}-{name}" for name in ("title", "desc", "hatch")}
    parts = []
    if drawn:
        bbox = _bbox([polygons for _row, polygons in drawn])
        height = _height(bbox)
    else:
        bbox, height = (0.0, 0.0, 1.0, 1.0), 0
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {WIDTH + 4} {height + 4}"'
        f' class="ldsp-map ldsp-gaps-map" role="img"'
        f' aria-labelledby="{ids["title"]} {ids["desc"]}">'
    )
    parts.append(f'<title id="{ids["title"]}">{html.escape(title)}</title>')
    parts.append(f'<desc id="{ids["desc"]}">{html.escape(description)}</desc>')
    # The hatching is a pattern of lines; its colours come from the stylesheet.
    parts.append(
        f'<defs><pattern id="{ids["hatch"]}" patternUnits="userSpaceOnUse" width="6" height="6"'
        ' patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="ldsp-gaps-map__hatch-ground"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="ldsp-gaps-map__hatch-line"/>'
        "</pattern></defs>"
    )
    markers = []
    # Few numbers can be large enough to read on a phone; many must be small to fit.
    radius, font_size = (16, 18) if lacking <= 12 else (9, 10)
    number_of = {row.code: number for number, row in enumerate(rows, start=1)}
    for row, polygons in drawn:
        missing = row.lacks(kind.key)
        path = _path(polygons, bbox, height)
        if not path:
            continue
        state = "none" if missing else "some"
        fill = f' fill="url(#{ids["hatch"]})"' if missing else ""
        count = row.offers_of(kind.key)
        label = (
            f"{row.name}: {kind.missing} within {reach_km} km"
            if missing
            else (f"{row.name}: {count} offer{'s' if count != 1 else ''} within {reach_km} km")
        )
        parts.append(
            f'<path d="{path}" class="ldsp-gaps-map__district ldsp-gaps-map__district--{state}"'
            f' fill-rule="evenodd"{fill}><title>{html.escape(label)}</title></path>'
        )
        if missing and numbered:
            x, y = project(row.longitude, row.latitude, bbox=bbox, width=WIDTH, height=height)
            number = number_of[row.code]
            markers.append(
                f'<g class="ldsp-gaps-map__marker"><circle cx="{_number(x)}" cy="{_number(y)}"'
                f' r="{radius}"/><text x="{_number(x)}" y="{_number(y)}" dy="0.35em"'
                f' text-anchor="middle" font-size="{font_size}">{number}</text></g>'
            )
    # Markers go on top of every district, so a neighbour never covers a number.
    parts.extend(markers)
    parts.append("</svg>")
    return "\n".join(parts)
