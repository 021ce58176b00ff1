"""Comments anchored to passages: they follow their passage, or move to
"Comments on earlier text"; none is ever lost."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from conftest import Persona, Visitor
from ldsp.coproduction.models import Comment
from ldsp.coproduction.services.comments import (
    comment_create,
    comment_hide,
    comment_reply,
    comment_set_state,
)
from ldsp.core.errors import Refused
from ldsp.core.models import AuditEvent
from ldsp.playbook.models import Section
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.revisions import section_edit
from tests.factories import current_revision, section_with_text

BODY = (
    "Partnerships start with a shared purpose.\n\n"
    "A coordinator keeps partners talking every month.\n\n"
    "Funding comes from many places, including councils."
)


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Running it", BODY, slug="p", is_default=True)


def _comment_on(persona: Persona, section: Section, quote: str) -> Comment:
    return comment_create(
        actor=persona.user,
        section=section,
        revision_id=current_revision(section).pk,
        body=f"About “{quote}”",
        quote=quote,
    )


def _edit(editor: Persona, section: Section, body: str) -> None:
    section.refresh_from_db()
    section_edit(
        actor=editor.user,
        section=section,
        title="Running it",
        body=body,
        message="Edit",
        base_revision_id=section.current_revision_id,
    )


def test_a_comment_is_anchored_to_its_passage(contributor: Persona, section: Section) -> None:
    comment = _comment_on(contributor, section, "keeps partners talking")
    assert comment.anchor["exact"] == "keeps partners talking"
    assert BODY[comment.placed_start : comment.placed_end] == "keeps partners talking"
    assert not comment.is_outdated


def test_an_untouched_passage_stays_anchored_and_a_deleted_one_moves_to_earlier_text(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    kept = _comment_on(contributor, section, "keeps partners talking")
    lost = _comment_on(contributor, section, "including councils")
    new_body = "A new opening paragraph.\n\n" + BODY.replace(
        "Funding comes from many places, including councils.", "Money is tight."
    )
    _edit(editor, section, new_body)
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert not kept.is_outdated
    assert new_body[kept.placed_start : kept.placed_end] == "keeps partners talking"
    assert lost.is_outdated and lost.quote == "including councils"
    page = Client().get(section.get_absolute_url()).content.decode()
    assert "Comments on earlier text" in page
    assert page.index("keeps partners talking”") < page.index("Comments on earlier text")
    assert page.index("Comments on earlier text") < page.index("“including councils”")


def test_a_lightly_edited_passage_is_found_again(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    comment = _comment_on(contributor, section, "A coordinator keeps partners talking every month")
    _edit(editor, section, BODY.replace("every month", "every single month"))
    comment.refresh_from_db()
    assert not comment.is_outdated


def test_a_comment_needs_text_and_a_passage_that_exists(
    contributor: Persona, section: Section
) -> None:
    with pytest.raises(PlaybookError, match="Enter your comment"):
        comment_create(
            actor=contributor.user,
            section=section,
            revision_id=current_revision(section).pk,
            body=" ",
            quote="shared purpose",
        )
    with pytest.raises(PlaybookError):
        _comment_on(contributor, section, "words that are not there")
    assert Comment.objects.count() == 0


def test_replies_resolve_and_reopen(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    comment = _comment_on(contributor, section, "shared purpose")
    reply = comment_reply(actor=coordinator.user, comment=comment, body="Agreed.")
    assert reply.parent == comment
    with pytest.raises(PermissionError):
        comment_set_state(actor=coordinator.user, comment=comment, resolved=True)
    comment_set_state(actor=contributor.user, comment=comment, resolved=True)
    comment_set_state(actor=editor.user, comment=comment, resolved=False)
    comment.refresh_from_db()
    assert comment.state == Comment.State.OPEN


def test_editors_hide_a_comment_with_a_reason_kept_for_staff(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    comment = _comment_on(contributor, section, "shared purpose")
    with pytest.raises(PermissionError):
        comment_hide(actor=coordinator.user, comment=comment, reason="Spam")
    assert coordinator.client.get(f"/comments/{comment.pk}/hide/").status_code == 403
    response = editor.client.post(f"/comments/{comment.pk}/hide/", {"reason": "Personal details"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    event = AuditEvent.objects.get(verb="comment.hidden")
    assert event.reason == "Personal details" and event.data["body"] == comment.body
    assert "About “shared purpose”" not in Client().get(section.get_absolute_url()).content.decode()


def test_the_section_page_comment_form_anchors_to_a_paragraph(
    contributor: Persona, section: Section
) -> None:
    url = f"/playbooks/p/sections/{section.slug}/comments/"
    response = contributor.client.post(
        url,
        {
            "paragraph": "1",
            "quote": "partners talking",
            "body": "How often is enough?",
            "revision": section.current_revision_id,
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.quote == "partners talking"
    bad = contributor.client.post(
        url,
        {
            "paragraph": "0",
            "quote": "not in it",
            "body": "x",
            "revision": section.current_revision_id,
        },
    )
    assert bad.status_code == 302 and Comment.objects.count() == 1


def test_visitors_cannot_comment(anonymous: Visitor, section: Section) -> None:
    url = f"/playbooks/p/sections/{section.slug}/comments/"
    response = anonymous.client.post(url, {"paragraph": "0", "body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 0


@pytest.mark.usefixtures("section")
def test_comments_and_suggestions_are_rate_limited_per_person(
    contributor: Persona, section: Section, settings: Settings
) -> None:
    settings.CONTRIBUTIONS_PER_HOUR = 2
    _comment_on(contributor, section, "shared purpose")
    _comment_on(contributor, section, "partners talking")
    with pytest.raises(Refused, match="lot of contributions"):
        _comment_on(contributor, section, "many places")
    assert Comment.objects.count() == 2
