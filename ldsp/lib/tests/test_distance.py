"""Great-circle distances and the search box, checked against the ellipsoid."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from ldsp.lib.distance import box_around, distance_km, km_to_miles, miles_to_km

# Places across England, north to south and east to west.
PLACES = [
    (50.0657, -5.7132),  # Land's End
    (50.7184, -3.5339),  # Exeter
    (51.5072, -0.1276),  # London
    (52.6309, 1.2974),  # Norwich
    (53.3811, -1.4701),  # Sheffield
    (54.5973, -3.0659),  # Keswick
    (55.7710, -2.0054),  # Berwick-upon-Tweed
]


@pytest.mark.parametrize("start", PLACES)
@pytest.mark.parametrize("end", PLACES)
def test_great_circle_distances_are_within_half_a_percent_of_the_geodesic(
    start: tuple[float, float], end: tuple[float, float]
) -> None:
    geodesic_km = Geodesic.WGS84.Inverse(*start, *end)["s12"] / 1000

    assert distance_km(*start, *end) == pytest.approx(geodesic_km, rel=0.005, abs=1e-9)


def test_short_distances_are_right_too() -> None:
    # Two points 400 m apart in Sheffield city centre.
    end = Geodesic.WGS84.Direct(53.3811, -1.4701, 60, 400)
    assert distance_km(53.3811, -1.4701, end["lat2"], end["lon2"]) == pytest.approx(0.4, rel=0.005)


@pytest.mark.parametrize("radius_km", [0.5, 5, 25, 80])
@pytest.mark.parametrize("start", PLACES)
def test_the_box_holds_every_point_within_the_radius(
    start: tuple[float, float], radius_km: float
) -> None:
    box = box_around(*start, radius_km)
    for bearing in range(0, 360, 10):
        point = Geodesic.WGS84.Direct(*start, bearing, radius_km * 1000 * 0.995)
        assert box.south <= point["lat2"] <= box.north
        assert box.west <= point["lon2"] <= box.east


def test_the_box_is_not_much_bigger_than_it_must_be() -> None:
    box = box_around(53.38, -1.47, 10)
    north = Geodesic.WGS84.Direct(53.38, -1.47, 0, 10_000)["lat2"]
    assert box.north - 53.38 == pytest.approx(north - 53.38, rel=0.01)


def test_miles_and_kilometres() -> None:
    assert km_to_miles(1.609344) == pytest.approx(1)
    assert miles_to_km(5) == pytest.approx(8.04672)
