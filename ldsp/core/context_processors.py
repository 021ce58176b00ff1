"""Values every template may use."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from ldsp.core import extensions
from ldsp.core.permissions import EDIT_CONTENT, NamedPermissions, has


@cache
def _links(signed_in: bool, staff: bool, editor: bool) -> tuple[tuple[str, str], ...]:
    """The menu for each kind of visitor; URLs do not change while a process runs.

    Numbers beside links (``navigation_counts``) change all the time, so they are added
    afterwards, never kept here."""
    # No "Home": the service's name beside the menu links home, as on GOV.UK services,
    # and the room keeps the menu on one line for visitors.
    items = [
        ("Playbook", "/playbook/"),
        ("Partnerships", "/partnerships/"),
        ("Find help", "/find/"),
        ("Plays", "/plays/"),
        ("Consultations", "/consultations/"),
        ("Search", "/search/"),
    ]
    if signed_in:
        items.append(("Dashboard", "/dashboard/"))
    if editor:
        items.append(("Review", reverse("coproduction:review_queue")))
    if signed_in:
        items.append(("Your account", reverse("accounts:profile")))
        if staff:
            items.append(("Admin", reverse("admin:index")))
        items.append(("Sign out", reverse("account_logout")))
    else:
        items.append(("Sign in", reverse("account_login")))
        items.append(("Create an account", reverse("account_signup")))
    return tuple(items)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    items = _links(
        signed_in,
        bool(signed_in and user.is_staff),  # type: ignore[union-attr]
        has(user, EDIT_CONTENT),
    )
    counts = extensions.navigation_counts(user) if signed_in else {}
    path = request.path
    return [
        {
            "text": f"{text} ({counts[href]})" if href in counts else text,
            "href": href,
            "current": path == href
            or (href != "/" and path.startswith(href))
            or (href == "/playbook/" and path.startswith("/playbooks/")),
        }
        for text, href in items
    ]


def site(request: HttpRequest) -> dict[str, Any]:
    """The service name, address and navigation, for the page chrome and emails."""
    return {
        "SERVICE_NAME": "LDSP Hub",
        "SITE_URL": settings.SITE_URL,
        "navigation_items": _navigation(request),
        "may": NamedPermissions(getattr(request, "user", None)),
    }
