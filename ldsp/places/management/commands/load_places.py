"""``ldsp load_places``: load or refresh the reference geography (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ldsp.places.services import places_load


class Command(BaseCommand):
    help = "Load areas, local authority districts and postcode districts from ldsp/places/data."

    def handle(self, *args: Any, **options: Any) -> None:
        report = places_load()
        self.stdout.write(
            f"{report.areas} areas, {report.local_authorities} local authority districts, "
            f"{report.districts} postcode districts ({report.districts_in_england} in England)."
        )
