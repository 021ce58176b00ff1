"""Two requests at the same moment: the database, not a check in Python, keeps one waiting
join request per organisation, one organisation per name and one goal per position.

Each thread runs the service inside its own transaction and holds it open at a second
barrier before committing, so both have passed any check in Python before either commits:
the widest window a real pair of requests could have. Where the database makes one thread
wait for the other, the first gives up waiting at the barrier and commits. Needs
PostgreSQL, whose connections run truly at once (SQLite lets one writer in at a time)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection, connections, transaction

from conftest import Persona
from ldsp.partnerships.models import Goal, JoinRequest, Organisation
from ldsp.partnerships.services import goal_create, join_request_create, organisation_get_or_create
from tests.factories import PartnershipFactory, coordinator_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writer at a time, so it cannot show two at once",
    ),
]

T = TypeVar("T")

# How long a thread that has finished waits for the other before committing anyway.
HOLD_SECONDS = 2


def _at_once(*calls: Callable[[], T]) -> list[T]:
    """Run each call in its own thread, connection and transaction, all at the same moment."""
    start = threading.Barrier(len(calls))
    before_commit = threading.Barrier(len(calls))
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                results[index] = call()
                # A broken barrier means the other thread is waiting on this one's locks.
                with contextlib.suppress(threading.BrokenBarrierError):
                    before_commit.wait(timeout=HOLD_SECONDS)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return [results[index] for index in range(len(calls))]


def test_a_double_submit_saves_one_join_request(contributor: Persona) -> None:
    partnership = PartnershipFactory.create()

    def ask() -> tuple[int, bool]:
        request, created = join_request_create(
            actor=contributor.user,
            partnership=partnership,
            organisation_name="A&B Ltd",
            sector="employer",
        )
        return request.pk, created

    first, second = _at_once(ask, ask)
    assert JoinRequest.objects.filter(partnership=partnership).count() == 1
    assert first[0] == second[0]
    assert sorted([first[1], second[1]]) == [False, True]


def test_two_similar_names_made_at_once_become_two_organisations() -> None:
    made = _at_once(
        lambda: organisation_get_or_create(name="A&B Ltd", sector="employer"),
        lambda: organisation_get_or_create(name="AB Ltd", sector="employer"),
    )
    assert made[0].pk != made[1].pk
    assert sorted(Organisation.objects.values_list("name", "slug")) == [
        ("A&B Ltd", "ab-ltd" if made[0].slug == "ab-ltd" else "ab-ltd-2"),
        ("AB Ltd", "ab-ltd" if made[1].slug == "ab-ltd" else "ab-ltd-2"),
    ]


def test_one_name_made_twice_at_once_is_one_organisation() -> None:
    made = _at_once(
        lambda: organisation_get_or_create(name="A&B Ltd", sector="employer"),
        lambda: organisation_get_or_create(name="  a&b   LTD ", sector="charity"),
    )
    assert made[0].pk == made[1].pk
    [(name, slug)] = Organisation.objects.values_list("name", "slug")
    assert name in {"A&B Ltd", "a&b LTD"} and slug == "ab-ltd"  # whichever came first


def test_two_goals_added_at_once_get_their_own_positions() -> None:
    partnership = PartnershipFactory.create()
    coordinator = coordinator_of(partnership)

    def add(title: str) -> Callable[[], int]:
        return lambda: (
            goal_create(
                actor=coordinator, partnership=partnership, title=title, measure="People", target=5
            ).position
        )

    positions = _at_once(add("First"), add("Second"))
    assert sorted(positions) == [1, 2]
    assert sorted(Goal.objects.values_list("position", flat=True)) == [1, 2]
