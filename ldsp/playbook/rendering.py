"""A release (or the current text) as Markdown, as one self-contained HTML file, and as PDF."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from ldsp.core import extensions
from ldsp.lib.outline import Outline, OutlineChapter, OutlineSection, render_outline
from ldsp.lib.pdf import render_pdf
from ldsp.playbook.models import Playbook, Release
from ldsp.playbook.selectors import TreeNode, tree_current, tree_of_release

STATIC_SOURCE = Path(settings.BASE_DIR) / "ldsp" / "static"
PRINT_STYLESHEET = STATIC_SOURCE / "ldsp" / "print.css"


def outline_of(tree: list[TreeNode]) -> Outline:
    """The tree as an outline, ready to write as Markdown."""
    return Outline(
        chapters=tuple(
            OutlineChapter(
                title=chapter.title,
                body=chapter.revision.body,
                sections=tuple(
                    OutlineSection(title=child.title, body=child.revision.body)
                    for child in chapter.children
                ),
            )
            for chapter in tree
        )
    )


def current_markdown(playbook: Playbook) -> str:
    """The playbook as it stands, as Markdown that `ldsp import_playbook` reads back exactly."""
    return render_outline(outline_of(tree_current(playbook)))


def release_markdown(release: Release) -> str:
    """A release as Markdown."""
    return render_outline(outline_of(tree_of_release(release)))


def _print_context(release: Release) -> dict[str, object]:
    return {
        "playbook": release.playbook,
        "release": release,
        "tree": tree_of_release(release),
        "made_at": timezone.now(),
        "appendices": extensions.collect("release_appendix", release),
    }


def release_html(release: Release) -> str:
    """A release as one HTML file with its styles inside, to read offline."""
    context = _print_context(release)
    context["inline_css"] = PRINT_STYLESHEET.read_text(encoding="utf-8")
    return render_to_string("playbook/export/release.html", context)


def release_pdf(release: Release) -> bytes:
    """A release as a print-quality PDF: title page, contents, page numbers.

    The renderer may read only our own static files, so nothing in a section's
    text can make it fetch an address or read a file.
    """
    html = render_to_string("playbook/export/release.html", _print_context(release))
    return render_pdf(html, allowed_root=STATIC_SOURCE, stylesheets=[PRINT_STYLESHEET])
