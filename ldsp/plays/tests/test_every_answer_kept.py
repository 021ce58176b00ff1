"""A play keeps every skills area, level and audience ticked, and the moderator's
every Playbook section: each multi-choice question is checkboxes, not radios."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from conftest import Persona
from ldsp.places.models import Area
from ldsp.playbook.models import Section
from ldsp.plays.models import Play
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    PlaybookFactory,
    PlayFactory,
    RoundFactory,
)

SKILL_AREAS = ["communicating", "transacting", "safe_legal"]
LEVELS = ["foundation", "work"]
AUDIENCES = ["older", "jobseekers", "disabled"]


@pytest.fixture
def area(db: None) -> Area:
    scheme = AreaSchemeFactory.create(slug="lep-2020", name="LEP 2020", is_default=True)
    area = AreaFactory.create(scheme=scheme, code="E37000019", name="Lancashire", boundary={})
    playbook = PlaybookFactory.create(
        slug="p", is_default=True, text="# C\n\n## Devices\n\nText.\n\n## Funding\n\nText.\n"
    )
    now = timezone.now()
    RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
    return area


def _inputs(html: str, name: str) -> list[tuple[str, str, bool]]:
    found = []
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html):
        kind = re.search(r'type="(\w+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        found.append((kind[1] if kind else "", value[1] if value else "", " checked" in tag))
    return found


def _play_data(area: Area) -> dict[str, object]:
    return {
        "title": "Library drop-ins",
        "summary": "Weekly drop-ins.",
        "area": area.pk,
        "organisations": "Library",
        "challenge": "People were offline.",
        "approach": "Drop-ins.",
        "impact": "240 people helped.",
        "lessons": "Go where people are.",
        "skill_areas": SKILL_AREAS,
        "levels": LEVELS,
        "audiences": AUDIENCES,
        "contact_email": "me@example.org",
    }


def test_the_submit_page_asks_each_multi_choice_question_with_checkboxes(
    area: Area, contributor: Persona
) -> None:
    html = contributor.client.get("/plays/submit/").content.decode()
    for name, count in (("skill_areas", 5), ("levels", 4), ("audiences", 6)):
        kinds = {kind for kind, _, _ in _inputs(html, name)}
        assert kinds == {"checkbox"}, name
        assert len(_inputs(html, name)) == count


def test_a_play_sent_with_several_answers_keeps_them_all(area: Area, contributor: Persona) -> None:
    response = contributor.client.post("/plays/submit/", _play_data(area))
    assert response.status_code == 302
    play = Play.objects.get()
    assert (play.skill_areas, play.levels, play.audiences) == (SKILL_AREAS, LEVELS, AUDIENCES)
    page = contributor.client.get(play.get_absolute_url()).content.decode()
    assert "Communicating, Transacting, Being safe and legal online" in page
    assert "Foundation, For work" in page
    assert "Older people, Jobseekers, Disabled people" in page


def test_a_refused_play_comes_back_with_every_answer_still_ticked(
    area: Area, contributor: Persona
) -> None:
    response = contributor.client.post("/plays/submit/", {**_play_data(area), "title": ""})
    assert response.status_code == 400
    html = response.content.decode()
    ticked = [value for _, value, checked in _inputs(html, "skill_areas") if checked]
    assert ticked == SKILL_AREAS
    assert [value for _, value, checked in _inputs(html, "audiences") if checked] == AUDIENCES
    assert not Play.objects.exists()


def test_the_author_changing_a_play_sees_every_saved_answer_ticked(
    area: Area, contributor: Persona
) -> None:
    play = PlayFactory.create(
        author=contributor.user,
        area=area,
        status=Play.Status.CHANGES_REQUESTED,
        skill_areas=SKILL_AREAS,
        levels=LEVELS,
        audiences=AUDIENCES,
    )
    html = contributor.client.get(f"/plays/{play.pk}/edit/").content.decode()
    assert [value for _, value, checked in _inputs(html, "levels") if checked] == LEVELS
    assert [value for _, value, checked in _inputs(html, "skill_areas") if checked] == SKILL_AREAS


def test_a_moderator_links_a_play_to_several_sections(area: Area, editor: Persona) -> None:
    play = PlayFactory.create(area=area, status=Play.Status.SUBMITTED)
    sections = list(Section.objects.filter(parent__isnull=False).order_by("position"))
    assert len(sections) == 2
    form = editor.client.get(f"/plays/{play.pk}/moderate/").content.decode()
    assert {kind for kind, _, _ in _inputs(form, "sections")} == {"checkbox"}
    response = editor.client.post(
        f"/plays/{play.pk}/moderate/",
        {"decision": "published", "notes": "", "sections": [s.pk for s in sections]},
    )
    assert response.status_code == 302
    assert set(play.sections.all()) == set(sections)
    page = editor.client.get(play.get_absolute_url()).content.decode()
    assert "Devices" in page and "Funding" in page
