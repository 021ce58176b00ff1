"""Goals are numbered in the order they are added, one position each."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from ldsp.partnerships.models import Partnership
from ldsp.partnerships.services import goal_create
from tests.factories import GoalFactory, PartnershipFactory, coordinator_of

pytestmark = pytest.mark.django_db


def _add(partnership: Partnership, title: str) -> int:
    coordinator = partnership.coordinators.get()
    goal = goal_create(
        actor=coordinator, partnership=partnership, title=title, measure="People", target=10
    )
    return goal.position


def test_goals_are_added_at_the_end_of_the_plan() -> None:
    partnership = PartnershipFactory.create()
    coordinator_of(partnership)
    assert [_add(partnership, "First"), _add(partnership, "Second")] == [1, 2]
    assert list(partnership.goals.values_list("title", flat=True)) == ["First", "Second"]


def test_a_new_goal_follows_the_last_position_even_after_a_gap() -> None:
    partnership = PartnershipFactory.create()
    coordinator_of(partnership)
    GoalFactory.create(partnership=partnership, position=1)
    GoalFactory.create(partnership=partnership, position=2).delete()
    GoalFactory.create(partnership=partnership, position=3)
    # Counting the goals (2) would give position 3, which is taken.
    assert _add(partnership, "Next") == 4


def test_each_partnership_numbers_its_own_goals() -> None:
    first, second = PartnershipFactory.create(), PartnershipFactory.create()
    coordinator_of(first)
    coordinator_of(second)
    assert (_add(first, "A"), _add(second, "B")) == (1, 1)


def test_the_database_refuses_two_goals_in_one_position() -> None:
    goal = GoalFactory.create(position=1)
    GoalFactory.create(position=1)  # another partnership's plan
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory.create(partnership=goal.partnership, position=1)
