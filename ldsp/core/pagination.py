"""The one pagination shape every API list uses."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from ldsp.core.limits import INT_MAX

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PagePagination(PaginationBase):
    """``?page=2&page_size=50`` → ``{items, count, page, pages, next, previous}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=INT_MAX, description="Which page, counting from 1.")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items on each page."
        )

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int
        next: str | None
        previous: str | None

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / pagination.page_size))
        if pagination.page > pages:
            raise HttpError(404, f"There is no page {pagination.page}; the last page is {pages}.")
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[start : start + pagination.page_size],
            "count": count,
            "page": pagination.page,
            "pages": pages,
            "next": self._page_url(request, pagination.page + 1)
            if pagination.page < pages
            else None,
            "previous": self._page_url(request, pagination.page - 1)
            if pagination.page > 1
            else None,
        }

    @staticmethod
    def _page_url(request: HttpRequest, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class MappedQuerySet:
    """A queryset whose rows are turned into API objects only for the page asked for.

    Returning ``[to_out(row) for row in queryset]`` would build every row on every
    page; this counts in the database and converts just the slice.
    """

    def __init__(self, queryset: QuerySet, to_out: Callable[[Any], Any]) -> None:
        self.queryset = queryset
        self.to_out = to_out

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[Any]:
        return [self.to_out(row) for row in self.queryset[window]]
