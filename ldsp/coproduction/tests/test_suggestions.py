"""Suggestions: who may make and decide them, and merges that never lose work."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client, override_settings
from pytest_django import DjangoCaptureOnCommitCallbacks

from conftest import Persona, Visitor
from ldsp.coproduction.models import Follow, Suggestion
from ldsp.coproduction.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_endorse,
    suggestion_reject,
    suggestion_resolve,
    suggestion_withdraw,
)
from ldsp.core.models import AuditEvent
from ldsp.playbook.models import Revision, Section
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.revisions import section_edit
from tests.factories import current_revision, section_with_text

PARAGRAPHS = [
    "Paragraph one says what a partnership is.",
    "Paragraph two says who takes part in it.",
    "Paragraph three says how to govern it well.",
    "Paragraph four says how to map local need.",
    "Paragraph five says how to measure impact.",
]
BODY = "\n\n".join(PARAGRAPHS)


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Governance", BODY, slug="p", is_default=True)


def _with(paragraph: int, text: str, body: str = BODY) -> str:
    parts = body.split("\n\n")
    parts[paragraph] = text
    return "\n\n".join(parts)


def _suggest(
    persona: Persona, section: Section, body: str, base: Revision | None = None
) -> Suggestion:
    return suggestion_create(
        actor=persona.user,
        section=section,
        base_revision_id=(base or current_revision(section)).pk,
        body=body,
        rationale="Clearer for readers.",
    )


def _editor_rewrites(editor: Persona, section: Section, body: str) -> Revision:
    section.refresh_from_db()
    return section_edit(
        actor=editor.user,
        section=section,
        title=current_revision(section).title,
        body=body,
        message="Editor's rewrite",
        base_revision_id=section.current_revision_id,
    )


def test_a_contributor_suggests_and_follows_the_section(
    contributor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Paragraph two, improved."))
    assert suggestion.state == Suggestion.State.OPEN
    assert suggestion.base_revision == section.current_revision
    assert Follow.objects.filter(user=contributor.user, section=section).exists()


def test_a_suggestion_needs_a_reason_and_a_change(contributor: Persona, section: Section) -> None:
    with pytest.raises(PlaybookError, match="Explain why"):
        suggestion_create(
            actor=contributor.user,
            section=section,
            base_revision_id=current_revision(section).pk,
            body="x",
            rationale=" ",
        )
    with pytest.raises(PlaybookError, match="same as the text"):
        _suggest(contributor, section, BODY)


@override_settings(SUGGESTIONS_OPEN_PER_SECTION=2)
def test_open_suggestions_per_person_per_section_are_limited(
    contributor: Persona, section: Section
) -> None:
    _suggest(contributor, section, _with(0, "One."))
    _suggest(contributor, section, _with(1, "Two."))
    with pytest.raises(PlaybookError, match="2 open suggestions"):
        _suggest(contributor, section, _with(2, "Three."))


def test_visitors_cannot_suggest(anonymous: Visitor, section: Section) -> None:
    url = f"/playbooks/p/sections/{section.slug}/suggest/"
    assert anonymous.client.get(url).status_code == 302
    assert Suggestion.objects.count() == 0


def test_accepting_a_current_suggestion_fast_forwards_and_credits_the_author(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Paragraph two, improved."))
    suggestion_accept(actor=editor.user, suggestion=suggestion)
    suggestion.refresh_from_db()
    section.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    revision = current_revision(section)
    assert revision == suggestion.result_revision
    assert revision.source == Revision.Source.SUGGESTION
    assert revision.author == contributor.user
    assert AuditEvent.objects.filter(verb="suggestion.accepted").exists()


def test_it_merges_a_suggestion_with_later_edits_to_other_paragraphs(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Paragraph two, by the contributor."))
    _editor_rewrites(editor, section, _with(4, "Paragraph five, by the editor."))
    suggestion_accept(actor=editor.user, suggestion=suggestion)
    section.refresh_from_db()
    body = current_revision(section).body
    assert "Paragraph two, by the contributor." in body
    assert "Paragraph five, by the editor." in body
    assert current_revision(section).source == Revision.Source.MERGE


def test_an_overlapping_suggestion_needs_resolution_and_overwrites_nothing(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(2, "Governance, as the contributor sees it."))
    editor_revision = _editor_rewrites(
        editor, section, _with(2, "Governance, as the editor sees it.")
    )
    suggestion_accept(actor=editor.user, suggestion=suggestion)
    suggestion.refresh_from_db()
    section.refresh_from_db()
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
    assert section.current_revision == editor_revision  # nothing written yet
    conflict = suggestion.merge_state["conflicts"][0]
    assert "editor" in conflict["ours"] and "contributor" in conflict["theirs"]

    suggestion_resolve(
        actor=editor.user,
        suggestion=suggestion,
        choices=["Governance, as both see it."],
        against_revision_id=editor_revision.pk,
    )
    section.refresh_from_db()
    assert "Governance, as both see it." in current_revision(section).body
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED


def test_resolving_against_a_text_that_moved_on_merges_again(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(2, "Contributor version."))
    first = _editor_rewrites(editor, section, _with(2, "Editor version."))
    suggestion_accept(actor=editor.user, suggestion=suggestion)
    newest = _editor_rewrites(
        editor, section, _with(0, "Opening changed.", _with(2, "Editor version."))
    )
    returned = suggestion_resolve(
        actor=editor.user,
        suggestion=suggestion,
        choices=["Mine"],
        against_revision_id=first.pk,
    )
    assert returned.state == Suggestion.State.NEEDS_RESOLUTION
    suggestion.refresh_from_db()
    assert suggestion.merge_state["against_revision"] == newest.pk  # kept, not rolled back
    section.refresh_from_db()
    assert current_revision(section) == newest
    assert "Mine" not in current_revision(section).body


def test_reject_needs_a_reason_and_emails_the_author(
    contributor: Persona,
    editor: Persona,
    section: Section,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Another take."))
    with pytest.raises(PlaybookError, match="Give a reason"):
        suggestion_reject(actor=editor.user, suggestion=suggestion, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_reject(actor=editor.user, suggestion=suggestion, reason="Out of scope.")
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.REJECTED
    event = AuditEvent.objects.get(verb="suggestion.rejected")
    assert event.reason == "Out of scope." and event.actor == editor.user
    from ldsp.core.models import OutboundEmail

    assert OutboundEmail.objects.filter(to=[contributor.email]).exists()


@pytest.mark.parametrize("name", ["contributor", "coordinator"])
def test_only_editors_decide(
    name: str, every_persona: dict[str, Persona], anonymous: Visitor, section: Section
) -> None:
    author = every_persona["editor"]
    suggestion = _suggest(author, section, _with(1, "Editor as author."))
    actor = every_persona[name]
    with pytest.raises(PermissionError):
        suggestion_accept(actor=actor.user, suggestion=suggestion)
    with pytest.raises(PermissionError):
        suggestion_reject(actor=actor.user, suggestion=suggestion, reason="no")
    assert actor.client.post(f"/suggestions/{suggestion.pk}/accept/").status_code == 403
    assert actor.client.get(f"/suggestions/{suggestion.pk}/reject/").status_code == 403
    assert actor.client.get("/suggestions/review/").status_code == 403
    assert anonymous.client.post(f"/suggestions/{suggestion.pk}/accept/").status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.OPEN


def test_endorse_once_and_not_your_own(
    contributor: Persona, coordinator: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Endorse me."))
    with pytest.raises(PlaybookError, match="your own"):
        suggestion_endorse(actor=contributor.user, suggestion=suggestion)
    suggestion_endorse(actor=coordinator.user, suggestion=suggestion)
    with pytest.raises(PlaybookError, match="already endorsed"):
        suggestion_endorse(actor=coordinator.user, suggestion=suggestion)
    assert suggestion.endorsements.count() == 1


def test_only_the_author_withdraws(
    contributor: Persona, coordinator: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Withdraw me."))
    with pytest.raises(PermissionError):
        suggestion_withdraw(actor=coordinator.user, suggestion=suggestion)
    assert coordinator.client.post(f"/suggestions/{suggestion.pk}/withdraw/").status_code == 403
    assert contributor.client.post(f"/suggestions/{suggestion.pk}/withdraw/").status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.WITHDRAWN


def test_the_suggestion_page_shows_both_diffs_when_the_section_moved_on(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor, section, _with(1, "Changed two."))
    _editor_rewrites(editor, section, _with(4, "Changed five."))
    page = Client().get(f"/suggestions/{suggestion.pk}/").content.decode()
    assert "Compared with the current text" in page
    assert page.count('class="ldsp-diff"') == 2


def test_the_review_queue_lists_pending_suggestions_oldest_first(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    first = _suggest(contributor, section, _with(1, "First."))
    second = _suggest(coordinator, section, _with(2, "Second."))
    page = editor.client.get("/suggestions/review/").content.decode()
    assert page.index(f"Suggestion {first.pk}<") < page.index(f"Suggestion {second.pk}<")
    filtered = editor.client.get("/suggestions/review/?state=needs_resolution").content.decode()
    assert "nothing waiting" in filtered


def test_the_passage_form_replaces_one_paragraph(contributor: Persona, section: Section) -> None:
    url = f"/playbooks/p/sections/{section.slug}/suggest/passage/"
    form = contributor.client.get(url)
    assert "Paragraph three says how to govern it well." in form.content.decode()
    response = contributor.client.post(
        url,
        {
            "paragraph": "2",
            "replacement": "A better third paragraph.",
            "rationale": "Shorter.",
            "base_revision": section.current_revision_id,
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.body == _with(2, "A better third paragraph.")
    missing = contributor.client.post(url, {"base_revision": section.current_revision_id})
    assert missing.status_code == 400
    assert "Choose the paragraph you want to change" in missing.content.decode()


@pytest.mark.django_db(transaction=True)
def test_followers_are_emailed_with_a_working_unsubscribe_link(
    contributor: Persona, editor: Persona, run_worker: Callable[[], None]
) -> None:
    section = section_with_text("Governance", BODY, slug="p", is_default=True)
    assert (
        contributor.client.post(f"/playbooks/p/sections/{section.slug}/follow/").status_code == 302
    )
    _editor_rewrites(editor, section, _with(0, "New opening."))
    run_worker()
    email = next(m for m in mail.outbox if m.to == [contributor.email])
    assert "has changed" in email.subject
    link = next(word for word in email.body.split() if "/unfollow/" in word)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(path).status_code == 200
    assert not Follow.objects.filter(user=contributor.user, section=section).exists()
    assert Client().get(path[:-3] + "xyz/").status_code == 400
