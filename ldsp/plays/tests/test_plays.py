"""Plays: submitted during a round, moderated with emails, published with filters."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.consultations.models import Round
from ldsp.core.models import OutboundEmail
from ldsp.places.models import Area, AreaScheme
from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import
from ldsp.plays.models import Play
from ldsp.plays.services import PlayError, play_moderate, play_resubmit, play_submit


@pytest.fixture
def setting(db: None) -> dict[str, object]:
    scheme = AreaScheme.objects.create(slug="lep-2020", name="LEP 2020", is_default=True)
    area = Area.objects.create(
        scheme=scheme, code="E37000019", name="Lancashire", slug="lancashire", boundary={}
    )
    playbook = Playbook.objects.create(slug="p", title="P", is_default=True)
    playbook_import(actor=None, playbook=playbook, text="# C\n\n## Devices\n\nText.\n")
    now = timezone.now()
    round_ = Round.objects.create(
        playbook=playbook,
        title="R",
        slug="r",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
    return {"area": area, "playbook": playbook, "round": round_}


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


def test_a_play_submitted_in_a_round_belongs_to_it(setting: dict, contributor: Persona) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting["area"]))  # type: ignore[arg-type]
    assert play.round == setting["round"] and play.status == Play.Status.SUBMITTED
    assert sorted(play.tags.values_list("kind", "value")) == [
        ("audiences", "older"),
        ("levels", "foundation"),
        ("skill_areas", "communicating"),
    ]


def test_submitting_outside_a_phase_is_refused_on_the_page_and_the_api(
    setting: dict, contributor: Persona
) -> None:
    Round.objects.update(plays_open=False)
    with pytest.raises(PermissionError, match="Play submissions are closed"):
        play_submit(actor=contributor.user, data=_data(setting["area"]))  # type: ignore[arg-type]
    page = contributor.client.get("/plays/submit/")
    assert page.status_code == 403 and "Play submissions are closed" in page.content.decode()
    api = contributor.client.post(
        "/api/v1/plays",
        json.dumps({**_data(setting["area"]), "area": "E37000019"}),
        content_type="application/json",
    )
    assert api.status_code == 403 and "closed" in api.json()["detail"]
    assert Play.objects.count() == 0


def test_moderation_asks_for_changes_then_publishes_emailing_the_author_each_time(
    setting: dict,
    contributor: Persona,
    editor: Persona,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting["area"]))  # type: ignore[arg-type]
    with pytest.raises(PlayError, match="Tell the author"):
        play_moderate(actor=editor.user, play=play, decision="changes_requested", notes="")  # type: ignore[arg-type]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        play_moderate(
            actor=editor.user, play=play, decision="changes_requested", notes="Add numbers"
        )  # type: ignore[arg-type]
    play.refresh_from_db()
    assert play.status == Play.Status.CHANGES_REQUESTED
    play_resubmit(
        actor=contributor.user, play=play, data=_data(setting["area"], impact="300 people")
    )  # type: ignore[arg-type]
    section = Section.objects.get(key="devices")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        play_moderate(
            actor=editor.user, play=play, decision="published", notes="", sections=[section]
        )  # type: ignore[arg-type]
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
def test_only_editors_moderate(name: str, setting: dict, every_persona: dict[str, Persona]) -> None:
    play = play_submit(actor=every_persona["staff"].user, data=_data(setting["area"]))  # type: ignore[arg-type]
    with pytest.raises(PermissionError):
        play_moderate(actor=every_persona[name].user, play=play, decision="published", notes="")  # type: ignore[arg-type]
    assert every_persona[name].client.get(f"/plays/{play.pk}/moderate/").status_code == 403
    assert every_persona[name].client.get("/plays/moderation/").status_code == 403


def test_unpublished_plays_are_hidden_and_published_ones_filter(
    setting: dict, contributor: Persona, editor: Persona
) -> None:
    play = play_submit(actor=contributor.user, data=_data(setting["area"]))  # type: ignore[arg-type]
    assert Client().get(play.get_absolute_url()).status_code == 404
    assert contributor.client.get(play.get_absolute_url()).status_code == 200
    play_moderate(actor=editor.user, play=play, decision="published", notes="")  # type: ignore[arg-type]
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
    setting: dict, contributor: Persona, editor: Persona
) -> None:
    from ldsp.playbook.services.releases import release_publish

    play = play_submit(actor=contributor.user, data=_data(setting["area"]))  # type: ignore[arg-type]
    play_moderate(actor=editor.user, play=play, decision="published", notes="")  # type: ignore[arg-type]
    release_publish(actor=editor.user, playbook=setting["playbook"], number="0.1", label="Draft")  # type: ignore[arg-type]
    client = Client()
    html = client.get("/playbooks/p/releases/0.1.html").content.decode()
    assert "Plays: examples from partnerships" in html and "Library drop-ins" in html
    page = client.get("/playbooks/p/releases/0.1/").content.decode()
    assert "Appendix: Plays" in page
    markdown = client.get("/playbooks/p/releases/0.1.md").content.decode()
    assert "Library drop-ins" not in markdown  # Markdown stays importable: the text only


@pytest.mark.django_db(transaction=True)
def test_site_search_finds_published_plays(run_worker: Callable[[], None]) -> None:
    from conftest import _make_persona

    scheme = AreaScheme.objects.create(slug="lep-2020", name="LEP 2020", is_default=True)
    area = Area.objects.create(scheme=scheme, code="E1", name="Lancashire", slug="l", boundary={})
    author, editor = _make_persona("author", []), _make_persona("ed", [])
    from ldsp.accounts.roles import Role
    from ldsp.accounts.services import role_grant

    staff = _make_persona("boss", [Role.STAFF])
    role_grant(actor=staff.user, user=editor.user, role=Role.EDITOR)  # type: ignore[arg-type]
    play = play_submit(actor=author.user, data=_data(area, title="Tablets for tenants"))  # type: ignore[arg-type]
    play_moderate(actor=editor.user, play=play, decision="published", notes="")  # type: ignore[arg-type]
    hidden = play_submit(actor=author.user, data=_data(area, title="Tablets unpublished"))  # type: ignore[arg-type]
    run_worker()
    page = Client().get("/search/", {"q": "tablets"}).content.decode()
    assert "Tablets for tenants" in page and hidden.title not in page
