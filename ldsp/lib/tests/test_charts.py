from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldsp.lib.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"

SECTORS = [
    Bar("Further education", 40),
    Bar("Local authorities", 20),
    Bar("Charities", 10),
]


def parse(svg: str) -> ET.Element:
    """The SVG as an XML tree: parsing it at all shows it is well-formed."""
    # We parse our own output, not untrusted input, so defusedxml buys nothing here.
    return ET.fromstring(svg)  # noqa: S314


def chart(
    bars: list[Bar] | None = None,
    *,
    title: str = "Contributions by sector",
    description: str = "How many contributions came from each.",
    unit: str = "contributions",
    width: int = 640,
    horizontal: bool = True,
) -> str:
    """A chart of ``bars`` (the three sectors unless told), with a title and description."""
    return bar_chart(
        SECTORS if bars is None else bars,
        title=title,
        description=description,
        unit=unit,
        width=width,
        horizontal=horizontal,
    )


def rects(svg: str) -> list[ET.Element]:
    return parse(svg).findall(f"{SVG}rect")


def texts(svg: str, css_class: str) -> list[str]:
    return [
        element.text or ""
        for element in parse(svg).findall(f"{SVG}text")
        if element.get("class") == css_class
    ]


def bar_titles(svg: str) -> list[str]:
    return [rect.findtext(f"{SVG}title") or "" for rect in rects(svg)]


# The picture and its name


def test_the_chart_is_well_formed_xml_with_an_svg_root() -> None:
    assert parse(chart()).tag == f"{SVG}svg"


def test_the_chart_is_an_image_labelled_by_its_own_title_and_description() -> None:
    root = parse(chart())
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Contributions by sector"
    assert desc.text == "How many contributions came from each."


def test_the_chart_has_its_class_and_a_viewbox_but_no_size_of_its_own() -> None:
    root = parse(chart())
    assert root.get("class") == "ldsp-chart"
    assert root.get("viewBox", "").startswith("0 0 640 ")
    assert root.get("width") is None
    assert root.get("height") is None


def test_the_ids_are_a_slug_of_the_title_and_a_short_hash() -> None:
    title = parse(chart()).find(f"{SVG}title")
    assert title is not None
    slug, digest, suffix = title.get("id", "").rsplit("-", 2)
    assert slug == "ldsp-chart-contributions-by-sector"
    assert len(digest) == 6
    assert suffix == "title"


def test_charts_with_different_titles_never_share_ids() -> None:
    titles = ["By sector", "by sector", "By sector!", "By area", "By week", "", "???"]
    ids = [parse(chart(title=title)).get("aria-labelledby", "").split() for title in titles]
    every_id = [one for pair in ids for one in pair]
    assert len(set(every_id)) == len(every_id) == 2 * len(titles)


def test_the_ids_stay_the_same_for_the_same_title() -> None:
    assert parse(chart()).get("aria-labelledby") == parse(chart()).get("aria-labelledby")


# The bars


def test_there_is_one_bar_per_value_titled_with_its_label_value_and_unit() -> None:
    svg = chart(unit="responses")
    assert [rect.get("class") for rect in rects(svg)] == ["ldsp-chart__bar"] * 3
    assert bar_titles(svg) == [
        "Further education: 40 responses",
        "Local authorities: 20 responses",
        "Charities: 10 responses",
    ]


def test_each_bar_has_its_label_and_its_value_as_text() -> None:
    svg = chart()
    assert texts(svg, "ldsp-chart__label") == [
        "Further education",
        "Local authorities",
        "Charities",
    ]
    assert texts(svg, "ldsp-chart__value") == ["40", "20", "10"]


def test_counts_of_thousands_are_written_with_commas() -> None:
    svg = chart([Bar("Charities", 1250)])
    assert texts(svg, "ldsp-chart__value") == ["1,250"]
    assert bar_titles(svg) == ["Charities: 1,250 contributions"]


def test_the_chart_has_an_axis() -> None:
    axes = parse(chart()).findall(f"{SVG}line")
    assert [axis.get("class") for axis in axes] == ["ldsp-chart__axis"]


def test_bar_lengths_are_proportional_to_the_values() -> None:
    widths = [float(rect.get("width", "nan")) for rect in rects(chart())]
    # 40, 20 and 10: each half the one before, give or take the rounding to 0.1.
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.1)
    assert widths[2] == pytest.approx(widths[0] / 4, abs=0.1)


def test_the_longest_bar_spans_the_plot_up_to_the_room_for_its_value() -> None:
    root = parse(chart())
    width = float(root.get("viewBox", "").split()[2])
    longest = rects(chart())[0]
    bar_end = float(longest.get("x", "nan")) + float(longest.get("width", "nan"))
    # Past the end there is only the gap, the value "40" and the padding.
    assert width - 60 < bar_end < width


def test_bars_start_at_the_axis_and_are_all_equally_thick() -> None:
    axis = parse(chart()).find(f"{SVG}line")
    assert axis is not None
    assert {rect.get("x") for rect in rects(chart())} == {axis.get("x1")}
    assert len({rect.get("height") for rect in rects(chart())}) == 1


def test_bars_are_drawn_top_to_bottom_in_the_order_given() -> None:
    ys = [float(rect.get("y", "nan")) for rect in rects(chart())]
    assert ys == sorted(ys)


def test_a_zero_value_has_a_bar_of_no_length_but_keeps_its_label_and_value() -> None:
    svg = chart([Bar("Schools", 5), Bar("Employers", 0)])
    assert [rect.get("width") for rect in rects(svg)][1] == "0"
    assert texts(svg, "ldsp-chart__label") == ["Schools", "Employers"]
    assert texts(svg, "ldsp-chart__value") == ["5", "0"]
    assert bar_titles(svg)[1] == "Employers: 0 contributions"


def test_all_zero_values_draw_bars_of_no_length_without_dividing_by_zero() -> None:
    svg = chart([Bar("Schools", 0), Bar("Employers", 0)])
    assert [rect.get("width") for rect in rects(svg)] == ["0", "0"]
    assert texts(svg, "ldsp-chart__value") == ["0", "0"]


def test_no_bars_at_all_make_a_chart_that_says_so() -> None:
    svg = chart([])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None
    assert rects(svg) == []
    assert texts(svg, "ldsp-chart__empty") == ["No contributions yet"]


def test_a_negative_value_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        chart([Bar("Schools", -1)])


def test_a_chart_too_narrow_for_its_bars_is_refused() -> None:
    with pytest.raises(ValueError, match="width"):
        chart(width=50)


# Text


def test_markup_in_labels_titles_and_units_is_escaped() -> None:
    svg = chart(
        [Bar("<b>Skills</b> & \"it\" 'hub'", 3)],
        title="<script>alert(1)</script> & co",
        description='Sectors "quoted" & <marked>',
        unit="<units>",
    )
    root = parse(svg)
    assert "<b>" not in svg
    assert "<script>" not in svg
    assert "&lt;b&gt;Skills&lt;/b&gt; &amp; &quot;it&quot; &#x27;hub&#x27;" in svg
    assert root.findtext(f"{SVG}title") == "<script>alert(1)</script> & co"
    assert root.findtext(f"{SVG}desc") == 'Sectors "quoted" & <marked>'
    assert texts(svg, "ldsp-chart__label") == ["<b>Skills</b> & \"it\" 'hub'"]
    assert bar_titles(svg) == ["<b>Skills</b> & \"it\" 'hub': 3 <units>"]


def test_characters_xml_cannot_hold_are_dropped_rather_than_breaking_the_chart() -> None:
    svg = chart([Bar("Bell\x07 and null\x00", 1)], title="Odd\x0b title")
    assert texts(svg, "ldsp-chart__label") == ["Bell and null"]
    assert parse(svg).findtext(f"{SVG}title") == "Odd title"


def test_a_long_label_is_cut_short_with_an_ellipsis_but_the_bar_title_keeps_it_whole() -> None:
    label = "Further education colleges and independent training providers in the area"
    svg = chart([Bar(label, 7)])
    [shown] = texts(svg, "ldsp-chart__label")
    assert shown.endswith("…")
    assert len(shown) < len(label)
    assert label.startswith(shown[:-1])
    assert bar_titles(svg) == [f"{label}: 7 contributions"]


def test_a_label_is_cut_before_it_is_escaped_so_no_entity_is_cut_in_half() -> None:
    svg = chart([Bar("&" * 100, 1)])
    [shown] = texts(svg, "ldsp-chart__label")
    assert set(shown[:-1]) == {"&"}
    assert shown.endswith("…")


def test_a_short_label_is_not_cut() -> None:
    assert "…" not in chart()


# Columns, for weeks


WEEKS = [Bar("w/c 3 Mar", 4), Bar("w/c 10 Mar", 8), Bar("w/c 17 Mar", 0)]


def test_a_vertical_chart_has_one_column_per_bar_left_to_right_in_the_order_given() -> None:
    svg = chart(WEEKS, horizontal=False)
    xs = [float(rect.get("x", "nan")) for rect in rects(svg)]
    assert len(xs) == 3
    assert xs == sorted(xs)
    assert len({rect.get("width") for rect in rects(svg)}) == 1


def test_a_vertical_chart_has_column_heights_proportional_to_the_values() -> None:
    heights = [float(rect.get("height", "nan")) for rect in rects(chart(WEEKS, horizontal=False))]
    assert heights[0] == pytest.approx(heights[1] / 2, abs=0.1)
    assert heights[2] == 0


def test_a_vertical_chart_grows_its_columns_up_from_the_axis() -> None:
    svg = chart(WEEKS, horizontal=False)
    axis = parse(svg).find(f"{SVG}line")
    assert axis is not None
    assert axis.get("y1") == axis.get("y2")
    baseline = float(axis.get("y1", "nan"))
    for rect in rects(svg):
        bottom = float(rect.get("y", "nan")) + float(rect.get("height", "nan"))
        assert bottom == pytest.approx(baseline, abs=0.1)


def test_a_vertical_chart_puts_the_labels_under_the_axis_and_the_values_above_the_bars() -> None:
    svg = chart(WEEKS, horizontal=False)
    root = parse(svg)
    axis = root.find(f"{SVG}line")
    assert axis is not None
    baseline = float(axis.get("y1", "nan"))
    labels = [t for t in root.findall(f"{SVG}text") if t.get("class") == "ldsp-chart__label"]
    values = [t for t in root.findall(f"{SVG}text") if t.get("class") == "ldsp-chart__value"]
    assert [label.text for label in labels] == ["w/c 3 Mar", "w/c 10 Mar", "w/c 17 Mar"]
    assert all(float(label.get("y", "nan")) > baseline for label in labels)
    for value, rect in zip(values, rects(svg), strict=True):
        assert float(value.get("y", "nan")) < float(rect.get("y", "nan"))
    assert [value.text for value in values] == ["4", "8", "0"]


def test_a_vertical_chart_cuts_labels_to_the_width_of_their_column() -> None:
    bars = [Bar(f"Week beginning {day} March 2025", day) for day in range(1, 9)]
    svg = chart(bars, horizontal=False)
    shown = texts(svg, "ldsp-chart__label")
    assert all(label.endswith("…") for label in shown)
    assert bar_titles(svg)[0] == "Week beginning 1 March 2025: 1 contributions"


# Content Security Policy and caching


@pytest.mark.parametrize("horizontal", [True, False])
def test_the_chart_has_no_inline_styles(horizontal: bool) -> None:
    for svg in (chart(horizontal=horizontal), chart([], horizontal=horizontal)):
        assert "style=" not in svg
        assert "<style" not in svg
        assert "<script" not in svg


@pytest.mark.parametrize("horizontal", [True, False])
def test_the_same_bars_always_draw_the_same_chart(horizontal: bool) -> None:
    assert chart(horizontal=horizontal) == chart(horizontal=horizontal)


@pytest.mark.parametrize("horizontal", [True, False])
def test_numbers_have_at_most_one_decimal_place(horizontal: bool) -> None:
    bars = [Bar("A", 1), Bar("B", 3), Bar("C", 7)]
    for element in parse(chart(bars, horizontal=horizontal, width=641)).iter():
        for name in ("x", "y", "width", "height", "x1", "y1", "x2", "y2"):
            if (value := element.get(name)) is not None:
                assert math.isfinite(float(value))
                assert len(value.partition(".")[2]) <= 1, f"{name}={value}"


# Any bars at all


@settings(deadline=None, max_examples=150)
@given(
    st.lists(st.tuples(st.text(max_size=60), st.integers(min_value=0, max_value=10**9))),
    st.text(max_size=60),
    st.booleans(),
)
def test_any_bars_make_well_formed_xml_with_one_rect_per_bar(
    pairs: list[tuple[str, int]], title: str, horizontal: bool
) -> None:
    bars = [Bar(label, value) for label, value in pairs]
    svg = bar_chart(bars, title=title, description="Any bars.", horizontal=horizontal)
    root = parse(svg)
    assert len(root.findall(f"{SVG}rect")) == len(bars)
    assert "style=" not in svg
