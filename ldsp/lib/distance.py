"""Distances on the Earth's surface, and the box to search first.

The finder ranks centres by distance from where a person is. A great-circle
distance on a sphere of the Earth's mean radius is within 0.5 % of the true
(ellipsoidal) geodesic distance anywhere in England, which is far finer than
"about 2 miles from the middle of the postcode district" needs.

Searching every centre for the nearest would read the whole table, so the
search first asks the database for the centres inside a latitude/longitude box
that is sure to hold every point within the radius (an index range scan), and
measures exact distances only for those.

Standard library only: used by selectors, the API, imports and benchmarks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The mean radius of the Earth (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box, in degrees."""

    south: float
    west: float
    north: float
    east: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_to_miles(km: float) -> float:
    return km / KM_PER_MILE


def miles_to_km(miles: float) -> float:
    return miles * KM_PER_MILE


def box_around(lat: float, lon: float, radius_km: float) -> Box:
    """A box holding every point within ``radius_km`` of (lat, lon).

    A degree of latitude is the same length everywhere; a degree of longitude
    shrinks towards the poles, so the box widens with the cosine of the
    latitude of its edge nearer the pole. England lies far from the poles and
    the date line, so neither needs a special case.
    """
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    far_lat = min(89.9, abs(lat) + d_lat)
    d_lon = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(far_lat))))
    return Box(south=lat - d_lat, west=lon - d_lon, north=lat + d_lat, east=lon + d_lon)
