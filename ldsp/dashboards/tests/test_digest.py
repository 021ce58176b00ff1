"""The editors' digest: sent by the real worker when suggestions or plays arrive, to
editors only, at most once a day per editor, with nothing left out."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import Persona
from ldsp.coproduction.services.suggestions import suggestion_create
from ldsp.dashboards import selectors, services
from ldsp.dashboards.models import EditorDigest
from ldsp.plays.services import play_submit
from tests.factories import AreaFactory, SectionFactory, current_revision

pytestmark = pytest.mark.django_db(transaction=True)


def _suggest(persona: Persona, rationale: str = "Plainer words.") -> None:
    section = SectionFactory.create()
    revision = current_revision(section)
    suggestion_create(
        actor=persona.user,
        section=section,
        base_revision_id=revision.pk,
        body=revision.body + "\n\nA new paragraph.",
        rationale=rationale,
    )


def _digests_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address] and "to review" in m.subject]


def test_an_editor_is_emailed_what_arrived_and_no_one_else_is(
    editor: Persona, contributor: Persona, run_worker: Callable[[], None]
) -> None:
    _suggest(contributor, rationale="Residents do not say 'digital inclusion'.")
    play_submit(
        actor=contributor.user,
        data={
            "title": "Tablets for tenants",
            "summary": "Lending tablets.",
            "area": AreaFactory.create(),
            "organisations": "Housing association",
            "challenge": "Offline tenants.",
            "approach": "Lent tablets.",
            "impact": "90 tenants online.",
            "lessons": "Start small.",
            "skill_areas": ["communicating"],
            "levels": ["foundation"],
            "audiences": ["older"],
            "contact_email": "me@example.org",
        },
    )
    run_worker()
    [digest] = _digests_to(editor.email)
    assert digest.subject == "LDSP Hub: 1 new suggestion and 1 new play to review"
    assert "Residents do not say 'digital inclusion'." in digest.body  # not HTML-escaped
    assert "Tablets for tenants" in digest.body
    assert "/suggestions/review/" in digest.body
    html = str(digest.alternatives[0][0])  # type: ignore[attr-defined]
    assert "Tablets for tenants" in html
    assert _digests_to(contributor.email) == []
    assert contributor.email not in digest.body


def test_two_submissions_make_one_digest_a_day(
    editor: Persona, contributor: Persona, run_worker: Callable[[], None]
) -> None:
    _suggest(contributor)
    _suggest(contributor)
    run_worker()
    assert len(_digests_to(editor.email)) == 1
    assert "2 new suggestions" in _digests_to(editor.email)[0].subject
    _suggest(contributor)
    run_worker()
    assert len(_digests_to(editor.email)) == 1
    assert EditorDigest.objects.filter(editor=editor.user).count() == 1
    # The one that came too late waits for tomorrow's run, which is queued.
    later = DBTaskResult.objects.filter(
        task_path="ldsp.dashboards.tasks.editor_digests_send", status="READY"
    ).values_list("run_after", flat=True)
    tomorrow = services.next_digest_time(timezone.now())
    assert tomorrow in list(later)
    services.editor_digests_send(now=tomorrow + datetime.timedelta(minutes=1))
    run_worker()
    assert len(_digests_to(editor.email)) == 2
    assert "1 new suggestion to review" in _digests_to(editor.email)[1].subject


def test_two_runs_that_both_read_before_either_wrote_send_one_digest(
    editor: Persona, contributor: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    _suggest(contributor)
    # Both runs saw no digest yet for today: only the database can stop the second.
    started = editor.user.date_joined
    monkeypatch.setattr(selectors, "digest_covered_until", lambda editor: started)
    now = timezone.now()
    assert services.editor_digest_send(editor=editor.user, now=now) is True
    assert services.editor_digest_send(editor=editor.user, now=now) is False
    assert EditorDigest.objects.filter(editor=editor.user).count() == 1
    from ldsp.core.models import OutboundEmail

    assert OutboundEmail.objects.filter(to=[editor.email]).count() == 1


def test_an_editors_own_suggestion_is_not_in_their_digest(
    editor: Persona, run_worker: Callable[[], None]
) -> None:
    _suggest(editor)
    run_worker()
    assert _digests_to(editor.email) == []
    assert not EditorDigest.objects.exists()
