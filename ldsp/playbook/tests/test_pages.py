"""Reading the Playbook: contents, sections, history and compare; query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Persona
from ldsp.playbook.models import Playbook, Release, Section
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import section_named
from tests.factories import (
    RevisionFactory,
    SectionFactory,
    UserFactory,
    current_revision,
    playbook_with_sections,
)


def test_the_contents_list_every_chapter_and_section(playbook: Playbook) -> None:
    page = Client().get(f"/playbooks/{playbook.slug}/").content.decode()
    for title in ["Chapter 1", "Chapter 2", "Section 1", "Section 6"]:
        assert title in page
    assert Client().get("/playbook/").status_code == 200


def test_playbook_without_any_playbook_says_so(db: None) -> None:
    response = Client().get("/playbook/")
    assert response.status_code == 404
    assert "There is no playbook yet" in response.content.decode()


def test_a_section_page_shows_its_text_date_contributors_and_history_link(
    editor: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 2")
    section_edit(
        actor=editor.user,
        section=section,
        title="Section 2",
        body="Edited *text*.",
        message="Edit",
        base_revision_id=section.current_revision_id,
    )
    page = Client().get(section.get_absolute_url()).content.decode()
    assert "<em>text</em>" in page
    assert "Last updated" in page and "(revision 2)" in page
    assert "Written by Edith" in page
    assert f"/sections/{section.slug}/history/" in page
    assert "Edit this section" not in page
    assert "Edit this section" in editor.client.get(section.get_absolute_url()).content.decode()


def test_a_missing_section_is_a_404(playbook: Playbook) -> None:
    assert Client().get(f"/playbooks/{playbook.slug}/sections/nope/").status_code == 404


def test_history_and_compare_of_two_revisions(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 3")
    original = current_revision(section).body
    section_edit(
        actor=editor.user,
        section=section,
        title="Section 3",
        body=original + "\n\nA brand new paragraph.",
        message="Added a paragraph",
        base_revision_id=section.current_revision_id,
    )
    base = f"/playbooks/{playbook.slug}/sections/{section.slug}"
    history = Client().get(f"{base}/history/").content.decode()
    assert "Added a paragraph" in history and "2 revisions" in history
    compare = Client().get(f"{base}/compare/?from=1&to=2").content.decode()
    assert "ldsp-diff__ins" in compare and "brand" in compare


@pytest.mark.parametrize("query", ["", "?from=1", "?from=a&to=b", "?from=-1&to=2"])
def test_compare_without_two_good_numbers_is_a_400_page(playbook: Playbook, query: str) -> None:
    section = section_named(playbook, "Section 1")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/compare/{query}"
    response = Client().get(url)
    assert response.status_code == 400
    assert "Choose two revisions to compare" in response.content.decode()


def test_compare_with_a_revision_that_does_not_exist_is_a_404(playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/compare/?from=1&to=9"
    assert Client().get(url).status_code == 404


def _queries_for(url: str, client: Client) -> int:
    client.get(url)  # warm caches that are per process, not per page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["contents", "section", "release"])
def test_pages_use_the_same_queries_for_10_or_200_sections(page: str, editor: Persona) -> None:
    counts = []
    for size, slug in ((10, "small"), (200, "large")):
        playbook = playbook_with_sections(size, slug=slug)
        release_publish(actor=editor.user, playbook=playbook, number="1.0", label="x")
        section = section_named(playbook, "Section 3")
        url = {
            "contents": f"/playbooks/{slug}/",
            "section": section.get_absolute_url(),
            "release": Release.objects.get(playbook=playbook).get_absolute_url(),
        }[page]
        # Signed in, so the page is rendered rather than served from the page cache.
        counts.append(_queries_for(url, editor.client))
    assert counts[0] == counts[1]


def _history_queries(section: Section, anonymous: Client) -> tuple[int, str]:
    url = f"/playbooks/{section.playbook.slug}/sections/{section.slug}/history/"
    with CaptureQueriesContext(connection) as queries:
        response = anonymous.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_history_shows_old_notes_with_names_in_the_same_queries_however_many(
    db: None,
) -> None:
    """Notes stored as "accepted by <username>" are shown with names, all in one lookup."""
    editor = UserFactory.create(display_name="Edith")
    User.objects.filter(pk=editor.pk).update(username="edith")
    section = SectionFactory.create()
    for number in range(2):
        RevisionFactory.create(section=section, message=f"Suggestion {number}, accepted by edith")
    few, _ = _history_queries(section, Client())
    for number in range(2, 8):
        RevisionFactory.create(section=section, message=f"Suggestion {number}, accepted by edith")
    many, page = _history_queries(section, Client())
    assert many == few
    assert page.count("accepted by Edith") == 8
