from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ldsp.lib.svg import (
    MapArea,
    Point,
    polygons_from_geojson,
    project,
    render_map,
    simplify_ring,
)

LEP_BOUNDARIES = (
    Path(__file__).resolve().parents[2] / "places" / "data" / "lep_boundaries_2021_buc.geojson"
)
GREATER_BIRMINGHAM = "E37000012"
SVG = "{http://www.w3.org/2000/svg}"
# The real boundaries ship with the places app; the lib itself knows nothing of it.
needs_lep_boundaries = pytest.mark.skipif(
    not LEP_BOUNDARIES.exists(), reason="the LEP boundary file is not in ldsp/places/data"
)

# England, roughly: wider in degrees than it is tall, but not once shrunk by cos(52.5°).
ENGLAND = (-6.0, 50.0, 2.0, 55.8)
SQUARE: list[tuple[float, float]] = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]


def area(
    key: str = "E37000001",
    name: str = "Lancashire",
    *,
    href: str | None = "/partnerships/lancashire/",
    description: str = "active partnership",
    offset: float = 0.0,
) -> MapArea:
    ring = [
        (-2.0 + offset, 53.0),
        (-2.0 + offset, 54.0),
        (-1.0 + offset, 54.0),
        (-2.0 + offset, 53.0),
    ]
    return MapArea(
        key=key,
        name=name,
        polygons=[[ring]],
        fill_class="ldsp-map__area--active",
        href=href,
        description=description,
    )


def parse(svg: str) -> ET.Element:
    """The SVG as an XML tree: parsing it at all shows it is well-formed."""
    # We parse our own output, not untrusted input, so defusedxml buys nothing here.
    return ET.fromstring(svg)  # noqa: S314


def child(element: ET.Element, tag: str) -> ET.Element:
    """The first ``tag`` (without the SVG namespace) in ``element``, which must have one."""
    found = element.find(f"{SVG}{tag}")
    assert found is not None, f"no <{tag}>"
    return found


def lep_areas() -> list[MapArea]:
    features = json.loads(LEP_BOUNDARIES.read_text())["features"]
    return [
        MapArea(
            key=feature["properties"]["LEP21CD"],
            name=feature["properties"]["LEP21NM"],
            polygons=polygons_from_geojson(feature["geometry"]),
            fill_class="ldsp-map__area--active",
            href=f"/partnerships/{feature['properties']['LEP21CD']}/",
            description="active partnership",
        )
        for feature in features
    ]


def render_lep_map() -> str:
    return render_map(
        lep_areas(),
        title="Local Digital Skills Partnerships in England",
        description="The 38 LEP areas of England, coloured by whether they have a partnership.",
        outline_only_keys=frozenset({GREATER_BIRMINGHAM}),
    )


# Projection


def test_projection_puts_north_at_the_top() -> None:
    _, north = project(0.0, 55.0, bbox=ENGLAND, width=600, height=700)
    _, south = project(0.0, 51.0, bbox=ENGLAND, width=600, height=700)
    assert north < south


def test_projection_puts_west_on_the_left() -> None:
    west, _ = project(-5.0, 52.0, bbox=ENGLAND, width=600, height=700)
    east, _ = project(1.0, 52.0, bbox=ENGLAND, width=600, height=700)
    assert west < east


def test_projection_shrinks_longitude_by_the_cosine_of_the_middle_latitude() -> None:
    left, top = project(-1.0, 53.0, bbox=ENGLAND, width=600, height=700)
    right, bottom = project(0.0, 52.0, bbox=ENGLAND, width=600, height=700)
    assert (right - left) / (bottom - top) == pytest.approx(math.cos(math.radians(52.9)))


def test_projection_keeps_the_aspect_ratio_in_a_picture_of_another_shape() -> None:
    for width, height in [(600, 700), (1200, 300), (300, 1200)]:
        left, top = project(-1.0, 53.0, bbox=ENGLAND, width=width, height=height)
        right, bottom = project(0.0, 52.0, bbox=ENGLAND, width=width, height=height)
        assert (right - left) / (bottom - top) == pytest.approx(math.cos(math.radians(52.9)))


def test_projection_fits_the_box_inside_the_picture_and_centres_it() -> None:
    left, top = project(ENGLAND[0], ENGLAND[3], bbox=ENGLAND, width=1200, height=300)
    right, bottom = project(ENGLAND[2], ENGLAND[1], bbox=ENGLAND, width=1200, height=300)
    assert (top, bottom) == (pytest.approx(0), pytest.approx(300))
    assert 0 < left < right < 1200
    assert left == pytest.approx(1200 - right)


def test_projection_puts_everything_in_the_middle_for_a_box_that_is_a_single_point() -> None:
    assert project(1.0, 52.0, bbox=(1.0, 52.0, 1.0, 52.0), width=600, height=400) == (300, 200)


# Simplification


def test_simplify_drops_points_on_a_straight_edge() -> None:
    ring: list[Point] = [(0, 0), (0, 5), (0, 10), (10, 10), (10, 0), (5, 0.1), (0, 0)]
    assert simplify_ring(ring, 0.5) == [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]


def test_simplify_keeps_a_corner_that_sticks_out_more_than_the_tolerance() -> None:
    ring: list[Point] = [(0, 0), (0, 10), (5, 12), (10, 10), (10, 0), (0, 0)]
    assert (5, 12) in simplify_ring(ring, 1.0)
    assert (5, 12) not in simplify_ring(ring, 3.0)


def test_simplify_keeps_the_first_and_last_point() -> None:
    ring: list[Point] = [(3, 0), (10, 0), (10, 10), (0, 10), (0, 0), (3, 0)]
    simplified = simplify_ring(ring, 0.5)
    assert simplified[0] == simplified[-1] == (3, 0)


def test_simplify_closes_an_open_ring() -> None:
    simplified = simplify_ring([(0, 0), (0, 10), (10, 10), (10, 0)], 0.5)
    assert simplified == [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]


def test_simplify_never_returns_fewer_than_4_points_for_a_ring() -> None:
    tiny_island = [(0, 0), (0.1, 0.05), (0.2, 0), (0.1, -0.05), (0, 0)]
    for tolerance in [0, 0.01, 1, 1000]:
        simplified = simplify_ring(tiny_island, tolerance)
        assert len(simplified) >= 4
        assert simplified[0] == simplified[-1]


def test_simplify_keeps_a_ring_that_has_only_4_points() -> None:
    triangle: list[Point] = [(0, 0), (1, 0), (0, 1), (0, 0)]
    assert simplify_ring(triangle, 1000) == triangle


def test_simplify_keeps_every_point_with_no_tolerance() -> None:
    assert simplify_ring(SQUARE, 0) == SQUARE


def test_simplify_refuses_a_ring_of_fewer_than_3_points() -> None:
    with pytest.raises(ValueError, match="at least 3 points"):
        simplify_ring([(0, 0), (1, 1), (0, 0)], 0.5)


def test_simplify_refuses_a_negative_tolerance() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        simplify_ring(SQUARE, -1)


def test_simplify_copes_with_a_ring_of_thousands_of_points() -> None:
    circle = [
        (100 * math.cos(2 * math.pi * step / 5000), 100 * math.sin(2 * math.pi * step / 5000))
        for step in range(5000)
    ]
    simplified = simplify_ring(circle, 0.6)
    assert 20 < len(simplified) < 200
    assert simplified[0] == simplified[-1] == circle[0]


# GeoJSON


def test_geojson_polygons_and_multipolygons_both_become_lists_of_polygons() -> None:
    ring = [[0, 0], [0, 1], [1, 1, 30.5], [0, 0]]
    expected = [[[(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (0.0, 0.0)]]]
    assert polygons_from_geojson({"type": "Polygon", "coordinates": [ring]}) == expected
    assert polygons_from_geojson({"type": "MultiPolygon", "coordinates": [[ring]]}) == expected


def test_geojson_other_geometries_are_refused() -> None:
    with pytest.raises(ValueError, match="Point"):
        polygons_from_geojson({"type": "Point", "coordinates": [0, 0]})


# Rendering


def test_each_area_is_a_link_labelled_with_its_name_and_description() -> None:
    svg = render_map([area()], title="Map", description="A map.")
    assert (
        '<a href="/partnerships/lancashire/" class="ldsp-map__link"'
        ' aria-label="Lancashire: active partnership">'
    ) in svg
    assert "<title>Lancashire: active partnership</title></path></a>" in svg


def test_an_area_without_a_link_is_just_a_shape_with_a_title() -> None:
    svg = render_map([area(href=None)], title="Map", description="A map.")
    assert "<a " not in svg
    assert "<title>Lancashire: active partnership</title></path>" in svg


def test_an_area_without_a_description_is_labelled_with_its_name_alone() -> None:
    svg = render_map([area(description="")], title="Map", description="A map.")
    assert 'aria-label="Lancashire"' in svg
    assert "<title>Lancashire</title>" in svg


def test_the_map_is_named_and_described_by_its_title_and_desc() -> None:
    svg = render_map([area()], title="Partnerships", description="Where they are.")
    root = parse(svg)
    title_id, desc_id = root.attrib["aria-labelledby"].split()
    assert child(root, "title").attrib["id"] == title_id
    assert child(root, "title").text == "Partnerships"
    assert child(root, "desc").attrib["id"] == desc_id
    assert child(root, "desc").text == "Where they are."
    assert next(iter(root)).tag == f"{SVG}title"


def test_the_map_is_a_group_with_a_view_box_and_the_map_class_but_no_size() -> None:
    root = parse(render_map([area()], title="Map", description="A map."))
    assert root.attrib["role"] == "group"
    assert root.attrib["class"] == "ldsp-map"
    assert "viewBox" in root.attrib
    assert "width" not in root.attrib
    assert "height" not in root.attrib


def test_names_descriptions_titles_and_links_are_escaped() -> None:
    tricky = area(
        name='Tom & Jerry\'s <"LEP">',
        description="a < b & c",
        href='/p/?a=1&b="2"',
    )
    svg = render_map([tricky], title="A <b> & 'c'", description='"quoted" & <tagged>')
    assert "Tom &amp; Jerry&#x27;s &lt;&quot;LEP&quot;&gt;: a &lt; b &amp; c" in svg
    assert 'href="/p/?a=1&amp;b=&quot;2&quot;"' in svg
    root = parse(svg)
    link = child(root, "a")
    assert link.attrib["aria-label"] == 'Tom & Jerry\'s <"LEP">: a < b & c'
    assert link.attrib["href"] == '/p/?a=1&b="2"'
    assert child(root, "title").text == "A <b> & 'c'"
    assert child(root, "desc").text == '"quoted" & <tagged>'


def test_characters_xml_does_not_allow_are_dropped_from_names() -> None:
    svg = render_map([area(name="Lanca\x00shire\x1b")], title="Map", description="A map.")
    assert child(parse(svg), "a").attrib["aria-label"].startswith("Lancashire:")


def test_the_map_has_no_inline_styles() -> None:
    svg = render_map([area(), area("E2", "Cumbria", offset=1)], title="Map", description="x")
    assert "style" not in svg


def test_paths_use_absolute_commands_and_one_decimal_place() -> None:
    svg = render_map([area()], title="Map", description="A map.")
    (path_data,) = re.findall(r' d="([^"]*)"', svg)
    assert re.fullmatch(r"(M-?\d+(\.\d)? -?\d+(\.\d)?(L-?\d+(\.\d)? -?\d+(\.\d)?)*Z)+", path_data)


def test_each_polygon_and_hole_is_a_closed_subpath() -> None:
    outer = [(0.0, 50.0), (0.0, 52.0), (2.0, 52.0), (2.0, 50.0), (0.0, 50.0)]
    hole = [(0.5, 50.5), (1.5, 50.5), (1.5, 51.5), (0.5, 51.5), (0.5, 50.5)]
    island = [(3.0, 50.0), (3.0, 50.5), (3.5, 50.5), (3.0, 50.0)]
    doughnut = MapArea("E1", "Doughnut", [[outer, hole], [island]], "ldsp-map__area--none", None)
    svg = render_map([doughnut], title="Map", description="A map.")
    (path_data,) = re.findall(r' d="([^"]*)"', svg)
    assert path_data.count("M") == path_data.count("Z") == 3
    assert 'fill-rule="evenodd"' in svg


def test_each_area_has_the_area_class_and_its_fill_class() -> None:
    svg = render_map([area()], title="Map", description="A map.")
    assert 'class="ldsp-map__area ldsp-map__area--active"' in svg


def test_overlapping_areas_are_drawn_last_with_the_overlap_class() -> None:
    areas = [area("E1", "First"), area("E2", "Overlapping", offset=0.5), area("E3", "Third")]
    svg = render_map(areas, title="Map", description="x", outline_only_keys=frozenset({"E2"}))
    labels = [link.attrib["aria-label"] for link in parse(svg).iter(f"{SVG}a")]
    assert [label.split(":")[0] for label in labels] == ["First", "Third", "Overlapping"]
    assert svg.count("ldsp-map__area--overlap") == 1
    assert 'class="ldsp-map__area ldsp-map__area--active ldsp-map__area--overlap"' in svg


def test_ids_differ_between_maps_with_different_titles() -> None:
    def ids(title: str) -> set[str]:
        return set(re.findall(r' id="([^"]*)"', render_map([area()], title=title, description="")))

    first, second = ids("Partnerships"), ids("Skills: 2024")
    assert len(first) == len(second) == 2
    assert not first & second
    # Titles that only punctuation and case tell apart still get their own ids.
    assert not ids("Skills: 2024") & ids("skills 2024")


def test_ids_are_readable_and_the_same_for_the_same_title() -> None:
    first = render_map([area()], title="Partnerships in England", description="")
    assert 'id="ldsp-map-partnerships-in-england-' in first
    assert re.findall(r' id="([^"]*)"', first) == re.findall(
        r' id="([^"]*)"',
        render_map([area("E9", "Other")], title="Partnerships in England", description=""),
    )


def test_ids_are_still_valid_for_a_title_with_no_letters_or_digits() -> None:
    svg = render_map([area()], title="—", description="")
    assert re.search(r' id="ldsp-map-map-[0-9a-f]{6}-title"', svg)


def test_a_map_with_no_areas_is_still_valid_and_named() -> None:
    root = parse(render_map([], title="Nothing yet", description="No partnerships."))
    assert child(root, "title").text == "Nothing yet"
    assert root.find(f"{SVG}path") is None


# The real LEP boundaries


@needs_lep_boundaries
def test_the_lep_map_has_a_labelled_link_for_each_of_the_38_areas() -> None:
    root = parse(render_lep_map())
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 38
    assert all(link.attrib["aria-label"].strip() for link in links)
    assert len({link.attrib["href"] for link in links}) == 38


@needs_lep_boundaries
def test_the_lep_map_draws_greater_birmingham_last_as_an_overlap() -> None:
    root = parse(render_lep_map())
    last = list(root.iter(f"{SVG}a"))[-1]
    assert last.attrib["aria-label"].startswith("Greater Birmingham and Solihull:")
    assert "ldsp-map__area--overlap" in child(last, "path").attrib["class"]


@needs_lep_boundaries
def test_the_lep_map_is_small(capsys: pytest.CaptureFixture[str]) -> None:
    size = len(render_lep_map().encode())
    with capsys.disabled():
        print(f"\n38 LEP areas at width 600: {size:,} bytes")
    assert size < 200_000


@needs_lep_boundaries
def test_the_lep_map_has_no_inline_styles() -> None:
    assert "style" not in render_lep_map()


@needs_lep_boundaries
def test_the_lep_map_is_the_same_every_time() -> None:
    assert render_lep_map() == render_lep_map()


@needs_lep_boundaries
def test_the_lep_map_is_taller_than_wide_like_england() -> None:
    root = parse(render_lep_map())
    _, _, width, height = (float(value) for value in root.attrib["viewBox"].split())
    assert 1.1 < height / width < 1.4
