"""The dashboard: each signed-in person's home, with a part for every role they hold."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ldsp.dashboards import selectors, services

YOURS_PAGE_SIZE = 20


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What you made and what changed since you last looked; what waits for your roles."""
    context = selectors.dashboard_for(request.user)
    # Read first, then remember the visit: this page shows what changed before it.
    services.dashboard_seen_mark(actor=request.user)  # type: ignore[arg-type]
    return render(request, "dashboards/home.html", context)


@login_required
@require_GET
def yours(request: HttpRequest, kind: str) -> HttpResponse:
    """All of one kind of your contributions, a page at a time."""
    if kind not in selectors.YOURS:
        raise Http404("No such list.")
    title, rows = selectors.YOURS[kind]
    page = Paginator(rows(request.user), YOURS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/yours.html", {"title": title, "kind": kind, "page": page})
