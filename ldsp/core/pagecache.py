"""Whole-page caching for visitors who are not signed in.

Public pages (the home page, the Playbook) are the same for every visitor, so
they are rendered once and served from the cache until the content changes.
A page is cached under a *content version*; every write that changes public
content bumps the version, so nothing stale is ever served. Signed-in people,
and anyone with a pending message, always get a freshly rendered page.

The Content Security Policy nonce differs on every response: the cached copy
holds a placeholder that is replaced with the new nonce when served.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

CONTENT_VERSION_KEY = "ldsp:content-version"
NONCE_PLACEHOLDER = "__LDSP_CSP_NONCE__"
PAGE_TIMEOUT = 24 * 60 * 60
MESSAGE_COOKIE = "messages"


def content_version() -> int:
    """The current version of public content (1 when nothing has been recorded)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, 1, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY, 1)
    return int(version)


def content_changed() -> None:
    """Call from any service that changes public content: cached pages go stale.

    The version moves on now and again after the transaction commits, so a
    page rendered from the old data in between cannot outlive the change.
    """

    def bump() -> None:
        try:
            cache.incr(CONTENT_VERSION_KEY)
        except ValueError:
            cache.set(CONTENT_VERSION_KEY, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGE_COOKIE not in request.COOKIES
    )


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's 200 responses to visitors from the cache."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        # The date is in the key so that "days left" notices are never a day out.
        key = f"ldsp:page:{content_version()}:{date.today()}:{request.get_full_path()}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
            return HttpResponse(
                content.replace(NONCE_PLACEHOLDER, nonce), content_type=content_type
            )
        response = view(request, *args, **kwargs)
        # A response that sets a cookie (a CSRF token, say) belongs to one visitor.
        if response.status_code == 200 and not response.streaming and not response.cookies:
            content = response.content.decode(response.charset)
            rendered_nonce = getattr(request, "_csp_nonce", None)
            if rendered_nonce:
                content = content.replace(str(rendered_nonce), NONCE_PLACEHOLDER)
            cache.set(key, (content, response["Content-Type"]), timeout=PAGE_TIMEOUT)
        return response

    return wrapper
