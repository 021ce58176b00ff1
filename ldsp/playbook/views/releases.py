"""Releases: publish, read, compare and download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.core import extensions
from ldsp.core.pagecache import cached_for_visitors
from ldsp.core.permissions import EDIT_CONTENT, has, require
from ldsp.lib.textdiff import readable_diff
from ldsp.playbook import selectors
from ldsp.playbook.forms import ReleaseForm
from ldsp.playbook.models import Release, ReleaseExport
from ldsp.playbook.rendering import release_html, release_markdown
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.exports import (
    release_export_file_lost,
    release_export_refresh,
    release_export_request,
)
from ldsp.playbook.services.releases import latest_release, release_publish


def _release(slug: str, number: str) -> Release:
    return get_object_or_404(
        Release.objects.select_related("playbook"), playbook__slug=slug, number=number
    )


def _pdf_export(release: Release) -> ReleaseExport | None:
    """The release's PDF export, queued again first if it stalled or its retry is due."""
    export = release.exports.filter(format=ReleaseExport.Format.PDF).first()
    return release_export_refresh(export) if export is not None else None


PDF_BEING_MADE = "The PDF is being made. It will be ready to download shortly."
PDF_RETRYING = (
    "The PDF could not be made just now. It will be tried again automatically. "
    "You can download the HTML or Markdown versions now."
)
PDF_UNAVAILABLE = (
    "The PDF download is not available for this release. "
    "You can download the HTML or Markdown versions instead."
)


@require_GET
@cached_for_visitors()
def release_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every release, newest first."""
    playbook = selectors.playbook_get(slug)
    releases = list(playbook.releases.select_related("published_by__profile"))
    return render(
        request,
        "playbook/releases.html",
        {
            "playbook": playbook,
            "releases": releases,
            "can_publish": has(request.user, EDIT_CONTENT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def release_new(request: HttpRequest, slug: str) -> HttpResponse:
    """An editor publishes a release: a snapshot of every section."""
    require(request.user, EDIT_CONTENT)
    playbook = selectors.playbook_get(slug)
    latest = latest_release(playbook)
    if request.method == "POST":
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                release = release_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    playbook=playbook,
                    **form.cleaned_data,
                )
            except PlaybookError as error:
                form.add_error("number" if "number" in str(error) else None, str(error))
            else:
                messages.success(request, f"Release {release.number} has been published.")
                return redirect(release)
        status = 400
    else:
        form = ReleaseForm()
        status = 200
    return render(
        request,
        "playbook/release_new.html",
        {
            "playbook": playbook,
            "form": form,
            "latest": latest,
            "changes": selectors.changes_since_release(playbook, latest),
        },
        status=status,
    )


@require_GET
@cached_for_visitors()
def release_page(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    """A release: its notes, contents, credits and downloads."""
    release = _release(slug, number)
    pdf = _pdf_export(release)
    show_problem = pdf is not None and pdf.status == ReleaseExport.Status.FAILED
    return render(
        request,
        "playbook/release.html",
        {
            "playbook": release.playbook,
            "release": release,
            "tree": selectors.tree_of_release(release),
            "pdf": pdf,
            "pdf_admin_url": (
                reverse("admin:playbook_releaseexport_change", args=[pdf.pk])
                if pdf is not None and show_problem and request.user.is_staff
                else ""
            ),
            "can_publish": has(request.user, EDIT_CONTENT),
            "others": release.playbook.releases.exclude(pk=release.pk),
            "appendices": extensions.collect("release_appendix", release),
        },
    )


@require_GET
@cached_for_visitors()
def release_section_page(
    request: HttpRequest, slug: str, number: str, section_slug: str
) -> HttpResponse:
    """One section as it stood in a release, to read on the site."""
    release = _release(slug, number)
    found = selectors.release_section(release, section_slug)
    section = found.entry.section
    current = section.current_revision if section.removed_at is None else None
    return render(
        request,
        "playbook/release_section.html",
        {
            "playbook": release.playbook,
            "release": release,
            "found": found,
            "revision": found.entry.revision,
            "section": section,
            "current": current,
        },
    )


def _download(release: Release, content: str, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    file_name = f"{release.playbook.slug}-{release.number}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@require_GET
def release_markdown_download(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    release = _release(slug, number)
    return _download(release, release_markdown(release), "md", "text/markdown")


@require_GET
def release_html_download(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    release = _release(slug, number)
    return _download(release, release_html(release), "html", "text/html")


@require_GET
def release_pdf_download(
    request: HttpRequest, slug: str, number: str
) -> HttpResponse | FileResponse:
    """The PDF once the worker has made it; until then, the release page shows progress."""
    release = _release(slug, number)
    export = release_export_request(release, ReleaseExport.Format.PDF)
    if export.status == ReleaseExport.Status.READY:
        try:
            pdf = export.file.open("rb")
        except OSError:
            export = release_export_file_lost(export)
        else:
            return _pdf_response(release, pdf)
    if export.given_up:
        messages.error(request, PDF_UNAVAILABLE)
    elif export.retry_scheduled:
        messages.info(request, PDF_RETRYING)
    else:
        messages.info(request, PDF_BEING_MADE)
    return redirect(release.get_absolute_url() + "#downloads")


def _pdf_response(release: Release, pdf: File) -> FileResponse:
    return FileResponse(
        pdf,
        as_attachment=True,
        filename=f"{release.playbook.slug}-{release.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
def release_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed between two releases: sections added, removed and changed."""
    playbook = selectors.playbook_get(slug)
    releases = list(playbook.releases.all())
    numbers = {r.number: r for r in releases}
    old, new = numbers.get(request.GET.get("from", "")), numbers.get(request.GET.get("to", ""))
    if old is None or new is None:
        return render(
            request,
            "playbook/release_compare.html",
            {"playbook": playbook, "releases": releases, "invalid": bool(request.GET)},
            status=400 if request.GET else 200,
        )
    changes = selectors.releases_compare(old, new)
    for index, change in enumerate(changes, start=1):
        if change.kind == "changed":
            assert change.old is not None and change.new is not None
            change.diff = readable_diff(  # type: ignore[attr-defined]
                change.old.body, change.new.body, anchor_prefix=f"section-{index}-change-"
            )
    return render(
        request,
        "playbook/release_compare.html",
        {"playbook": playbook, "releases": releases, "old": old, "new": new, "changes": changes},
    )
