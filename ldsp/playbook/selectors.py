"""Reads of the Playbook, with their queries fixed however many sections there are."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ldsp.accounts.selectors import display_names
from ldsp.core.permissions import EDIT_CONTENT, has
from ldsp.lib.markdown import plain_text
from ldsp.lib.snippets import snippet_html
from ldsp.playbook.models import Playbook, Release, ReleaseEntry, Revision, Section

logger = logging.getLogger(__name__)


def playbook_get(slug: str) -> Playbook:
    """The playbook with ``slug``, or a 404."""
    return get_object_or_404(Playbook, slug=slug)


def revisions_visible_to(viewer: Any) -> QuerySet[Revision]:
    """The revisions ``viewer`` may see: every revision of a section in the text.

    A section's whole history is public (that is what makes the Playbook
    co-produced in the open); only a removed section's history is for editors.
    """
    if has(viewer, EDIT_CONTENT):
        return Revision.objects.all()
    return Revision.objects.filter(section__removed_at__isnull=True)


def section_get(playbook: Playbook, slug: str) -> Section:
    """A section of ``playbook`` that is in the text now (with its revision), or a 404."""
    section: Section = get_object_or_404(
        Section.objects.select_related("current_revision", "parent__current_revision"),
        playbook=playbook,
        slug=slug,
        removed_at__isnull=True,
        current_revision__isnull=False,
    )
    section.playbook = playbook  # already in hand: spares a query wherever it is read
    return section


@dataclass
class TreeNode:
    """A chapter or section in reading order, with its children (for chapters)."""

    section_id: int
    key: str
    slug: str
    title: str
    revision: Revision
    children: list[TreeNode] = field(default_factory=list)


def playbook_default() -> Playbook | None:
    """The playbook shown at /playbook/."""
    return Playbook.objects.filter(is_default=True).first() or Playbook.objects.first()


def sections_current(playbook: Playbook) -> QuerySet[Section]:
    """Sections in the playbook now, in reading order, with their current text."""
    return (
        Section.objects.filter(
            playbook=playbook, removed_at__isnull=True, current_revision__isnull=False
        )
        .select_related("current_revision")
        .order_by("position")
    )


def _tree(rows: list[tuple[Section | None, int, int | None, Revision]]) -> list[TreeNode]:
    chapters: list[TreeNode] = []
    by_id: dict[int, TreeNode] = {}
    for section, section_id, parent_id, revision in rows:
        node = TreeNode(
            section_id=section_id,
            key=section.key if section else "",
            slug=section.slug if section else "",
            title=revision.title,
            revision=revision,
        )
        by_id[section_id] = node
        parent = by_id.get(parent_id) if parent_id else None
        if parent is None:
            chapters.append(node)
        else:
            parent.children.append(node)
    return chapters


def tree_current(playbook: Playbook) -> list[TreeNode]:
    """Chapters with their sections, as the playbook stands now."""
    return _tree(
        [(s, s.pk, s.parent_id, s.current_revision) for s in sections_current(playbook)]  # type: ignore[misc]
    )


def release_entries(release: Release) -> QuerySet[ReleaseEntry]:
    """A release's sections in reading order, with the revisions it holds."""
    return (
        ReleaseEntry.objects.filter(release=release)
        .select_related("revision", "section")
        .order_by("position")
    )


def tree_of_release(release: Release) -> list[TreeNode]:
    """Chapters with their sections, as they stood in a release."""
    return _tree(
        [
            (e.section, e.section_id, e.parent_section_id, e.revision)
            for e in release_entries(release)
        ]
    )


def section_contributors(section: Section) -> list[str]:
    """Names of everyone who wrote a revision of the section, first contribution first."""
    author_ids: list[int] = []
    for author_id in (
        Revision.objects.filter(section=section, author__isnull=False)
        .order_by("number")
        .values_list("author_id", flat=True)
    ):
        if author_id not in author_ids:
            author_ids.append(author_id)
    names = display_names(author_ids)
    return [names[author_id] for author_id in author_ids if author_id in names]


def neighbours(playbook: Playbook, section: Section) -> tuple[Section | None, Section | None]:
    """The sections before and after this one in reading order."""
    ordered = sections_current(playbook)
    previous = ordered.filter(position__lt=section.position).order_by("-position").first()
    following = ordered.filter(position__gt=section.position).first()
    return previous, following


@dataclass
class ReleaseChange:
    """How one section differs between two releases (or a release and the text now)."""

    kind: str  # "added", "removed" or "changed"
    title: str
    old: Revision | None
    new: Revision | None
    slug: str = ""
    """The section's slug, for links to it."""
    still_current: bool = False
    """The section is in the text now, so its page and history can be linked."""


def _in_text_now(section: Section) -> bool:
    return section.removed_at is None and section.current_revision_id is not None


def _changes(
    old_entries: dict[int, tuple[Section, Revision]],
    new_entries: dict[int, tuple[Section, Revision]],
) -> list[ReleaseChange]:
    changes: list[ReleaseChange] = []
    for section_id, (section, revision) in new_entries.items():
        before = old_entries.get(section_id)
        current = _in_text_now(section)
        if before is None:
            changes.append(
                ReleaseChange("added", revision.title, None, revision, section.slug, current)
            )
        elif before[1].pk != revision.pk:
            changes.append(
                ReleaseChange("changed", revision.title, before[1], revision, section.slug, current)
            )
    for section_id, (section, revision) in old_entries.items():
        if section_id not in new_entries:
            current = _in_text_now(section)
            changes.append(
                ReleaseChange("removed", revision.title, revision, None, section.slug, current)
            )
    return changes


def _entries(release: Release) -> dict[int, tuple[Section, Revision]]:
    return {e.section_id: (e.section, e.revision) for e in release_entries(release)}


def releases_compare(old: Release, new: Release) -> list[ReleaseChange]:
    """Sections added, removed and changed from one release to another, in reading order."""
    return _changes(_entries(old), _entries(new))


def changes_since_release(playbook: Playbook, release: Release | None) -> list[ReleaseChange]:
    """What a release published now would change since ``release`` (every section if None)."""
    now = {s.pk: (s, s.current_revision) for s in sections_current(playbook)}
    return _changes(_entries(release) if release else {}, now)  # type: ignore[arg-type]


@dataclass
class ReleaseSectionLink:
    """A section as it stood in a release, for links (and GOV.UK pagination)."""

    title: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


@dataclass
class ReleaseSection:
    """One section of a release: its text then, where it sat, and its neighbours."""

    entry: ReleaseEntry
    chapter: ReleaseSectionLink | None
    children: list[ReleaseSectionLink]
    previous: ReleaseSectionLink | None
    following: ReleaseSectionLink | None


def release_section_url(release: Release, section_slug: str) -> str:
    """The page of a section as it stood in ``release``."""
    return reverse(
        "playbook:release_section", args=[release.playbook.slug, release.number, section_slug]
    )


def release_section(release: Release, section_slug: str) -> ReleaseSection:
    """The section with ``section_slug`` as it stood in ``release``, or a 404."""
    entries = list(release_entries(release))
    index = next((i for i, e in enumerate(entries) if e.section.slug == section_slug), None)
    if index is None:
        raise Http404("That section is not in this release")

    def link(entry: ReleaseEntry) -> ReleaseSectionLink:
        return ReleaseSectionLink(
            entry.revision.title, release_section_url(release, entry.section.slug)
        )

    entry = entries[index]
    parent = next((e for e in entries if e.section_id == entry.parent_section_id), None)
    return ReleaseSection(
        entry=entry,
        chapter=link(parent) if parent else None,
        children=[link(e) for e in entries if e.parent_section_id == entry.section_id],
        previous=link(entries[index - 1]) if index > 0 else None,
        following=link(entries[index + 1]) if index + 1 < len(entries) else None,
    )


SEARCH_RESULTS_PER_PAGE = 20


def search_sections(*, terms: list[str], page_number: str | None) -> dict[str, Any]:
    """Sections in the text now that contain every word, a page of them with snippets."""
    sections = Section.objects.filter(removed_at__isnull=True).search(
        " ".join(terms), operator="and"
    )
    try:
        paginator = Paginator(list(sections), SEARCH_RESULTS_PER_PAGE)
    except DatabaseError:  # an index being rebuilt must not break the page
        logger.exception("Search failed for %r", terms)
        paginator = Paginator([], SEARCH_RESULTS_PER_PAGE)
    page = paginator.get_page(page_number)
    found = Section.objects.filter(pk__in=[s.pk for s in page]).select_related(
        "current_revision", "playbook", "parent__current_revision"
    )
    by_id = {section.pk: section for section in found}
    results: list[dict[str, object]] = []
    for hit in page:
        section = by_id.get(hit.pk)
        if section is None or section.current_revision is None:
            continue
        snippet = snippet_html(plain_text(section.current_revision.body), terms)
        results.append({"section": section, "snippet": snippet})
    return {"results": results, "page": page}
