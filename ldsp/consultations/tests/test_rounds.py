"""Rounds open and close input; the report counts every contribution exactly."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.consultations.selectors import report_data
from ldsp.consultations.services import RoundError, report_correct, report_publish, round_close
from ldsp.coproduction.models import Comment, Suggestion
from ldsp.coproduction.services.comments import comment_create
from ldsp.coproduction.services.suggestions import suggestion_create
from ldsp.playbook.models import Section
from tests.factories import RoundFactory, SuggestionFactory, current_revision, section_with_text

BODY = "First paragraph.\n\nSecond paragraph."


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Topic", BODY, slug="p", is_default=True)


def _round(section: Section, *, days_open: int = 7, days_left: int = 7, **switches: bool) -> Round:
    now = timezone.now()
    return RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=days_open),
        closes_at=now + datetime.timedelta(days=days_left),
        **switches,
    )


def _suggest(persona: Persona, section: Section) -> Suggestion:
    return suggestion_create(
        actor=persona.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY.replace("Second", "Better second"),
        rationale="Clearer",
    )


def test_a_round_state_follows_its_dates_and_report(section: Section) -> None:
    now = timezone.now()
    round_ = _round(section)
    assert round_.state_at(now - datetime.timedelta(days=30)) == Round.State.PLANNED
    assert round_.state == Round.State.OPEN
    assert round_.state_at(now + datetime.timedelta(days=30)) == Round.State.CLOSED
    round_.report_published_at = now
    assert round_.state == Round.State.CONCLUDED


def test_input_outside_an_open_phase_is_refused_on_the_page_and_the_api(
    section: Section, contributor: Persona
) -> None:
    _round(section, days_open=30, days_left=-1)  # closed
    with pytest.raises(PermissionError, match="closed"):
        _suggest(contributor, section)
    page = contributor.client.get("/playbooks/p/sections/topic/suggest/")
    assert page.status_code == 403
    assert "Suggestions are closed" in page.content.decode()
    api = contributor.client.post(
        "/api/v1/suggestions",
        json.dumps(
            {"playbook": "p", "section": "topic", "base_revision": 1, "body": "x", "rationale": "r"}
        ),
        content_type="application/json",
    )
    assert api.status_code == 403 and "closed" in api.json()["detail"]
    with pytest.raises(PermissionError):
        comment_create(
            actor=contributor.user,
            section=section,
            revision_id=current_revision(section).pk,
            body="Hello",
            quote="First paragraph",
        )
    assert Suggestion.objects.count() == 0 and Comment.objects.count() == 0


def test_each_switch_closes_only_its_own_kind(section: Section, contributor: Persona) -> None:
    _round(section, suggestions_open=False)
    with pytest.raises(PermissionError, match="Suggestions"):
        _suggest(contributor, section)
    comment_create(
        actor=contributor.user,
        section=section,
        revision_id=current_revision(section).pk,
        body="Comments are welcome",
        quote="First paragraph",
    )
    page = Client().get("/playbooks/p/sections/topic/").content.decode()
    assert "Have your say" in page and "days left" in page


def test_the_report_counts_equal_the_database_and_the_csv_has_a_row_each(
    section: Section,
    contributor: Persona,
    coordinator: Persona,
    editor: Persona,
) -> None:
    round_ = _round(section)
    _suggest(contributor, section)
    _suggest(coordinator, section)
    comment_create(
        actor=contributor.user,
        section=section,
        revision_id=current_revision(section).pk,
        body="A thought",
        quote="First paragraph",
    )
    data = report_data(round_)
    suggestions = Suggestion.objects.filter(
        created_at__gte=round_.opens_at, created_at__lt=round_.closes_at
    ).count()
    threads = Comment.objects.filter(
        parent__isnull=True, created_at__gte=round_.opens_at, created_at__lt=round_.closes_at
    ).count()
    assert data["figures"]["by_kind"] == {"suggestion": suggestions, "comment": threads}
    assert data["figures"]["total"] == suggestions + threads == 3
    assert sum(count for _, count in data["figures"]["by_sector"]) == 3
    assert sum(count for _, count in data["figures"]["by_week"]) == 3

    with pytest.raises(RoundError, match="once the round has closed"):
        report_publish(actor=editor.user, round_=round_, outcome_summary="Too early")
    round_close(actor=editor.user, round_=round_)
    round_.refresh_from_db()
    report_publish(actor=editor.user, round_=round_, outcome_summary="We changed two things.")
    rows = list(
        csv.DictReader(
            io.StringIO(Client().get(f"/consultations/{round_.slug}/report.csv").content.decode())
        )
    )
    assert len(rows) == 3 and {r["kind"] for r in rows} == {"suggestion", "comment"}


def test_a_published_report_is_frozen_and_corrections_are_appended(
    section: Section, contributor: Persona, editor: Persona
) -> None:
    round_ = _round(section, days_open=10, days_left=1)
    _suggest(contributor, section)
    round_close(actor=editor.user, round_=round_)
    round_.refresh_from_db()
    report_publish(actor=editor.user, round_=round_, outcome_summary="Outcome.")
    round_.refresh_from_db()
    frozen = report_data(round_)
    Suggestion.objects.update(created_at=round_.opens_at + datetime.timedelta(hours=1))
    SuggestionFactory.create(
        section=section,
        author=contributor.user,
        body="late",
        rationale="late",
        created_at=round_.opens_at,
    )
    round_.refresh_from_db()
    assert report_data(round_) == frozen
    with pytest.raises(RoundError, match="only once"):
        report_publish(actor=editor.user, round_=round_, outcome_summary="Again")
    report_correct(actor=editor.user, round_=round_, text="One suggestion was counted twice.")
    page = Client().get(f"/consultations/{round_.slug}/report/").content.decode()
    assert "One suggestion was counted twice." in page and "Corrections" in page


@pytest.mark.parametrize("name", ["contributor", "coordinator"])
def test_only_editors_close_rounds_and_publish_reports(
    name: str, section: Section, every_persona: dict[str, Persona]
) -> None:
    round_ = _round(section)
    actor = every_persona[name]
    with pytest.raises(PermissionError):
        round_close(actor=actor.user, round_=round_)
    assert actor.client.post(f"/consultations/{round_.slug}/close/").status_code == 403
    assert actor.client.get(f"/consultations/{round_.slug}/report/").status_code == 200
    assert (
        "not published yet"
        in actor.client.get(f"/consultations/{round_.slug}/report/").content.decode()
    )
    assert actor.client.get(f"/consultations/{round_.slug}/report.csv").status_code == 403


def test_the_api_lists_rounds_and_published_reports_only(section: Section) -> None:
    round_ = _round(section)
    client = Client()
    assert client.get("/api/v1/rounds").json()["count"] == 1
    assert client.get(f"/api/v1/rounds/{round_.slug}").json()["state"] == "open"
    assert client.get(f"/api/v1/rounds/{round_.slug}/report").status_code == 403


def test_the_review_queue_filters_by_round(
    section: Section, contributor: Persona, editor: Persona
) -> None:
    old = _round(section, days_open=40, days_left=-20)
    _round(section)
    suggestion = _suggest(contributor, section)
    page = editor.client.get("/suggestions/review/", {"round": old.slug}).content.decode()
    assert f"Suggestion {suggestion.pk}<" not in page
    Suggestion.objects.filter(pk=suggestion.pk).update(
        created_at=old.opens_at + datetime.timedelta(days=1)
    )
    page = editor.client.get("/suggestions/review/", {"round": old.slug}).content.decode()
    assert f"Suggestion {suggestion.pk}<" in page


def test_an_editors_reply_is_the_response_to_a_comment(
    section: Section, contributor: Persona, coordinator: Persona, editor: Persona
) -> None:
    from ldsp.coproduction.services.comments import comment_reply

    round_ = _round(section)
    comment = comment_create(
        actor=contributor.user,
        section=section,
        revision_id=current_revision(section).pk,
        body="Is this right?",
        quote="First paragraph",
    )
    comment_reply(actor=coordinator.user, comment=comment, body="I think so.")
    comment_reply(actor=editor.user, comment=comment, body="Yes: we checked it.")
    comment_reply(actor=contributor.user, comment=comment, body="Thanks!")
    [row] = report_data(round_)["rows"]
    assert row["response"] == "Yes: we checked it."
