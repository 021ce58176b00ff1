"""Someone signed in whose contributor permission has been taken away may not take part:
every co-production page and API operation that writes answers 403 (never a server
error, never a quiet redirect), and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from conftest import Persona
from ldsp.coproduction.models import Comment, Endorsement, Follow, Suggestion, SuggestionMessage
from ldsp.core.permissions import CONTRIBUTE, has
from ldsp.playbook.models import Revision, Section
from tests.factories import CommentFactory, SuggestionFactory, current_revision, section_with_text

BODY = "Paragraph one.\n\nParagraph two."


@pytest.fixture
def someone_without_permission(contributor: Persona) -> Persona:
    """The contributor persona, with every role (and so the contributor permission) removed."""
    contributor.user.groups.clear()
    contributor.user.user_permissions.clear()
    contributor.client.raise_request_exception = False  # a server error shows as a 500
    return contributor


@dataclass
class World:
    """What the requests point at, all belonging to someone else."""

    section: Section
    revision: Revision
    suggestion: Suggestion
    comment: Comment


@pytest.fixture
def world(coordinator: Persona) -> World:
    section = section_with_text("Governance", BODY, slug="p", is_default=True)
    return World(
        section=section,
        revision=current_revision(section),
        suggestion=SuggestionFactory.create(section=section, author=coordinator.user),
        comment=CommentFactory.create(section=section, author=coordinator.user),
    )


def _counts() -> dict[str, int]:
    return {
        "suggestions": Suggestion.objects.count(),
        "endorsements": Endorsement.objects.count(),
        "messages": SuggestionMessage.objects.count(),
        "comments": Comment.objects.count(),
        "follows": Follow.objects.count(),
    }


Request = Callable[[World], tuple[str, dict[str, Any]]]

PAGES: dict[str, Request] = {
    "endorse": lambda w: (f"/suggestions/{w.suggestion.pk}/endorse/", {}),
    "discuss": lambda w: (f"/suggestions/{w.suggestion.pk}/discuss/", {"body": "Agreed."}),
    "suggest": lambda w: (
        f"/playbooks/p/sections/{w.section.slug}/suggest/",
        {
            "title": w.revision.title,
            "body": BODY + "\n\nMore.",
            "rationale": "Clearer.",
            "base_revision": w.revision.pk,
        },
    ),
    "suggest a passage": lambda w: (
        f"/playbooks/p/sections/{w.section.slug}/suggest/passage/",
        {
            "paragraph": "0",
            "replacement": "Better.",
            "rationale": "Clearer.",
            "base_revision": w.revision.pk,
        },
    ),
    "comment": lambda w: (
        f"/playbooks/p/sections/{w.section.slug}/comments/",
        {"revision": w.revision.pk, "paragraph": "0", "body": "Why?"},
    ),
    "reply": lambda w: (f"/comments/{w.comment.pk}/reply/", {"body": "Because."}),
    "follow": lambda w: (f"/playbooks/p/sections/{w.section.slug}/follow/", {}),
}


@pytest.mark.parametrize("action", PAGES)
def test_the_page_answers_403_and_writes_nothing(
    action: str, someone_without_permission: Persona, world: World
) -> None:
    assert not has(someone_without_permission.user, CONTRIBUTE)
    url, data = PAGES[action](world)
    before = _counts()

    response = someone_without_permission.client.post(url, data)

    assert response.status_code == 403
    assert _counts() == before


@pytest.mark.parametrize("action", ["suggest", "suggest a passage"])
def test_the_suggestion_forms_do_not_open_either(
    action: str, someone_without_permission: Persona, world: World
) -> None:
    url, _ = PAGES[action](world)
    assert someone_without_permission.client.get(url).status_code == 403


API: dict[str, Request] = {
    "suggest": lambda w: (
        "/api/v1/suggestions",
        {
            "playbook": "p",
            "section": w.section.slug,
            "base_revision": w.revision.number,
            "body": BODY + "\n\nMore.",
            "rationale": "Clearer.",
        },
    ),
    "comment": lambda w: (
        "/api/v1/comments",
        {
            "playbook": "p",
            "section": w.section.slug,
            "revision": w.revision.number,
            "body": "Why?",
            "quote": "Paragraph one.",
        },
    ),
    "reply": lambda w: (f"/api/v1/comments/{w.comment.pk}/replies", {"body": "Because."}),
}


@pytest.mark.parametrize("action", API)
def test_the_api_answers_403_and_writes_nothing(
    action: str, someone_without_permission: Persona, world: World
) -> None:
    url, payload = API[action](world)
    before = _counts()

    response = someone_without_permission.client.post(
        url, json.dumps(payload), content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Sign in with a confirmed account to take part."
    assert _counts() == before


def test_they_may_still_stop_following_a_section(
    someone_without_permission: Persona, world: World
) -> None:
    Follow.objects.create(user=someone_without_permission.user, section=world.section)
    response = someone_without_permission.client.post(
        f"/playbooks/p/sections/{world.section.slug}/follow/", {"follow": "false"}
    )
    assert response.status_code == 302
    assert not Follow.objects.filter(user=someone_without_permission.user).exists()


def test_a_contributor_still_may(contributor: Persona, world: World) -> None:
    """The same requests work with the permission, so the 403s above are about it alone."""
    client: Client = contributor.client
    for action in ["endorse", "discuss", "reply", "follow"]:
        url, data = PAGES[action](world)
        assert client.post(url, data).status_code == 302, action
    assert Endorsement.objects.count() == 1
    assert SuggestionMessage.objects.count() == 1
    assert Follow.objects.filter(user=contributor.user).exists()
