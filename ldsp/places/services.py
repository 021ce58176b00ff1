"""Load the reference geography from ``data/``, all or nothing, as often as you like."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ldsp.core.pagecache import content_changed
from ldsp.lib.geo import PolygonIndex, geometry_polygons
from ldsp.places.models import Area, AreaScheme, LocalAuthority, PostcodeDistrict

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SCHEME = "lep-2020"
# The seven Northamptonshire districts of 2020 became these two in April 2021;
# all of Northamptonshire was in South East Midlands LEP.
NORTHAMPTONSHIRE_SUCCESSORS = {"E06000061": "E37000057", "E06000062": "E37000057"}
# Centroids of some coastal districts fall just outside the simplified boundaries,
# so a district near the coast takes the nearest district within this distance...
NEAREST_WITHIN_DEGREES = 0.05
# ...unless its postcode area is wholly or partly in Wales or Scotland, whose
# boundaries are not loaded: near the border "nearest" would wrongly mean England.
NO_NEAREST_FALLBACK = frozenset(
    {
        "AB",
        "DD",
        "DG",
        "EH",
        "FK",
        "G",
        "HS",
        "IV",
        "KA",
        "KW",
        "KY",
        "ML",
        "PA",
        "PH",
        "ZE",
        "TD",
        "CA",
        "CF",
        "LD",
        "LL",
        "NP",
        "SA",
        "SY",
        "CH",
        "HR",
        "GL",
    }
)


@dataclass
class LoadReport:
    """How many rows each part of the load wrote."""

    local_authorities: int = 0
    areas: int = 0
    districts: int = 0
    districts_in_england: int = 0


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_geojson(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["features"]  # type: ignore[no-any-return]


@transaction.atomic
def places_load() -> LoadReport:
    """Create or update the LEP 2020 scheme, its 38 areas, the local authority districts
    and the postcode districts (each resolved to a district by point in polygon)."""
    report = LoadReport()
    scheme, _ = AreaScheme.objects.update_or_create(
        slug=DEFAULT_SCHEME,
        defaults={
            "name": "LEP 2020",
            "description": "The 38 Local Enterprise Partnership areas of England, April 2020.",
            "is_default": True,
        },
    )

    index = PolygonIndex()
    authorities: dict[str, LocalAuthority] = {}
    for feature in _read_geojson("lad_boundaries_2022_england.geojson"):
        props = feature["properties"]  # type: ignore[index]
        geometry = feature["geometry"]
        authority, _ = LocalAuthority.objects.update_or_create(
            code=props["LAD22CD"],
            defaults={
                "name": props["LAD22NM"],
                "latitude": float(props["LAT"]),
                "longitude": float(props["LONG"]),
                "boundary": geometry,
            },
        )
        authorities[authority.code] = authority
        index.add(authority.code, geometry_polygons(geometry))  # type: ignore[arg-type]
    report.local_authorities = len(authorities)

    boundaries = {
        feature["properties"]["LEP21CD"]: feature["geometry"]  # type: ignore[index]
        for feature in _read_geojson("lep_boundaries_2021_buc.geojson")
    }
    members: dict[str, list[str]] = {}
    for row in _read_csv("lep_lads.csv"):
        members.setdefault(row["lep_code"], []).append(row["lad_code"])
    for lad_code, lep_code in NORTHAMPTONSHIRE_SUCCESSORS.items():
        members.setdefault(lep_code, []).append(lad_code)
    for row in _read_csv("leps.csv"):
        area, _ = Area.objects.update_or_create(
            scheme=scheme,
            code=row["lep_code"],
            defaults={
                "name": row["lep_name"],
                "slug": slugify(row["lep_name"]),
                "boundary": boundaries[row["lep21_code"]],
            },
        )
        area.local_authorities.set(
            [authorities[code] for code in members.get(row["lep_code"], []) if code in authorities]
        )
        report.areas += 1

    existing = {d.code: d for d in PostcodeDistrict.objects.all()}
    to_create, to_update = [], []
    for row in _read_csv("postcode_districts.csv"):
        point = (float(row["lon"]), float(row["lat"]))
        found = index.find(point)
        if found:
            code: str | None = found[0]
        elif row["area"] in NO_NEAREST_FALLBACK:
            code = None
        else:
            code = index.nearest(point, max_distance=NEAREST_WITHIN_DEGREES)
        values = {
            "postcode_area": row["area"],
            "latitude": point[1],
            "longitude": point[0],
            "postcodes": int(row["postcodes"] or 0),
            "active_postcodes": int(row["active_postcodes"] or 0),
            "local_authority": authorities.get(code) if code else None,
        }
        report.districts += 1
        report.districts_in_england += code is not None
        district = existing.get(row["district"])
        if district is None:
            to_create.append(PostcodeDistrict(code=row["district"], **values))
            continue
        if any(getattr(district, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(district, key, value)
            to_update.append(district)
    PostcodeDistrict.objects.bulk_create(to_create, batch_size=500)
    PostcodeDistrict.objects.bulk_update(to_update, list(values), batch_size=500)
    content_changed()
    return report
