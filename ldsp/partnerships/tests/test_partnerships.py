"""The network: coordinators manage only their own partnership; join requests; pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from conftest import Persona
from ldsp.core.models import AuditEvent
from ldsp.core.sectors import Sector
from ldsp.partnerships.models import JoinRequest, Membership, Partnership, Pledge
from ldsp.partnerships.services import (
    PartnershipError,
    join_request_create,
    join_request_decide,
    partnership_update,
    pledge_update,
)
from ldsp.places.models import Area
from ldsp.places.services import places_load
from tests.factories import (
    ActionFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PledgeFactory,
)


@pytest.fixture
def network(db: None, coordinator: Persona) -> dict[str, Partnership]:
    """Four partnerships on the real LEP areas. The coordinator runs Lancashire's, which
    has three members, a plan and two pledges; Cornwall's has one member."""
    places_load()
    lep = {area.code: area for area in Area.objects.all()}
    lancashire = PartnershipFactory.create(
        name="Lancashire Digital Skills Partnership",
        slug="lancashire-digital-skills-partnership",
        areas=[lep["E37000019"]],
        coordinators=[coordinator.user],
        is_demo=True,
    )
    cornwall = PartnershipFactory.create(
        name="Cornwall and Isles of Scilly Digital Skills Partnership",
        slug="cornwall-and-isles-of-scilly-digital-skills-partnership",
        areas=[lep["E37000005"]],
    )
    PartnershipFactory.create(
        name="West Midlands Digital Skills Partnership",
        slug="west-midlands-digital-skills-partnership",
        areas=[lep["E37000012"], lep["E37000001"], lep["E37000006"]],
    )
    PartnershipFactory.create(
        name="West Yorkshire Digital Skills Partnership",
        slug="west-yorkshire-digital-skills-partnership",
        status=Partnership.Status.EXPLORING,
        areas=[lep["E37000050"]],
    )
    council = OrganisationFactory.create(
        name="Lancashire County Council",
        slug="lancashire-county-council",
        sector=Sector.LOCAL_AUTHORITY,
    )
    garage = OrganisationFactory.create(
        name="Google Digital Garage", slug="google-digital-garage", sector=Sector.TECH_COMPANY
    )
    centre = OrganisationFactory.create(
        name="Preston Online Centre", slug="preston-online-centre", sector=Sector.COMMUNITY
    )
    for organisation, role in [
        (council, Membership.Role.CHAIR),
        (garage, Membership.Role.MEMBER),
        (centre, Membership.Role.MEMBER),
    ]:
        MembershipFactory.create(partnership=lancashire, organisation=organisation, role=role)
    MembershipFactory.create(
        partnership=cornwall,
        organisation=OrganisationFactory.create(
            name="Cornwall Council", slug="cornwall-council", sector=Sector.LOCAL_AUTHORITY
        ),
    )
    goal = GoalFactory.create(partnership=lancashire, target=5000, achieved=1840)
    ActionFactory.create(partnership=lancashire, goal=goal, owner=council)
    PledgeFactory.create(
        partnership=lancashire, organisation=garage, quantity=1000, unit="people", delivered=640
    )
    PledgeFactory.create(
        partnership=lancashire,
        organisation=centre,
        description="Lend refurbished devices",
        quantity=50,
        unit="devices",
        delivered=50,
        status=Pledge.Status.MET,
    )
    return {p.slug.split("-digital")[0]: p for p in Partnership.objects.all()}


def _update(actor: Persona, partnership: Partnership, status: str = "paused") -> Partnership:
    return partnership_update(
        actor=actor.user,
        partnership=partnership,
        status=status,
        summary="Updated",
        contacts="",
        website="",
        launched_on=None,
    )


def test_a_coordinator_edits_their_own_partnership_but_no_other(
    network: dict[str, Partnership], coordinator: Persona
) -> None:
    own, other = network["lancashire"], network["cornwall-and-isles-of-scilly"]
    _update(coordinator, own)
    own.refresh_from_db()
    assert own.status == "paused"
    assert AuditEvent.objects.filter(verb="partnership.status_changed").exists()
    with pytest.raises(PermissionError):
        _update(coordinator, other)
    assert coordinator.client.get(f"/partnerships/{own.slug}/edit/").status_code == 200
    assert coordinator.client.get(f"/partnerships/{other.slug}/edit/").status_code == 403


@pytest.mark.parametrize("name", ["contributor", "editor"])
def test_people_who_do_not_coordinate_cannot_manage(
    name: str, network: dict[str, Partnership], every_persona: dict[str, Persona]
) -> None:
    own = network["lancashire"]
    with pytest.raises(PermissionError):
        _update(every_persona[name], own)
    assert every_persona[name].client.get(f"/partnerships/{own.slug}/edit/").status_code == 403
    assert (
        every_persona[name].client.get(f"/partnerships/{own.slug}/join-requests/").status_code
        == 403
    )


def test_staff_manage_every_partnership(network: dict[str, Partnership], staff: Persona) -> None:
    _update(staff, network["cornwall-and-isles-of-scilly"], status="active")
    assert (
        staff.client.get("/partnerships/lancashire-digital-skills-partnership/edit/").status_code
        == 200
    )


def test_a_join_request_is_approved_and_the_organisation_becomes_a_member(
    network: dict[str, Partnership],
    contributor: Persona,
    coordinator: Persona,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lancashire = network["lancashire"]
    request, created = join_request_create(
        actor=contributor.user,
        partnership=lancashire,
        organisation_name="Blackburn Digital Hub",
        sector="community",
        message="We run weekly drop-ins.",
    )
    assert created
    with django_capture_on_commit_callbacks(execute=True):
        join_request_decide(actor=coordinator.user, join_request=request, approve=True)
    assert Membership.objects.filter(
        partnership=lancashire, organisation__name="Blackburn Digital Hub"
    ).exists()
    from ldsp.core.models import OutboundEmail

    assert OutboundEmail.objects.filter(to=[contributor.email]).exists()
    with pytest.raises(PartnershipError, match="already been decided"):
        join_request_decide(actor=coordinator.user, join_request=request, approve=False, reason="x")


def test_declining_needs_a_reason_and_others_cannot_decide(
    network: dict[str, Partnership], contributor: Persona, coordinator: Persona
) -> None:
    request, _ = join_request_create(
        actor=contributor.user,
        partnership=network["lancashire"],
        organisation_name="Somewhere Else Ltd",
        sector="employer",
    )
    with pytest.raises(PermissionError):
        join_request_decide(actor=contributor.user, join_request=request, approve=True)
    with pytest.raises(PartnershipError, match="Give a reason"):
        join_request_decide(actor=coordinator.user, join_request=request, approve=False)
    join_request_decide(
        actor=coordinator.user,
        join_request=request,
        approve=False,
        reason="Not based in Lancashire.",
    )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED


def test_pledge_progress_is_recorded_by_the_coordinator(
    network: dict[str, Partnership], coordinator: Persona, contributor: Persona
) -> None:
    pledge = Pledge.objects.get(unit="people")
    url = f"/partnerships/{pledge.partnership.slug}/pledges/{pledge.pk}/"
    assert contributor.client.get(url).status_code == 403
    bad = coordinator.client.post(url, {"delivered": "-3", "status": "on_track"})
    assert bad.status_code == 400 and "less than zero" in bad.content.decode()
    assert (
        coordinator.client.post(url, {"delivered": "700", "status": "on_track"}).status_code == 302
    )
    pledge.refresh_from_db()
    assert pledge.delivered == 700 and pledge.percent == 70
    with pytest.raises(PermissionError):
        pledge_update(actor=contributor.user, pledge=pledge, delivered=1, status="met")


def test_the_directory_filters_and_downloads_as_csv(network: dict[str, Partnership]) -> None:
    client = Client()
    page = client.get("/partnerships/", {"status": "active"}).content.decode()
    assert "Lancashire Digital Skills Partnership" in page
    assert "West Yorkshire" not in page
    by_area = client.get("/partnerships/", {"area": "black-country"}).content.decode()
    assert "West Midlands Digital Skills Partnership" in by_area
    assert "Lancashire Digital Skills Partnership" not in by_area
    by_sector = client.get("/partnerships/", {"sector": "tech_company"}).content.decode()
    assert "1 partnership" in by_sector
    rows = list(csv.reader(io.StringIO(client.get("/partnerships.csv").content.decode())))
    assert rows[0][0] == "name" and len(rows) == 1 + 4


def test_the_partnership_page_shows_members_by_sector_plan_and_pledges(
    network: dict[str, Partnership],
) -> None:
    page = Client().get("/partnerships/lancashire-digital-skills-partnership/").content.decode()
    for text in [
        "Local authority",
        "Tech company",
        "Google Digital Garage",
        "Action plan",
        "1000 people",
        "640 (64%)",
        "Demo data",
    ]:
        assert text in page


def test_the_coverage_map_has_38_linked_areas_with_accessible_names(
    network: dict[str, Partnership],
) -> None:
    page = Client().get("/areas/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<a ") == 38
    assert 'aria-label="Lancashire: active partnership"' in svg
    assert 'aria-label="London: no partnership yet"' in svg
    assert "style=" not in svg
    assert "Open Government Licence" in page
    assert page.count('<th scope="row"') == 38
    result = Client().get("/areas/", {"postcode": "PR1 2HE"}).content.decode()
    assert "in Preston, in the Lancashire area" in result
    assert "Lancashire Digital Skills Partnership" in result


def test_the_api_lists_areas_partnerships_and_pledges(network: dict[str, Partnership]) -> None:
    client = Client()
    areas = client.get("/api/v1/areas?page_size=100").json()
    assert areas["count"] == 38 and areas["items"][0]["boundary"] is None
    area = client.get("/api/v1/areas/E37000019").json()
    assert area["boundary"]["type"] in ("Polygon", "MultiPolygon")
    partnerships = client.get("/api/v1/partnerships").json()
    assert partnerships["count"] == 4
    pledges = client.get(
        "/api/v1/partnerships/lancashire-digital-skills-partnership/pledges"
    ).json()
    assert pledges["count"] == 2
    members = client.get(
        "/api/v1/partnerships/lancashire-digital-skills-partnership/memberships"
    ).json()
    assert members["count"] == 3
    assert client.get("/api/v1/organisations").json()["count"] == 4


def test_coordinators_add_goals_actions_and_pledges_to_their_own_plan_only(
    network: dict[str, Partnership], coordinator: Persona
) -> None:
    from ldsp.partnerships.models import Organisation
    from ldsp.partnerships.services import action_create, goal_create, pledge_create

    own, other = network["lancashire"], network["cornwall-and-isles-of-scilly"]
    response = coordinator.client.post(
        f"/partnerships/{own.slug}/goals/new/",
        {"title": "Reach older people", "measure": "People aged 65+ helped", "target": "300"},
    )
    assert response.status_code == 302
    goal = own.goals.get(title="Reach older people")
    member = Organisation.objects.get(slug="preston-online-centre")
    action = action_create(
        actor=coordinator.user,
        partnership=own,
        title="Run tea-and-tablets sessions",
        goal=goal,
        owner=member,
        due_on=None,
    )
    assert action.goal == goal
    form = coordinator.client.post(
        f"/partnerships/{own.slug}/pledges/new/",
        {
            "organisation": member.pk,
            "description": "Host drop-ins",
            "quantity": "40",
            "unit": "sessions",
        },
    )
    assert form.status_code == 302
    assert own.pledges.filter(unit="sessions").exists()
    outsider = Organisation.objects.get(slug="cornwall-council")
    with pytest.raises(PartnershipError, match="not a member"):
        pledge_create(
            actor=coordinator.user,
            partnership=own,
            organisation=outsider,
            description="x",
            quantity=1,
            unit="y",
        )
    with pytest.raises(PermissionError):
        goal_create(actor=coordinator.user, partnership=other, title="x", measure="y", target=1)
    assert coordinator.client.get(f"/partnerships/{other.slug}/pledges/new/").status_code == 403
    bad = coordinator.client.post(f"/partnerships/{own.slug}/goals/new/", {"target": "0"})
    assert bad.status_code == 400 and "Enter the goal" in bad.content.decode()
