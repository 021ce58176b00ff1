"""The reference geography loads completely, and postcodes resolve to areas."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from ldsp.lib.postcodes import PostcodeError
from ldsp.places.models import Area, LocalAuthority, PostcodeDistrict
from ldsp.places.selectors import postcode_place
from ldsp.places.services import NO_NEAREST_FALLBACK, places_load

# Postcode areas that lie partly or wholly outside England: every other area's live
# districts must resolve.
NOT_WHOLLY_ENGLISH = NO_NEAREST_FALLBACK


@pytest.fixture
def loaded(db: None) -> None:
    places_load()


def test_38_areas_and_309_districts_load(loaded: None) -> None:
    assert Area.objects.count() == 38
    assert LocalAuthority.objects.count() == 309
    assert PostcodeDistrict.objects.count() == 2994
    # Every local authority district of 2022 belongs to exactly one LEP 2020 area.
    for authority in LocalAuthority.objects.prefetch_related("areas"):
        assert authority.areas.count() == 1, authority.name


def test_loading_again_changes_nothing(loaded: None) -> None:
    before = list(PostcodeDistrict.objects.values_list("code", "local_authority_id"))
    call_command("load_places", verbosity=0)
    after = list(PostcodeDistrict.objects.values_list("code", "local_authority_id"))
    assert before == after
    assert Area.objects.count() == 38


def test_every_live_district_in_england_resolves_to_a_district_and_an_area(loaded: None) -> None:
    live = PostcodeDistrict.objects.filter(active_postcodes__gt=0).exclude(
        postcode_area__in=NOT_WHOLLY_ENGLISH
    )
    assert live.count() > 2000
    unresolved = [d.code for d in live if d.local_authority_id is None]
    assert unresolved == []
    for district in PostcodeDistrict.objects.filter(
        active_postcodes__gt=0, local_authority__isnull=False
    ).select_related("local_authority"):
        place = postcode_place(district.code)
        assert place.area is not None and place.local_authority == district.local_authority


KNOWN = [
    ("SW1A 1AA", "Westminster", "London"),
    ("sw1a1aa", "Westminster", "London"),
    ("S1", "Sheffield", "Sheffield City Region"),
    ("PR1 2HE", "Preston", "Lancashire"),
    ("PL1", "Plymouth", "Heart of the South West"),
    ("TR18", "Cornwall", "Cornwall and Isles of Scilly"),
    ("NN1 1DE", "West Northamptonshire", "South East Midlands"),
    ("B1", "Birmingham", "Greater Birmingham and Solihull"),
]
BAD = [
    ("", "Enter a postcode"),
    ("12345", "Enter a real postcode"),
    ("ZZ1", "No UK postcode starts with ZZ"),
    ("EH1 1YZ", "not in England"),
    ("CF10", "not in England"),
    ("NP16 5AA", "not in England"),
    ("LL12", "not in England"),
    ("AB1", "cannot find the postcode district"),
]


def test_known_postcodes_resolve(loaded: None) -> None:
    for postcode, authority, area in KNOWN:
        place = postcode_place(postcode)
        assert (place.local_authority.name, place.area.name) == (authority, area), postcode


def test_bad_and_foreign_postcodes_get_clear_errors(loaded: None) -> None:
    for text, message in BAD:
        with pytest.raises(PostcodeError, match=message):
            postcode_place(text)


def test_the_page_and_the_api_explain_a_bad_postcode(loaded: None) -> None:
    page = Client().get("/areas/", {"postcode": "12345"})
    assert page.status_code == 400
    assert "Enter a real postcode" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    api = Client().get("/api/v1/postcodes/12345")
    assert api.status_code == 400
    assert "Enter a real postcode" in api.json()["detail"]
    good = Client().get("/api/v1/postcodes/PR1 2HE").json()
    assert good["area"] == "Lancashire" and good["local_authority"] == "Preston"
