"""Whole-page caching for visitors who are not signed in.

Public pages (the home page, the Playbook) are the same for every visitor, so
they are rendered once and served from the cache until the content changes.
A page is cached under a *content version*; every write that changes public
content bumps the version, so nothing stale is ever served. The version counts
up in the default cache; should that cache ever lose it, it starts again from a
new epoch kept in the database, above every version used before. Signed-in people,
and anyone with a pending message, always get a freshly rendered page.

Only the query parameters a view declares (and only values that pass its
rules) make a page cacheable, so made-up query strings cannot fill the cache:
anything else is rendered fresh and not stored.

The Content Security Policy nonce differs on every response. The cached copy
holds a marker in the template's own ``nonce="…"`` attributes, and only those
attributes get the new nonce when it is served. The marker is derived from the
secret key, so nobody writing content can type it; a page that somehow holds
it anyway is never stored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from ldsp.core.models import ContentVersion

CONTENT_VERSION_KEY = "ldsp:content-version"
EPOCH_SPAN = 2**32
"""Versions one epoch may count through; a new epoch starts above them all."""
PAGE_TIMEOUT = 24 * 60 * 60
MESSAGE_COOKIE = "messages"
PAGE_CACHE_ALIAS = "pages"

View = Callable[..., HttpResponse]
QueryRule = Callable[[str], bool]
"""Whether a value of a query parameter may be cached (the view must draw every
value it accepts the same way for every visitor)."""

_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,4}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{0,100}")


def is_page_number(value: str) -> bool:
    """A page of a list as the pagination links write it (blank is page 1)."""
    return value == "" or _PAGE_NUMBER.fullmatch(value) is not None


def is_slug(value: str) -> bool:
    """A slug (blank for none), as filters by area use."""
    return _SLUG.fullmatch(value) is not None


def one_of(*values: str) -> QueryRule:
    """One of ``values``, or blank (an empty filter in a submitted form)."""
    allowed = frozenset(values) | {""}
    return allowed.__contains__


def text_up_to(max_length: int) -> QueryRule:
    """Free text such as a search, no longer than ``max_length`` characters."""
    return lambda value: len(value) <= max_length


def content_version() -> int:
    """The current version of public content.

    It counts up in the default cache. If the cache has lost it, it starts again
    from a new epoch, above every number that pages were cached under before.
    """
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = _start_again()
    return int(version)


def first_epoch() -> int:
    """Where a new row's epochs start: minutes since 1970. Epochs are claimed far less
    often than once a minute, so a database made later (on a machine whose file cache
    still holds pages) starts above the epochs of one made before it."""
    return int(time.time() // 60)


def _start_again() -> int:
    """Start the version again from a new epoch, and return the version the cache holds.

    The epoch goes up first, so the row stays locked (on PostgreSQL and SQLite alike)
    until the new version is in the cache: workers starting again at once take turns,
    the first one's version stands and the others read it, and an epoch never reaches
    the cache after a later one. Epochs claimed but not used are only skipped numbers.
    """
    with transaction.atomic():
        if not ContentVersion.objects.filter(pk=1).update(epoch=F("epoch") + 1):
            # The row was deleted (or this is a new database): make it again.
            ContentVersion.objects.get_or_create(pk=1, defaults={"epoch": first_epoch()})
            ContentVersion.objects.filter(pk=1).update(epoch=F("epoch") + 1)
        epoch = ContentVersion.objects.values_list("epoch", flat=True).get(pk=1)
        cache.add(CONTENT_VERSION_KEY, epoch * EPOCH_SPAN, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return epoch * EPOCH_SPAN if version is None else int(version)


def content_changed() -> None:
    """Call from any service that changes public content: cached pages go stale.

    The version moves on now and again after the transaction commits, so a
    page rendered from the old data in between cannot outlive the change. If the
    cache has lost the version there is nothing to move on: the next page read
    starts a new epoch, newer than every version before it.
    """

    def bump() -> None:
        with contextlib.suppress(ValueError):  # lost: the next read starts a new epoch
            cache.incr(CONTENT_VERSION_KEY)

    bump()
    transaction.on_commit(bump)


def page_cache() -> BaseCache:
    """Where page copies live: the evictable ``pages`` cache when there is one.

    The content version stays in the default cache, which is not meant to evict;
    should it lose the version all the same, the version starts a new epoch.
    """
    return caches[PAGE_CACHE_ALIAS if PAGE_CACHE_ALIAS in settings.CACHES else "default"]


def nonce_marker() -> str:
    """What a cached page holds in place of the nonce: secret, and the same in every
    worker of one deployment."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"ldsp.core.pagecache.nonce-marker", hashlib.sha256
    ).hexdigest()
    return f"ldsp-nonce-{digest[:32]}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGE_COOKIE not in request.COOKIES
    )


def _query_key(request: HttpRequest, rules: Mapping[str, QueryRule]) -> str | None:
    """The query string in one canonical order, or None if the page must not be cached:
    an undeclared parameter, a repeated one, or a value its rule refuses."""
    pairs: list[tuple[str, str]] = []
    for name, values in request.GET.lists():
        rule = rules.get(name)
        if rule is None or len(values) != 1 or not rule(values[0]):
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def _page_key(request: HttpRequest, query: str, marker: str) -> str:
    # The marker is in the key so that a new secret key never meets copies
    # holding the old marker; the date, so that "days left" notices are never a day out.
    page = hashlib.sha256(f"{marker}\n{request.path}?{query}".encode()).hexdigest()
    return f"ldsp:page:{content_version()}:{date.today()}:{page}"


def _storable(content: str, rendered_nonce: str | None, marker: str) -> str | None:
    """The page with the marker in place of the nonce in the template's attributes,
    or None if it cannot be stored safely."""
    if marker in content:
        # Only the marker this function puts in may ever be swapped for a nonce.
        return None
    if not rendered_nonce:
        return content
    stored = content.replace(f'nonce="{rendered_nonce}"', f'nonce="{marker}"')
    if rendered_nonce in stored:
        # The nonce is somewhere other than a nonce attribute: a copy would carry it stale.
        return None
    return stored


def cached_for_visitors(*, query: Mapping[str, QueryRule] | None = None) -> Callable[[View], View]:
    """Serve the view's 200 responses to visitors from the cache.

    ``query`` names each query parameter the view reads, with the rule its values
    must pass to be cached; a request with any other parameter is rendered fresh.
    """
    rules: Mapping[str, QueryRule] = query or {}

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            query_key = _query_key(request, rules)
            if query_key is None:
                return view(request, *args, **kwargs)
            marker = nonce_marker()
            key = _page_key(request, query_key, marker)
            pages = page_cache()
            cached = pages.get(key)
            if cached is not None:
                content, content_type = cached
                attribute = f'nonce="{marker}"'
                if attribute in content:
                    nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
                    content = content.replace(attribute, f'nonce="{nonce}"')
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            # A response that sets a cookie (a CSRF token, say) belongs to one visitor.
            if response.status_code == 200 and not response.streaming and not response.cookies:
                rendered_nonce = getattr(request, "_csp_nonce", None)
                stored = _storable(
                    response.content.decode(response.charset),
                    str(rendered_nonce) if rendered_nonce else None,
                    marker,
                )
                if stored is not None:
                    pages.set(key, (stored, response["Content-Type"]), timeout=PAGE_TIMEOUT)
            return response

        return wrapper

    return decorator
