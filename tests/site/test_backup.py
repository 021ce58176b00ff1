"""`ldsp backup` and `ldsp restore`: a restored site is the site that was backed up, and a
restore refuses a damaged file, a different schema and (unless asked) a database in use."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.urls import reverse

from ldsp import cli
from ldsp.consultations.models import Round
from ldsp.coproduction.models import Comment
from ldsp.core.backup import BackupDamaged, backup_read_manifest, backup_write
from ldsp.core.management.commands.load_demo import load_all_demo_content
from ldsp.core.restore import DatabaseInUse, RestoreCancelled, SchemaMismatch, backup_restore
from ldsp.partnerships.models import Partnership
from ldsp.playbook.models import Playbook, Release, ReleaseExport, Section
from ldsp.plays.models import Play
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF_BYTES = b"%PDF-1.7\n% a release as the worker made it\n%%EOF\n"

_VARYING = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
    (re.compile(rb'"csrfToken": ?"[^"]*"'), b'"csrfToken": ""'),
]


def _without_tokens(body: bytes) -> bytes:
    """A response with what differs on every request (CSRF tokens, CSP nonces) blanked."""
    for pattern, replacement in _VARYING:
        body = pattern.sub(replacement, body)
    return body


@pytest.fixture
def media_root(tmp_path: Path) -> Iterator[Path]:
    """This test's own media folder, where release PDFs are stored."""
    root = tmp_path / "media"
    with override_settings(MEDIA_ROOT=root):
        yield root


def _site_addresses() -> list[str]:
    """Every kind of page and API list, with the demo content's own slugs."""
    playbook = Playbook.objects.order_by("pk").first()
    assert playbook is not None
    section = Section.objects.filter(playbook=playbook, parent__isnull=False).order_by("pk")[0]
    release = Release.objects.filter(playbook=playbook).order_by("pk")[0]
    partnership = Partnership.objects.order_by("pk")[0]
    play = Play.objects.filter(status="published").order_by("pk")[0]
    consultation = Round.objects.order_by("pk")[0]
    commented = Comment.objects.order_by("pk")[0].section
    on_playbook = {"slug": playbook.slug}
    on_section = {"slug": playbook.slug, "section_slug": section.slug}
    on_release = {"slug": playbook.slug, "number": str(release.number)}
    return [
        reverse("core:home"),
        reverse("playbook:contents", kwargs=on_playbook),
        reverse("playbook:section", kwargs=on_section),
        reverse("playbook:history", kwargs=on_section),
        reverse("playbook:releases", kwargs=on_playbook),
        reverse("playbook:release", kwargs=on_release),
        reverse("playbook:release_pdf", kwargs=on_release),
        reverse("partnerships:directory"),
        reverse("partnerships:partnership", kwargs={"slug": partnership.slug}),
        reverse("plays:list"),
        reverse("plays:play", kwargs={"slug": play.slug}),
        reverse("consultations:list"),
        reverse("consultations:report", kwargs={"slug": consultation.slug}),
        reverse("search") + "?q=partnership",
        "/api/v1/playbooks",
        f"/api/v1/playbooks/{playbook.slug}/sections",
        f"/api/v1/playbooks/{playbook.slug}/sections/{section.slug}/revisions",
        f"/api/v1/playbooks/{playbook.slug}/releases",
        "/api/v1/suggestions",
        f"/api/v1/comments?playbook={playbook.slug}&section={commented.slug}",
        "/api/v1/partnerships",
        "/api/v1/organisations",
        "/api/v1/areas",
        "/api/v1/rounds",
        f"/api/v1/rounds/{consultation.slug}/report",
        "/api/v1/plays",
    ]


def _fetch_all(addresses: list[str], editor_email: str) -> dict[tuple[str, str], bytes]:
    """Each address as a visitor and as a signed-in editor sees it."""
    editor = get_user_model().objects.get(email=editor_email)
    signed_in = Client()
    signed_in.force_login(editor)
    seen: dict[tuple[str, str], bytes] = {}
    for who, client in (("visitor", Client()), ("editor", signed_in)):
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, (who, address, response.status_code)
            body = response.getvalue()  # the whole body, streamed (the PDF) or not
            seen[(who, address)] = _without_tokens(body)
    return seen


def _table_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith(("tables/", "media/"))
        }


def _ready_pdf_for_first_release() -> None:
    release = Release.objects.order_by("pk")[0]
    export, _ = ReleaseExport.objects.get_or_create(
        release=release, format=ReleaseExport.Format.PDF
    )
    export.file.save(f"release-{release.pk}.pdf", ContentFile(PDF_BYTES), save=False)
    export.status = ReleaseExport.Status.READY
    export.size = len(PDF_BYTES)
    export.save()


def test_a_site_restored_into_an_empty_database_serves_identical_pages_and_api(
    media_root: Path, tmp_path: Path
) -> None:
    load_all_demo_content()
    _ready_pdf_for_first_release()
    call_command("rebuild_modelsearch_index", verbosity=0)  # as the worker keeps it
    addresses = _site_addresses()
    before = _fetch_all(addresses, "editor@example.org")
    backup = tmp_path / "site.zip"

    manifest = backup_write(backup)

    assert any(relative.endswith(".pdf") for relative in manifest.media)
    call_command("flush", interactive=False, verbosity=0)  # as a new database after migrate
    for path in media_root.rglob("*.pdf"):
        path.unlink()
    assert not get_user_model().objects.exists()

    backup_restore(backup)

    again = tmp_path / "again.zip"
    backup_write(again)
    assert _table_members(again) == _table_members(backup)
    assert _fetch_all(addresses, "editor@example.org") == before


def test_replace_swaps_everything_for_the_backup_in_one_go(
    media_root: Path, tmp_path: Path
) -> None:
    kept = PartnershipFactory.create(name="Kept in the backup")
    backup = tmp_path / "site.zip"
    backup_write(backup)
    kept.name = "Renamed after the backup"
    kept.save()
    PartnershipFactory.create(name="Made after the backup")
    new_user = UserFactory.create(email="later@example.org")
    questions: list[str] = []

    def confirm(question: str) -> bool:
        questions.append(question)
        return True

    backup_restore(backup, replace=True, confirm=confirm)

    assert list(Partnership.objects.values_list("pk", "name")) == [(kept.pk, "Kept in the backup")]
    assert not get_user_model().objects.filter(pk=new_user.pk).exists()
    assert "This will replace everything in the database (" in questions[0]
    assert "partnerships" in questions[0]
    again = tmp_path / "again.zip"
    backup_write(again)
    assert _table_members(again) == _table_members(backup)
    made_next = PartnershipFactory.create(name="Made after the restore")
    assert made_next.pk == kept.pk + 1, "sequences continue from the restored rows"


def test_a_database_in_use_is_not_replaced_without_replace(
    media_root: Path, tmp_path: Path
) -> None:
    PartnershipFactory.create(name="In the backup")
    backup = tmp_path / "site.zip"
    backup_write(backup)
    PartnershipFactory.create(name="Made after the backup")

    with pytest.raises(DatabaseInUse, match=r"This database already holds data \(.*partnerships"):
        backup_restore(backup)
    with pytest.raises(RestoreCancelled, match="Nothing was changed: it was not confirmed"):
        backup_restore(backup, replace=True, confirm=lambda question: False)
    with pytest.raises(RestoreCancelled):
        backup_restore(backup, replace=True)

    assert Partnership.objects.filter(name="Made after the backup").exists()


def _rewrite(source: Path, destination: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(destination, "w") as new:
        for name in old.namelist():
            new.writestr(name, change.get(name, old.read(name)))


def test_a_damaged_backup_is_refused_and_nothing_changes(media_root: Path, tmp_path: Path) -> None:
    PartnershipFactory.create(name="Original")
    backup = tmp_path / "site.zip"
    backup_write(backup)
    Partnership.objects.update(name="Changed since")
    rows = _table_members(backup)["tables/partnerships_partnership.jsonl"]
    edited = tmp_path / "edited.zip"
    _rewrite(
        backup,
        edited,
        {"tables/partnerships_partnership.jsonl": rows.replace(b"Original", b"Forged!!")},
    )
    with zipfile.ZipFile(backup) as archive:
        manifest = archive.read("manifest.json")
        member = archive.getinfo("tables/partnerships_partnership.jsonl")
    edited_manifest = tmp_path / "edited-manifest.zip"
    _rewrite(
        backup, edited_manifest, {"manifest.json": manifest.replace(b'"rows": 1', b'"rows": 2', 1)}
    )
    cut_short = tmp_path / "cut-short.zip"
    cut_short.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    flipped = tmp_path / "flipped.zip"
    data = bytearray(backup.read_bytes())
    data_starts = member.header_offset + 30 + len(member.filename) + len(member.extra)
    data[data_starts + member.compress_size // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))

    with pytest.raises(
        BackupDamaged,
        match=r"^The backup file is damaged: tables/partnerships_partnership\.jsonl does not "
        r"match its checksum",
    ):
        backup_restore(edited, replace=True, confirm=lambda question: True)
    with pytest.raises(BackupDamaged, match=r"manifest\.json does not match its checksum"):
        backup_restore(edited_manifest, replace=True, confirm=lambda question: True)
    for damaged in (cut_short, flipped):
        with pytest.raises(BackupDamaged, match=r"^The backup file is damaged: "):
            backup_restore(damaged, replace=True, confirm=lambda question: True)

    assert list(Partnership.objects.values_list("name", flat=True)) == ["Changed since"]


@pytest.fixture
def future_migration() -> Iterator[MigrationRecorder]:
    """A migration row for a migration this code does not have; removed afterwards (the
    migrations table is not emptied between tests)."""
    recorder = MigrationRecorder(connection)
    yield recorder
    recorder.record_unapplied("partnerships", "9999_from_a_later_release")


def test_a_backup_from_another_schema_version_is_refused(
    media_root: Path, tmp_path: Path, future_migration: MigrationRecorder
) -> None:
    PartnershipFactory.create(name="Original")
    older = tmp_path / "older.zip"
    backup_write(older)
    future_migration.record_applied("partnerships", "9999_from_a_later_release")
    newer = tmp_path / "newer.zip"
    backup_write(newer)

    with pytest.raises(
        SchemaMismatch,
        match=r"^This backup was made with database schema partnerships 0\d{3}_\w+; this database"
        r" is at partnerships 9999_from_a_later_release\. Restore into a new database",
    ):
        backup_restore(older, replace=True, confirm=lambda question: True)
    future_migration.record_unapplied("partnerships", "9999_from_a_later_release")
    with pytest.raises(
        SchemaMismatch,
        match=r"database schema partnerships 9999_from_a_later_release; this database is at "
        r"partnerships 0\d{3}_\w+\. Run `ldsp migrate`",
    ):
        backup_restore(newer, replace=True, confirm=lambda question: True)

    assert list(Partnership.objects.values_list("name", flat=True)) == ["Original"]


def test_ldsp_backup_help_prints_help_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SystemExit) as exit_status:
        cli.main(["backup", "--help"])

    assert exit_status.value.code == 0
    output = capsys.readouterr().out
    assert "usage: ldsp backup" in output
    assert "checksummed manifest" in output
    assert list(tmp_path.iterdir()) == []


def test_ldsp_restore_asks_before_replacing_and_a_script_must_say_yes(
    media_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, as in cron
    PartnershipFactory.create(name="In the backup")
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup))
    PartnershipFactory.create(name="Made after the backup")

    with pytest.raises(SystemExit):
        cli.main(["restore", str(backup)])
    assert "restore with --replace" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["restore", str(backup), "--replace"])
    refusal = capsys.readouterr().err
    assert "This will replace everything in the database (" in refusal
    assert "Nothing was changed. To go ahead without being asked, run again with --yes." in refusal
    assert Partnership.objects.count() == 2

    cli.main(["restore", str(backup), "--replace", "--yes"])

    assert "Restored the backup made at" in capsys.readouterr().out
    assert list(Partnership.objects.values_list("name", flat=True)) == ["In the backup"]


class _Terminal(io.StringIO):
    """A terminal where someone types the text it is made with."""

    def isatty(self) -> bool:
        return True


def test_ldsp_restore_at_a_terminal_replaces_only_when_the_answer_is_yes(
    media_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    PartnershipFactory.create(name="In the backup")
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup))
    PartnershipFactory.create(name="Made after the backup")

    monkeypatch.setattr("sys.stdin", _Terminal("no\n"))
    with pytest.raises(SystemExit):
        cli.main(["restore", str(backup), "--replace"])
    assert "This will replace everything in the database (" in capsys.readouterr().out
    assert Partnership.objects.count() == 2

    monkeypatch.setattr("sys.stdin", _Terminal("yes\n"))
    cli.main(["restore", str(backup), "--replace"])

    assert list(Partnership.objects.values_list("name", flat=True)) == ["In the backup"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the SQLite test database is in memory with a shared cache, where a reader "
    "blocks writers; on a file in WAL mode the backup reads a snapshot the same way",
)
def test_a_backup_is_one_snapshot_while_the_site_goes_on_writing(
    media_root: Path, tmp_path: Path
) -> None:
    PartnershipFactory.create(name="Before the backup")
    users_before = get_user_model().objects.count()
    written = threading.Event()

    def write_elsewhere() -> None:
        try:
            UserFactory.create(email="during@example.org")
            PartnershipFactory.create(name="During the backup")
        finally:
            connections.close_all()
            written.set()

    def after_each_table(line: str) -> None:
        if not written.is_set():
            threading.Thread(target=write_elsewhere).start()
            assert written.wait(timeout=30)

    manifest = backup_write(tmp_path / "site.zip", progress=after_each_table)

    assert Partnership.objects.count() == 2, "the other connection's writes were committed"
    counts = {table.model: table.rows for table in manifest.tables}
    assert counts["auth.user"] == users_before
    assert counts["partnerships.partnership"] == 1
    assert backup_read_manifest(tmp_path / "site.zip") == manifest
