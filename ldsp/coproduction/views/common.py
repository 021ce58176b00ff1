"""What the co-production pages share: reading row ids from forms, and the page that
says a kind of input is closed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ldsp.core import extensions
from ldsp.playbook.models import Section


def row_id(text: str) -> int:
    """A row id from a form field; 0 (matching nothing) for anything else."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 0
    return int(text)


def closed_page(request: HttpRequest, kind: str, section: Section) -> HttpResponse | None:
    """The page saying this kind of input is closed, or None while it is welcome."""
    reason = extensions.phase_closed_reason(kind, section.playbook)
    if reason is None:
        return None
    return render(
        request, "coproduction/closed.html", {"reason": reason, "section": section}, status=403
    )
