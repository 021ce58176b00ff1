"""/search/: one search box over the site (the Playbook now; plays, partnerships and
news as they arrive)."""

from __future__ import annotations

import logging

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ldsp.lib.markdown import plain_text
from ldsp.lib.snippets import search_terms, snippet_html
from ldsp.playbook.models import Section

logger = logging.getLogger(__name__)
RESULTS_PER_PAGE = 20


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Results for ``?q=``, with a highlighted snippet from each section."""
    query = request.GET.get("q", "")[:1000]
    terms = search_terms(query)
    results: list[dict[str, object]] = []
    page = None
    if terms:
        sections = Section.objects.filter(removed_at__isnull=True).search(
            " ".join(terms), operator="and"
        )
        try:
            paginator = Paginator(list(sections), RESULTS_PER_PAGE)
        except DatabaseError:  # an index being rebuilt must not break the page
            logger.exception("Search failed for %r", query)
            paginator = Paginator([], RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        found = Section.objects.filter(pk__in=[s.pk for s in page]).select_related(
            "current_revision", "playbook", "parent__current_revision"
        )
        by_id = {section.pk: section for section in found}
        for hit in page:
            section = by_id.get(hit.pk)
            if section is None or section.current_revision is None:
                continue
            results.append(
                {
                    "section": section,
                    "snippet": snippet_html(plain_text(section.current_revision.body), terms),
                }
            )
    plays: list[dict[str, object]] = []
    if terms and (page is None or page.number == 1):
        plays = _play_results(terms)
    return render(
        request,
        "search.html",
        {"query": query, "terms": terms, "results": results, "page": page, "plays": plays},
    )


def _play_results(terms: list[str]) -> list[dict[str, object]]:
    """Published plays matching the words, with snippets (first results page only)."""
    from ldsp.plays.models import Play

    try:
        found = list(
            Play.objects.filter(status=Play.Status.PUBLISHED).search(
                " ".join(terms), operator="and"
            )[:10]
        )
    except DatabaseError:
        logger.exception("Play search failed")
        return []
    return [
        {
            "play": play,
            "snippet": snippet_html(
                " ".join([play.summary, play.challenge, play.approach, play.impact]), terms
            ),
        }
        for play in found
    ]
