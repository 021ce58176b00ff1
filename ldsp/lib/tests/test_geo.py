from __future__ import annotations

import csv
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.geo import (
    MultiPolygon,
    Polygon,
    PolygonIndex,
    Ring,
    bbox,
    boundary_distance,
    geometry_polygons,
    point_in_polygons,
    point_in_ring,
)

DATA = Path(__file__).resolve().parents[2] / "places" / "data"


def square(left: float, bottom: float, size: float = 1.0) -> Ring:
    """A closed square ring, anticlockwise as GeoJSON has outer rings."""
    right, top = left + size, bottom + size
    return [(left, bottom), (right, bottom), (right, top), (left, top), (left, bottom)]


UNIT: Polygon = [square(0, 0)]
# A 3 x 3 square with the middle square cut out.
FRAME: Polygon = [square(0, 0, 3), list(reversed(square(1, 1)))]


# Rings


def test_a_point_inside_a_square_is_in_it_and_one_outside_is_not() -> None:
    assert point_in_ring((0.5, 0.5), UNIT[0])
    for outside in [(1.5, 0.5), (-0.5, 0.5), (0.5, 1.5), (0.5, -0.5), (2.0, 2.0)]:
        assert not point_in_ring(outside, UNIT[0])


def test_a_ring_need_not_be_closed() -> None:
    assert point_in_ring((0.5, 0.5), UNIT[0][:-1])
    assert not point_in_ring((1.5, 0.5), UNIT[0][:-1])


def test_the_direction_of_a_ring_does_not_matter() -> None:
    assert point_in_ring((0.5, 0.5), list(reversed(UNIT[0])))


def test_an_empty_ring_holds_nothing() -> None:
    assert not point_in_ring((0.0, 0.0), [])


def test_a_ray_through_a_vertex_is_counted_once() -> None:
    # A diamond: the ray from (0, 0) to the right passes through the vertex (1, 0).
    diamond = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
    assert point_in_ring((0.0, 0.0), diamond)
    assert not point_in_ring((-2.0, 0.0), diamond)
    assert not point_in_ring((2.0, 0.0), diamond)


def test_a_point_in_the_notch_of_a_concave_ring_is_outside_it() -> None:
    # A U shape: the notch is x 1..2, y 1..3.
    u_shape = [(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0)]
    u_shape += [(1.0, 3.0), (0.0, 3.0)]
    assert not point_in_ring((1.5, 2.0), u_shape)
    assert point_in_ring((0.5, 2.0), u_shape)
    assert point_in_ring((2.5, 2.0), u_shape)
    assert point_in_ring((1.5, 0.5), u_shape)


@given(
    st.floats(min_value=-2, max_value=3, allow_nan=False),
    st.floats(min_value=-2, max_value=3, allow_nan=False),
)
def test_a_point_is_in_a_square_exactly_when_it_lies_between_its_sides(x: float, y: float) -> None:
    ring = square(-1, -1, 2)
    on_the_boundary = abs(x) == 1 or abs(y) == 1
    if not on_the_boundary:
        assert point_in_ring((x, y), ring) == (abs(x) < 1 and abs(y) < 1)


# Polygons with holes, and multipolygons


def test_a_point_in_a_hole_is_not_in_the_polygon() -> None:
    assert not point_in_polygons((1.5, 1.5), [FRAME])


def test_a_point_between_the_outer_ring_and_the_hole_is_in_the_polygon() -> None:
    assert point_in_polygons((0.5, 1.5), [FRAME])
    assert point_in_polygons((2.5, 2.5), [FRAME])
    assert not point_in_polygons((3.5, 1.5), [FRAME])


def test_a_point_in_any_part_of_a_multipolygon_is_in_it() -> None:
    shapes: MultiPolygon = [UNIT, [square(5, 5)]]
    assert point_in_polygons((0.5, 0.5), shapes)
    assert point_in_polygons((5.5, 5.5), shapes)
    assert not point_in_polygons((3.0, 3.0), shapes)


def test_an_island_in_a_hole_is_in_the_multipolygon() -> None:
    # As a lake with an island in it is drawn: the island is a polygon of its own.
    island: Polygon = [square(1.25, 1.25, 0.5)]
    assert point_in_polygons((1.5, 1.5), [FRAME, island])
    assert not point_in_polygons((1.1, 1.1), [FRAME, island])


def test_no_polygons_hold_nothing() -> None:
    assert not point_in_polygons((0.0, 0.0), [])
    assert not point_in_polygons((0.0, 0.0), [[]])


# GeoJSON geometries and bounding boxes


def test_a_geojson_polygon_becomes_a_list_of_one_polygon() -> None:
    geometry = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert geometry_polygons(geometry) == [[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]]


def test_a_geojson_multipolygon_keeps_its_polygons_and_their_holes() -> None:
    geometry: dict[str, Any] = {
        "type": "MultiPolygon",
        "coordinates": [
            [[list(point) for point in ring] for ring in FRAME],
            [[list(point) for point in square(5, 5)]],
        ],
    }
    assert geometry_polygons(geometry) == [FRAME, [square(5, 5)]]


def test_an_altitude_in_a_position_is_dropped() -> None:
    geometry = {"type": "Polygon", "coordinates": [[[0, 0, 9], [1, 0, 9], [0, 1, 9], [0, 0, 9]]]}
    assert geometry_polygons(geometry)[0][0][1] == (1.0, 0.0)


@pytest.mark.parametrize("kind", ["Point", "LineString", "GeometryCollection", None])
def test_a_geometry_that_is_not_an_area_is_refused(kind: str | None) -> None:
    with pytest.raises(ValueError, match="Polygon or MultiPolygon"):
        geometry_polygons({"type": kind, "coordinates": [0, 0]})


def test_the_bounding_box_covers_every_part() -> None:
    assert bbox([FRAME, [square(5, -2)]]) == (0.0, -2.0, 6.0, 3.0)


def test_there_is_no_bounding_box_of_nothing() -> None:
    with pytest.raises(ValueError, match="no points"):
        bbox([])


# The index


def squares_index() -> PolygonIndex:
    index = PolygonIndex()
    index.add("unit", [UNIT])
    index.add("frame", [FRAME])
    index.add("far", [[square(10, 10)]])
    return index


def test_find_gives_every_polygon_holding_the_point_in_the_order_added() -> None:
    index = squares_index()
    assert index.find((0.5, 0.5)) == ["unit", "frame"]
    assert index.find((2.5, 0.5)) == ["frame"]
    assert index.find((1.5, 1.5)) == []
    assert index.find((10.5, 10.5)) == ["far"]
    assert len(index) == 3


def test_a_key_can_be_added_only_once() -> None:
    index = squares_index()
    with pytest.raises(ValueError, match="already"):
        index.add("unit", [[square(20, 20)]])


def test_nearest_gives_the_polygon_holding_the_point() -> None:
    index = squares_index()
    assert index.nearest((2.5, 2.5)) == "frame"
    assert index.nearest((0.5, 0.5)) == "unit"


def test_nearest_gives_the_polygon_whose_edge_is_nearest_to_a_point_outside_all() -> None:
    index = squares_index()
    assert index.nearest((3.2, 1.0)) == "frame"
    assert index.nearest((9.0, 9.9)) == "far"
    # In the hole: the hole's edge is the frame's boundary too.
    assert index.nearest((1.5, 1.5)) == "frame"


def test_nearest_finds_nothing_beyond_the_maximum_distance() -> None:
    index = squares_index()
    assert index.nearest((5.0, 1.0), max_distance=0.5) is None
    assert index.nearest((3.2, 1.0), max_distance=0.5) == "frame"


def test_nearest_in_an_empty_index_is_none() -> None:
    assert PolygonIndex().nearest((0.0, 0.0)) is None


def test_of_two_polygons_at_the_same_distance_nearest_gives_the_first_added() -> None:
    index = PolygonIndex()
    index.add("east", [[square(2, 0)]])
    index.add("west", [[square(-3, 0)]])
    assert index.nearest((0.0, 0.5)) == "east"


def test_nearest_measures_longitude_in_shorter_degrees_away_from_the_equator() -> None:
    # At 60 degrees north a degree of longitude is half a degree of latitude long.
    index = PolygonIndex()
    index.add("north", [[square(-1, 60.3)]])
    index.add("east", [[square(0.35, 59.5)]])
    # 0.3 degrees of latitude to the north, 0.35 of longitude (0.175 scaled) to the east.
    assert index.nearest((-0.5, 60.0)) == "north"
    assert index.nearest((0.0, 60.0)) == "east"
    assert boundary_distance((0.0, 60.0), [[square(0.35, 59.5)]]) == pytest.approx(
        0.35 * math.cos(math.radians(60))
    )


def test_the_distance_to_a_boundary_is_the_same_inside_and_outside() -> None:
    assert boundary_distance((0.5, 0.9), [UNIT]) == pytest.approx(0.1)
    assert boundary_distance((0.5, 1.1), [UNIT]) == pytest.approx(0.1)


# The real local authority boundaries (ONS, December 2022, England)


@pytest.fixture(scope="module")
def lad_features() -> list[dict[str, Any]]:
    with (DATA / "lad_boundaries_2022_england.geojson").open(encoding="utf-8") as file:
        return json.load(file)["features"]


@pytest.fixture(scope="module")
def lad_index(lad_features: list[dict[str, Any]]) -> PolygonIndex:
    index = PolygonIndex()
    for feature in lad_features:
        index.add(feature["properties"]["LAD22CD"], geometry_polygons(feature["geometry"]))
    return index


def test_every_local_authority_holds_its_own_centroid(
    lad_features: list[dict[str, Any]], lad_index: PolygonIndex
) -> None:
    inside = by_nearest = 0
    for feature in lad_features:
        properties = feature["properties"]
        point = (properties["LONG"], properties["LAT"])
        found = lad_index.find(point)
        # English local authorities do not overlap.
        assert len(found) <= 1
        if found == [properties["LAD22CD"]]:
            inside += 1
        elif lad_index.nearest(point) == properties["LAD22CD"]:
            by_nearest += 1
    assert len(lad_features) == 309
    assert inside + by_nearest >= 300
    # ONS puts the centroid inside the area, and so all 309 are found directly.
    assert (inside, by_nearest) == (309, 0)


# The postcode districts found in England only by `nearest`, within 0.05 degrees
# (about 5.5 km). Four are English: EX3 (Topsham) and TR21 (St Mary's, Scilly)
# are on the coast, CH25 and L74 are non-geographic (PO box) districts. CH4
# crosses the border at Chester and its centroid is 80 m inside Wales. The
# other 13 are Welsh or Scottish districts near the border (Chepstow,
# Monmouth, Gretna, Annan and so on): 0.05 degrees is too generous along a
# land border, and no smaller distance separates them (NP16 is 0.5 km out,
# TR21 5.5 km). A lookup that must not place them in England needs the Welsh
# and Scottish boundaries as well.
FOUND_BY_NEAREST = {
    *("CH4", "CH5", "CH6", "CH25", "DG12", "DG14", "DG16", "EX3", "L74"),
    *("LD7", "LD8", "LL12", "LL14", "NP16", "NP25", "SY15", "SY22", "TR21"),
}
# Areas with live districts outside England, which is where the districts
# that stay unresolved must be.
PARTLY_OR_NOT_ENGLISH_AREAS = {
    *("AB", "CF", "CH", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY"),
    *("LD", "LL", "ML", "NP", "PA", "PH", "SA", "SY", "TD", "ZE"),
}


def test_the_live_postcode_districts_in_england_are_placed_in_a_local_authority(
    lad_index: PolygonIndex,
) -> None:
    with (DATA / "postcode_districts.csv").open(newline="", encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if int(row["active_postcodes"]) > 0]

    started = time.perf_counter()
    found: dict[str, str] = {}
    by_nearest: set[str] = set()
    for row in rows:
        point = (float(row["lon"]), float(row["lat"]))
        keys = lad_index.find(point)
        # English local authorities do not overlap.
        assert len(keys) <= 1
        if keys:
            found[row["district"]] = keys[0]
            continue
        key = lad_index.nearest(point, max_distance=0.05)
        if key is not None:
            found[row["district"]] = key
            by_nearest.add(row["district"])
    elapsed = time.perf_counter() - started

    assert len(rows) == 2872
    assert len(found) == 2232
    assert by_nearest == FOUND_BY_NEAREST
    assert {row["area"] for row in rows if row["district"] not in found} == (
        PARTLY_OR_NOT_ENGLISH_AREAS
    )
    # About 0.2 s on a laptop; the bound only catches an accidental slowdown.
    assert elapsed < 5
