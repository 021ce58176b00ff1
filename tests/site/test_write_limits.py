"""Writes a contributor can repeat are limited per person per hour, and the one over the
limit is refused in plain English with nothing written."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import Persona
from ldsp.coproduction.models import Follow
from ldsp.coproduction.services.follows import section_follow
from ldsp.partnerships.models import JoinRequest
from ldsp.plays.models import Play
from ldsp.plays.services import PlayError, play_submit
from tests.factories import (
    AreaFactory,
    AreaSchemeFactory,
    PartnershipFactory,
    PlaybookFactory,
    RoundFactory,
    section_with_text,
)

pytestmark = pytest.mark.usefixtures("cache_backend")


@pytest.fixture
def play_data(db: None) -> dict[str, object]:
    """A play to submit while submissions are open."""
    scheme = AreaSchemeFactory.create(slug="lep-2020", name="LEP 2020", is_default=True)
    area = AreaFactory.create(scheme=scheme, code="E37000019", name="Lancashire", boundary={})
    playbook = PlaybookFactory.create(slug="p", is_default=True, text="# C\n\n## D\n\nText.\n")
    now = timezone.now()
    RoundFactory.create(
        playbook=playbook,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=9),
    )
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
    }


@override_settings(PLAYS_PER_HOUR=2)
def test_submitting_plays_is_limited(
    play_data: dict[str, object], contributor: Persona, editor: Persona
) -> None:
    play_submit(actor=contributor.user, data=dict(play_data))
    play_submit(actor=contributor.user, data=dict(play_data))
    with pytest.raises(PlayError, match="submitted a lot of plays in the last hour"):
        play_submit(actor=contributor.user, data=dict(play_data))
    api = contributor.client.post(
        "/api/v1/plays",
        json.dumps({**play_data, "area": "E37000019"}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "submitted a lot of plays" in api.json()["detail"]
    assert Play.objects.filter(author=contributor.user).count() == 2
    play_submit(actor=editor.user, data=dict(play_data))  # someone else's count is their own


@override_settings(JOIN_REQUESTS_PER_HOUR=2)
def test_asking_to_join_partnerships_is_limited(contributor: Persona) -> None:
    partnership = PartnershipFactory.create()
    for name in ("Library One", "Library Two"):
        sent = contributor.client.post(
            f"/partnerships/{partnership.slug}/join/",
            {"organisation_name": name, "sector": "charity"},
        )
        assert sent.status_code == 302
    refused = contributor.client.post(
        f"/partnerships/{partnership.slug}/join/",
        {"organisation_name": "Library Three", "sector": "charity"},
    )
    assert refused.status_code == 400
    assert "asked to join a lot of partnerships in the last hour" in refused.content.decode()
    assert JoinRequest.objects.filter(requested_by=contributor.user).count() == 2


@override_settings(FOLLOW_CHANGES_PER_HOUR=2)
def test_following_and_unfollowing_by_hand_is_limited(contributor: Persona) -> None:
    section = section_with_text("Devices", "Lend tablets.")
    url = f"/playbooks/{section.playbook.slug}/sections/{section.slug}/follow/"
    assert contributor.client.post(url).status_code == 302
    assert contributor.client.post(url, {"follow": "false"}).status_code == 302
    refused = contributor.client.post(url, follow=True)
    assert "followed and unfollowed sections a lot in the last hour" in refused.content.decode()
    assert not Follow.objects.filter(user=contributor.user).exists()
    # Following a section you suggest or comment on is not held back.
    section_follow(user=contributor.user, section=section)
    assert Follow.objects.filter(user=contributor.user, section=section).exists()
