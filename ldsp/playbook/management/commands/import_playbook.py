"""``ldsp import_playbook FILE.md``: bring a playbook in line with a Markdown file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ldsp.playbook.models import Playbook
from ldsp.playbook.services.common import PlaybookError
from ldsp.playbook.services.imports import playbook_import


class Command(BaseCommand):
    help = "Import a playbook from Markdown: '# ' starts a chapter, '## ' a section."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--playbook", default="", help="Slug (default: the default one).")
        parser.add_argument("--title", default="", help="Title when the playbook is new.")
        parser.add_argument("--message", default="Imported", help="Note for the history.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        slug = options["playbook"]
        playbook = (
            Playbook.objects.filter(slug=slug).first()
            if slug
            else Playbook.objects.filter(is_default=True).first()
        )
        if playbook is None:
            if not slug or not options["title"]:
                raise CommandError(
                    "No such playbook: give --playbook SLUG and --title to make one."
                )
            playbook = Playbook.objects.create(
                slug=slug, title=options["title"], is_default=not Playbook.objects.exists()
            )
        try:
            report = playbook_import(
                actor=None, playbook=playbook, text=text, message=options["message"]
            )
        except PlaybookError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{playbook.title}: {len(report.created)} new, {len(report.changed)} changed, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
        )
