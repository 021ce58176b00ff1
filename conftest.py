"""Shared test fixtures: the personas (anonymous, contributor, editor,
coordinator, staff), a real run of the task worker, and a clean cache.

Every test module uses these, so "who may and may not" reads the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from ldsp.accounts import services
from ldsp.accounts.roles import Role

PERSONA_PASSWORD = "a-long-test-password-1"  # noqa: S105 - test accounts only


@dataclass
class Persona:
    """Someone using the site in a test: their account (if any) and a browser-like client."""

    name: str
    user: AbstractUser | None
    client: Client
    email: str = ""
    password: str = PERSONA_PASSWORD


def _make_persona(name: str, roles: list[Role]) -> Persona:
    email = f"{name}@example.org"
    user = services.user_create(
        email=email,
        password=PERSONA_PASSWORD,
        display_name=name.title(),
        roles=roles,
        verified=True,
    )
    client = Client()
    client.force_login(user)
    return Persona(name=name, user=user, client=client, email=email)


@pytest.fixture
def anonymous() -> Persona:
    return Persona(name="anonymous", user=None, client=Client())


@pytest.fixture
def contributor(db: Any) -> Persona:
    return _make_persona("alice", [])


@pytest.fixture
def editor(db: Any) -> Persona:
    return _make_persona("edith", [Role.EDITOR])


@pytest.fixture
def coordinator(db: Any) -> Persona:
    return _make_persona("colin", [Role.COORDINATOR])


@pytest.fixture
def staff(db: Any) -> Persona:
    return _make_persona("stella", [Role.STAFF])


@pytest.fixture
def every_persona(
    anonymous: Persona, contributor: Persona, editor: Persona, coordinator: Persona, staff: Persona
) -> dict[str, Persona]:
    return {
        "anonymous": anonymous,
        "contributor": contributor,
        "editor": editor,
        "coordinator": coordinator,
        "staff": staff,
    }


@pytest.fixture
def run_worker() -> Callable[[], None]:
    """Run the real database task worker until the queue is empty.

    Needs a transactional test (``django_db(transaction=True)``): the worker
    takes its own transactions, as it does in production.
    """

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    return run


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    """Rate limits live in the cache; start every test with none used."""
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _collected_static(django_db_blocker: Any) -> None:
    """Pages link hashed static files, as in production; collect them once."""
    call_command("collectstatic", interactive=False, verbosity=0)
