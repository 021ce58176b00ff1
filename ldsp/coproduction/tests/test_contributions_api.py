"""The contributions API applies the same rules as the pages."""

from __future__ import annotations

import json

import pytest

from conftest import Persona
from ldsp.coproduction.models import Suggestion
from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import

BODY = "First paragraph here.\n\nSecond paragraph here."


@pytest.fixture
def section(db: None) -> Section:
    playbook = Playbook.objects.create(slug="p", title="P", is_default=True)
    playbook_import(actor=None, playbook=playbook, text=f"# Chapter\n\n## Topic\n\n{BODY}\n")
    return Section.objects.get(key="topic")


def _post(persona: Persona, url: str, data: dict[str, object]) -> object:
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
    assert created.status_code == 201  # type: ignore[attr-defined]
    suggestion_id = created.json()["id"]  # type: ignore[attr-defined]
    refused = _post(contributor, f"/api/v1/suggestions/{suggestion_id}/accept", {})
    assert refused.status_code == 403 and "detail" in refused.json()  # type: ignore[attr-defined]
    accepted = _post(editor, f"/api/v1/suggestions/{suggestion_id}/accept", {})
    assert accepted.json()["state"] == "accepted"  # type: ignore[attr-defined]
    listing = contributor.client.get("/api/v1/suggestions?state=accepted").json()
    assert listing["count"] == 1


def test_reject_needs_a_reason_and_only_the_author_withdraws(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    suggestion = Suggestion.objects.create(
        section=section,
        base_revision=section.current_revision,  # type: ignore[misc]
        author=contributor.user,
        body="Other",
        rationale="r",
    )
    assert (
        _post(editor, f"/api/v1/suggestions/{suggestion.pk}/reject", {"reason": ""}).status_code
        == 422
    )  # type: ignore[attr-defined]
    assert (
        _post(coordinator, f"/api/v1/suggestions/{suggestion.pk}/withdraw", {}).status_code == 403
    )  # type: ignore[attr-defined]
    assert (
        _post(contributor, f"/api/v1/suggestions/{suggestion.pk}/withdraw", {}).status_code == 200
    )  # type: ignore[attr-defined]


def test_comment_reply_and_resolve_by_api(
    anonymous: Persona, contributor: Persona, coordinator: Persona, section: Section
) -> None:
    assert (
        _post(
            anonymous,
            "/api/v1/comments",
            {"playbook": "p", "section": "topic", "revision": 1, "body": "x"},
        ).status_code
        == 401
    )  # type: ignore[attr-defined]
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
    assert created.status_code == 201  # type: ignore[attr-defined]
    comment_id = created.json()["id"]  # type: ignore[attr-defined]
    reply = _post(coordinator, f"/api/v1/comments/{comment_id}/replies", {"body": "Yes"})
    assert reply.status_code == 201  # type: ignore[attr-defined]
    assert (
        _post(coordinator, f"/api/v1/comments/{comment_id}/state", {"resolved": True}).status_code
        == 403
    )  # type: ignore[attr-defined]
    assert (
        _post(contributor, f"/api/v1/comments/{comment_id}/state", {"resolved": True}).json()[
            "state"
        ]
        == "resolved"
    )  # type: ignore[attr-defined]
    listing = anonymous.client.get("/api/v1/comments?playbook=p&section=topic").json()
    assert listing["count"] == 2
    bad = _post(
        contributor,
        "/api/v1/comments",
        {"playbook": "p", "section": "topic", "revision": 1, "body": "x", "quote": "absent words"},
    )
    assert bad.status_code == 400 and "detail" in bad.json()  # type: ignore[attr-defined]
