"""Every page and API operation, as every role: who may open it, who may write through it,
and that a refused write leaves the database exactly as it was.

The rules live in ``tests/site/authorization_matrix.py``. A new address or API operation
fails ``test_every_address_and_operation_is_in_the_matrix`` until it is added there.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django import DjangoDbBlocker

from ldsp.api import api
from tests.site.authorization_matrix import (
    ANONYMOUS,
    GROUPS,
    OPERATIONS,
    PAGES,
    ROLES,
    SIGN_IN_URL,
    STAFF,
    Rule,
    World,
    world_build,
)

MATRIX_FILE = "tests/site/authorization_matrix.py"
Snapshot = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """The matrix's data, made once for the module inside a transaction that is rolled
    back at the end; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = world_build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _client(world: World, role: str) -> Client:
    client = Client()
    client.raise_request_exception = False
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


# Bookkeeping that any request may touch: who is signed in, the cache, rate-limit counts.
BOOKKEEPING = {"sessions.Session", "core.CacheEntry", "core.RateCount"}


def database_snapshot() -> Snapshot:
    """Every row of every table but bookkeeping, so any write shows as a difference."""
    rows: Snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in BOOKKEEPING or model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return rows


def _changed(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name with namespaces, its namespace, its route and its view."""

    name: str
    namespace: str
    route: str
    view: str

    @property
    def group(self) -> str | None:
        """The third-party group it belongs to, if any (see ``GROUPS``)."""
        if self.namespace == "admin":
            return "admin"
        if self.view.startswith("allauth."):
            return "allauth"
        return None


def _routes() -> Iterator[Route]:
    """Every URL pattern of the site, found by walking the resolver."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
    ) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                name = pattern.name or ""
                full = f"{namespace}:{name}" if namespace and name else name
                yield Route(full, namespace, prefix + str(pattern.pattern), pattern.lookup_str)

    yield from walk(get_resolver().url_patterns, "/", "")


@functools.cache
def _openapi_operations() -> dict[str, str]:
    """``"METHOD /path"`` of every operation in the OpenAPI document, to its path."""
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": path
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_address_and_operation_is_in_the_matrix() -> None:
    api_paths = {
        path.replace("{", "<").replace("}", ">") for path in _openapi_operations().values()
    }
    missing = []
    for route in _routes():
        if route.group or route.name in PAGES:
            continue
        if route.namespace == "api" and route.route in api_paths:
            continue  # an API operation: checked against the OpenAPI document below
        missing.append(f"the page {route.name or '(unnamed)'} at {route.route}")
    missing += [
        f"the API operation {operation}"
        for operation in _openapi_operations()
        if operation not in OPERATIONS
    ]
    assert not missing, (
        f"Not in the authorisation matrix: {'; '.join(missing)}. Add each to PAGES or "
        f"OPERATIONS in {MATRIX_FILE}, with the roles that may use it."
    )


def test_the_matrix_lists_nothing_the_site_no_longer_has() -> None:
    names = {route.name for route in _routes()}
    gone = [name for name in PAGES if name not in names]
    gone += [operation for operation in OPERATIONS if operation not in _openapi_operations()]
    assert not gone, f"Remove these from {MATRIX_FILE}: {', '.join(gone)}"


def _check(
    response: HttpResponseBase,
    rule: Rule,
    role: str,
    before: Snapshot,
    *,
    is_write: bool,
    is_api: bool,
) -> None:
    status = response.status_code
    after = before if role in rule.allowed and not is_write else database_snapshot()
    if role in rule.allowed:
        assert status in rule.ok, f"{role} may, but got {status}"
        if is_write and rule.writes:
            assert _changed(before, after), f"{role} may write, but nothing was written"
        return
    if role == ANONYMOUS:
        if is_api:
            assert status in {401, 403}, f"anonymous got {status}, not 401 or 403"
        elif status == 302:
            assert response["Location"].startswith(SIGN_IN_URL), response["Location"]
        else:
            assert status == 403, f"anonymous got {status}, not a sign-in redirect or 403"
    else:
        assert status in rule.refused, f"{role} may not, but got {status}"
    assert not _changed(before, after), f"{role} may not, but wrote {_changed(before, after)}"


def _cases(method: str) -> Iterator[Any]:
    for name, page in PAGES.items():
        rule = page.get if method == "get" else page.post
        if rule is None:
            continue
        for role in ROLES:
            reason = rule.xfail.get(role)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(name, role, id=f"{name}-{role}", marks=marks)


def _operation_cases() -> Iterator[Any]:
    for key, operation in OPERATIONS.items():
        for role in ROLES:
            reason = operation.rule.xfail.get(role)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(key, role, id=f"{key}-{role}", marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_cases("get")))
def test_who_may_open_each_page(world: World, name: str, role: str) -> None:
    page = PAGES[name]
    assert page.get is not None
    client = _client(world, role)
    # Opening a page may write (a PDF is queued, say); only a refused one must not.
    before = {} if role in page.get.allowed else database_snapshot()
    response = client.get(page.url(world))
    _check(response, page.get, role, before, is_write=False, is_api=False)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), list(_cases("post")))
def test_who_may_write_through_each_page(world: World, name: str, role: str) -> None:
    page = PAGES[name]
    assert page.post is not None
    client = _client(world, role)
    before = database_snapshot()
    response = client.post(page.url(world), page.post.data(world))
    _check(response, page.post, role, before, is_write=True, is_api=False)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, page in PAGES.items() if page.post is None])
def test_pages_that_only_read_refuse_a_post_even_from_staff(world: World, name: str) -> None:
    client = _client(world, STAFF)
    before = database_snapshot()
    response = client.post(PAGES[name].url(world), {"anything": "1"})
    assert response.status_code == 405
    assert not _changed(before, database_snapshot())


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), list(_operation_cases()))
def test_who_may_call_each_api_operation(world: World, key: str, role: str) -> None:
    operation = OPERATIONS[key]
    method = key.split(" ", 1)[0].lower()
    client = _client(world, role)
    reads = method == "get" and role in operation.rule.allowed
    before = {} if reads else database_snapshot()
    body = operation.rule.data(world)
    if method == "get":
        response = client.get(operation.url(world))
    else:
        response = getattr(client, method)(
            operation.url(world),
            json.dumps(body) if body else None,
            content_type="application/json",
        )
    _check(response, operation.rule, role, before, is_write=method != "get", is_api=True)


# Third-party groups


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(world: World, role: str) -> None:
    assert "admin" in GROUPS
    client = _client(world, role)
    before = database_snapshot()
    for url in _admin_urls():
        response = client.get(url)
        if role == STAFF:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
    if role != STAFF:
        response = client.post(reverse("admin:auth_group_add"), {"name": "Intruders"})
        assert response.status_code == 302
        assert not _changed(before, database_snapshot())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_account_pages_are_open_and_never_fail(world: World, role: str) -> None:
    assert "allauth" in GROUPS
    client = _client(world, role)
    for route in _routes():
        if route.group != "allauth" or "<" in route.route or "^" in route.route:
            continue
        response = client.get(route.route)
        assert response.status_code in {200, 302}, (route.route, response.status_code)
