"""GOV.UK pagination for page lists and for reading in order."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from ldsp.core.templatetags.govuk import _page_numbers


def _render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def test_page_numbers_show_the_ends_and_the_neighbours_with_gaps_between() -> None:
    assert _page_numbers(1, 1) == [1]
    assert _page_numbers(1, 3) == [1, 2, 3]
    assert _page_numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert _page_numbers(10, 10) == [1, None, 9, 10]


def test_page_links_keep_the_filters_and_mark_the_current_page() -> None:
    request = RequestFactory().get("/plays/", {"area": "E37000001", "page": "3"})
    page = Paginator(list(range(200)), 20).get_page(3)
    html = _render("{% pagination page %}", page=page, request=request)
    assert 'class="govuk-pagination"' in html
    assert 'href="?area=E37000001&amp;page=2" rel="prev"' in html
    assert 'href="?area=E37000001&amp;page=4" rel="next"' in html
    assert 'aria-label="Page 3" aria-current="page"' in html
    assert "govuk-pagination__item--ellipsis" in html


def test_a_single_page_has_no_pagination() -> None:
    request = RequestFactory().get("/plays/")
    page = Paginator(list(range(5)), 20).get_page(1)
    assert _render("{% pagination page %}", page=page, request=request).strip() == ""


@dataclass
class _Section:
    title: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def test_reading_in_order_shows_arrows_and_titles_each_way() -> None:
    html = _render(
        '{% pagination_neighbours previous following noun="section" %}',
        previous=_Section("Choosing a lead", "/a/"),
        following=None,
    )
    assert "govuk-pagination--block" in html
    assert "govuk-pagination__icon--prev" in html
    assert 'href="/a/" rel="prev"' in html and "Choosing a lead" in html
    assert 'rel="next"' not in html
    assert _render("{% pagination_neighbours None None %}").strip() == ""
