"""Load the demo content of every app, idempotently."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from ldsp.core.pagecache import content_changed


def load_all_demo_content() -> list[str]:
    """Run each installed app's ``demo.load()``; returns the sign-in lines to print."""
    lines: list[str] = []
    with transaction.atomic():
        for config in apps.get_app_configs():
            if not config.name.startswith("ldsp."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            lines.extend(module.load() or [])
        content_changed()  # demo rows are written directly: cached pages must go
    return lines


class Command(BaseCommand):
    help = "Load demo people and content. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        lines = load_all_demo_content()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
        for line in lines:
            self.stdout.write(f"  {line}")
