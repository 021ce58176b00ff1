"""Reading, editing, history, compare and revert of sections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ldsp.accounts.selectors import texts_without_emails
from ldsp.core import extensions
from ldsp.core.pagecache import cached_for_visitors
from ldsp.core.permissions import EDIT_CONTENT, has, require
from ldsp.lib.textdiff import readable_diff, render_diff_html
from ldsp.playbook import selectors
from ldsp.playbook.forms import CompareForm, SectionEditForm
from ldsp.playbook.models import Revision
from ldsp.playbook.rendering import current_markdown
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.revisions import (
    NoChangeError,
    StaleEditError,
    section_edit,
    section_revert,
)

HISTORY_PAGE_SIZE = 50


@require_GET
@cached_for_visitors()
def default_playbook(request: HttpRequest) -> HttpResponse:
    """/playbook/ is the default playbook's contents."""
    playbook = selectors.playbook_default()
    if playbook is None:
        return render(request, "playbook/none.html", status=404)
    return contents(request, playbook.slug)


@require_GET
@cached_for_visitors()
def contents(request: HttpRequest, slug: str) -> HttpResponse:
    """The table of contents, with the latest releases."""
    playbook = selectors.playbook_get(slug)
    tree = selectors.tree_current(playbook)
    releases = list(playbook.releases.order_by("-published_at")[:5])
    return render(
        request,
        "playbook/contents.html",
        {
            "playbook": playbook,
            "tree": tree,
            "releases": releases,
            "notices": extensions.collect("playbook_notices", playbook),
        },
    )


@require_GET
def current_markdown_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The current text as one Markdown file."""
    playbook = selectors.playbook_get(slug)
    response = HttpResponse(current_markdown(playbook), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{playbook.slug}-current.md"'
    return response


@require_GET
@cached_for_visitors()
def section_page(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """One section (or chapter) as it reads now."""
    playbook = selectors.playbook_get(slug)
    section = selectors.section_get(playbook, section_slug)
    previous, following = selectors.neighbours(playbook, section)
    children = (
        list(selectors.sections_current(playbook).filter(parent=section))
        if section.is_chapter
        else []
    )
    return render(
        request,
        "playbook/section.html",
        {
            "playbook": playbook,
            "section": section,
            "revision": section.current_revision,
            "contributors": selectors.section_contributors(section),
            "children": children,
            "previous": previous,
            "following": following,
            "can_edit": has(request.user, EDIT_CONTENT),
            "notices": extensions.collect("playbook_notices", playbook),
        },
    )


@require_GET
def history(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """Every revision of a section, newest first, to compare or revert."""
    playbook = selectors.playbook_get(slug)
    section = selectors.section_get(playbook, section_slug)
    revisions = list(
        selectors.revisions_visible_to(request.user)
        .filter(section=section)
        .select_related("author__profile")
        .order_by("-number")[:HISTORY_PAGE_SIZE]
    )
    # Notes stored before names replaced email addresses are shown with names; one query.
    for revision, message in zip(
        revisions, texts_without_emails([r.message for r in revisions]), strict=True
    ):
        revision.message = message
    return render(
        request,
        "playbook/history.html",
        {
            "playbook": playbook,
            "section": section,
            "revisions": revisions,
            "can_edit": has(request.user, EDIT_CONTENT),
        },
    )


@require_GET
def compare(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """A word-level diff between any two revisions of a section."""
    playbook = selectors.playbook_get(slug)
    section = selectors.section_get(playbook, section_slug)
    form = CompareForm({"from_number": request.GET.get("from"), "to_number": request.GET.get("to")})
    if not form.is_valid():
        return render(
            request,
            "playbook/compare_error.html",
            {"playbook": playbook, "section": section},
            status=400,
        )
    numbers = (form.cleaned_data["from_number"], form.cleaned_data["to_number"])
    found = {
        r.number: r
        for r in selectors.revisions_visible_to(request.user).filter(
            section=section, number__in=numbers
        )
    }
    if len(found) < len(set(numbers)):
        raise Http404("No such revision")
    old, new = found[numbers[0]], found[numbers[1]]
    return render(
        request,
        "playbook/compare.html",
        {
            "playbook": playbook,
            "section": section,
            "old": old,
            "new": new,
            "title_changed": old.title != new.title,
            "diff": readable_diff(old.body, new.body),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str, section_slug: str) -> HttpResponse:
    """An editor changes a section; a stale edit is refused and nothing is lost."""
    require(request.user, EDIT_CONTENT)
    playbook = selectors.playbook_get(slug)
    section = selectors.section_get(playbook, section_slug)
    current = section.current_revision
    assert current is not None
    stale_diff = ""
    if request.method == "POST":
        form = SectionEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                section_edit(
                    actor=request.user,  # type: ignore[arg-type]
                    section=section,
                    title=data["title"],
                    body=data["body"],
                    message=data["message"],
                    base_revision_id=data["base_revision"],
                )
            except StaleEditError as error:
                base = Revision.objects.filter(pk=data["base_revision"], section=section).first()
                stale_diff = render_diff_html(base.body if base else "", error.current.body)
                # Keep the editor's words; move the base on so saving again is a
                # deliberate choice made after seeing what changed.
                form = SectionEditForm({**request.POST.dict(), "base_revision": error.current.pk})
                form.is_valid()
                form.add_error(
                    None,
                    str(error) + " Your text is below. Check what changed, "
                    "combine the two, then save again.",
                )
            except NoChangeError as error:
                form.add_error("body", str(error))
            except PlaybookError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your changes have been saved as a new revision.")
                return redirect(section)
        status = 409 if stale_diff else 400
    else:
        form = SectionEditForm(
            initial={"title": current.title, "body": current.body, "base_revision": current.pk}
        )
        status = 200
    return render(
        request,
        "playbook/edit.html",
        {"playbook": playbook, "section": section, "form": form, "stale_diff": stale_diff},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revert(request: HttpRequest, slug: str, section_slug: str, number: int) -> HttpResponse:
    """Confirm, then bring back an earlier revision as a new one."""
    require(request.user, EDIT_CONTENT)
    playbook = selectors.playbook_get(slug)
    section = selectors.section_get(playbook, section_slug)
    target = get_object_or_404(Revision, section=section, number=number)
    if request.method == "POST":
        try:
            section_revert(actor=request.user, section=section, to_revision=target)  # type: ignore[arg-type]
        except NoChangeError:
            messages.info(request, "That revision is already the current text.")
        else:
            messages.success(request, f"Revision {number} is back as the current text.")
        return redirect(section)
    return render(
        request,
        "playbook/revert.html",
        {
            "playbook": playbook,
            "section": section,
            "target": target,
            "diff": readable_diff(section.current_revision.body, target.body),  # type: ignore[union-attr]
        },
    )
