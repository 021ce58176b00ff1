"""Visitors get cached public pages, which never outlive a change."""

from __future__ import annotations

import re
import threading

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Persona
from ldsp.core.models import ContentVersion
from ldsp.core.pagecache import (
    CONTENT_VERSION_KEY,
    EPOCH_SPAN,
    content_changed,
    content_version,
    first_epoch,
)
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import section_named

pytestmark = pytest.mark.usefixtures("cache_backend")


def _nonce(response: HttpResponseBase) -> str:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match
    return match.group(1)


def test_a_visitor_is_served_from_the_cache_with_a_fresh_nonce(playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    client = Client()
    first = client.get(section.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        second = client.get(section.get_absolute_url())
    # Only the content version is read, and that only when the default cache is a table.
    cache_table = str(settings.CACHES["default"].get("LOCATION", ""))
    assert [q for q in queries.captured_queries if cache_table not in q["sql"]] == []
    assert second.status_code == 200
    assert _nonce(first) != _nonce(second)
    assert f'<script nonce="{_nonce(second)}">' in second.content.decode()


def test_a_change_is_seen_straight_away(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    client = Client()
    assert "Brand new words" not in client.get(section.get_absolute_url()).content.decode()
    section_edit(
        actor=editor.user,
        section=section,
        title="Section 1",
        body="Brand new words.",
        message="x",
        base_revision_id=section.current_revision_id,
    )
    assert "Brand new words" in client.get(section.get_absolute_url()).content.decode()
    contents = client.get(f"/playbooks/{playbook.slug}/").content.decode()
    assert "Section 1" in contents


def test_signed_in_people_get_a_fresh_page(editor: Persona, playbook: Playbook) -> None:
    section = section_named(playbook, "Section 1")
    Client().get(section.get_absolute_url())  # cached for visitors
    page = editor.client.get(section.get_absolute_url()).content.decode()
    assert "Edit this section" in page
    assert "Edit this section" not in Client().get(section.get_absolute_url()).content.decode()


def _edit(editor: Persona, playbook: Playbook, body: str) -> str:
    """Change Section 1's text; returns the section's address."""
    section = section_named(playbook, "Section 1")
    section_edit(
        actor=editor.user,
        section=section,
        title="Section 1",
        body=body,
        message="x",
        base_revision_id=section.current_revision_id,
    )
    return section.get_absolute_url()


@pytest.mark.parametrize("loss", ["cleared", "evicted"])
def test_a_change_is_seen_even_after_the_default_cache_loses_the_version(
    editor: Persona, playbook: Playbook, loss: str
) -> None:
    def lose_the_version() -> None:
        # Page copies stay in the "pages" cache; only the default cache forgets.
        if loss == "cleared":
            caches["default"].clear()
        else:
            caches["default"].delete(CONTENT_VERSION_KEY)

    url = section_named(playbook, "Section 1").get_absolute_url()
    client = Client()
    lose_the_version()  # once before: the version starts again before the page is cached
    assert "Brand new words" not in client.get(url).content.decode()
    _edit(editor, playbook, "Brand new words.")
    assert "Brand new words" in client.get(url).content.decode()
    lose_the_version()
    assert "Brand new words" in client.get(url).content.decode()
    _edit(editor, playbook, "Even newer words.")
    assert "Even newer words" in client.get(url).content.decode()


def test_the_version_never_goes_back_however_often_it_is_lost(db: None) -> None:
    seen = [content_version()]
    epoch = ContentVersion.objects.get().epoch
    for _ in range(5):
        content_changed()
        seen.append(content_version())
        caches["default"].delete(CONTENT_VERSION_KEY)
        seen.append(content_version())
    assert seen == sorted(set(seen))  # strictly rising
    assert seen[-1] == (epoch + 5) * EPOCH_SPAN
    assert ContentVersion.objects.get().epoch == epoch + 5


def test_a_new_database_starts_above_the_epochs_of_an_older_one(db: None) -> None:
    content_version()
    assert ContentVersion.objects.get().epoch >= first_epoch() - 60 * 24  # made by migrate
    ContentVersion.objects.update(epoch=1_000)  # a database made long ago
    caches["default"].delete(CONTENT_VERSION_KEY)
    assert content_version() == 1_001 * EPOCH_SPAN
    ContentVersion.objects.all().delete()  # a new, empty database
    caches["default"].delete(CONTENT_VERSION_KEY)
    assert content_version() >= first_epoch() * EPOCH_SPAN > 1_001 * EPOCH_SPAN
    assert ContentVersion.objects.get().epoch >= first_epoch()


@pytest.mark.django_db(transaction=True)
def test_workers_starting_again_at_once_agree_on_one_new_version() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    before = content_version()
    caches["default"].delete(CONTENT_VERSION_KEY)
    start = threading.Barrier(4)
    versions: list[int] = []

    def read() -> None:
        try:
            start.wait()
            versions.append(content_version())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(versions) == 4
    assert len(set(versions)) == 1
    assert versions[0] > before
    assert content_version() == versions[0]
