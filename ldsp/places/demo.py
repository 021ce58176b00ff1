"""The reference geography is loaded (or refreshed) whenever the demo starts."""

from __future__ import annotations

from ldsp.places.services import places_load


def load() -> list[str]:
    report = places_load()
    return [f"Places: {report.areas} areas, {report.districts_in_england} postcode districts"]
