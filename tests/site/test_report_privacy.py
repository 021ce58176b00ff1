"""The report shows only what the public may see, counts everything, and reports that
were published before that rule are corrected by a migration."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import ReportCorrection, Round
from ldsp.consultations.selectors import report_data
from ldsp.consultations.services import report_publish, round_close
from ldsp.coproduction.services.comments import comment_hide, comment_reply
from ldsp.playbook.models import Section
from ldsp.plays.models import Play
from ldsp.plays.services import play_moderate
from tests.factories import (
    CommentFactory,
    PlayFactory,
    RoundFactory,
    UserFactory,
    section_with_text,
)

BEFORE = [("consultations", "0001_rounds_and_report_corrections")]


def _open_round() -> tuple[Section, Round]:
    section = section_with_text("Topic", "One.\n\nTwo.", slug="p", is_default=True)
    now = timezone.now()
    return section, RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=3),
    )


@pytest.mark.django_db
def test_the_draft_report_withholds_hidden_comments_and_unpublished_plays(
    editor: Persona,
) -> None:
    section, round_ = _open_round()
    thread = CommentFactory.create(section=section, body="Secret words")
    comment_hide(actor=editor.user, comment=thread, reason="Personal details")
    shown = CommentFactory.create(section=section, body="Fair point")
    answer = comment_reply(actor=editor.user, comment=shown, body="Hidden answer")
    comment_hide(actor=editor.user, comment=answer, reason="Wrong thread")
    kept = comment_reply(actor=editor.user, comment=shown, body="We will fix it")
    play = PlayFactory.create(round=round_, title="Unseen play", summary="Unseen summary")
    play_moderate(actor=editor.user, play=play, decision="declined", notes="Not a fit")

    data = report_data(round_)
    by_reference = {row["reference"]: row for row in data["rows"]}
    assert by_reference[f"C{thread.pk}"] == {
        "kind": "comment",
        "reference": f"C{thread.pk}",
        "created_at": thread.created_at.isoformat(),
        "week": by_reference[f"C{thread.pk}"]["week"],
        "author": "",
        "sector": "",
        "area": "",
        "section": "Topic",
        "summary": "",
        "outcome": "Removed by the editors",
        "response": "",
    }
    # The hidden reply is not the editors' response; the visible one is.
    assert by_reference[f"C{shown.pk}"]["response"] == kept.body
    withheld_play = by_reference[f"P{play.pk}"]
    assert withheld_play["outcome"] == "Not published"
    assert withheld_play["section"] == withheld_play["summary"] == withheld_play["author"] == ""
    assert "Not a fit" not in str(data) and "Personal details" not in str(data)
    assert data["figures"]["total"] == 3
    assert data["figures"]["by_kind"] == {"comment": 2, "play": 1}


@pytest.mark.django_db
def test_a_published_play_brings_no_moderator_notes(editor: Persona) -> None:
    _section, round_ = _open_round()
    play = PlayFactory.create(round=round_)
    Play.objects.filter(pk=play.pk).update(moderator_notes="Earlier: please add figures")
    play_moderate(actor=editor.user, play=play, decision="published", notes="")
    Play.objects.filter(pk=play.pk).update(moderator_notes="Kept by mistake")
    row = report_data(round_)["rows"][0]
    assert row["outcome"] == "Published" and row["response"] == ""


@pytest.mark.django_db
def test_the_published_report_page_and_csv_show_the_withheld_rows_plainly(
    editor: Persona, anonymous: Any
) -> None:
    section, round_ = _open_round()
    thread = CommentFactory.create(section=section, body="Secret words")
    comment_hide(actor=editor.user, comment=thread, reason="Personal details")
    round_close(actor=editor.user, round_=round_)
    report_publish(actor=editor.user, round_=round_, outcome_summary="Thanks.")
    page = anonymous.client.get(reverse("consultations:report", args=[round_.slug]))
    text = page.content.decode()
    assert "Removed by the editors" in text and "Secret words" not in text
    csv = anonymous.client.get(reverse("consultations:report_csv", args=[round_.slug]))
    assert "Removed by the editors" in csv.content.decode()
    assert "Personal details" not in csv.content.decode()


def _migrate(targets: list[tuple[str, str]] | None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _row(kind: str, pk: int, **fields: str) -> dict[str, str]:
    row = {
        "kind": kind,
        "reference": f"{kind[0].upper()}{pk}",
        "created_at": "2026-05-01T10:00:00+01:00",
        "week": "2026-04-27",
        "author": "Someone",
        "sector": "Charity",
        "area": "Leeds",
        "section": "Topic",
        "summary": "Words",
        "outcome": "Open",
        "response": "",
    }
    return {**row, **fields}


@pytest.mark.django_db(transaction=True)
def test_the_migration_corrects_a_report_published_before_the_rule(editor: Persona) -> None:
    section, round_ = _open_round()
    hidden = CommentFactory.create(section=section, body="Secret words")
    comment_hide(actor=editor.user, comment=hidden, reason="Personal details")
    shown = CommentFactory.create(section=section, body="Fair point")
    hidden_answer = comment_reply(actor=editor.user, comment=shown, body="Hidden answer")
    comment_hide(actor=editor.user, comment=hidden_answer, reason="Wrong thread")
    declined = PlayFactory.create(round=round_, title="Unseen play")
    play_moderate(actor=editor.user, play=declined, decision="declined", notes="Not a fit")
    published = PlayFactory.create(round=round_, title="Seen play")
    play_moderate(actor=editor.user, play=published, decision="published", notes="")
    nameless = UserFactory.create(email="jo.bloggs@example.org", display_name="")
    named_by_email = CommentFactory.create(section=section, author=nameless, body="Hello")
    # What the report used to freeze: every word, reason and note, and email names.
    figures = {
        "total": 5,
        "by_kind": {"comment": 3, "play": 2},
        "by_sector": [["Charity", 5]],
        "by_area": [["Leeds", 5]],
        "by_week": [["2026-04-27", 5]],
        "people": 4,
    }
    leaky_rows = [
        _row(
            "comment",
            hidden.pk,
            summary="Secret words",
            outcome="Hidden",
            response="Personal details",
        ),
        _row("comment", shown.pk, summary="Fair point", response="Hidden answer"),
        _row("comment", named_by_email.pk, author="jo.bloggs", summary="Hello"),
        _row(
            "play",
            declined.pk,
            section="Unseen play",
            summary="Unseen",
            outcome="Declined",
            response="Not a fit",
        ),
        _row("play", published.pk, section="Seen play", outcome="Published", response="Nice"),
    ]
    Round.objects.filter(pk=round_.pk).update(
        report={"rows": leaky_rows, "figures": figures},
        report_published_at=timezone.now(),
        outcome_summary="Done.",
    )
    untouched = RoundFactory.create(playbook=round_.playbook, slug="clean")
    Round.objects.filter(pk=untouched.pk).update(
        report={"rows": [_row("comment", shown.pk, response="")], "figures": {"total": 1}},
        report_published_at=timezone.now(),
    )

    _migrate(BEFORE)
    _migrate(None)

    report = Round.objects.get(pk=round_.pk).report
    rows = report["rows"]
    assert report["figures"] == figures
    assert rows[0]["outcome"] == "Removed by the editors"
    assert rows[0]["summary"] == rows[0]["response"] == rows[0]["author"] == ""
    assert rows[1]["summary"] == "Fair point" and rows[1]["response"] == ""
    assert rows[2]["author"] == f"Member {nameless.pk}"
    assert rows[3]["outcome"] == "Not published" and rows[3]["section"] == ""
    assert rows[4]["section"] == "Seen play" and rows[4]["response"] == ""
    for secret in ("Secret words", "Personal details", "Hidden answer", "Not a fit", "jo.bloggs"):
        assert secret not in str(report)

    corrections = list(ReportCorrection.objects.filter(round=round_))
    assert len(corrections) == 1
    assert corrections[0].created_at.date() == timezone.localdate()
    assert "figures have not changed" in corrections[0].text
    assert not ReportCorrection.objects.filter(round=untouched).exists()

    # Run again (say, migrating back and forward): nothing more to correct.
    _migrate(BEFORE)
    _migrate(None)
    assert ReportCorrection.objects.filter(round=round_).count() == 1
    published_page = Client().get(reverse("consultations:report", args=[round_.slug]))
    assert "we corrected this report" in published_page.content.decode()
