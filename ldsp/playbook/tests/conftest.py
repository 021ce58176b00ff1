"""Playbooks made through the real import service, of any size."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ldsp.playbook.models import Playbook, Section
from ldsp.playbook.services.imports import playbook_import


def outline_text(sections: int, *, per_chapter: int = 5, words: int = 40) -> str:
    """A playbook in Markdown with ``sections`` sections, five to a chapter."""
    lines: list[str] = []
    for number in range(sections):
        if number % per_chapter == 0:
            chapter = number // per_chapter + 1
            lines += [f"# Chapter {chapter}", "", f"Introduction to chapter {chapter}.", ""]
        text = " ".join(f"word{(number * 7 + i) % 97}" for i in range(words))
        lines += [f"## Section {number + 1}", "", text, "", f"- point {number + 1}", ""]
    return "\n".join(lines)


@pytest.fixture
def make_playbook(db: None) -> Callable[..., Playbook]:
    def make(sections: int = 6, slug: str = "test-playbook", **kwargs: int) -> Playbook:
        playbook = Playbook.objects.create(slug=slug, title="Test Playbook", is_default=True)
        playbook_import(actor=None, playbook=playbook, text=outline_text(sections, **kwargs))
        return playbook

    return make


@pytest.fixture
def playbook(make_playbook: Callable[..., Playbook]) -> Playbook:
    return make_playbook(6)


def section_named(playbook: Playbook, title: str) -> Section:
    return next(s for s in Section.objects.filter(playbook=playbook) if s.title == title)
