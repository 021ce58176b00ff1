"""The contributions API applies the same rules as the pages."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from conftest import Persona, Visitor
from ldsp.playbook.models import Section
from tests.factories import SuggestionFactory, current_revision, section_with_text

if TYPE_CHECKING:
    # What the test client answers with: a response that also has ``json()``.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

BODY = "First paragraph here.\n\nSecond paragraph here."


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Topic", BODY, slug="p", is_default=True)


def _post(persona: Persona | Visitor, url: str, data: dict[str, object]) -> TestResponse:
    return persona.client.post(url, json.dumps(data), content_type="application/json")


def test_suggest_then_accept_by_api(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    created = _post(
        contributor,
        "/api/v1/suggestions",
        {
            "playbook": "p",
            "section": "topic",
            "base_revision": 1,
            "body": BODY.replace("Second", "Better second"),
            "rationale": "Clearer",
        },
    )
    assert created.status_code == 201
    suggestion_id = created.json()["id"]
    refused = _post(contributor, f"/api/v1/suggestions/{suggestion_id}/accept", {})
    assert refused.status_code == 403 and "detail" in refused.json()
    accepted = _post(editor, f"/api/v1/suggestions/{suggestion_id}/accept", {})
    assert accepted.json()["state"] == "accepted"
    listing = contributor.client.get("/api/v1/suggestions?state=accepted").json()
    assert listing["count"] == 1


def test_reject_needs_a_reason_and_only_the_author_withdraws(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    suggestion = SuggestionFactory.create(
        section=section,
        base_revision=current_revision(section),
        author=contributor.user,
        body="Other",
        rationale="r",
    )
    assert (
        _post(editor, f"/api/v1/suggestions/{suggestion.pk}/reject", {"reason": ""}).status_code
        == 422
    )
    assert (
        _post(coordinator, f"/api/v1/suggestions/{suggestion.pk}/withdraw", {}).status_code == 403
    )
    assert (
        _post(contributor, f"/api/v1/suggestions/{suggestion.pk}/withdraw", {}).status_code == 200
    )


def test_comment_reply_and_resolve_by_api(
    anonymous: Visitor, contributor: Persona, coordinator: Persona, section: Section
) -> None:
    assert (
        _post(
            anonymous,
            "/api/v1/comments",
            {"playbook": "p", "section": "topic", "revision": 1, "body": "x"},
        ).status_code
        == 401
    )
    created = _post(
        contributor,
        "/api/v1/comments",
        {
            "playbook": "p",
            "section": "topic",
            "revision": 1,
            "body": "Hmm",
            "quote": "Second paragraph",
        },
    )
    assert created.status_code == 201
    comment_id = created.json()["id"]
    reply = _post(coordinator, f"/api/v1/comments/{comment_id}/replies", {"body": "Yes"})
    assert reply.status_code == 201
    assert (
        _post(coordinator, f"/api/v1/comments/{comment_id}/state", {"resolved": True}).status_code
        == 403
    )
    assert (
        _post(contributor, f"/api/v1/comments/{comment_id}/state", {"resolved": True}).json()[
            "state"
        ]
        == "resolved"
    )
    listing = anonymous.client.get("/api/v1/comments?playbook=p&section=topic").json()
    assert listing["count"] == 2
    bad = _post(
        contributor,
        "/api/v1/comments",
        {"playbook": "p", "section": "topic", "revision": 1, "body": "x", "quote": "absent words"},
    )
    assert bad.status_code == 400 and "detail" in bad.json()
