"""The finder's nearest search among 50,000 centres, as a ratio of a primary-key lookup.

Run by bench/run.py against its own fresh database (with the places loaded), after the
pages are measured; prints one JSON line. It adds 50,000 centres spread over England's
postcode districts as people are (weighted by live postcodes, a kilometre or so around
each district's centre), each with one to three offers and their filter tags, then times,
in the same process and run:

- nearest: ``centres_near`` from a postcode district's centre within the finder's default
  radius (5 miles) with two filters (a skills area, free only): the ten nearest centres'
  ids and distances, which is the search;
- nearest and fetch: the same, then those ten centres' rows fetched (reported only: the
  fetch is an ordinary ``pk IN (…)`` query whatever the search);
- floor: ``Centre.objects.get(pk=…)`` of a random centre.

Each is timed many times over a fixed set of places; the ratio of the medians is the
figure with a budget (``NEAREST_BUDGET`` in bench/budgets.py).
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from ldsp.core.sectors import Sector  # noqa: E402
from ldsp.core.skills import Audience, Level, SkillArea  # noqa: E402
from ldsp.finder.models import Centre, Format, Offer, OfferTag  # noqa: E402
from ldsp.finder.selectors import CentreFilters, centres_near  # noqa: E402
from ldsp.lib.distance import miles_to_km  # noqa: E402
from ldsp.partnerships.models import Organisation  # noqa: E402
from ldsp.places.models import PostcodeDistrict  # noqa: E402

CENTRES = int(os.environ.get("BENCH_CENTRES", "50000"))
SEED = 50_000
RADIUS_KM = miles_to_km(5)  # the finder's default radius
PLACES = 25  # where searches start
ROUNDS = 8  # searches from each place
FILTERS = CentreFilters(skill_area=SkillArea.TRANSACTING, free_only=True)
BATCH = 2_000


def _tags(offer: Offer) -> list[OfferTag]:
    return [
        OfferTag(offer=offer, kind=kind, value=value)
        for kind, values in (
            ("area", offer.skill_areas),
            ("level", offer.levels),
            ("format", offer.formats),
            ("audience", offer.audiences),
        )
        for value in values
    ]


def generate(count: int) -> float:
    """Add ``count`` centres with offers and tags; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 - made-up data, fixed on purpose
    districts = list(
        PostcodeDistrict.objects.filter(active_postcodes__gt=0, local_authority__isnull=False)
    )
    # Drawn all at once: choices() with plain weights re-adds them all on every call.
    placed = rng.choices(districts, [d.active_postcodes for d in districts], k=count)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-centres", defaults={"name": "Bench centres", "sector": Sector.OTHER}
    )
    today = datetime.date.today()
    areas, levels = list(SkillArea.values), list(Level.values)
    formats, audiences = list(Format.values), list(Audience.values)
    with transaction.atomic():
        for start in range(0, count, BATCH):
            centres = []
            for number in range(start, min(start + BATCH, count)):
                district = placed[number]
                centres.append(
                    Centre(
                        name=f"Bench centre {number}",
                        slug=f"bench-centre-{number}",
                        organisation=organisation,
                        address="1 High Street",
                        postcode=f"{district.code} 1AA",
                        latitude=district.latitude + rng.gauss(0, 0.01),
                        longitude=district.longitude + rng.gauss(0, 0.015),
                        location_is_approximate=False,
                        postcode_district=district,
                        local_authority_id=district.local_authority_id
                        or 0,  # never 0: filtered above
                        status=rng.choices(Centre.Status.values, [0.93, 0.05, 0.02])[0],
                        last_checked_on=today - datetime.timedelta(days=rng.randint(0, 700)),
                    )
                )
            Centre.objects.bulk_create(centres)
            offers = []
            for centre in centres:
                for _ in range(rng.randint(1, 3)):
                    is_free = rng.random() < 0.85
                    offers.append(
                        Offer(
                            centre=centre,
                            title="Digital help",
                            skill_areas=sorted(rng.sample(areas, rng.randint(1, 4))),
                            levels=sorted(rng.sample(levels, rng.randint(1, 2))),
                            formats=sorted(rng.sample(formats, rng.randint(1, 2))),
                            audiences=sorted(rng.sample(audiences, rng.randint(1, 2))),
                            is_free=is_free,
                            cost="" if is_free else "£20",
                            lends_devices=rng.random() < 0.1,
                            free_data=rng.random() < 0.1,
                        )
                    )
            for offer in offers:
                offer.facets = offer.facets_now()  # bulk_create skips save()
            Offer.objects.bulk_create(offers)
            OfferTag.objects.bulk_create([tag for offer in offers for tag in _tags(offer)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a maintained database would have: plans use the indexes
    return time.perf_counter() - started


def _median_ms(task: Callable[[], Any], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        task()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure() -> dict[str, Any]:
    rng = random.Random(SEED + 1)  # noqa: S311 - where to search from, fixed
    districts = list(
        PostcodeDistrict.objects.filter(active_postcodes__gt=0, local_authority__isnull=False)
    )
    places = rng.choices(districts, [d.active_postcodes for d in districts], k=PLACES)
    pks = list(Centre.objects.values_list("pk", flat=True))
    found_counts = []

    def nearest(district: PostcodeDistrict) -> list[tuple[int, float]]:
        found = centres_near(
            district.latitude, district.longitude, radius_km=RADIUS_KM, filters=FILTERS, limit=10
        )
        found_counts.append(len(found))
        return found

    def nearest_and_fetch(district: PostcodeDistrict) -> None:
        list(Centre.objects.filter(pk__in=[pk for pk, _km in nearest(district)]))

    def by_pk() -> None:
        Centre.objects.get(pk=rng.choice(pks))

    for district in places[:3]:  # warm the caches once
        nearest_and_fetch(district)
        by_pk()
    nearest_ms = statistics.median(
        _median_ms(functools.partial(nearest, district), ROUNDS) for district in places
    )
    fetched_ms = statistics.median(
        _median_ms(functools.partial(nearest_and_fetch, district), ROUNDS) for district in places
    )
    pk_ms = _median_ms(by_pk, PLACES * ROUNDS)
    return {
        "centres": Centre.objects.count(),
        "radius_km": round(RADIUS_KM, 2),
        "filters": "skill_area=transacting, free_only",
        "nearest_ms": round(nearest_ms, 3),
        "pk_lookup_ms": round(pk_ms, 3),
        "ratio": round(nearest_ms / pk_ms, 2),
        "nearest_and_fetch_ms": round(fetched_ms, 3),
        "ratio_with_fetch": round(fetched_ms / pk_ms, 2),
        "found_median": statistics.median(found_counts),
    }


def main() -> None:
    existing = Centre.objects.count()
    seconds = generate(max(0, CENTRES - existing))
    print(json.dumps({**measure(), "generate_seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
