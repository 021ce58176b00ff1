"""Put a backup made by ``ldsp.core.backup`` back, exactly as it was.

Everything is checked before anything is written: the checksums, that the database has
the same migrations applied as the one backed up, and that the database is empty unless
the caller asked to replace what it holds. Then every table is replaced in one
transaction, with the rows written as they were (``auto_now`` fields and ``save()`` are
not run), PostgreSQL's sequences are set past the restored keys, the search index is
rebuilt and the media files are written.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from ldsp.core.backup import (
    BackupManifest,
    Progress,
    Schema,
    TableDump,
    backed_up_models,
    backup_read_manifest,
    columns_of,
    damaged,
    decode_value,
    schema_version,
)
from ldsp.core.errors import Refused
from ldsp.core.pagecache import content_changed

EMPTIED_ON_RESTORE = frozenset(
    {"sessions.session", "modelsearch.indexentry", "modelsearch.sqliteftsindexentry"}
)
"""Models not backed up whose rows a restore deletes: sessions (so nobody stays signed in
as whoever had that number before) and the search index (rebuilt from the restored rows)."""

FILLED_BY_MIGRATE = frozenset(
    {"contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions"}
)
"""Tables ``ldsp migrate`` fills by itself: rows there do not make a database "in use"."""

INSERT_BATCH_SIZE = 500


class SchemaMismatch(Refused):
    """The database has different migrations applied from the one that was backed up."""


class DatabaseInUse(Refused):
    """The database already holds data and the caller did not ask to replace it."""


class RestoreCancelled(Refused):
    """Replacing the data in the database was not confirmed."""


def _emptied_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower in EMPTIED_ON_RESTORE and model._meta.managed
    ]


def describe_schema(schema: Schema, app_labels: list[str] | None = None) -> str:
    """The latest migration of each app (or only of ``app_labels``), for a message."""
    labels = sorted(schema) if app_labels is None else app_labels
    parts = [
        f"{label} {schema[label][-1]}" if schema.get(label) else f"{label} (none)"
        for label in labels
    ]
    return ", ".join(parts)


def schema_check(manifest: BackupManifest, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse unless the database has exactly the migrations the backup was made with."""
    current = schema_version(using)
    if current == manifest.schema:
        return
    differing = sorted(
        label
        for label in set(current) | set(manifest.schema)
        if current.get(label) != manifest.schema.get(label)
    )
    backup_applied = {(app, name) for app, names in manifest.schema.items() for name in names}
    database_applied = {(app, name) for app, names in current.items() for name in names}
    if database_applied < backup_applied:
        advice = (
            "Run `ldsp migrate` with the release that made the backup to bring this database "
            "to the backup's version, then restore again."
        )
    elif backup_applied < database_applied:
        advice = (
            "Restore into a new database migrated to the backup's version (with `ldsp migrate` "
            "from the release that made it), then upgrade that database with `ldsp migrate`."
        )
    else:
        advice = "Restore into a database at the same version as the backup."
    raise SchemaMismatch(
        f"This backup was made with database schema {describe_schema(manifest.schema, differing)}; "
        f"this database is at {describe_schema(current, differing)}. {advice}"
    )


def data_held(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows the database holds beyond what ``ldsp migrate`` puts there, by kind of thing."""
    held: dict[str, int] = {}
    for model in backed_up_models():
        if model._meta.label_lower in FILLED_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            name = str(model._meta.verbose_name_plural)
            held[name] = held.get(name, 0) + count
    return held


def describe_data(held: dict[str, int]) -> str:
    """What a database holds, for a message: the largest tables first."""
    biggest = sorted(held.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{count} {name}" for name, count in biggest[:6])
    rest = len(biggest) - 6
    return shown + (f" and rows in {rest} more tables" if rest > 0 else "")


def _models_for(manifest: BackupManifest) -> list[tuple[TableDump, type[models.Model]]]:
    """Match the backup's tables to this version's models, refusing any difference."""
    current = {model._meta.label_lower: model for model in backed_up_models()}
    in_backup = {table.model for table in manifest.tables}
    unknown = sorted(in_backup - set(current))
    missing = sorted(set(current) - in_backup)
    mismatched = sorted(
        table.model
        for table in manifest.tables
        if table.model in current
        and table.columns != [field.attname for field in columns_of(current[table.model])]
    )
    if unknown or missing or mismatched:
        named = ", ".join(unknown + missing + mismatched)
        raise SchemaMismatch(
            f"This backup's tables do not match this version of LDSP Hub ({named}). "
            "Restore it with the release that made it."
        )
    return [(table, current[table.model]) for table in manifest.tables]


def _rows(
    archive: zipfile.ZipFile, table: TableDump, fields: list[models.Field[Any, Any]]
) -> Iterator[dict[str, Any]]:
    with archive.open(table.member) as member:
        for line in io.TextIOWrapper(member, encoding="utf-8"):
            values = json.loads(line)
            yield {
                field.attname: decode_value(field, value)
                for field, value in zip(fields, values, strict=True)
            }


def _insert_rows(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: Iterator[dict[str, Any]],
    using: str,
) -> int:
    """Insert rows as they were: ``raw`` skips ``save()``, signals and ``auto_now``."""
    connection = connections[using]
    batch: list[models.Model] = []
    size = max(
        1,
        min(INSERT_BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * INSERT_BATCH_SIZE)),
    )
    count = 0
    for values in rows:
        batch.append(model(**values))
        if len(batch) >= size:
            model._base_manager._insert(batch, fields=fields, raw=True, using=using)  # type: ignore[attr-defined]
            count += len(batch)
            batch = []
    if batch:
        model._base_manager._insert(batch, fields=fields, raw=True, using=using)  # type: ignore[attr-defined]
        count += len(batch)
    return count


def _write_media(archive: zipfile.ZipFile, manifest: BackupManifest) -> None:
    root = Path(settings.MEDIA_ROOT)
    for relative in manifest.media:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial_name = tempfile.mkstemp(prefix=".restore-", dir=target.parent)
        with os.fdopen(handle, "wb") as partial, archive.open(f"media/{relative}") as member:
            while chunk := member.read(1 << 20):
                partial.write(chunk)
        Path(partial_name).replace(target)


def _sign_everyone_out_of_cached_sessions(session_keys: list[str]) -> None:
    """Sessions cached beside the database (``cached_db``) must go with the rows."""
    engine = import_module(settings.SESSION_ENGINE)
    prefix = getattr(engine, "KEY_PREFIX", None)
    if prefix is None or not session_keys:
        return
    caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in session_keys])


def backup_restore(
    path: Path,
    *,
    replace: bool = False,
    confirm: Callable[[str], bool] | None = None,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress | None = None,
) -> BackupManifest:
    """Replace the database's contents (and write the media files) from a backup.

    Refuses, before writing anything, if the file is damaged (``BackupDamaged``), if the
    database's migrations differ from the backup's (``SchemaMismatch``), or if the database
    already holds data and ``replace`` is false (``DatabaseInUse``). With ``replace``, and
    data present, ``confirm`` is asked with a description of what would be replaced and
    must answer yes (``RestoreCancelled`` otherwise). Stop the web servers and workers
    first: they cache some rows (content types) in memory.
    """
    connection = connections[using]
    manifest = backup_read_manifest(path)
    schema_check(manifest, using)
    plan = _models_for(manifest)
    held = data_held(using)
    if held:
        if not replace:
            raise DatabaseInUse(
                f"This database already holds data ({describe_data(held)}). To replace "
                "everything in it with the backup, restore with --replace."
            )
        question = (
            f"This will replace everything in the database ({describe_data(held)}) with "
            f"{manifest.describe()}."
        )
        if confirm is None or not confirm(question):
            raise RestoreCancelled(f"{question} Nothing was changed: it was not confirmed.")

    session_model = (
        apps.get_model("sessions", "Session")
        if apps.is_installed("django.contrib.sessions")
        else None
    )
    restored_models = [model for _, model in plan]
    emptied = _emptied_models()
    with zipfile.ZipFile(path) as archive, transaction.atomic(using=using):
        if not replace and data_held(using):
            raise DatabaseInUse(
                "Data was written to this database while the backup was being checked. "
                "Nothing was changed."
            )
        session_keys = (
            list(session_model._base_manager.using(using).values_list("pk", flat=True))
            if session_model is not None
            else []
        )
        tables = [model._meta.db_table for model in restored_models + emptied]
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(
                no_style(), tables, reset_sequences=True, allow_cascade=False
            ):
                cursor.execute(statement)
        for table, model in plan:
            fields = columns_of(model)
            inserted = _insert_rows(model, fields, _rows(archive, table, fields), using)
            if inserted != table.rows:
                raise damaged(f"{table.member} holds {inserted} rows, not {table.rows}")
            if progress:
                progress(f"{table.table}: {inserted} rows")
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), restored_models):
                cursor.execute(statement)
        _clear_model_caches()
        call_command("rebuild_modelsearch_index", verbosity=0)
        _write_media(archive, manifest)
        content_changed()
    _sign_everyone_out_of_cached_sessions(session_keys)
    _clear_model_caches()
    return manifest


def _clear_model_caches() -> None:
    """Forget content types remembered from before the restore: their numbers changed."""
    if apps.is_installed("django.contrib.contenttypes"):
        apps.get_model("contenttypes", "ContentType").objects.clear_cache()  # type: ignore[attr-defined]
