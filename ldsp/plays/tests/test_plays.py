"""Plays: submitted during a round, moderated with emails, published with filters."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from conftest import Persona
from ldsp.accounts.roles import Role
from ldsp.accounts.services import role_grant
from ldsp.consultations.models import Round
from ldsp.core.models import OutboundEmail
from ldsp.places.models import Area
from ldsp.playbook.models import Playbook, Section
from ldsp.plays.models import Play
from ldsp.plays.services import PlayError, play_moderate, play_resubmit, play_submit
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    PlaybookFactory,
    RoundFactory,
    UserFactory,
)


@dataclass
class Setting:
    """Where plays are submitted: an area, the default playbook and its open round."""

    area: Area
    playbook: Playbook
    round: Round


@pytest.fixture
def setting(db: None) -> Setting:
    scheme = AreaSchemeFactory.create(slug="lep-2020", name="LEP 2020", is_default=True)
    area = AreaFactory.create(
        scheme=scheme, code="E37000019", name="Lancashire", slug="lancashire", boundary={}
    )
    playbook = PlaybookFactory.create(
        slug="p", is_default=True, text="# C\n\n## Devices\n\nText.\n"
    )
    now = timezone.now()
    round_ = RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
    return Setting(area=area, playbook=playbook, round=round_)


def _data(area: Area, **changes: object) -> dict[str, object]:
    return {
        "title": "Library drop-ins",
        "summary": "Weekly drop-ins.",
        "area": area,
        "organisations": "Library",
        "challenge": "People were offline.",
        "approach": "Drop-ins.",
        "impact": "240 people helped.",
        "lessons": "Go where people are.",
        "skill_areas": ["communicating"],
        "levels": ["foundation"],
        "audiences": ["older"],
        "contact_email": "me@example.org",
        **changes,
    }


def test_a_play_submitted_in_a_round_belongs_to_it(setting: Setting, contributor: Persona) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting.area))
    assert play.round == setting.round and play.status == Play.Status.SUBMITTED
    assert sorted(play.tags.values_list("kind", "value")) == [
        ("audiences", "older"),
        ("levels", "foundation"),
        ("skill_areas", "communicating"),
    ]


def test_submitting_outside_a_phase_is_refused_on_the_page_and_the_api(
    setting: Setting, contributor: Persona
) -> None:
    Round.objects.update(plays_open=False)
    with pytest.raises(PermissionError, match="Play submissions are closed"):
        play_submit(actor=contributor.user, data=_data(setting.area))
    page = contributor.client.get("/plays/submit/")
    assert page.status_code == 403 and "Play submissions are closed" in page.content.decode()
    api = contributor.client.post(
        "/api/v1/plays",
        json.dumps({**_data(setting.area), "area": "E37000019"}),
        content_type="application/json",
    )
    assert api.status_code == 403 and "closed" in api.json()["detail"]
    assert Play.objects.count() == 0


def test_moderation_asks_for_changes_then_publishes_emailing_the_author_each_time(
    setting: Setting,
    contributor: Persona,
    editor: Persona,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting.area))
    with pytest.raises(PlayError, match="Tell the author"):
        play_moderate(actor=editor.user, play=play, decision="changes_requested", notes="")
    with django_capture_on_commit_callbacks(execute=True):
        play_moderate(
            actor=editor.user, play=play, decision="changes_requested", notes="Add numbers"
        )
    play.refresh_from_db()
    assert play.status == Play.Status.CHANGES_REQUESTED
    play_resubmit(actor=contributor.user, play=play, data=_data(setting.area, impact="300 people"))
    section = Section.objects.get(key="devices")
    with django_capture_on_commit_callbacks(execute=True):
        play_moderate(
            actor=editor.user, play=play, decision="published", notes="", sections=[section]
        )
    play.refresh_from_db()
    assert play.status == Play.Status.PUBLISHED and play.published_at is not None
    subjects = list(
        OutboundEmail.objects.filter(to=[contributor.email]).values_list("subject", flat=True)
    )
    assert any("Changes requested" in s for s in subjects) and any(
        "published" in s for s in subjects
    )
    page = Client().get(section.get_absolute_url()).content.decode()
    assert "Plays for this section" in page and "Library drop-ins" in page


@pytest.mark.parametrize("name", ["contributor", "coordinator"])
def test_only_editors_moderate(
    name: str, setting: Setting, every_persona: dict[str, Persona]
) -> None:
    play = play_submit(actor=every_persona["staff"].user, data=_data(setting.area))
    with pytest.raises(PermissionError):
        play_moderate(actor=every_persona[name].user, play=play, decision="published", notes="")
    assert every_persona[name].client.get(f"/plays/{play.pk}/moderate/").status_code == 403
    assert every_persona[name].client.get("/plays/moderation/").status_code == 403


def test_unpublished_plays_are_hidden_and_published_ones_filter(
    setting: Setting, contributor: Persona, editor: Persona
) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting.area))
    assert Client().get(play.get_absolute_url()).status_code == 404
    assert contributor.client.get(play.get_absolute_url()).status_code == 200
    play_moderate(actor=editor.user, play=play, decision="published", notes="")
    client = Client()
    assert "Library drop-ins" in client.get("/plays/", {"skill": "communicating"}).content.decode()
    assert (
        "Library drop-ins" not in client.get("/plays/", {"skill": "transacting"}).content.decode()
    )
    assert (
        "Library drop-ins"
        in client.get("/plays/", {"audience": "older", "area": "lancashire"}).content.decode()
    )
    assert client.get("/api/v1/plays").json()["count"] == 1
    assert "me@example.org" not in client.get(play.get_absolute_url()).content.decode()


def test_releases_carry_an_appendix_of_the_plays_published_by_then(
    setting: Setting, contributor: Persona, editor: Persona
) -> None:
    from ldsp.playbook.services.releases import release_publish

    play = play_submit(actor=contributor.user, data=_data(setting.area))
    play_moderate(actor=editor.user, play=play, decision="published", notes="")
    release_publish(actor=editor.user, playbook=setting.playbook, number="0.1", label="Draft")
    client = Client()
    html = client.get("/playbooks/p/releases/0.1.html").content.decode()
    assert "Plays: examples from partnerships" in html and "Library drop-ins" in html
    page = client.get("/playbooks/p/releases/0.1/").content.decode()
    assert "Appendix: Plays" in page
    markdown = client.get("/playbooks/p/releases/0.1.md").content.decode()
    assert "Library drop-ins" not in markdown  # Markdown stays importable: the text only


@pytest.mark.django_db(transaction=True)
def test_site_search_finds_published_plays(run_worker: Callable[[], None]) -> None:
    area = AreaFactory.create(name="Lancashire")
    author, editor = UserFactory.create(), UserFactory.create()
    staff = UserFactory.create(roles=[Role.STAFF])
    role_grant(actor=staff, user=editor, role=Role.EDITOR)
    play = play_submit(actor=author, data=_data(area, title="Tablets for tenants"))
    play_moderate(actor=editor, play=play, decision="published", notes="")
    hidden = play_submit(actor=author, data=_data(area, title="Tablets unpublished"))
    run_worker()
    page = Client().get("/search/", {"q": "tablets"}).content.decode()
    assert "Tablets for tenants" in page and hidden.title not in page
