"""The finder's demo: about 300 invented centres over the demo partnerships' real places,
with stale and closed ones, courses, reports for the coordinator, deliberate gaps; and
loading it again changes nothing.

The demo is loaded once for the module (geography, people, partnerships, centres: about
twenty seconds) inside a transaction that is rolled back afterwards, so other modules
never see it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from ldsp.accounts import demo as accounts_demo
from ldsp.core.models import AuditEvent
from ldsp.core.skills import Audience, SkillArea
from ldsp.finder import demo
from ldsp.finder.models import Centre, ChangeReport, CourseSession, Offer, OfferTag
from ldsp.finder.selectors import CentreFilters, centres_filtered, public_centres
from ldsp.finder.services import can_manage_centres_in
from ldsp.lib.distance import distance_km
from ldsp.lib.postcodes import parse_postcode
from ldsp.partnerships import demo as partnerships_demo
from ldsp.partnerships.models import Organisation, Partnership
from ldsp.places.models import LocalAuthority, PostcodeDistrict
from ldsp.places.services import places_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[list[str]]:
    with django_db_blocker.unblock(), transaction.atomic():
        places_load()
        accounts_demo.load()
        partnerships_demo.load()
        yield demo.load()
        transaction.set_rollback(True)


def _demo_authority_ids() -> set[int]:
    return set(
        LocalAuthority.objects.filter(
            areas__partnerships__in=Partnership.objects.filter(is_demo=True)
        ).values_list("pk", flat=True)
    )


def test_about_300_centres_are_loaded_and_every_one_is_marked_demo(loaded: list[str]) -> None:
    centres = Centre.objects.all()

    assert 270 <= centres.count() <= 330
    assert not centres.filter(is_demo=False).exists()
    assert loaded == [
        f"Finder: {centres.count()} centres (15 not checked for a year), "
        f"{CourseSession.objects.count()} course sessions"
    ]
    # Organisations the demo made are marked too; those it reused were the demo's already.
    assert not Organisation.objects.filter(centres__isnull=False, is_demo=False).exists()
    assert Organisation.objects.filter(
        name="Lancashire County Council", centres__isnull=False
    ).exists()


def test_centres_stand_at_real_postcodes_in_the_demo_partnerships_areas() -> None:
    authorities = _demo_authority_ids()
    for centre in Centre.objects.select_related("postcode_district"):
        postcode = parse_postcode(centre.postcode)
        assert postcode.inward is not None, centre.postcode
        assert centre.postcode_district.code == postcode.outward
        assert centre.postcode_district.active_postcodes > 0
        assert centre.local_authority_id in authorities
        assert (centre.latitude, centre.longitude) != (0, 0)


def test_every_town_in_the_data_lies_in_its_authority() -> None:
    for code, towns in demo.demo_towns().items():
        authority = LocalAuthority.objects.get(code=code)
        for name, district in towns:
            found = PostcodeDistrict.objects.get(code=district)
            assert found.local_authority == authority, (name, district)
            assert found.active_postcodes > 0


def test_the_mix_of_centres_and_offers_is_realistic() -> None:
    names = list(Centre.objects.values_list("name", flat=True))
    for kind in ("Library", "Online Centre", "Adult Learning Centre", "Jobcentre", "Hub"):
        assert any(name.endswith(kind) for name in names), kind
    assert any(name.startswith("Age UK") for name in names)
    assert any(name.startswith("Citizens Advice") for name in names)

    offers = Offer.objects.all()
    assert offers.filter(lends_devices=True, centre__name__endswith="Library").exists()
    assert offers.filter(free_data=True).count() >= 20
    assert offers.filter(gives_devices=True).exists()
    assert offers.filter(computers_and_wifi=True).count() >= 100
    assert offers.filter(is_free=False).exclude(cost="").exists()
    assert offers.filter(is_free=True).count() > 0.8 * offers.count()
    tags = set(OfferTag.objects.values_list("kind", "value"))
    assert {("area", area) for area in SkillArea.values} <= tags
    assert {("audience", audience) for audience in Audience.values} <= tags
    languages = set(Centre.objects.values_list("languages__code", flat=True))
    assert {"en", "ur", "pa", "pl"} <= languages
    assert Centre.objects.filter(step_free=True).count() > Centre.objects.count() / 2
    assert not Centre.objects.filter(opening_slots__isnull=True).exists()


def test_some_centres_have_not_been_checked_for_a_year_and_a_few_are_closed_for_now() -> None:
    stale = [centre for centre in Centre.objects.all() if centre.is_stale]
    closed = Centre.objects.filter(status=Centre.Status.TEMPORARILY_CLOSED)

    assert len(stale) == demo.STALE_CENTRES
    assert closed.count() == demo.TEMPORARILY_CLOSED
    assert all("Closed for refurbishment" in centre.opening_note for centre in closed)
    # Temporarily closed centres are still shown, with their status.
    assert public_centres().filter(status=Centre.Status.TEMPORARILY_CLOSED).count() == 5


def test_courses_start_in_the_coming_weeks_with_places_left() -> None:
    now = timezone.now()
    sessions = CourseSession.objects.all()

    assert sessions.count() >= 100
    assert not sessions.filter(starts_at__lt=now).exists()
    assert not sessions.filter(starts_at__gt=now + datetime.timedelta(weeks=16)).exists()
    assert sessions.filter(places_left__gt=0).count() > sessions.count() / 2
    assert sessions.filter(places_left=0).exists()  # some are full


def test_the_demo_coordinator_keeps_centres_some_stale_with_reports_waiting() -> None:
    coordinator = User.objects.get(email="coordinator@example.org")
    theirs = [
        centre
        for centre in Centre.objects.select_related("local_authority")
        if can_manage_centres_in(coordinator, centre.local_authority)
    ]

    assert len(theirs) >= 30
    assert sum(centre.is_stale for centre in theirs) == demo.STALE_IN_LANCASHIRE
    reports = ChangeReport.objects.all()
    assert reports.count() == 3
    assert all(report.centre in theirs for report in reports)
    assert all(report.resolved_at is None for report in reports)


def test_some_districts_are_left_without_help_on_purpose() -> None:
    no_centres, no_transacting = demo.demo_gaps()
    visible = list(public_centres())
    for code in no_centres:
        authority = LocalAuthority.objects.get(code=code)
        assert not Centre.objects.filter(local_authority=authority).exists()
        nearest = min(
            distance_km(authority.latitude, authority.longitude, c.latitude, c.longitude)
            for c in visible
        )
        assert nearest > demo.GAP_CLEARANCE_KM, authority.name

    teaching_transacting = list(
        centres_filtered(public_centres(), CentreFilters(skill_area=SkillArea.TRANSACTING))
    )
    for code in no_transacting:
        authority = LocalAuthority.objects.get(code=code)
        assert Centre.objects.filter(local_authority=authority).exists()
        nearest = min(
            distance_km(authority.latitude, authority.longitude, c.latitude, c.longitude)
            for c in teaching_transacting
        )
        assert nearest > demo.GAP_CLEARANCE_KM, authority.name


def test_every_centre_and_offer_was_written_through_the_services_and_audited() -> None:
    assert AuditEvent.objects.filter(verb="centre.created").count() == Centre.objects.count()
    assert AuditEvent.objects.filter(verb="offer.created").count() == Offer.objects.count()
    assert (
        AuditEvent.objects.filter(verb="course_session.saved").count()
        == CourseSession.objects.count()
    )
    assert OfferTag.objects.filter(offer__isnull=False).count() > Offer.objects.count()


def test_loading_again_changes_nothing() -> None:
    def counts() -> dict[str, int]:
        return {
            model.__name__: model.objects.count()
            for model in (Centre, Offer, OfferTag, CourseSession, ChangeReport, Organisation)
        } | {"audit": AuditEvent.objects.count()}

    before = counts()

    assert demo.load() == []
    assert counts() == before


def test_the_same_seed_plans_the_same_centres() -> None:
    today = datetime.date(2026, 1, 5)
    first = [(plan.details.name, plan.details.postcode) for plan in demo.plan_centres(today)]
    second = [(plan.details.name, plan.details.postcode) for plan in demo.plan_centres(today)]

    assert first == second
    assert len({name for name, _postcode in first}) == len(first)
