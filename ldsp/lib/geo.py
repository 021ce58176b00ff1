"""Which polygon a point is in: enough geometry to place a postcode in a local authority.

The hub maps postcode districts to local authority districts (and so to Local
Digital Skills Partnerships) by testing the district's centroid against the
authorities' boundaries. That needs point-in-polygon and little else, for a
few hundred polygons of a few hundred points each, so a C library such as
GEOS (shapely) would be a heavy dependency for a light job.

Coordinates are GeoJSON's: ``(longitude, latitude)`` in degrees, WGS84. The
boundary files are simplified, so a centroid on the coast can fall a few
hundred metres out to sea, outside every polygon; ``PolygonIndex.nearest``
is for those.

This module is framework-free on purpose - standard library only, no Django -
so that views, management commands and data checks can all use it, and so it
can be tested in isolation.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]
Polygon = list[Ring]  # outer ring then holes
MultiPolygon = list[Polygon]
BBox = tuple[float, float, float, float]  # (min lon, min lat, max lon, max lat)


def _ring(coordinates: Sequence[Sequence[float]]) -> Ring:
    # A position may carry an altitude as a third number; it plays no part in
    # which area a point is in.
    return [(float(position[0]), float(position[1])) for position in coordinates]


def geometry_polygons(geometry: dict[str, Any]) -> MultiPolygon:
    """The polygons of a GeoJSON ``Polygon`` or ``MultiPolygon`` geometry.

    A ``Polygon`` gives a list of one polygon, so callers handle one shape.
    Raises ``ValueError`` for any other type of geometry.
    """
    kind = geometry.get("type")
    coordinates: Any = geometry.get("coordinates")
    if kind == "Polygon":
        return [[_ring(ring) for ring in coordinates]]
    if kind == "MultiPolygon":
        return [[_ring(ring) for ring in polygon] for polygon in coordinates]
    raise ValueError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")


def point_in_ring(point: Point, ring: Ring) -> bool:
    """Whether the point is inside the ring, by casting a ray (the even-odd rule).

    The ring may be closed (last point the same as the first, as in GeoJSON)
    or not. A point exactly on the boundary may come out either way.
    """
    x, y = point
    inside = False
    x_before, y_before = ring[-1] if ring else (0.0, 0.0)
    for x_here, y_here in ring:
        # Count the edges that cross the horizontal line through the point,
        # to the point's right. The half-open test (one end above, the other
        # not) counts a vertex on the line once, and never divides by zero.
        if (y_here > y) != (y_before > y):
            x_cross = x_here + (y - y_here) * (x_before - x_here) / (y_before - y_here)
            if x < x_cross:
                inside = not inside
        x_before, y_before = x_here, y_here
    return inside


def point_in_polygons(point: Point, polygons: MultiPolygon) -> bool:
    """Whether the point is in one of the polygons: inside its outer ring and none of its holes."""
    for polygon in polygons:
        if not polygon or not point_in_ring(point, polygon[0]):
            continue
        if not any(point_in_ring(point, hole) for hole in polygon[1:]):
            return True
    return False


def _points(polygons: MultiPolygon) -> Iterator[Point]:
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def bbox(polygons: MultiPolygon) -> BBox:
    """The bounding box of the polygons, as ``(min lon, min lat, max lon, max lat)``.

    Raises ``ValueError`` when there are no points at all.
    """
    points = list(_points(polygons))
    if not points:
        raise ValueError("cannot take the bounding box of no points")
    longitudes = [lon for lon, _ in points]
    latitudes = [lat for _, lat in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def _in_bbox(point: Point, box: BBox) -> bool:
    lon, lat = point
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _segment_distance_squared(
    x: float, y: float, x1: float, y1: float, x2: float, y2: float
) -> float:
    """Squared distance from (x, y) to the segment from (x1, y1) to (x2, y2)."""
    dx = x2 - x1
    dy = y2 - y1
    length_squared = dx * dx + dy * dy
    if length_squared == 0.0:
        t = 0.0
    else:
        # Where the perpendicular from the point meets the line, kept on the segment.
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length_squared))
    ex = x1 + t * dx - x
    ey = y1 + t * dy - y
    return ex * ex + ey * ey


def _bbox_distance(point: Point, box: BBox, scale: float) -> float:
    """Distance from the point to the box: 0 inside, and never more than to anything in it."""
    lon, lat = point
    dx = max(box[0] - lon, 0.0, lon - box[2]) * scale
    dy = max(box[1] - lat, 0.0, lat - box[3])
    return math.hypot(dx, dy)


def _scale(point: Point) -> float:
    # A degree of longitude is cos(latitude) times as long as a degree of
    # latitude. Scaling longitudes by the cosine at the point makes distances
    # near it come out in degrees of latitude (about 111 km), the same in
    # every direction. Over the few kilometres this is used for, the
    # difference in latitude across the distance does not matter.
    return math.cos(math.radians(point[1]))


def boundary_distance(point: Point, polygons: MultiPolygon) -> float:
    """Distance from the point to the nearest edge of the polygons, in degrees of latitude.

    Longitudes are scaled by the cosine of the point's latitude, so the
    result is roughly the distance on the ground divided by 111 km. Holes
    count as edges too. This is the distance to the boundary whether the
    point is inside or outside.
    """
    scale = _scale(point)
    x = point[0] * scale
    y = point[1]
    best = math.inf
    for polygon in polygons:
        for ring in polygon:
            if not ring:
                continue
            x_before = ring[-1][0] * scale
            y_before = ring[-1][1]
            for lon, lat in ring:
                x_here = lon * scale
                distance = _segment_distance_squared(x, y, x_before, y_before, x_here, lat)
                if distance < best:
                    best = distance
                x_before, y_before = x_here, lat
    return math.sqrt(best)


@dataclass
class _Entry:
    key: str
    box: BBox
    polygons: MultiPolygon


@dataclass
class PolygonIndex:
    """Polygons by key, such as local authority boundaries by ONS code, to look points up in.

    A plain list with a bounding-box check in front of the exact test: for
    the 309 English local authorities that takes well under a millisecond a
    point, so a spatial tree would add code without a need.
    """

    _entries: list[_Entry] = field(default_factory=list, init=False, repr=False)
    _keys: set[str] = field(default_factory=set, init=False, repr=False)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: str, polygons: MultiPolygon) -> None:
        """Add the polygons under a key. Raises ``ValueError`` if the key is already there."""
        if key in self._keys:
            raise ValueError(f"{key!r} is already in the index")
        self._entries.append(_Entry(key, bbox(polygons), polygons))
        self._keys.add(key)

    def find(self, point: Point) -> list[str]:
        """The keys of every polygon the point is in, in the order they were added.

        Usually one key or none. More than one means the polygons overlap
        there, as Local Enterprise Partnerships did before 2021.
        """
        return [
            entry.key
            for entry in self._entries
            if _in_bbox(point, entry.box) and point_in_polygons(point, entry.polygons)
        ]

    def nearest(self, point: Point, *, max_distance: float | None = None) -> str | None:
        """The key of the polygon the point is in, or failing that whose boundary is nearest.

        For points that fall just outside every polygon because the
        boundaries are simplified, such as the centroid of a coastal
        district. Distances are in degrees of latitude (see
        ``boundary_distance``); with ``max_distance`` no polygon further
        away than that counts, so a point in Wales is not placed in England.
        Gives ``None`` when nothing counts. Of polygons at the same distance,
        the first added wins.
        """
        scale = _scale(point)
        limit = math.inf if max_distance is None else max_distance
        # Nearest box first: once the best boundary found is nearer than the
        # next box, no polygon further down the list can beat it.
        candidates = sorted(
            (
                (_bbox_distance(point, entry.box, scale), index)
                for index, entry in enumerate(self._entries)
            ),
        )
        best_index: int | None = None
        best = limit
        for box_distance, index in candidates:
            if box_distance > best:
                break
            entry = self._entries[index]
            # A box that holds the point sorts first, and so the polygon
            # that holds it is found before any other could be chosen.
            if box_distance == 0.0 and point_in_polygons(point, entry.polygons):
                return entry.key
            distance = boundary_distance(point, entry.polygons)
            if distance < best or (distance == best and (best_index is None or index < best_index)):
                best = distance
                best_index = index
        return None if best_index is None else self._entries[best_index].key
