"""``ldsp backup FILE``: write the whole site to one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ldsp.core.backup import NOT_BACKED_UP, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup of every table and the media files to FILE (a zip file with a "
        "checksummed manifest), read in one transaction so it is consistent. Left out: "
        + "; ".join(f"{label} ({reason})" for label, reason in NOT_BACKED_UP.items())
        + ". Restore it with `ldsp restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup, e.g. site.zip")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace FILE if it already exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        destination: Path = options["file"]
        if destination.exists() and not options["overwrite"]:
            raise CommandError(
                f"{destination} already exists. Choose another name, or add --overwrite."
            )
        if not destination.parent.is_dir():
            raise CommandError(f"There is no folder {destination.parent} to write the backup in.")
        verbose = options["verbosity"] > 1
        manifest = backup_write(
            destination, progress=(lambda line: self.stdout.write(f"  {line}")) if verbose else None
        )
        self.stdout.write(self.style.SUCCESS(f"Backed up to {destination}: {manifest.describe()}."))
