"""Search over the current sections: highlighted results, and no query can break it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import PlaybookFactory

HOSTILE_QUERIES = [
    '"unclosed quote',
    "coordinator AND",
    "OR OR NOT",
    "(unmatched bracket",
    "brackets)) ((",
    "NEAR(a b)",
    "col:umn",
    "*",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "word " * 2_000,
    "\u0000\u2028emoji 🙂",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_returns_a_page(db: None, query: str) -> None:
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_search_finds_current_sections_with_highlighted_snippets(
    run_worker: Callable[[], None],
) -> None:
    PlaybookFactory.create(
        slug="s",
        title="Searchable",
        is_default=True,
        text=(
            "# Partnerships\n\n## Appointing a coordinator\n\n"
            "The coordinator keeps partners talking.\n\n"
            "## Funding\n\nMoney matters for libraries.\n"
        ),
    )
    run_worker()  # the search index is updated by the worker
    page = Client().get("/search/", {"q": "coordinator"}).content.decode()
    assert "Appointing a coordinator" in page
    assert "<mark>coordinator</mark>" in page
    assert "Funding" not in page
    for query in HOSTILE_QUERIES:
        assert Client().get("/search/", {"q": query}).status_code == 200
    none = Client().get("/search/", {"q": "zebra"}).content.decode()
    assert "No results" in none


def test_the_search_page_without_a_query_shows_the_box(db: None) -> None:
    page = Client().get("/search/").content.decode()
    assert 'name="q"' in page and "No results" not in page
