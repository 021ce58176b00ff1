"""Differences people can read: compare pages, release sections and the publish preview."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from conftest import Persona
from ldsp.playbook.models import Playbook, Release, Section
from ldsp.playbook.services.releases import release_publish
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import section_named
from tests.factories import current_revision


def _edit(persona: Persona, section: Section, body: str, title: str = "") -> None:
    section.refresh_from_db()
    section_edit(
        actor=persona.user,
        section=section,
        title=title or current_revision(section).title,
        body=body,
        message="Edited",
        base_revision_id=section.current_revision_id,
    )


def _publish(persona: Persona, playbook: Playbook, number: str) -> Release:
    return release_publish(actor=persona.user, playbook=playbook, number=number, label="Draft")


STRUCTURED = (
    "## Who to involve\n\n"
    "Partners meet every month to plan the courses together.\n\n"
    "- councils\n- colleges\n\n"
    "Old advice that nobody follows any more at all."
)
STRUCTURED_NEW = (
    "## Who to involve\n\n"
    "Partners meet every week to plan the courses together.\n\n"
    "- councils\n- colleges\n- libraries\n\n"
    "Libraries lend laptops <script>alert(1)</script> to learners for free."
)


def test_compare_shows_the_rendered_text_with_changes_listed_and_marked(
    editor: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 2")
    _edit(editor, section, STRUCTURED)
    _edit(editor, section, STRUCTURED_NEW)
    url = f"/playbooks/{playbook.slug}/sections/{section.slug}/compare/?from=2&to=3"
    response = Client().get(url)
    page = response.content.decode()
    assert response.status_code == 200
    # Headings and lists as a reader sees them, not as Markdown.
    # The author's heading, a level below the page's heading it sits under.
    assert '<h3 class="govuk-heading-l">Who to involve</h3>' in page
    assert "<li>councils</li>" in page and "## Who" not in page
    # The list of changes links to each one.
    assert "4 changes to the text" in page
    for number in range(1, 5):
        assert f'href="#change-{number}"' in page and f'id="change-{number}"' in page
    # Words inside the lightly edited paragraph; the rewritten one removed then added.
    assert '<span class="govuk-visually-hidden">removed: </span>month</del>' in page
    assert '<span class="govuk-visually-hidden">added: </span>week</ins>' in page
    assert page.index("Old advice") < page.index("Libraries lend laptops")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_compare_says_when_the_title_changed(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 2")
    _edit(editor, section, current_revision(section).body, title="Working together")
    page = (
        Client()
        .get(f"/playbooks/{playbook.slug}/sections/{section.slug}/compare/?from=1&to=2")
        .content.decode()
    )
    assert "The title changed from “Section 2” to “Working together”." in page
    assert "No changes." in page


def test_history_table_stacks_on_a_phone(playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    page = Client().get(f"/playbooks/{playbook.slug}/sections/{section.slug}/history/")
    assert 'class="govuk-table ldsp-stack-table"' in page.content.decode()
    assert 'data-label="Compare from"' in page.content.decode()


def test_a_release_links_each_section_to_its_text_in_that_release(
    editor: Persona, playbook: Playbook
) -> None:
    release = _publish(editor, playbook, "0.1")
    page = Client().get(release.get_absolute_url()).content.decode()
    for section in Section.objects.filter(playbook=playbook):
        assert f'href="/playbooks/{playbook.slug}/releases/0.1/sections/{section.slug}/"' in page


def test_a_release_section_shows_the_text_as_it_stood_then(
    editor: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 2")
    _edit(editor, section, "Text in the first release.")
    _publish(editor, playbook, "0.1")
    _edit(editor, section, "Text written after the release.")
    url = f"/playbooks/{playbook.slug}/releases/0.1/sections/{section.slug}/"
    response = Client().get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Text in the first release." in page
    assert "Text written after the release." not in page
    # Breadcrumbs back to the release and its chapter; the way to the current text.
    assert f'href="/playbooks/{playbook.slug}/releases/0.1/"' in page
    assert ">Chapter 1</a>" in page
    assert "compare/?from=2&amp;to=3" in page
    # GOV.UK pagination to the neighbouring sections of the same release.
    assert "govuk-pagination__link-label" in page
    assert "Section 1" in page and "Section 3" in page


def test_a_release_section_that_is_not_in_the_release_is_a_404(
    editor: Persona, playbook: Playbook
) -> None:
    _publish(editor, playbook, "0.1")
    base = f"/playbooks/{playbook.slug}/releases"
    assert Client().get(f"{base}/0.1/sections/nope/").status_code == 404
    section = section_named(playbook, "Section 1")
    assert Client().get(f"{base}/9.9/sections/{section.slug}/").status_code == 404


def test_a_section_taken_out_later_still_reads_in_its_release(
    editor: Persona, playbook: Playbook
) -> None:
    section = section_named(playbook, "Section 4")
    _publish(editor, playbook, "0.1")
    Section.objects.filter(pk=section.pk).update(removed_at=timezone.now())
    page = Client().get(f"/playbooks/{playbook.slug}/releases/0.1/sections/{section.slug}/")
    assert page.status_code == 200
    assert "It is no longer in the playbook." in page.content.decode()


def test_release_compare_lists_changed_sections_with_links_and_readable_diffs(
    editor: Persona, playbook: Playbook
) -> None:
    one, two = section_named(playbook, "Section 1"), section_named(playbook, "Section 2")
    _edit(editor, one, STRUCTURED)
    _publish(editor, playbook, "0.1")
    _edit(editor, one, STRUCTURED_NEW)
    Section.objects.filter(pk=two.pk).update(removed_at=timezone.now())
    _publish(editor, playbook, "0.2")
    page = (
        Client()
        .get(f"/playbooks/{playbook.slug}/releases/compare/?from=0.1&to=0.2")
        .content.decode()
    )
    assert "2 sections changed" in page
    assert 'href="#section-1"' in page and 'id="section-1"' in page
    assert 'href="#section-2"' in page and "This section was taken out in release 0.2" in page
    assert f'href="/playbooks/{playbook.slug}/releases/0.1/sections/{two.slug}/"' in page
    assert 'id="section-1-change-1"' in page
    # The author's heading, a level below the page's heading it sits under.
    assert '<h3 class="govuk-heading-l">Who to involve</h3>' in page
    assert f'href="/playbooks/{playbook.slug}/releases/0.2/sections/{one.slug}/"' in page


def test_publishing_first_shows_what_changed_since_the_last_release(
    editor: Persona, playbook: Playbook
) -> None:
    url = f"/playbooks/{playbook.slug}/releases/new/"
    first = editor.client.get(url).content.decode()
    assert "this one will hold all 8 sections" in first
    _publish(editor, playbook, "0.1")
    assert "Nothing has changed since release 0.1" in editor.client.get(url).content.decode()

    changed = section_named(playbook, "Section 3")
    _edit(editor, changed, "New words.")
    gone = section_named(playbook, "Section 5")
    Section.objects.filter(pk=gone.pk).update(removed_at=timezone.now())
    response = editor.client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 sections have changed" in page
    assert f"/sections/{changed.slug}/compare/?from=1&amp;to=2" in page
    assert f"/releases/0.1/sections/{gone.slug}/" in page
    # A refused publish keeps the preview beside the errors.
    refused = editor.client.post(url, {"number": "", "label": ""})
    assert refused.status_code == 400
    assert "2 sections have changed" in refused.content.decode()


def test_only_editors_see_the_publish_preview(contributor: Persona, playbook: Playbook) -> None:
    response = contributor.client.get(f"/playbooks/{playbook.slug}/releases/new/")
    assert response.status_code == 403
    assert Client().get(f"/playbooks/{playbook.slug}/releases/new/").status_code == 302
