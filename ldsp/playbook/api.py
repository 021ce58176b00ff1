"""Public read API for playbooks, sections, revisions and releases."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from ldsp.accounts.selectors import credits_public, display_name, text_without_emails
from ldsp.core.apierrors import LOOKUP_ERRORS, READ_ERRORS
from ldsp.core.apitypes import Slug, resolve_annotations
from ldsp.core.pagination import MappedQuerySet
from ldsp.playbook import selectors
from ldsp.playbook.models import Playbook, Release, ReleaseExport, Section
from ldsp.playbook.rendering import release_markdown
from ldsp.playbook.services.exports import release_export_refresh

router = Router(tags=["playbook"])


class PlaybookOut(Schema):
    slug: str
    title: str
    summary: str
    is_default: bool


class SectionOut(Schema):
    key: str
    slug: str
    title: str
    chapter: str | None
    position: int
    revision: int
    updated_at: datetime
    url: str


class RevisionOut(Schema):
    number: int
    title: str
    body: str
    body_html: str
    message: str
    source: str
    author: str | None
    created_at: datetime


class ReleaseOut(Schema):
    number: str
    label: str
    notes: str
    published_at: datetime
    credits: list[dict[str, object]]
    url: str


class ExportOut(Schema):
    format: str
    status: str
    size: int
    url: str | None
    available: bool
    next_attempt_at: datetime | None


def _section_out(section: Section, chapter_keys: dict[int, str]) -> SectionOut:
    revision = section.current_revision
    assert revision is not None
    return SectionOut(
        key=section.key,
        slug=section.slug,
        title=revision.title,
        chapter=chapter_keys.get(section.parent_id) if section.parent_id else None,
        position=section.position,
        revision=revision.number,
        updated_at=revision.created_at,
        url=section.get_absolute_url(),
    )


@router.get("/playbooks", response={200: list[PlaybookOut], **READ_ERRORS}, summary="Playbooks")
@paginate
def playbook_list(request: HttpRequest) -> object:
    return Playbook.objects.all()


@router.get(
    "/playbooks/{slug}", response={200: PlaybookOut, **LOOKUP_ERRORS}, summary="One playbook"
)
def playbook_detail(request: HttpRequest, slug: Slug) -> Playbook:
    return get_object_or_404(Playbook, slug=slug)


@router.get(
    "/playbooks/{slug}/sections",
    response={200: list[SectionOut], **LOOKUP_ERRORS},
    summary="Sections, in order",
)
@paginate
@resolve_annotations
def section_list(request: HttpRequest, slug: Slug) -> list[SectionOut]:
    playbook = get_object_or_404(Playbook, slug=slug)
    sections = list(selectors.sections_current(playbook))
    chapter_keys = {s.pk: s.key for s in sections if s.parent_id is None}
    return [_section_out(section, chapter_keys) for section in sections]


@router.get(
    "/playbooks/{slug}/sections/{section_slug}",
    response={200: SectionOut, **LOOKUP_ERRORS},
    summary="A section",
)
def section_detail(request: HttpRequest, slug: Slug, section_slug: Slug) -> SectionOut:
    section = get_object_or_404(
        selectors.sections_current(get_object_or_404(Playbook, slug=slug)), slug=section_slug
    )
    parent_key = {section.parent_id: section.parent.key} if section.parent else {}
    return _section_out(section, parent_key)  # type: ignore[arg-type]


@router.get(
    "/playbooks/{slug}/sections/{section_slug}/revisions",
    response={200: list[RevisionOut], **LOOKUP_ERRORS},
    summary="A section's revisions, newest first",
)
@paginate
@resolve_annotations
def revision_list(request: HttpRequest, slug: Slug, section_slug: Slug) -> list[RevisionOut]:
    section = get_object_or_404(Section, playbook__slug=slug, slug=section_slug)
    revisions = (
        selectors.revisions_visible_to(request.user)
        .filter(section=section)
        .select_related("author__profile")
    )
    return MappedQuerySet(  # type: ignore[return-value]
        revisions.order_by("-number"),
        lambda r: RevisionOut(
            number=r.number,
            title=r.title,
            body=r.body,
            body_html=r.body_html,
            message=text_without_emails(r.message),
            source=r.source,
            author=display_name(r.author) if r.author else None,
            created_at=r.created_at,
        ),
    )


def _release_out(release: Release) -> ReleaseOut:
    return ReleaseOut(
        number=release.number,
        label=release.label,
        notes=release.notes,
        published_at=release.published_at,
        credits=[
            {"name": c["name"], "revisions": c["revisions"]}
            for c in credits_public(release.credits)
        ],
        url=release.get_absolute_url(),
    )


@router.get(
    "/playbooks/{slug}/releases",
    response={200: list[ReleaseOut], **LOOKUP_ERRORS},
    summary="Releases",
)
@paginate
@resolve_annotations
def release_list(request: HttpRequest, slug: Slug) -> list[ReleaseOut]:
    playbook = get_object_or_404(Playbook, slug=slug)
    return [_release_out(release) for release in playbook.releases.all()]


@router.get(
    "/playbooks/{slug}/releases/{number}",
    response={200: ReleaseOut, **LOOKUP_ERRORS},
    summary="A release",
)
def release_detail(request: HttpRequest, slug: Slug, number: Slug) -> ReleaseOut:
    return _release_out(get_object_or_404(Release, playbook__slug=slug, number=number))


@router.get(
    "/playbooks/{slug}/releases/{number}/markdown",
    summary="A release as Markdown",
    response={200: str, **LOOKUP_ERRORS},
)
def release_markdown_api(request: HttpRequest, slug: Slug, number: Slug) -> HttpResponse:
    release = get_object_or_404(Release, playbook__slug=slug, number=number)
    return HttpResponse(release_markdown(release), content_type="text/markdown; charset=utf-8")


@router.get(
    "/playbooks/{slug}/releases/{number}/exports/{export_format}",
    response={200: ExportOut, **LOOKUP_ERRORS},
    summary="Whether a release's download (PDF) is ready",
)
def release_export_status(
    request: HttpRequest, slug: Slug, number: Slug, export_format: Slug
) -> ExportOut:
    """``available`` is false once the site has given up making the file; while a failed
    export waits to be tried again, ``next_attempt_at`` says when."""
    release = get_object_or_404(Release, playbook__slug=slug, number=number)
    export = release_export_refresh(
        get_object_or_404(ReleaseExport, release=release, format=export_format)
    )
    ready = export.status == ReleaseExport.Status.READY
    return ExportOut(
        format=export.format,
        status=export.status,
        size=export.size,
        url=f"{release.get_absolute_url().rstrip('/')}.pdf" if ready else None,
        available=not export.given_up,
        next_attempt_at=export.next_attempt_at,
    )
