"""Suggesting starts from the current text of a paragraph; reviewing asks for confirmation,
records the editors' response, and the queue shows enough to decide what to open."""

from __future__ import annotations

import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Persona, Visitor
from ldsp.coproduction.models import Suggestion
from ldsp.coproduction.passages import change_excerpt, passage_chosen, passages_of, shorten
from ldsp.coproduction.services.suggestions import suggestion_create
from ldsp.playbook.models import Section
from ldsp.playbook.services.revisions import section_edit
from tests.factories import (
    EndorsementFactory,
    UserFactory,
    current_revision,
    section_with_text,
)

LONG = (
    "Partners agree a shared purpose, write it down in plain English, and sign it at "
    "the first meeting so that everyone knows what the partnership is for and who it serves."
)
BODY = "\n\n".join(
    [
        "The partnership is **led locally** by the people who know the area.",
        "### Who takes part",
        LONG,
        "See [the guide](https://example.org/guide) for a checklist.",
    ]
)


@pytest.fixture
def section(db: None) -> Section:
    return section_with_text("Governance", BODY, slug="p", is_default=True)


def _passage_url(section: Section) -> str:
    return f"/playbooks/p/sections/{section.slug}/suggest/passage/"


def _textarea(page: str) -> str:
    """What "Your version of that paragraph" holds, as the browser would read it."""
    start = page.index('name="replacement"')
    start = page.index(">", start) + 1
    return html.unescape(page[start : page.index("</textarea>", start)]).strip()


def test_choosing_a_paragraph_from_the_section_page_fills_your_version_with_its_markdown(
    contributor: Persona, section: Section
) -> None:
    page = contributor.client.get(_passage_url(section), {"paragraph": "3"}).content.decode()
    assert _textarea(page) == "See [the guide](https://example.org/guide) for a checklist."
    assert 'value="3" checked' in page


def test_the_words_selected_on_the_page_find_their_paragraph(
    contributor: Persona, section: Section
) -> None:
    # The page's block 0 is a different paragraph: the selected words say which it is.
    page = contributor.client.get(
        _passage_url(section), {"paragraph": "0", "quote": "sign it at  the first meeting"}
    ).content.decode()
    assert _textarea(page) == LONG


def test_continue_without_javascript_returns_the_form_filled_and_saves_nothing(
    contributor: Persona, section: Section
) -> None:
    response = contributor.client.post(
        _passage_url(section),
        {
            "action": "choose",
            "paragraph": "0",
            "replacement": "",
            "rationale": "Say who leads.",
            "base_revision": section.current_revision_id,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert _textarea(page) == "The partnership is **led locally** by the people who know the area."
    assert "Say who leads." in page
    assert "There is a problem" not in page
    assert not Suggestion.objects.exists()


def test_continue_without_a_paragraph_asks_for_one_and_nothing_else(
    contributor: Persona, section: Section
) -> None:
    response = contributor.client.post(
        _passage_url(section), {"action": "choose", "base_revision": section.current_revision_id}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the paragraph you want to change" in page
    assert "Enter your version of the paragraph" not in page
    assert "Explain why" not in page


def test_the_edited_paragraph_is_what_the_suggestion_proposes(
    contributor: Persona, section: Section
) -> None:
    response = contributor.client.post(
        _passage_url(section),
        {
            "action": "send",
            "paragraph": "0",
            "replacement": "The partnership is **led locally** by councils and employers.",
            "rationale": "Name them.",
            "base_revision": section.current_revision_id,
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.body == BODY.replace("the people who know the area", "councils and employers")


def test_each_paragraph_is_offered_with_its_number_heading_and_beginning(
    contributor: Persona, section: Section
) -> None:
    page = html.unescape(contributor.client.get(_passage_url(section)).content.decode())
    assert "Paragraph 1: The partnership is led locally by the people who know the area." in page
    assert "Heading 2: Who takes part" in page
    assert f"Paragraph 3 (under “Who takes part”): {shorten(LONG)}" in page
    assert shorten(LONG).endswith("…") and len(shorten(LONG)) <= 121
    assert "Paragraph 4 (under “Who takes part”): See the guide for a checklist." in page


def test_passages_and_excerpts() -> None:
    passages = passages_of(BODY)
    assert [p.heading for p in passages] == ["", "", "Who takes part", "Who takes part"]
    assert passage_chosen(passages, 9) is None
    assert passage_chosen(passages, None, "no such words") is None
    assert passage_chosen(passages, 1, "a checklist") == 3
    changed = BODY.replace("a checklist", "the steps")
    assert change_excerpt(BODY, changed) == "See the guide for the steps."
    removed = BODY.replace(f"\n\n{LONG}", "")
    assert change_excerpt(BODY, removed).startswith("Removes: Partners agree")
    assert change_excerpt(BODY, BODY) == ""


def _suggest(author: User, section: Section, old: str, new: str) -> Suggestion:
    return suggestion_create(
        actor=author,
        section=section,
        base_revision_id=current_revision(section).pk,
        body=current_revision(section).body.replace(old, new),
        rationale="Clearer for readers.",
    )


def test_accepting_asks_for_confirmation_showing_the_change(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps")
    response = editor.client.get(f"/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Accept suggestion {suggestion.pk}?" in page
    assert "deleted: </span>a checklist." in page
    assert "inserted: </span>the steps." in page
    assert "Editors’ response (optional)" in page
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.OPEN


def test_accepting_records_the_editors_response(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps")
    response = editor.client.post(
        f"/suggestions/{suggestion.pk}/accept/", {"response": "  Thank you: we took it.  "}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    assert suggestion.decision_reason == "Thank you: we took it."
    page = editor.client.get(f"/suggestions/{suggestion.pk}/").content.decode()
    assert "Editors’ response:</strong> Thank you: we took it." in page
    section.refresh_from_db()
    assert "the steps" in current_revision(section).body


def test_the_response_written_when_accepting_survives_resolving_the_conflicts(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps")
    body = current_revision(section).body.replace("a checklist", "a short list")
    section_edit(
        actor=editor.user,
        section=section,
        title="Governance",
        body=body,
        message="Shorter.",
        base_revision_id=current_revision(section).pk,
    )
    confirm = editor.client.get(f"/suggestions/{suggestion.pk}/accept/").content.decode()
    assert "overlap changes made to the section" in confirm
    response = editor.client.post(
        f"/suggestions/{suggestion.pk}/accept/", {"response": "Combined with our edit."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/suggestions/{suggestion.pk}/resolve/"
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.NEEDS_RESOLUTION
    editor.client.post(
        f"/suggestions/{suggestion.pk}/resolve/",
        {
            "against_revision": suggestion.merge_state["against_revision"],
            "choice-0": "theirs",
        },
    )
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    assert suggestion.decision_reason == "Combined with our edit."


def test_a_response_too_long_is_refused_beside_the_field(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps")
    response = editor.client.post(f"/suggestions/{suggestion.pk}/accept/", {"response": "x" * 5001})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.OPEN


def test_a_decided_suggestion_is_not_offered_for_acceptance(
    contributor: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps")
    editor.client.post(f"/suggestions/{suggestion.pk}/reject/", {"reason": "Not now."})
    response = editor.client.get(f"/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 302
    assert response["Location"] == f"/suggestions/{suggestion.pk}/"


@pytest.mark.parametrize("name", ["contributor", "coordinator"])
def test_only_editors_may_open_or_send_the_confirmation(
    name: str, every_persona: dict[str, Persona], anonymous: Visitor, section: Section
) -> None:
    suggestion = _suggest(every_persona["editor"].user, section, "a checklist", "the steps")
    actor = every_persona[name]
    url = f"/suggestions/{suggestion.pk}/accept/"
    assert actor.client.get(url).status_code == 403
    assert actor.client.post(url, {"response": "Mine now."}).status_code == 403
    assert anonymous.client.get(url).status_code == 302
    assert anonymous.client.post(url, {"response": "Mine now."}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.OPEN and suggestion.decision_reason == ""


def test_the_queue_shows_the_change_reason_endorsements_and_age(
    contributor: Persona, coordinator: Persona, editor: Persona, section: Section
) -> None:
    suggestion = _suggest(contributor.user, section, "a checklist", "the steps to follow")
    Suggestion.objects.filter(pk=suggestion.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3, hours=2)
    )
    EndorsementFactory.create(suggestion=suggestion, user=coordinator.user)
    EndorsementFactory.create(suggestion=suggestion, user=UserFactory.create())
    page = html.unescape(editor.client.get("/suggestions/review/").content.decode())
    assert "See the guide for the steps to follow." in page
    assert "Clearer for readers." in page
    assert "3\xa0days ago" in page  # timesince keeps the number and unit together
    endorsements = '<dt class="govuk-summary-list__key">Endorsements</dt>'
    assert f'{endorsements}<dd class="govuk-summary-list__value">2</dd>' in page
    assert "govuk-table" not in page


def test_the_queue_asks_the_same_number_of_queries_however_many_wait(
    editor: Persona, section: Section
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor.client.get("/suggestions/review/").status_code == 200
        return len(captured)

    _suggest(UserFactory.create(), section, "a checklist", "list 0")
    one = queries()
    for number in range(1, 6):
        suggestion = _suggest(UserFactory.create(), section, "a checklist", f"list {number}")
        EndorsementFactory.create(suggestion=suggestion)
    assert queries() == one


def test_the_section_page_tells_editors_what_waits_for_them(
    contributor: Persona, editor: Persona, anonymous: Visitor, section: Section
) -> None:
    url = section.get_absolute_url()
    page = editor.client.get(url).content.decode()
    assert "No suggestions on this section are waiting for review." in page
    _suggest(contributor.user, section, "a checklist", "the steps")
    _suggest(contributor.user, section, "led locally", "run locally")
    page = editor.client.get(url).content.decode()
    assert (
        f'<a class="govuk-link" href="/suggestions/review/?section={section.key}">'
        "2 suggestions waiting for review</a>" in page
    )
    assert "waiting for review" not in contributor.client.get(url).content.decode()
    assert "waiting for review" not in anonymous.client.get(url).content.decode()
