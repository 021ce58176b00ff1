"""Every headline figure of a "You said, we did" report equals a count taken straight
from the database, and each chart's bars are in proportion to its figures."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.consultations.selectors import Contribution, figures, report_data, week_of
from ldsp.consultations.services import report_publish, round_close
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.services.comments import comment_hide, comment_reply
from ldsp.coproduction.services.suggestions import suggestion_reject
from ldsp.core.sectors import Sector
from ldsp.places.models import Area
from ldsp.plays.models import Play
from ldsp.plays.services import play_moderate
from tests.factories import (
    AreaFactory,
    CommentFactory,
    PlayFactory,
    ProfileFactory,
    RoundFactory,
    SuggestionFactory,
    UserFactory,
    section_with_text,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _person(sector: Sector, area: Area) -> object:
    user = UserFactory.create()
    ProfileFactory.create(user=user, sector=sector, area=area)
    return user


@pytest.fixture
def round_with_contributions(editor: Persona) -> Round:
    """A round open for a month so far: three sectors, two areas, several contributions each."""
    section = section_with_text("Topic", "First paragraph.\n\nSecond paragraph.", slug="p")
    opens_at = timezone.now() - 30 * DAY
    round_ = RoundFactory.create(
        playbook=section.playbook, opens_at=opens_at, closes_at=opens_at + 40 * DAY
    )
    north, south = AreaFactory.create(name="North"), AreaFactory.create(name="South")
    people = [
        _person(Sector.CHARITY, north),
        _person(Sector.CHARITY, south),
        _person(Sector.COLLEGE, north),
        _person(Sector.LOCAL_AUTHORITY, south),
        _person(Sector.LOCAL_AUTHORITY, north),
    ]
    days = [1, 2, 2, 3, 9, 10, 15, 16, 16, 17, 22, 26]
    made: list[Suggestion | Comment] = []
    for index, day in enumerate(days):
        author = people[index % len(people)]
        if index % 3 == 0:
            thing: Suggestion | Comment = SuggestionFactory.create(section=section, author=author)
            model: type[Suggestion | Comment] = Suggestion
        else:
            thing = CommentFactory.create(section=section, author=author, body=f"Comment {index}")
            model = Comment
        model.objects.filter(pk=thing.pk).update(created_at=opens_at + day * DAY)
        made.append(thing)
    suggestion_reject(actor=editor.user, suggestion=made[0], reason="Out of scope")  # type: ignore[arg-type]
    comment_reply(actor=editor.user, comment=made[1], body="Thanks, done.")  # type: ignore[arg-type]
    comment_hide(actor=editor.user, comment=made[2], reason="Personal details")  # type: ignore[arg-type]
    # A play, and contributions outside the round that must not count.
    published = PlayFactory.create(round=round_, author=people[2], area=south)
    play_moderate(actor=editor.user, play=published, decision="published", notes="")
    declined = PlayFactory.create(round=round_, author=people[3], area=north)
    play_moderate(actor=editor.user, play=declined, decision="declined", notes="No")
    early = CommentFactory.create(section=section, author=people[0])
    Comment.objects.filter(pk=early.pk).update(created_at=opens_at - DAY)
    return round_


def _window(round_: Round) -> dict[str, datetime.datetime]:
    return {"created_at__gte": round_.opens_at, "created_at__lt": round_.closes_at}


def _from_the_database(round_: Round) -> dict[str, Counter[str]]:
    """Sector, area and week of every contribution in the round, read from the tables."""
    window = _window(round_)
    people = list(
        Suggestion.objects.filter(**window).values_list(
            "author__profile__sector", "author__profile__area__name", "created_at"
        )
    ) + list(
        Comment.objects.filter(parent__isnull=True, **window).values_list(
            "author__profile__sector", "author__profile__area__name", "created_at"
        )
    )
    plays = list(
        Play.objects.filter(round=round_).values_list(
            "author__profile__sector", "area__name", "created_at"
        )
    )
    everything = people + plays
    return {
        "sector": Counter(Sector(sector).label for sector, _, _ in everything),
        "area": Counter(area for _, area, _ in everything),
        "week": Counter(week_of(made) for _, _, made in everything),
    }


def test_the_totals_equal_the_counts_in_the_database(round_with_contributions: Round) -> None:
    round_ = round_with_contributions
    figures = report_data(round_)["figures"]
    window = _window(round_)
    suggestions = Suggestion.objects.filter(**window).count()
    threads = Comment.objects.filter(parent__isnull=True, **window).count()
    plays = Play.objects.filter(round=round_).count()
    assert (suggestions, threads, plays) == (4, 8, 2)
    assert figures["total"] == suggestions + threads + plays
    assert figures["by_kind"] == {"suggestion": suggestions, "comment": threads, "play": plays}
    assert figures["people"] == 5


def test_each_breakdown_equals_the_database_and_adds_up_to_the_total(
    round_with_contributions: Round,
) -> None:
    round_ = round_with_contributions
    figures = report_data(round_)["figures"]
    expected = _from_the_database(round_)
    assert dict(figures["by_sector"]) == expected["sector"]
    assert dict(figures["by_area"]) == expected["area"]
    assert {week: n for week, n in figures["by_week"] if n} == expected["week"]
    # Every week of the round so far, quiet ones too.
    first, last = (
        datetime.date.fromisoformat(week_of(t)) for t in (round_.opens_at, timezone.now())
    )
    assert [week for week, _ in figures["by_week"]] == [
        (first + datetime.timedelta(weeks=n)).isoformat()
        for n in range((last - first).days // 7 + 1)
    ]
    for key in ("by_sector", "by_area", "by_week", "by_outcome"):
        assert sum(count for _, count in figures[key]) == figures["total"], key
    # The largest first, so the charts read from the top.
    counts = [count for _, count in figures["by_sector"]]
    assert counts == sorted(counts, reverse=True)


def test_the_outcomes_equal_the_states_in_the_database(round_with_contributions: Round) -> None:
    round_ = round_with_contributions
    window = _window(round_)
    outcomes = dict(report_data(round_)["figures"]["by_outcome"])
    assert outcomes["Rejected"] == Suggestion.objects.filter(state="rejected", **window).count()
    assert outcomes["Not decided yet"] == Suggestion.objects.filter(state="open", **window).count()
    assert (
        outcomes["Removed by the editors"]
        == Comment.objects.filter(parent__isnull=True, hidden_at__isnull=False, **window).count()
    )
    assert outcomes["Answered"] == 1
    assert outcomes["Published"] == Play.objects.filter(round=round_, status="published").count()
    assert outcomes["Not published"] == Play.objects.filter(round=round_, status="declined").count()
    answered = Comment.objects.filter(parent__isnull=True, replies__isnull=False, **window)
    assert outcomes["Not answered yet"] == (
        Comment.objects.filter(parent__isnull=True, hidden_at__isnull=True, **window).count()
        - answered.count()
    )


CHART_ROW = re.compile(
    r'<th scope="row" class="govuk-table__header ldsp-bar-chart__label">([^<]*)<svg.*?'
    r'class="ldsp-bar-chart__fill" width="([0-9.]+)".*?'
    r'ldsp-bar-chart__count">([0-9,]+)</td>',
    re.S,
)


def _charts(page: str) -> dict[str, tuple[list[tuple[str, float, int]], int]]:
    """Each chart on the page: its rows (label, bar width, figure) and its total."""
    charts = {}
    for key, table in re.findall(
        r'<table class="[^"]*ldsp-bar-chart" id="chart-(\w+)">(.*?)</table>', page, re.S
    ):
        rows = [
            (label, float(width), int(n.replace(",", "")))
            for label, width, n in CHART_ROW.findall(table)
        ]
        total = int(re.search(r"<strong>([0-9,]+)</strong>", table).group(1).replace(",", ""))  # type: ignore[union-attr]
        charts[key] = (rows, total)
    return charts


def test_the_published_page_draws_each_bar_in_proportion_and_each_chart_adds_up(
    round_with_contributions: Round, editor: Persona
) -> None:
    round_ = round_with_contributions
    round_close(actor=editor.user, round_=round_)
    round_.refresh_from_db()
    report_publish(actor=editor.user, round_=round_, outcome_summary="We changed things.")
    page = Client().get(f"/consultations/{round_.slug}/report/").content.decode()
    figures = report_data(round_)["figures"]
    charts = _charts(page)
    assert set(charts) == {"outcome", "sector", "area", "week"}
    for key, (rows, total) in charts.items():
        assert total == figures["total"] == sum(n for _, _, n in rows), key
        most = max(n for _, _, n in rows)
        for label, width, n in rows:
            assert width == pytest.approx(100 * n / most, abs=0.01), (key, label)
    assert [(label, n) for label, _, n in charts["sector"][0]] == [
        tuple(pair) for pair in figures["by_sector"]
    ]
    assert f"{figures['total']} contributions from 5 people" in page
    assert "style=" not in page.split("<main", 1)[1]  # the CSP would block it


def test_two_people_who_chose_the_same_name_count_as_two() -> None:
    def row(person: int, reference: str) -> Contribution:
        return Contribution(
            kind="comment",
            reference=reference,
            created_at="2026-08-04T10:00:00+00:00",
            week="2026-08-03",
            author="Sam",
            sector="Charity",
            area="Lancashire",
            section="Governance",
            summary="A comment.",
            outcome="Answered",
            response="",
            person=person,
        )

    counted = figures([row(1, "C1"), row(2, "C2"), row(2, "C3")])
    assert counted["people"] == 2
    assert "person" not in row(1, "C1").public()
