"""``ldsp import_centres FILE``: preview a file of centres, then import it when confirmed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ldsp.core.errors import Refused
from ldsp.finder.imports import ImportFileRefused, import_confirm, import_preview
from ldsp.finder.models import CentreImport


def summary_lines(report: dict[str, Any]) -> list[str]:
    counts = report["counts"]
    return [
        f"{counts['centres_create']} centres to add, {counts['centres_change']} to change, "
        f"{counts['centres_unchanged']} unchanged",
        f"{counts['offers_create']} offers to add, {counts['offers_change']} to change, "
        f"{counts['offers_unchanged']} unchanged",
        f"{counts['rows_refused']} rows refused, {counts['rows_skipped']} left out",
    ]


def _row_line(row: dict[str, Any]) -> str:
    where = row["row"] + (f" ({row['path']})" if row["path"] else "")
    if row["status"] == "refused":
        return f"{where}: REFUSED"
    what = f"{row['centre']}: {row['centre_action']}"
    if row["centre_changes"]:
        what += f" ({', '.join(row['centre_changes'])})"
    if row["offer"]:
        what += f"; offer “{row['offer']}”: {row['offer_action']}"
        if row["offer_changes"]:
            what += f" ({', '.join(row['offer_changes'])})"
    return f"{where}: {what}"


class Command(BaseCommand):
    help = (
        "Import centres from the CSV template or an Open Referral UK JSON file. Shows what "
        "will be added, changed or refused, row by row, and writes only when confirmed, "
        "all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--format",
            choices=[choice.value for choice in CentreImport.Format],
            default="",
            help="The file's format (default: from its name or its first character).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Import without asking, when nothing is refused."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            preview = import_preview(
                actor=None, file_name=path.name, content=content, format=options["format"]
            )
        except ImportFileRefused as error:
            raise CommandError(str(error)) from None
        report = preview.report
        for row in report["rows"]:
            self.stdout.write(_row_line(row))
            for problem in row["problems"]:
                field = f"{problem['field']}: " if problem["field"] else ""
                self.stdout.write(f"    {field}{problem['message']}")
            for note in row["notes"]:
                self.stdout.write(f"    Note: {note}")
        for note in report["notes"]:
            self.stdout.write(f"Note: {note}")
        for organisation in report["organisations_to_add"]:
            self.stdout.write(f"Adds the organisation {organisation}.")
        for line in summary_lines(report):
            self.stdout.write(line)
        if report["counts"]["rows_refused"]:
            raise CommandError(
                f"{report['counts']['rows_refused']} rows are refused; nothing was imported. "
                "Fix them and run the command again."
            )
        if not options["yes"]:
            answer = input("Import these centres? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                self.stdout.write("Nothing was imported.")
                return
        try:
            written = import_confirm(actor=None, centre_import=preview)
        except Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {written['centres_created']} centres added, "
                f"{written['centres_changed']} changed; {written['offers_created']} offers "
                f"added, {written['offers_changed']} changed."
            )
        )
