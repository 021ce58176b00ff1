"""The navigation: a Dashboard link for everyone signed in, Consultations for everyone,
and for editors the number of suggestions waiting, read fresh with one COUNT query."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Persona, Visitor
from ldsp.coproduction.models import Suggestion
from tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

PAGE = "/data-and-licences/"


def _menu(client: object) -> str:
    page = client.get(PAGE).content.decode()  # type: ignore[attr-defined]
    match = re.search(r'<nav aria-label="Menu".*?</nav>', page, re.S)
    assert match, page
    return match.group(0)


def test_everyone_sees_consultations_and_only_people_signed_in_see_a_dashboard(
    anonymous: Visitor, contributor: Persona
) -> None:
    visitor_menu = _menu(anonymous.client)
    assert 'href="/consultations/"' in visitor_menu
    assert 'href="/dashboard/"' not in visitor_menu
    contributor_menu = _menu(contributor.client)
    assert 'href="/consultations/"' in contributor_menu
    assert 'href="/dashboard/"' in contributor_menu


def test_an_editor_sees_how_many_suggestions_wait_and_it_is_never_stale(editor: Persona) -> None:
    SuggestionFactory.create_batch(3)
    SuggestionFactory.create(state=Suggestion.State.ACCEPTED)
    assert "Review (3)" in _menu(editor.client)
    SuggestionFactory.create()
    assert "Review (4)" in _menu(editor.client)


def test_a_contributor_sees_no_counts(contributor: Persona) -> None:
    SuggestionFactory.create()
    menu = _menu(contributor.client)
    assert "Review" not in menu and "(1)" not in menu


def _count_queries(persona: Persona) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert persona.client.get(PAGE).status_code == 200
    return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def test_the_counts_cost_an_editor_one_count_query_and_a_contributor_none(
    editor: Persona, contributor: Persona
) -> None:
    SuggestionFactory.create_batch(2)
    editor_counts = _count_queries(editor)
    assert len(editor_counts) == 1 and "playbook_suggestion" in editor_counts[0]
    assert _count_queries(contributor) == []
    SuggestionFactory.create_batch(5)
    assert len(_count_queries(editor)) == 1
