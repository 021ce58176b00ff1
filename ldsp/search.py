"""/search/: one search box over the site. Each app adds its own results through the
``search_results`` extension point, so this page imports no app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ldsp.core import extensions
from ldsp.lib.snippets import search_terms


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Results for ``?q=``: Playbook sections (paginated) and, on the first page, plays."""
    query = request.GET.get("q", "")[:1000]
    terms = search_terms(query)
    context: dict[str, Any] = {"query": query, "terms": terms, "results": [], "page": None}
    context["plays"] = []
    if terms:
        for answer in extensions.collect(
            "search_results", terms=terms, page_number=request.GET.get("page")
        ):
            context.update(answer)
    return render(request, "search.html", context)
