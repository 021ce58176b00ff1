from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections

from conftest import Visitor


def test_it_answers_200_after_a_database_round_trip(db: None, anonymous: Visitor) -> None:
    response = anonymous.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_database(tmp_path: Any) -> Iterator[None]:
    """Swap in a connection to a database that is not there, then put the real one back."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing-dir" / "db.sqlite3")
    else:
        settings_dict["PORT"] = "1"  # nothing listens on port 1
    unreachable = original.__class__(settings_dict, alias="default")
    connections["default"] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections["default"] = original


def test_it_answers_503_when_the_database_is_down(
    db: None, anonymous: Visitor, unreachable_database: None
) -> None:
    response = anonymous.client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
