"""Visitors get cached public pages, which never outlive a change."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Persona
from ldsp.playbook.models import Playbook
from ldsp.playbook.services.revisions import section_edit
from ldsp.playbook.tests.conftest import section_named


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
