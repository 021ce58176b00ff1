"""The playbook most Playbook tests read: six sections in two chapters, made through
the real import by ``tests.factories``."""

from __future__ import annotations

import pytest

from ldsp.playbook.models import Playbook, Section
from tests.factories import outline_text, playbook_with_sections

# The browser tests import the outline from here.
__all__ = ["outline_text", "playbook", "section_named"]


@pytest.fixture
def playbook(db: None) -> Playbook:
    return playbook_with_sections(6, is_default=True)


def section_named(playbook: Playbook, title: str) -> Section:
    return next(s for s in Section.objects.filter(playbook=playbook) if s.title == title)
