"""Moving suggestions, comments and follows from the Playbook app to this one loses
nothing: on a database holding the demo content, migrating back to before the move and
forward again leaves every row, content type and audit entry as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ldsp.core.management.commands.load_demo import load_all_demo_content

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = [
    "playbook_suggestion",
    "playbook_endorsement",
    "playbook_suggestionmessage",
    "playbook_comment",
    "playbook_follow",
]
MOVED = ["suggestion", "endorsement", "suggestionmessage", "comment", "follow"]
BEFORE_THE_MOVE = [("coproduction", None), ("playbook", "0002_suggestions_comments_and_follows")]


# Columns added after the move, which going back before it removes; the rows are compared
# without them, and in full once migrated forward again.
ADDED_SINCE = {"playbook_suggestion": {"open_slot"}}


def _rows(table: str, *, as_moved: bool) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, table)
            if not (as_moved and column.name in ADDED_SINCE.get(table, set()))
        ]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        cursor.execute(f"SELECT {names} FROM {table} ORDER BY id")  # noqa: S608 - our own names
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def _snapshot(*, as_moved: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    return {table: _rows(table, as_moved=as_moved) for table in TABLES}


def _labels(model: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label FROM django_content_type WHERE model = %s", [model])
        return {row[0] for row in cursor.fetchall()}


def _audit_targets() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT target_type FROM core_auditevent")
        return {row[0] for row in cursor.fetchall()}


def _migrate(targets: list[tuple[str, str | None]] | None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def test_the_move_keeps_every_row_content_type_and_audit_entry() -> None:
    load_all_demo_content()
    after_move = _snapshot()
    as_moved = _snapshot(as_moved=True)
    assert all(after_move[table] for table in ["playbook_suggestion", "playbook_comment"])
    assert {"coproduction.suggestion"} <= _audit_targets()

    _migrate(BEFORE_THE_MOVE)
    assert _snapshot() == as_moved
    assert all(_labels(model) == {"playbook"} for model in MOVED)
    assert "coproduction.suggestion" not in _audit_targets()
    assert "playbook.suggestion" in _audit_targets()

    _migrate(None)
    assert _snapshot() == after_move  # the later columns too, filled in again
    assert all(_labels(model) == {"coproduction"} for model in MOVED)
    assert "playbook.suggestion" not in _audit_targets()

    from ldsp.coproduction.models import Comment, Suggestion

    assert Suggestion.objects.count() == len(after_move["playbook_suggestion"])
    first = Comment.objects.order_by("id").first()
    assert first is not None and str(first.body) == after_move["playbook_comment"][0][1]
