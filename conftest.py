"""Shared test fixtures: the personas (the anonymous visitor, and a signed-in
contributor, editor, coordinator and staff member), a real run of the task worker,
and a clean cache. Data for a test comes from ``tests.factories``.

Every test module uses these, so "who may and may not" reads the same
everywhere.
"""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker

from ldsp.accounts.roles import Role
from tests.factories import UserFactory

PERSONA_PASSWORD = "a-long-test-password-1"  # noqa: S105 - test accounts only


@dataclass
class Persona:
    """Someone signed in during a test: their account and a browser-like client."""

    name: str
    user: User
    client: Client
    email: str
    password: str = PERSONA_PASSWORD


@dataclass
class Visitor:
    """Someone who has not signed in: a browser-like client and no account."""

    name: str
    client: Client

    @property
    def user(self) -> AnonymousUser:
        """Who Django takes a visitor to be."""
        return AnonymousUser()


def _make_persona(name: str, roles: list[Role]) -> Persona:
    email = f"{name}@example.org"
    user = UserFactory.create(
        email=email, password=PERSONA_PASSWORD, display_name=name.title(), roles=roles
    )
    client = Client()
    client.force_login(user)
    return Persona(name=name, user=user, client=client, email=email)


@pytest.fixture
def anonymous() -> Visitor:
    return Visitor(name="anonymous", client=Client())


@pytest.fixture
def contributor(db: None) -> Persona:
    return _make_persona("alice", [])


@pytest.fixture
def editor(db: None) -> Persona:
    return _make_persona("edith", [Role.EDITOR])


@pytest.fixture
def coordinator(db: None) -> Persona:
    return _make_persona("colin", [Role.COORDINATOR])


@pytest.fixture
def staff(db: None) -> Persona:
    return _make_persona("stella", [Role.STAFF])


@pytest.fixture
def every_persona(
    contributor: Persona, editor: Persona, coordinator: Persona, staff: Persona
) -> dict[str, Persona]:
    """Everyone who is signed in, by role."""
    return {
        "contributor": contributor,
        "editor": editor,
        "coordinator": coordinator,
        "staff": staff,
    }


@pytest.fixture
def everyone(anonymous: Visitor, every_persona: dict[str, Persona]) -> dict[str, Persona | Visitor]:
    """Every persona and the anonymous visitor, for checks that only need a client."""
    return {"anonymous": anonymous, **every_persona}


@pytest.fixture
def run_worker() -> Callable[[], None]:
    """Run the real database task worker until the queue is empty.

    Needs a transactional test (``django_db(transaction=True)``): the worker
    takes its own transactions, as it does in production.
    """

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    return run


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """This run's own caches. A file cache gets a folder of its own: another test run on
    the machine would otherwise share ``var/cache`` and clear it in the middle of a test.
    A database cache lives in this run's test database already."""
    own: dict[str, dict[str, Any]] = copy.deepcopy(settings.CACHES)
    for alias, config in own.items():
        if config["BACKEND"].endswith(".FileBasedCache"):
            config["LOCATION"] = str(tmp_path_factory.mktemp(f"cache-{alias}"))
    with override_settings(CACHES=own):
        yield


@pytest.fixture(autouse=True)
def _clean_cache(_own_cache: None) -> None:
    """Start every test with empty caches. A database cache needs no clearing: each
    test's writes to it are rolled back (or flushed) with the rest of the database."""
    for backend in caches.all(initialized_only=False):
        if not isinstance(backend, DatabaseCache):
            backend.clear()


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_REQUIRED = os.environ.get("TEST_REDIS_REQUIRED", "") not in ("", "0", "false")


class RunScopedRedisCache(RedisCache):
    """Django's Redis cache, except that clearing it deletes only this test run's keys
    (its own prefix) rather than the whole database another run on the machine may share."""

    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def _redis_unreachable(url: str) -> str | None:
    """Why Redis at ``url`` cannot be used, or None if it answers."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {url} is not reachable ({error})"
    return None


@pytest.fixture(params=["database", "redis"])
def cache_backend(request: pytest.FixtureRequest, _clean_cache: None) -> Iterator[str]:
    """Run the test once with the default cache as configured without Redis (a database
    table) and once with it in Redis, as production with ``REDIS_URL`` has it.

    Redis is ``TEST_REDIS_URL`` (its database 15 by default), under a key prefix of
    this run's own. Without Redis the Redis run is skipped, unless
    ``TEST_REDIS_REQUIRED`` is set (as CI sets it): then it fails.
    """
    if request.param == "database":
        yield "database"
        return
    reason = _redis_unreachable(TEST_REDIS_URL)
    if reason:
        if REDIS_REQUIRED:
            pytest.fail(f"{reason}, and TEST_REDIS_REQUIRED is set")
        pytest.skip(reason)
    own = copy.deepcopy(settings.CACHES)
    own["default"] = {
        "BACKEND": "conftest.RunScopedRedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": f"ldsp-test-{os.getpid()}-{uuid.uuid4().hex[:8]}",
    }
    with override_settings(CACHES=own, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        caches["default"].clear()
        try:
            yield "redis"
        finally:
            caches["default"].clear()


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker: DjangoDbBlocker) -> None:
    """Pages link hashed static files, as in production; collect them once."""
    call_command("collectstatic", interactive=False, verbosity=0)
