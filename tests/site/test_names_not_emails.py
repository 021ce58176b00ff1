"""People who chose no display name are shown as "Member <number>" on every public page,
in the API, in revision notes, in audit entries and in credits: never by their email
address or any part of it."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.urls import reverse

from conftest import Persona, Visitor
from ldsp.accounts.roles import Role
from ldsp.coproduction.models import Comment
from ldsp.coproduction.services.comments import comment_create, comment_hide
from ldsp.coproduction.services.suggestions import suggestion_accept, suggestion_create
from ldsp.core.models import AuditEvent
from ldsp.playbook.models import Release, Revision, Section
from ldsp.playbook.services.releases import release_publish
from ldsp.plays.services import play_moderate
from tests.factories import PlayFactory, RevisionFactory, UserFactory, section_with_text

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "secret.person@example.org"
EDITOR_EMAIL = "hidden.editor@example.org"
PRIVATE = ["secret.person", "hidden.editor", "secretperson", "hiddeneditor"]


def _nameless(email: str, roles: list[Role] | None = None) -> User:
    """Someone who never chose a display name."""
    return UserFactory.create(email=email, display_name="", roles=roles or [])


def _assert_private(content: str) -> None:
    lowered = content.lower()
    for fragment in PRIVATE:
        assert fragment not in lowered, f"{fragment!r} is shown"


def test_accepting_a_suggestion_notes_the_editors_name_not_their_email() -> None:
    accepting = _nameless(EDITOR_EMAIL, roles=[Role.EDITOR])
    author = _nameless(SECRET_EMAIL)
    section = section_with_text("Welcome", "People come to the library.")
    suggestion = suggestion_create(
        actor=author,
        section=section,
        base_revision_id=section.current_revision_id,  # type: ignore[arg-type]
        body="People come to the library every week.",
        rationale="More precise.",
    )
    suggestion_accept(actor=accepting, suggestion=suggestion)
    revision = Revision.objects.get(section=section, author=author)
    assert revision.message == f"Suggestion {suggestion.pk}, accepted by Member {accepting.pk}"


def test_hiding_a_comment_records_the_authors_id_and_name_not_their_email(
    editor: Persona,
) -> None:
    author = _nameless(SECRET_EMAIL)
    section = section_with_text("Welcome", "People come to the library.")
    comment = comment_create(
        actor=author,
        section=section,
        revision_id=section.current_revision_id,  # type: ignore[arg-type]
        body="Which library?",
        quote="library",
    )
    comment_hide(actor=editor.user, comment=comment, reason="Off topic")
    event = AuditEvent.objects.get(verb="comment.hidden")
    assert event.data["author_id"] == author.pk
    assert event.data["author"] == f"Member {author.pk}"
    _assert_private(json.dumps(event.data))


# Public pages and the API


@pytest.fixture
def contributions(staff: Persona) -> dict[str, object]:
    """A nameless contributor's accepted suggestion, comment, play and credit, a release
    published by a nameless editor, and notes stored before names replaced emails."""
    author = _nameless(SECRET_EMAIL)
    editor = _nameless(EDITOR_EMAIL, roles=[Role.EDITOR])
    section = section_with_text("Welcome", "People come to the library.")
    playbook = section.playbook
    suggestion = suggestion_create(
        actor=author,
        section=section,
        base_revision_id=section.current_revision_id,  # type: ignore[arg-type]
        body="People come to the library every week.",
        rationale="More precise.",
    )
    suggestion_accept(actor=editor, suggestion=suggestion)
    section = Section.objects.select_related("current_revision").get(pk=section.pk)
    comment_create(
        actor=author,
        section=section,
        revision_id=section.current_revision_id,  # type: ignore[arg-type]
        body="Which library?",
        quote="library",
    )
    # Notes written when the username was the email address, or made from it.
    RevisionFactory.create(
        section=section, author=author, message=f"Suggestion 1, accepted by {EDITOR_EMAIL}"
    )
    get_user_model().objects.filter(pk=editor.pk).update(username="hiddeneditor")
    RevisionFactory.create(
        section=section, author=author, message="Suggestion 2, accepted by hiddeneditor"
    )
    release = release_publish(actor=editor, playbook=playbook, number="0.1", label="Draft")
    # Credits published when names fell back to the start of the email address.
    Release.objects.filter(pk=release.pk).update(
        credits=[{"user_id": author.pk, "name": "secret.person", "revisions": 3}]
    )
    play = PlayFactory.create(author=author, contact_email=SECRET_EMAIL)
    play_moderate(actor=staff.user, play=play, decision="published", notes="", sections=[section])
    return {
        "author": author,
        "editor": editor,
        "playbook": playbook,
        "section": section,
        "suggestion": suggestion,
        "release": release,
        "play": play,
    }


def _public_addresses(c: dict[str, object]) -> list[str]:
    playbook, section = c["playbook"], c["section"]
    slug, key, number = playbook.slug, section.slug, c["release"].number  # type: ignore[attr-defined]
    return [
        reverse("playbook:section", args=[slug, key]),
        reverse("playbook:history", args=[slug, key]),
        reverse("playbook:releases", args=[slug]),
        reverse("playbook:release", args=[slug, number]),
        c["suggestion"].get_absolute_url(),  # type: ignore[attr-defined]
        c["play"].get_absolute_url(),  # type: ignore[attr-defined]
        f"/api/v1/playbooks/{slug}/sections/{key}/revisions",
        f"/api/v1/playbooks/{slug}/releases",
        f"/api/v1/playbooks/{slug}/releases/{number}",
        f"/api/v1/suggestions?section={section.key}",  # type: ignore[attr-defined]
        f"/api/v1/comments?playbook={slug}&section={key}",
    ]


def test_no_public_page_or_api_shows_a_nameless_persons_email(
    contributions: dict[str, object], anonymous: Visitor, contributor: Persona
) -> None:
    for client in (anonymous.client, contributor.client):
        for address in _public_addresses(contributions):
            response = client.get(address)
            assert response.status_code == 200, address
            _assert_private(response.content.decode())


def test_public_pages_show_nameless_people_as_numbered_members(
    contributions: dict[str, object], anonymous: Visitor
) -> None:
    author, editor = contributions["author"], contributions["editor"]
    playbook, section = contributions["playbook"], contributions["section"]
    slug, key = playbook.slug, section.slug  # type: ignore[attr-defined]
    author_name, editor_name = f"Member {author.pk}", f"Member {editor.pk}"  # type: ignore[attr-defined]

    history = anonymous.client.get(reverse("playbook:history", args=[slug, key])).content.decode()
    assert author_name in history
    assert f"accepted by {editor_name}" in history
    releases = anonymous.client.get(reverse("playbook:releases", args=[slug])).content.decode()
    assert editor_name in releases
    number = contributions["release"].number  # type: ignore[attr-defined]
    release = anonymous.client.get(reverse("playbook:release", args=[slug, number]))
    assert author_name in release.content.decode()

    revisions = anonymous.client.get(f"/api/v1/playbooks/{slug}/sections/{key}/revisions").json()
    assert {r["author"] for r in revisions["items"] if r["source"] != "import"} == {author_name}
    assert [r["message"] for r in revisions["items"][:3]] == [
        f"Suggestion 2, accepted by {editor_name}",
        f"Suggestion 1, accepted by {editor_name}",
        f"Suggestion {contributions['suggestion'].pk}, accepted by {editor_name}",  # type: ignore[attr-defined]
    ]
    credits = anonymous.client.get(f"/api/v1/playbooks/{slug}/releases/{number}").json()
    assert credits["credits"] == [{"name": author_name, "revisions": 3}]
    comments = anonymous.client.get(f"/api/v1/comments?playbook={slug}&section={key}").json()
    assert [c["author"] for c in comments["items"]] == [author_name]


def test_the_printed_release_credits_people_by_name() -> None:
    from ldsp.playbook.rendering import release_html

    author = _nameless(SECRET_EMAIL)
    editor = _nameless(EDITOR_EMAIL, roles=[Role.EDITOR])
    section = section_with_text("Welcome", "People come to the library.")
    RevisionFactory.create(section=section, author=author)
    release = release_publish(actor=editor, playbook=section.playbook, number="0.1", label="D")
    Release.objects.filter(pk=release.pk).update(
        credits=[{"user_id": author.pk, "name": "secret.person", "revisions": 1}]
    )
    html = release_html(Release.objects.get(pk=release.pk))
    assert f"Member {author.pk}" in html
    _assert_private(html)


def test_comment_bylines_on_the_section_page_use_the_display_name(
    anonymous: Visitor,
) -> None:
    author = _nameless(SECRET_EMAIL)
    section = section_with_text("Welcome", "People come to the library.")
    comment_create(
        actor=author,
        section=section,
        revision_id=section.current_revision_id,  # type: ignore[arg-type]
        body="Which library?",
        quote="library",
    )
    assert Comment.objects.count() == 1
    page = anonymous.client.get(section.get_absolute_url()).content.decode()
    assert f"Member {author.pk}, " in page
    _assert_private(page)
