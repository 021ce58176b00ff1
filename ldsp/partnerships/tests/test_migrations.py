"""Adding the unique constraints cannot fail on real data: on a database that already holds
organisations with one matching name, several waiting requests for one organisation and
goals sharing a position, the migrations keep every row and resolve each clash."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ldsp.partnerships.names import organisation_name_normalise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partnerships", "0001_partnerships_organisations_plans_pledges")]


def _migrate(targets: list[tuple[str, str]] | None) -> Any:
    """Migrate to ``targets`` (None: the latest); return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_existing_clashes_are_resolved_and_nothing_is_lost() -> None:
    old = _migrate(BEFORE)
    Organisation = old.get_model("partnerships", "Organisation")
    Partnership = old.get_model("partnerships", "Partnership")
    JoinRequest = old.get_model("partnerships", "JoinRequest")
    Goal = old.get_model("partnerships", "Goal")
    person = UserFactory.create()

    acme = [
        Organisation.objects.create(name=name, slug=slug, sector="employer")
        for name, slug in [("Acme Ltd", "acme"), ("ACME  ltd", "acme-2"), ("acme ltd", "acme-3")]
    ]
    a_and_b = Organisation.objects.create(name="A&B Ltd", slug="a-b-ltd", sector="employer")
    ab = Organisation.objects.create(name="AB Ltd", slug="ab-ltd", sector="employer")
    here = Partnership.objects.create(name="Here", slug="here")
    there = Partnership.objects.create(name="There", slug="there")

    start = timezone.now() - datetime.timedelta(days=10)

    def ask(partnership: Any, name: str, days: int, status: str = "pending") -> int:
        made = JoinRequest.objects.create(
            partnership=partnership,
            organisation_name=name,
            sector="community",
            requested_by_id=person.pk,
            status=status,
        )
        JoinRequest.objects.filter(pk=made.pk).update(
            created_at=start + datetime.timedelta(days=days)
        )
        return int(made.pk)

    earlier_decided = ask(here, "Blackburn Hub", 0, status="declined")
    # Made in a different order from their dates: the oldest by date must stay waiting.
    later = ask(here, "blackburn  hub", 3)
    oldest = ask(here, "Blackburn Hub", 1)
    latest = ask(here, "BLACKBURN HUB", 5)
    elsewhere = ask(there, "Blackburn Hub", 2)
    other = ask(here, "Burnley Hub", 4)

    goals = {
        title: Goal.objects.create(
            partnership=partnership, title=title, measure="m", target=1, position=position
        ).pk
        for partnership, title, position in [
            (here, "was 2", 2),
            (here, "was 1, older", 1),
            (here, "was 1, newer", 1),
            (there, "stays 4", 4),
            (there, "stays 7", 7),
        ]
    }

    new = _migrate(None)
    Organisation = new.get_model("partnerships", "Organisation")
    JoinRequest = new.get_model("partnerships", "JoinRequest")
    Goal = new.get_model("partnerships", "Goal")

    keys = dict(Organisation.objects.values_list("pk", "normalised_name"))
    assert len(keys) == 5
    assert keys[acme[0].pk] == "acme ltd"
    assert keys[acme[1].pk] == f"acme ltd  #{acme[1].pk}"
    assert keys[acme[2].pk] == f"acme ltd  #{acme[2].pk}"
    assert (keys[a_and_b.pk], keys[ab.pk]) == ("a&b ltd", "ab ltd")
    # No spelling of a name can reach the marked duplicates.
    assert organisation_name_normalise(f"ACME ltd  #{acme[1].pk}") != keys[acme[1].pk]

    requests = {row["id"]: row for row in JoinRequest.objects.values()}
    assert len(requests) == 6
    assert {pk for pk, row in requests.items() if row["status"] == "pending"} == {
        oldest,
        elsewhere,
        other,
    }
    for closed in (later, latest):
        assert requests[closed]["status"] == "declined"
        assert requests[closed]["reason"].startswith("Closed automatically")
        assert requests[closed]["decided_at"] is not None
        assert requests[closed]["decided_by_id"] is None
    assert requests[earlier_decided]["reason"] == ""
    assert requests[later]["normalised_name"] == "blackburn hub"

    positions = dict(Goal.objects.values_list("pk", "position"))
    assert positions[goals["was 1, older"]] == 1
    assert positions[goals["was 1, newer"]] == 2
    assert positions[goals["was 2"]] == 3
    assert (positions[goals["stays 4"]], positions[goals["stays 7"]]) == (4, 7)

    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(
            partnership_id=requests[oldest]["partnership_id"],
            organisation_name="Blackburn Hub",
            normalised_name="blackburn hub",
            sector="community",
            requested_by_id=person.pk,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(partnership_id=here.pk, title="t", measure="m", target=1, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Acme", slug="acme-4", sector="employer", normalised_name="acme ltd"
        )


def test_a_database_without_clashes_migrates_back_and_forth() -> None:
    old = _migrate(BEFORE)
    Organisation = old.get_model("partnerships", "Organisation")
    Organisation.objects.create(name="Good Things Foundation", slug="gtf", sector="charity")
    new = _migrate(None)
    assert new.get_model("partnerships", "Organisation").objects.get().normalised_name == (
        "good things foundation"
    )
    _migrate(BEFORE)
    _migrate(None)
