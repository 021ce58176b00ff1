"""The coverage map: the areas of England drawn as SVG, coloured by partnership status."""

from __future__ import annotations

from django.core.cache import cache

from ldsp.core.pagecache import content_version
from ldsp.lib.svg import MapArea, polygons_from_geojson, render_map
from ldsp.partnerships.selectors import AreaCoverage

# Greater Birmingham and Solihull overlapped two neighbours until 2021; it is drawn
# last, in outline, so the areas under it stay visible.
OVERLAPPING_AREAS = frozenset({"E37000012"})
STATUS_WORDS = {
    "active": "active partnership",
    "forming": "partnership forming",
    "exploring": "exploring a partnership",
    "paused": "partnership paused",
    "none": "no partnership yet",
}


def coverage_svg(areas: list[AreaCoverage]) -> str:
    """The map, drawn once per content version (drawing it takes tens of milliseconds)."""
    key = f"ldsp:coverage-map:{content_version()}:{len(areas)}"
    svg = cache.get(key)
    if svg is None:
        svg = render_map(
            [
                MapArea(
                    key=item.area.code,
                    name=item.area.name,
                    polygons=polygons_from_geojson(item.area.boundary),
                    fill_class=f"ldsp-map__area--{item.status}",
                    href=f"/partnerships/?area={item.area.slug}",
                    description=STATUS_WORDS[item.status],
                )
                for item in areas
            ],
            title="Local Digital Skills Partnerships in England",
            description=(
                "A map of the Local Enterprise Partnership areas of England, each coloured by "
                "the status of its digital skills partnership. The same information is in the "
                "table below."
            ),
            outline_only_keys=OVERLAPPING_AREAS,
        )
        cache.set(key, svg, timeout=24 * 60 * 60)
    return str(svg)
