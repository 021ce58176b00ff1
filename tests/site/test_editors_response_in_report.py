"""The editors' response written when a suggestion is accepted is the one the
"You said, we did" report shows for it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conftest import Persona
from ldsp.consultations.selectors import report_data
from ldsp.coproduction.services.suggestions import suggestion_create
from tests.factories import RoundFactory, current_revision, section_with_text

BODY = "First paragraph.\n\nSecond paragraph."


def test_the_report_shows_the_response_written_on_the_confirmation_page(
    db: None, contributor: Persona, editor: Persona
) -> None:
    section = section_with_text("Topic", BODY, slug="p", is_default=True)
    now = timezone.now()
    round_ = RoundFactory.create(
        playbook=section.playbook,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=7),
    )
    suggestion = suggestion_create(
        actor=contributor.user,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=BODY.replace("Second", "Better second"),
        rationale="Clearer",
    )
    response = editor.client.post(
        f"/suggestions/{suggestion.pk}/accept/", {"response": "We took it, thank you."}
    )
    assert response.status_code == 302
    [row] = report_data(round_)["rows"]
    assert row["outcome"] == "Accepted"
    assert row["response"] == "We took it, thank you."
    # The editors' live draft of the report, exactly as it will be published.
    page = editor.client.get(f"/consultations/{round_.slug}/report/").content.decode()
    assert "We took it, thank you." in page
