"""``ldsp restore FILE``: put the site back as a backup holds it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ldsp.core.errors import Refused
from ldsp.core.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `ldsp backup`. Checks the file's checksums and that this "
        "database has the same migrations applied as the one backed up, then restores every "
        "table in one transaction and writes the media files. Stop the web servers and "
        "workers first. A database that already holds data is replaced only with --replace, "
        "after you confirm (or with --yes). Everyone is signed out; the search index is rebuilt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file, e.g. site.zip")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace everything the database holds now with the backup.",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask before replacing data (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]

        def confirm(question: str) -> bool:
            if options["yes"]:
                return True
            if not sys.stdin.isatty():
                raise CommandError(
                    f"{question} Nothing was changed. To go ahead without being asked, "
                    "run again with --yes."
                )
            self.stdout.write(question)
            return input("Type yes to replace it: ").strip().lower() == "yes"

        verbose = options["verbosity"] > 1
        try:
            manifest = backup_restore(
                path,
                replace=options["replace"],
                confirm=confirm,
                progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
            )
        except Refused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {manifest.describe()}."))
