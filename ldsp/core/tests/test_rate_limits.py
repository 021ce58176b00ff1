"""Rate limits counted in the database, and the caches that must not forget."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from conftest import Persona
from ldsp.core import ratelimit
from ldsp.core.cache_backends import DurableDatabaseCache
from ldsp.core.errors import Refused
from ldsp.core.models import CacheEntry, RateCount
from ldsp.core.ratelimit import (
    RateLimited,
    contribution_rate_check,
    rate_count_add,
    rate_counts_prune,
    rate_limit_exceeded,
)


def _clear_every_cache() -> None:
    for alias in settings.CACHES:
        caches[alias].clear()


def test_the_database_counts_from_zero_to_the_limit_exactly_and_refuses_one_more(
    db: None,
) -> None:
    results = [
        rate_limit_exceeded("test", "someone", limit=5, period_seconds=3600) for _ in range(5)
    ]
    assert results == [False] * 5
    assert RateCount.objects.get(scope="test", who="someone").count == 5
    assert rate_limit_exceeded("test", "someone", limit=5, period_seconds=3600) is True
    assert RateCount.objects.get(scope="test", who="someone").count == 6
    assert RateCount.objects.count() == 1


@pytest.mark.usefixtures("cache_backend")
def test_counts_survive_the_caches_being_cleared(db: None) -> None:
    for _ in range(3):
        assert not rate_limit_exceeded("test", 7, limit=3, period_seconds=3600)
    _clear_every_cache()
    assert rate_limit_exceeded("test", 7, limit=3, period_seconds=3600)


def test_each_person_and_each_kind_of_action_has_its_own_count(db: None) -> None:
    assert [rate_count_add("a", 1, period_seconds=60) for _ in range(3)] == [1, 2, 3]
    assert rate_count_add("a", 2, period_seconds=60) == 1
    assert rate_count_add("b", 1, period_seconds=60) == 1


def test_a_new_window_starts_a_new_count(db: None) -> None:
    now = timezone.now()
    RateCount.objects.create(
        scope="test",
        who="someone",
        window_start=now - timedelta(hours=2),
        expires_at=now - timedelta(hours=1),
        count=99,
    )
    assert rate_count_add("test", "someone", period_seconds=3600) == 1


def test_the_count_is_one_statement_the_database_serialises(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No read-then-write in Python for two requests to interleave: one upsert.
    monkeypatch.setattr(ratelimit, "PRUNE_ONE_IN", 1_000_000_000)
    statements: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        rate_count_add("test", "someone", period_seconds=60)
    assert len(statements) == 1
    assert "ON CONFLICT" in statements[0] and "RETURNING" in statements[0]


def test_ended_windows_are_pruned(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "PRUNE_ONE_IN", 1_000_000_000)  # no pruning by chance
    now = timezone.now()
    RateCount.objects.create(
        scope="test",
        who="old",
        window_start=now - timedelta(hours=2),
        expires_at=now - timedelta(hours=1),
        count=3,
    )
    rate_count_add("test", "current", period_seconds=3600)
    assert rate_counts_prune() == 1
    assert list(RateCount.objects.values_list("who", flat=True)) == ["current"]

    RateCount.objects.create(
        scope="test",
        who="old",
        window_start=now - timedelta(hours=2),
        expires_at=now - timedelta(hours=1),
        count=3,
    )
    monkeypatch.setattr(ratelimit, "PRUNE_ONE_IN", 1)  # prune on every check
    rate_count_add("test", "current", period_seconds=3600)
    assert list(RateCount.objects.values_list("who", "count")) == [("current", 2)]


@pytest.mark.usefixtures("cache_backend")
@override_settings(CONTRIBUTIONS_PER_HOUR=2)
def test_contributions_are_refused_in_plain_english_after_the_hourly_limit(
    contributor: Persona, editor: Persona
) -> None:
    contribution_rate_check(contributor.user)
    contribution_rate_check(contributor.user)
    _clear_every_cache()
    with pytest.raises(Refused, match="You have sent a lot of contributions in the last hour"):
        contribution_rate_check(contributor.user)
    contribution_rate_check(editor.user)  # someone else's count is their own


def test_a_refusal_is_a_rate_limited_refusal(db: None) -> None:
    class Own(Refused):
        pass

    with pytest.raises(RateLimited):
        ratelimit.per_person_rate_check(_Someone(), "test", per_hour=0, message="No.")
    with pytest.raises(Own, match=r"^No\.$"):
        ratelimit.per_person_rate_check(_Someone(), "test", per_hour=0, message="No.", error=Own)


class _Someone:
    pk = 42


# The caches.


def test_the_default_cache_is_kept_in_the_database_and_pages_in_files(db: None) -> None:
    assert isinstance(caches["default"], DurableDatabaseCache)
    assert settings.CACHES["default"]["LOCATION"] == CacheEntry._meta.db_table
    assert isinstance(caches["pages"], FileBasedCache)
    caches["default"].set("kept", "yes", 60)
    assert CacheEntry.objects.filter(cache_key__endswith="kept").exists()


def test_a_full_database_cache_drops_expired_entries_but_never_live_ones(db: None) -> None:
    durable = DurableDatabaseCache(CacheEntry._meta.db_table, {"OPTIONS": {"MAX_ENTRIES": 3}})
    durable.set("expired", 1, 1)
    CacheEntry.objects.filter(cache_key__endswith="expired").update(
        expires=timezone.now() - timedelta(minutes=1)
    )
    for number in range(8):
        durable.set(f"live-{number}", number, 600)
    assert [durable.get(f"live-{number}") for number in range(8)] == list(range(8))
    assert not CacheEntry.objects.filter(cache_key__endswith="expired").exists()


# Settings from the environment.


def _settings_of(env: dict[str, str], tmp_path: Path, expression: str) -> str:
    names = {"DEBUG", "SECRET_KEY", "SITE_URL", "BEHIND_PROXY", "TRUSTED_PROXY_COUNT", "REDIS_URL"}
    clean = {key: value for key, value in os.environ.items() if key not in names}
    clean.update(
        {
            "VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "ldsp.settings",
            "DEBUG": "true",
            **env,
        }
    )
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "count"),
    [
        ({}, "0"),
        ({"BEHIND_PROXY": "true"}, "1"),
        ({"BEHIND_PROXY": "true", "TRUSTED_PROXY_COUNT": "2"}, "2"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "0"),
    ],
)
def test_behind_a_proxy_the_visitors_address_is_taken_from_x_forwarded_for(
    tmp_path: Path, env: dict[str, str], count: str
) -> None:
    assert _settings_of(env, tmp_path, "settings.ALLAUTH_TRUSTED_PROXY_COUNT") == count


def test_with_redis_the_default_cache_is_redis_and_pages_stay_in_files(tmp_path: Path) -> None:
    backends = _settings_of(
        {"REDIS_URL": "redis://cache:6379/0"},
        tmp_path,
        "settings.CACHES['default']['BACKEND'], settings.CACHES['pages']['BACKEND']",
    )
    assert backends.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ]
