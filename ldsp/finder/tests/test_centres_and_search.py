"""Placing centres, finding the nearest, filtering, and who may change what: on the real
shipped geography."""

from __future__ import annotations

import datetime

import pytest
from geographiclib.geodesic import Geodesic

from ldsp.accounts.roles import Role
from ldsp.core.errors import NotAllowed
from ldsp.core.models import AuditEvent
from ldsp.finder.models import Centre
from ldsp.finder.selectors import (
    CentreFilters,
    PlaceNotFound,
    centres_filtered,
    centres_near,
    nearby_centres_detail,
    next_opening,
    place_find,
    public_centres,
)
from ldsp.finder.services import (
    CentreDetails,
    FinderError,
    OfferDetails,
    centre_save,
    offer_save,
)
from ldsp.lib.distance import box_around, distance_km
from ldsp.places.models import LocalAuthority
from tests.factories import (
    OfferFactory,
    OpeningSlotFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Real postcode districts and what is near them (centroids from the shipped data).
SHEFFIELD_CENTRE = "S1 2BX"  # S1, Sheffield city centre
SHEFFIELD_EAST = "S9 3TY"  # S9, Attercliffe, about 4 km north-east of S1
ROTHERHAM = "S60 1AA"  # S60, Rotherham, about 9 km from S1
LEEDS = "LS1 4AP"  # LS1, about 48 km north


@pytest.fixture(scope="module", autouse=True)
def geography(shipped_geography: None) -> None:
    """The shipped geography, for every test here."""


def _centre(name: str, postcode: str, **extra: object) -> Centre:
    details = CentreDetails(
        name=name,
        organisation=OrganisationFactory.create(),
        address="1 High Street",
        postcode=postcode,
        **extra,  # type: ignore[arg-type]
    )
    return centre_save(actor=None, details=details)


def _offer(centre: Centre, title: str = "Drop-in help", **extra: object) -> None:
    offer_save(
        actor=None,
        centre=centre,
        details=OfferDetails(title=title, **extra),  # type: ignore[arg-type]
    )


def test_a_postcode_places_the_centre_at_its_district_and_authority() -> None:
    centre = _centre("Central Library", SHEFFIELD_CENTRE)

    assert centre.postcode == "S1 2BX"
    assert centre.postcode_district.code == "S1"
    assert centre.local_authority.name == "Sheffield"
    assert (centre.latitude, centre.longitude) == (
        centre.postcode_district.latitude,
        centre.postcode_district.longitude,
    )
    assert centre.location_is_approximate


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("", "Enter a postcode"),
        ("S1", "full postcode"),
        ("ZZ1 1ZZ", "real postcode"),
        ("EH1 1YZ", "not in England"),
    ],
)
def test_a_postcode_that_cannot_be_placed_is_refused_and_nothing_is_saved(
    postcode: str, message: str
) -> None:
    with pytest.raises(FinderError, match=message) as refused:
        _centre("Nowhere Hub", postcode)

    assert refused.value.field == "postcode"
    assert not Centre.objects.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [((53.3811, -1.4701), (53.7997, -1.5492)), ((51.5072, -0.1276), (54.9783, -1.6178))],
)
def test_distances_agree_with_the_geodesic_on_the_ellipsoid_to_half_a_percent(
    start: tuple[float, float], end: tuple[float, float]
) -> None:
    geodesic_km = Geodesic.WGS84.Inverse(*start, *end)["s12"] / 1000

    assert distance_km(*start, *end) == pytest.approx(geodesic_km, rel=0.005)


def test_the_search_box_holds_every_point_within_the_radius() -> None:
    box = box_around(53.38, -1.47, 10)
    for bearing in range(0, 360, 15):
        point = Geodesic.WGS84.Direct(53.38, -1.47, bearing, 9_900)
        assert box.south <= point["lat2"] <= box.north
        assert box.west <= point["lon2"] <= box.east


def test_a_postcode_an_outward_code_and_a_town_each_find_the_nearest_first() -> None:
    east = _centre("Attercliffe Hub", SHEFFIELD_EAST)
    central = _centre("Central Library", SHEFFIELD_CENTRE)
    rotherham = _centre("Rotherham Library", ROTHERHAM)
    _centre("Leeds Library", LEEDS)

    for typed in ("s1 2bx", "S1", "sheffield"):
        place = place_find(typed)
        found = centres_near(place.latitude, place.longitude, radius_km=15)
        ids = [pk for pk, _km in found]
        if typed == "sheffield":
            # The authority's centre is not S1's: both Sheffield centres come before Rotherham.
            assert set(ids[:2]) == {central.pk, east.pk} and ids[2] == rotherham.pk
        else:
            assert ids == [central.pk, east.pk, rotherham.pk]
        assert place.approximate


def test_distances_reported_are_measured_from_the_place() -> None:
    rotherham = _centre("Rotherham Library", ROTHERHAM)
    place = place_find(SHEFFIELD_CENTRE)

    [(pk, km)] = centres_near(place.latitude, place.longitude, radius_km=20)

    expected = Geodesic.WGS84.Inverse(
        place.latitude, place.longitude, rotherham.latitude, rotherham.longitude
    )["s12"]
    assert pk == rotherham.pk and km == pytest.approx(expected / 1000, rel=0.005)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a postcode like"),
        ("Atlantis", "cannot find a place called “Atlantis”"),
        ("ZZ9 9ZZ", "real postcode"),
        ("EH1 1YZ", "not in England"),
        ("Ham", "More than one place matches"),
    ],
)
def test_places_that_cannot_be_found_say_why(typed: str, message: str) -> None:
    with pytest.raises(PlaceNotFound, match=message):
        place_find(typed)


def test_every_filter_narrows_to_the_centres_that_meet_it() -> None:
    plain = _centre("Plain Hub", SHEFFIELD_CENTRE)
    _offer(plain, skill_areas=["communicating"], levels=["foundation"], formats=["group"])
    rich = _centre(
        "Rich Hub",
        SHEFFIELD_CENTRE,
        step_free=True,
        languages=["pl"],
        opening_slots=[(5, datetime.time(10), datetime.time(12))],
    )
    _offer(
        rich,
        skill_areas=["transacting"],
        levels=["life"],
        formats=["one_to_one"],
        audiences=["older"],
        lends_devices=True,
        free_data=True,
    )
    _offer(rich, title="Paid course", is_free=False, cost="£20", skill_areas=["communicating"])
    place = place_find(SHEFFIELD_CENTRE)

    def found(**filters: object) -> set[str]:
        hits = centres_near(
            place.latitude,
            place.longitude,
            radius_km=5,
            filters=CentreFilters(**filters),  # type: ignore[arg-type]
        )
        return set(
            Centre.objects.filter(pk__in=[pk for pk, _ in hits]).values_list("name", flat=True)
        )

    assert found() == {"Plain Hub", "Rich Hub"}
    assert found(skill_area="transacting") == {"Rich Hub"}
    assert found(level="foundation") == {"Plain Hub"}
    assert found(format="one_to_one") == {"Rich Hub"}
    assert found(audience="older") == {"Rich Hub"}
    assert found(language="pl") == {"Rich Hub"}
    assert found(step_free=True) == {"Rich Hub"}
    assert found(open_on=5) == {"Rich Hub"}
    assert found(open_on=2) == set()
    assert found(free_devices=True) == {"Rich Hub"}
    assert found(free_data=True) == {"Rich Hub"}
    # The paid course teaches communicating; the free offer that does is Plain Hub's.
    assert found(skill_area="communicating", free_only=True) == {"Plain Hub"}
    assert found(skill_area="communicating") == {"Plain Hub", "Rich Hub"}
    # Two filters must hold in the same offer.
    assert found(skill_area="transacting", level="foundation") == set()


def test_closed_centres_are_never_found() -> None:
    _centre("Closed Hub", SHEFFIELD_CENTRE, status=Centre.Status.CLOSED)
    paused = _centre("Paused Hub", SHEFFIELD_CENTRE, status=Centre.Status.TEMPORARILY_CLOSED)
    place = place_find(SHEFFIELD_CENTRE)

    assert [pk for pk, _ in centres_near(place.latitude, place.longitude, radius_km=5)] == [
        paused.pk
    ]


def test_a_page_of_results_costs_the_same_queries_however_many_it_shows(
    django_assert_max_num_queries: object,
) -> None:
    for number in range(12):
        centre = _centre(f"Hub {number}", SHEFFIELD_CENTRE)
        _offer(centre, skill_areas=["communicating"])
        OpeningSlotFactory.create(centre=centre)
    place = place_find(SHEFFIELD_CENTRE)
    found = centres_near(place.latitude, place.longitude, radius_km=5)

    with django_assert_max_num_queries(4):  # type: ignore[operator]
        results = nearby_centres_detail(found, CentreFilters(skill_area="communicating"))
    assert len(results) == 12 and all(len(result.matching_offers) == 1 for result in results)


def test_the_next_opening_is_the_soonest_slot_not_yet_over() -> None:
    centre = _centre("Hub", SHEFFIELD_CENTRE)
    tuesday = OpeningSlotFactory.create(centre=centre, weekday=1)  # 10:00-12:30
    thursday = OpeningSlotFactory.create(
        centre=centre, weekday=3, opens_at=datetime.time(14), closes_at=datetime.time(16)
    )
    monday_noon = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
    tuesday_one = datetime.datetime(2026, 12, 1, 13, 0, tzinfo=datetime.UTC)
    tuesday_eleven = datetime.datetime(2026, 12, 1, 11, 0, tzinfo=datetime.UTC)
    slots = [tuesday, thursday]

    assert next_opening(slots, monday_noon) == datetime.datetime(
        2026, 12, 1, 10, 0, tzinfo=datetime.UTC
    )
    assert next_opening(slots, tuesday_one) == datetime.datetime(
        2026, 12, 3, 14, 0, tzinfo=datetime.UTC
    )
    # Open now: the slot it is in.
    assert next_opening(slots, tuesday_eleven) == datetime.datetime(
        2026, 12, 1, 10, 0, tzinfo=datetime.UTC
    )
    assert next_opening([], monday_noon) is None


def test_coordinators_change_centres_only_in_their_partnerships_areas() -> None:
    sheffield = LocalAuthority.objects.get(name="Sheffield")
    coordinator = UserFactory.create(roles=[Role.COORDINATOR])
    partnership = PartnershipFactory.create(areas=list(sheffield.areas.all()))
    partnership.coordinators.add(coordinator)
    outsider = UserFactory.create(roles=[Role.COORDINATOR])
    organisation = OrganisationFactory.create()

    def details(postcode: str) -> CentreDetails:
        return CentreDetails(
            name="Hub", organisation=organisation, address="1 Road", postcode=postcode
        )

    centre = centre_save(actor=coordinator, details=details(SHEFFIELD_CENTRE))
    centre = centre_save(actor=coordinator, details=details(SHEFFIELD_EAST), centre=centre)
    with pytest.raises(NotAllowed):
        centre_save(actor=outsider, details=details(SHEFFIELD_CENTRE), centre=centre)
    with pytest.raises(NotAllowed):  # moving it out of their areas
        centre_save(actor=coordinator, details=details(LEEDS), centre=centre)
    with pytest.raises(NotAllowed):
        centre_save(actor=UserFactory.create(), details=details(LEEDS))
    assert centre_save(
        actor=UserFactory.create(roles=[Role.STAFF]), details=details(LEEDS), centre=centre
    )

    verbs = list(AuditEvent.objects.filter(target_id=str(centre.pk)).values_list("verb", "data"))
    assert verbs[-1][0] == "centre.created"
    assert verbs[0] == ("centre.changed", {"changed": ["latitude", "longitude", "postcode"]})


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 10])
def test_the_nearest_few_are_the_same_as_the_first_few_of_all(limit: int) -> None:
    # Two in S1 (inside a quarter of the radius), one in S9 and one in S60 (outside it).
    for name, postcode in [
        ("A", SHEFFIELD_CENTRE),
        ("B", SHEFFIELD_CENTRE),
        ("C", SHEFFIELD_EAST),
        ("D", ROTHERHAM),
    ]:
        _centre(name, postcode)
    place = place_find(SHEFFIELD_CENTRE)

    everything = centres_near(place.latitude, place.longitude, radius_km=16)
    nearest = centres_near(place.latitude, place.longitude, radius_km=16, limit=limit)

    assert len(everything) == 4
    assert nearest == everything[:limit]


def test_an_offers_facets_follow_its_answers() -> None:
    centre = _centre("Hub", SHEFFIELD_CENTRE)
    offer = offer_save(
        actor=None,
        centre=centre,
        details=OfferDetails(title="Help", skill_areas=["transacting"], is_free=True),
    )
    place = place_find(SHEFFIELD_CENTRE)
    free_transacting = CentreFilters(skill_area="transacting", free_only=True)
    assert centres_near(place.latitude, place.longitude, radius_km=5, filters=free_transacting)

    offer_save(
        actor=None,
        centre=centre,
        offer=offer,
        details=OfferDetails(title="Help", skill_areas=["communicating"], is_free=False, cost="£5"),
    )

    assert not centres_near(place.latitude, place.longitude, radius_km=5, filters=free_transacting)
    communicating = CentreFilters(skill_area="communicating")
    assert centres_near(place.latitude, place.longitude, radius_km=5, filters=communicating)


def test_the_nearest_search_and_the_filter_queryset_agree_on_every_filter() -> None:
    rich = _centre(
        "Rich Hub",
        SHEFFIELD_CENTRE,
        step_free=True,
        languages=["pl", "ur"],
        opening_slots=[(5, datetime.time(10), datetime.time(12))],
    )
    _offer(rich, skill_areas=["transacting"], levels=["life"], lends_devices=True)
    plain = _centre("Plain Hub", SHEFFIELD_EAST, languages=["ur"])
    _offer(plain, skill_areas=["communicating"], formats=["group"], is_free=False, cost="£2")
    _centre("Closed Hub", SHEFFIELD_CENTRE, status=Centre.Status.CLOSED)
    _centre("Empty Hub", SHEFFIELD_EAST, opening_slots=[(0, datetime.time(9), datetime.time(17))])
    place = place_find(SHEFFIELD_CENTRE)
    combinations = [
        CentreFilters(),
        CentreFilters(skill_area="transacting", free_only=True),
        CentreFilters(skill_area="communicating"),
        CentreFilters(format="group", free_only=True),
        CentreFilters(free_devices=True, level="life"),
        CentreFilters(language="ur"),
        CentreFilters(language="ur", step_free=True),
        CentreFilters(open_on=5),
        CentreFilters(open_on=0, language="pl"),
    ]
    for filters in combinations:
        searched = {
            pk
            for pk, _km in centres_near(
                place.latitude, place.longitude, radius_km=30, filters=filters
            )
        }
        queried = set(centres_filtered(public_centres(), filters).values_list("pk", flat=True))
        assert searched == queried, filters


def test_an_offer_saved_outside_the_service_is_still_found_by_its_filters() -> None:
    # The admin and imports of old rows save offers directly: the facets must follow.
    centre = _centre("Hub", SHEFFIELD_CENTRE)
    offer = OfferFactory.create(centre=centre, skill_areas=["transacting"], is_free=True)
    place = place_find(SHEFFIELD_CENTRE)
    transacting = CentreFilters(skill_area="transacting", free_only=True)
    assert centres_near(place.latitude, place.longitude, radius_km=5, filters=transacting)

    offer.skill_areas = ["communicating"]
    offer.save(update_fields=["skill_areas"])

    assert not centres_near(place.latitude, place.longitude, radius_km=5, filters=transacting)
