"""Back up the whole site to one file, and restore it exactly.

A backup is a zip file:

- ``manifest.json``: the format, when and from what it was made, the schema version (every
  applied migration), and for each table its model, columns, row count and SHA-256; for
  each media file its path and SHA-256; and one SHA-256 over all of that.
- ``tables/<table>.jsonl``: one JSON array per row, in the manifest's column order, in
  primary key order. Rows keep their primary keys, so every link between them survives.
- ``media/<path>``: every file under ``MEDIA_ROOT`` (the release PDFs).

Models are found through ``django.apps``, so a new model is backed up without a change
here. The few tables left out are named in ``NOT_BACKED_UP`` with the reason.

``ldsp.core.restore`` puts a backup back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_string

from ldsp.core.errors import Refused

FORMAT_NAME = "ldsp-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"

NOT_BACKED_UP: dict[str, str] = {
    "sessions.session": "sign-ins are not carried over: a restore signs everyone out",
    "core.cacheentry": "the cache fills itself again as the site runs",
    "core.contentversion": (
        "the page cache's restart counter must only ever go up, so the database keeps its own"
    ),
    "modelsearch.indexentry": "the search index is rebuilt after a restore",
    "modelsearch.sqliteftsindexentry": "the search index is rebuilt after a restore",
}
"""Models left out of a backup (by ``app_label.model_name``), and why."""

READ_CHUNK_SIZE = 2000

Progress = Callable[[str], None]
Schema = dict[str, list[str]]


class BackupDamaged(Refused):
    """The backup file is not a whole, unaltered LDSP Hub backup."""


@dataclass(frozen=True)
class TableDump:
    """One table as the manifest describes it."""

    model: str
    table: str
    columns: list[str]
    rows: int
    sha256: str

    @staticmethod
    def member_name(table: str) -> str:
        """Where a table's rows are in the zip file."""
        return f"tables/{table}.jsonl"

    @property
    def member(self) -> str:
        """Where this table's rows are in the zip file."""
        return self.member_name(self.table)


@dataclass(frozen=True)
class BackupManifest:
    """What a backup holds, read from (or written to) its ``manifest.json``."""

    created_at: str
    database_vendor: str
    schema: Schema
    tables: list[TableDump]
    media: dict[str, str]
    checksum: str

    def describe(self) -> str:
        """One line for people: when the backup was made and how much it holds."""
        rows = sum(table.rows for table in self.tables)
        return (
            f"the backup made at {self.created_at} ({rows} rows in {len(self.tables)} tables, "
            f"{len(self.media)} media files)"
        )


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose table a backup holds, in a fixed order (by label)."""
    chosen: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.label_lower in NOT_BACKED_UP:
            continue
        chosen.setdefault(meta.db_table, model)
    return sorted(chosen.values(), key=lambda model: model._meta.label_lower)


def columns_of(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns a backup holds for a model, in order (generated columns are computed)."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if not getattr(field, "generated", False)
    ]


def schema_version(using: str = DEFAULT_DB_ALIAS) -> Schema:
    """The migrations applied to the database: app label → sorted migration names."""
    schema: Schema = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        schema.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(schema.items())}


def encode_value(field: models.Field[Any, Any], value: Any) -> Any:
    """A column's value as JSON; ``field.to_python`` turns it back."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"{field} holds a {type(value).__name__}, which a backup cannot store")


def decode_value(field: models.Field[Any, Any], value: Any) -> Any:
    """A column's value as ``encode_value`` wrote it, back as Django holds it."""
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _manifest_checksum(contents: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(contents)).hexdigest()


@contextmanager
def _read_snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Read every table as of one moment, without stopping the site from writing.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite: a deferred transaction,
    which in WAL mode reads one snapshot while writers carry on (``atomic()`` would take
    the write lock, as this project's SQLite settings ask for).
    """
    if connection.in_atomic_block:
        raise RuntimeError("A backup takes its own transaction; call it outside one.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_member(archive: zipfile.ZipFile, name: str, lines: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    with archive.open(name, "w", force_zip64=True) as member:
        for line in lines:
            digest.update(line)
            member.write(line)
    return digest.hexdigest()


def _table_lines(
    model: type[models.Model], fields: list[models.Field[Any, Any]], using: str, counter: list[int]
) -> Iterator[bytes]:
    attnames = [field.attname for field in fields]
    queryset = model._base_manager.using(using).order_by("pk").values_list(*attnames)
    for row in queryset.iterator(chunk_size=READ_CHUNK_SIZE):
        counter[0] += 1
        values = [encode_value(field, value) for field, value in zip(fields, row, strict=True)]
        yield json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = [
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    return sorted(found)


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            yield chunk


def backup_write(
    destination: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress | None = None,
) -> BackupManifest:
    """Write a backup of the whole database and the media files to ``destination``.

    The file appears only when it is complete (it is written beside it and renamed).
    """
    connection = connections[using]
    destination = Path(destination)
    handle, partial_name = tempfile.mkstemp(
        prefix=".backup-", suffix=".partial", dir=destination.parent
    )
    os.close(handle)
    partial = Path(partial_name)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            tables: list[TableDump] = []
            with _read_snapshot(connection):
                created_at = datetime.now(tz=UTC).isoformat(timespec="seconds")
                schema = schema_version(using)
                for model in backed_up_models():
                    fields = columns_of(model)
                    table = model._meta.db_table
                    counter = [0]
                    sha256 = _write_member(
                        archive,
                        TableDump.member_name(table),
                        _table_lines(model, fields, using, counter),
                    )
                    tables.append(
                        TableDump(
                            model=model._meta.label_lower,
                            table=table,
                            columns=[field.attname for field in fields],
                            rows=counter[0],
                            sha256=sha256,
                        )
                    )
                    if progress:
                        progress(f"{table}: {counter[0]} rows")
            media: dict[str, str] = {}
            for relative, path in _media_files():
                media[relative] = _write_member(archive, f"media/{relative}", _file_chunks(path))
                if progress:
                    progress(f"media/{relative}")
            contents = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "created_at": created_at,
                "database_vendor": connection.vendor,
                "schema": schema,
                "tables": [table.__dict__ for table in tables],
                "media": media,
            }
            checksum = _manifest_checksum(contents)
            manifest_bytes = json.dumps({**contents, "checksum": checksum}, indent=1).encode()
            archive.writestr(MANIFEST_NAME, manifest_bytes)
        partial.chmod(0o600)  # it holds everyone's email address and password hash
        partial.replace(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupManifest(created_at, connection.vendor, schema, tables, media, checksum)


def damaged(reason: str) -> BackupDamaged:
    """The refusal for a backup file that is not whole, saying what is wrong."""
    return BackupDamaged(f"The backup file is damaged: {reason}. Restore from another copy.")


def _member_sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_media_path(relative: str) -> bool:
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts


def _read_manifest(archive: zipfile.ZipFile) -> BackupManifest:
    try:
        raw = json.loads(archive.read(MANIFEST_NAME))
    except KeyError:
        raise damaged("it has no manifest.json, so it is not an LDSP Hub backup") from None
    except ValueError:
        raise damaged("its manifest.json cannot be read") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
        raise damaged("its manifest.json is not an LDSP Hub backup's")
    contents = {key: value for key, value in raw.items() if key != "checksum"}
    if raw.get("checksum") != _manifest_checksum(contents):
        raise damaged("its manifest.json does not match its checksum")
    if raw.get("format_version") != FORMAT_VERSION:
        raise Refused(
            f"This backup is in format version {raw.get('format_version')}; this version of "
            f"LDSP Hub reads version {FORMAT_VERSION}. Restore it with the release that made it."
        )
    try:
        manifest = BackupManifest(
            created_at=str(raw["created_at"]),
            database_vendor=str(raw["database_vendor"]),
            schema={
                str(app): [str(name) for name in names] for app, names in raw["schema"].items()
            },
            tables=[TableDump(**table) for table in raw["tables"]],
            media={str(path): str(sha) for path, sha in raw["media"].items()},
            checksum=str(raw["checksum"]),
        )
    except (KeyError, TypeError, AttributeError):
        raise damaged("its manifest.json is missing parts") from None
    if not all(_safe_media_path(relative) for relative in manifest.media):
        raise damaged("it names a media file outside the media folder")
    return manifest


def backup_read_manifest(path: Path) -> BackupManifest:
    """Open a backup and check every checksum; the manifest if the file is whole.

    Raises ``BackupDamaged`` if anything in it was changed, cut short or is missing.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(archive)
            members = [(table.member, table.sha256) for table in manifest.tables] + [
                (f"media/{relative}", sha) for relative, sha in manifest.media.items()
            ]
            for name, expected in members:
                try:
                    actual = _member_sha256(archive, name)
                except KeyError:
                    raise damaged(f"{name} is missing") from None
                if actual != expected:
                    raise damaged(f"{name} does not match its checksum")
    except FileNotFoundError:
        raise Refused(f"There is no file at {path}.") from None
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise damaged(f"it is not a complete zip file ({error})") from None
    return manifest
