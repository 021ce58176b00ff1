"""Paragraph positions in a section's Markdown: the keyboard-friendly way to choose a passage."""

from __future__ import annotations

import re

from ldsp.lib.markdown import plain_text

BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph (block separated by blank lines) in ``body``."""
    spans = []
    position = 0
    for match in BLANK_LINES.finditer(body):
        if body[position : match.start()].strip():
            spans.append((position, match.start()))
        position = match.end()
    if body[position:].strip():
        spans.append((position, len(body)))
    return spans


def paragraph_labels(body: str) -> list[str]:
    """A readable label for each paragraph: its text without Markdown."""
    return [plain_text(body[start:end]) or body[start:end] for start, end in paragraph_spans(body)]


def replace_paragraph(body: str, index: int, replacement: str) -> str:
    """``body`` with paragraph ``index`` replaced."""
    spans = paragraph_spans(body)
    if not 0 <= index < len(spans):
        raise IndexError("There is no such paragraph.")
    start, end = spans[index]
    return body[:start] + replacement.strip() + body[end:]
