"""Convert between one Markdown document and the chapter/section tree of a playbook.

A playbook is stored as chapters, each with an introduction and a list of
sections. Editors also want to work on the whole playbook as one Markdown file:
to import a draft written elsewhere, to export it for review, or to restructure
it in a text editor. This module is the bridge, with a deliberately small and
predictable grammar:

* a level-1 ATX heading (``# Title``) starts a chapter;
* a level-2 ATX heading (``## Title``) starts a section in the current chapter;
* text between a chapter heading and its first section is the chapter's
  introduction, and text under a section heading, up to the next level-1 or
  level-2 heading, is the section's body.

Everything else - ``###`` and deeper headings, setext (underlined) headings,
anything inside fenced code - stays in the body, so writers can still use
sub-headings and show Markdown examples in code blocks. Fences follow
CommonMark: an unclosed fence runs to the end of the document.

The scanner works line by line at the left margin only. It does not look
inside block quotes or list items, so a fence opened on a ``> `` or ``- `` line
is not tracked; a ``# `` line under it still starts a chapter. Keeping the rule
to "a line that starts with ``#`` or ``##``" makes it easy to explain to
writers and to reason about.

It is framework-free on purpose - standard library only, no Django - so the
import command, the views and the tests can all use it, and it can be tested
in isolation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Outline",
    "OutlineChapter",
    "OutlineError",
    "OutlineSection",
    "normalise_body",
    "parse_outline",
    "render_outline",
]

# An ATX heading of level 1 or 2: up to three spaces of indent (four would be an
# indented code block), one or two '#', then a space, a tab or the end of the
# line. '###' does not match at all, because after either one or two '#' the
# next character is another '#', not a space.
_HEADING = re.compile(r" {0,3}(#{1,2})(?:[ \t](.*))?")

# The optional closing sequence: a run of '#' at the end of the title that is
# either the whole title or preceded by a space or tab. 'C#' keeps its '#';
# 'Title ##' loses it. A backslash-escaped '\#' is not preceded by a space, so
# it stays too, which is how CommonMark lets a title end in '#'.
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")

# A fence opener: up to three spaces of indent, then three or more backticks or
# tildes, then an optional info string. A backtick fence's info string may not
# contain a backtick (otherwise the line is inline code), a tilde fence's may.
_FENCE_OPEN = re.compile(r" {0,3}(?:(?P<ticks>`{3,})[^`]*|(?P<tildes>~{3,}).*)")

# Spaces and tabs are the only whitespace Markdown itself trims around a
# heading or counts in a blank line; stripping anything wider (no-break spaces,
# form feeds) would make parse and render disagree about what a title is.
_MARKDOWN_SPACE = " \t"


@dataclass(frozen=True)
class OutlineSection:
    """A section of a chapter: its title and its Markdown body."""

    title: str
    body: str


@dataclass(frozen=True)
class OutlineChapter:
    """A chapter: its title, its Markdown introduction and its sections, in order."""

    title: str
    body: str
    sections: tuple[OutlineSection, ...]


@dataclass(frozen=True)
class Outline:
    """A whole playbook as a tree of chapters and sections, in document order."""

    chapters: tuple[OutlineChapter, ...]


class OutlineError(ValueError):
    """The document cannot be read as a playbook outline.

    ``line`` is the 1-based line number of the problem, so an editor can show
    the writer where to look; the message says what is wrong and how to fix it,
    in plain English, and includes the line number too.
    """

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _normalise_newlines(text: str) -> str:
    # Text pasted from Windows or old Mac editors must split into the same
    # lines, and CRLF stored in a body would survive a round trip unchanged
    # but then show up as a difference in every diff.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_blank(line: str) -> bool:
    return line.strip(_MARKDOWN_SPACE) == ""


def normalise_body(text: str) -> str:
    """Return ``text`` with LF line endings and no leading or trailing blank lines.

    The lines in between are kept exactly, trailing spaces included: two
    trailing spaces are a hard line break in Markdown. The result has no
    trailing newline, so bodies compare equal however they were entered.
    """
    lines = _normalise_newlines(text).split("\n")
    start = 0
    end = len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


def _heading_title(raw: str | None) -> str:
    """The title of a heading line, given what follows its opening '#'s."""
    title = (raw or "").strip(_MARKDOWN_SPACE)
    # Only one closing sequence is removed, as in CommonMark: '# A # #' is
    # titled 'A #'. render_outline relies on this to write such titles back.
    return _CLOSING_HASHES.sub("", title).strip(_MARKDOWN_SPACE)


class _FenceTracker:
    """Follows fenced code blocks line by line, so '#' lines inside them are ignored."""

    def __init__(self) -> None:
        self._char = ""  # the fence character while inside a fence, else ""
        self._length = 0

    @property
    def inside(self) -> bool:
        """Whether the line last fed in was part of a fenced code block."""
        return self._char != ""

    def feed(self, line: str) -> None:
        """Update the state with the next line of the document."""
        if self._char:
            # A closing fence uses the same character, is at least as long as
            # the opening one and has nothing but spaces or tabs after it.
            stripped = line.rstrip(_MARKDOWN_SPACE)
            indent = len(stripped) - len(stripped.lstrip(" "))
            run = stripped.lstrip(" ")
            if indent <= 3 and len(run) >= self._length and run == self._char * len(run):
                self._char = ""
                self._length = 0
            return
        match = _FENCE_OPEN.fullmatch(line)
        if match:
            run = match.group("ticks") or match.group("tildes")
            self._char = run[0]
            self._length = len(run)


def _duplicate_error(title: str, line: int, first_line: int) -> OutlineError:
    return OutlineError(
        f"The title '{title}' at line {line} is already used at line {first_line}: "
        "every chapter and section title must be different (ignoring capitals)",
        line,
    )


def parse_outline(text: str) -> Outline:
    """Read a Markdown document as a tree of chapters and sections.

    Raises ``OutlineError`` for text before the first chapter heading, a
    section heading before any chapter heading, a heading with no title, or a
    title used twice anywhere in the document (ignoring case, because titles
    become addresses and headings that differ only in capitals confuse
    readers). An empty or blank document is an outline with no chapters.
    """
    lines = _normalise_newlines(text).split("\n")
    fences = _FenceTracker()

    chapters: list[OutlineChapter] = []
    # The chapter being read: its title, its introduction lines, and its
    # finished sections. A section's title and lines are held separately
    # until the next heading closes it.
    chapter_title: str | None = None
    chapter_lines: list[str] = []
    sections: list[OutlineSection] = []
    section_title: str | None = None
    section_lines: list[str] = []
    seen: dict[str, int] = {}  # casefolded title -> the line it first appeared on

    def close_section() -> None:
        nonlocal section_title, section_lines
        if section_title is not None:
            sections.append(OutlineSection(section_title, normalise_body("\n".join(section_lines))))
        section_title = None
        section_lines = []

    def close_chapter() -> None:
        nonlocal chapter_title, chapter_lines, sections
        close_section()
        if chapter_title is not None:
            body = normalise_body("\n".join(chapter_lines))
            chapters.append(OutlineChapter(chapter_title, body, tuple(sections)))
        chapter_title = None
        chapter_lines = []
        sections = []

    for number, line in enumerate(lines, start=1):
        match = None if fences.inside else _HEADING.fullmatch(line)
        if match is None:
            fences.feed(line)
            if section_title is not None:
                section_lines.append(line)
            elif chapter_title is not None:
                chapter_lines.append(line)
            elif not _is_blank(line):
                raise OutlineError(
                    f"Text before the first chapter heading, at line {number}: "
                    "put it under a '# Chapter' heading",
                    number,
                )
            continue

        is_chapter = len(match.group(1)) == 1
        kind = "chapter" if is_chapter else "section"
        if not is_chapter and chapter_title is None:
            raise OutlineError(
                f"The section heading at line {number} comes before any chapter: "
                "put a '# Chapter' heading above it",
                number,
            )
        title = _heading_title(match.group(2))
        if not title:
            marker = "#" if is_chapter else "##"
            raise OutlineError(
                f"The {kind} heading at line {number} has no title: "
                f"write the title after the '{marker} '",
                number,
            )
        key = title.casefold()
        if key in seen:
            raise _duplicate_error(title, number, seen[key])
        seen[key] = number

        if is_chapter:
            close_chapter()
            chapter_title = title
        else:
            close_section()
            section_title = title

    close_chapter()
    return Outline(tuple(chapters))


def _heading_line(marker: str, title: str) -> str:
    """Write a heading so that parse_outline reads back exactly ``title``."""
    # A title that itself ends like a closing sequence ('Issue #', 'A # #')
    # would lose those '#'s when read back, so give it a closing sequence of
    # its own for the parser to remove instead.
    if _heading_title(title) != title.strip(_MARKDOWN_SPACE):
        return f"{marker} {title} #"
    return f"{marker} {title}"


def render_outline(outline: Outline) -> str:
    """Write an outline as one Markdown document that parse_outline reads back.

    Headings and non-empty bodies are separated by exactly one blank line, and
    the document ends with one newline (an outline with no chapters is the
    empty string). Bodies are passed through ``normalise_body`` first, so one
    stored with stray blank lines or CRLF still renders tidily.

    The round trip ``parse_outline(render_outline(o)) == o`` holds when titles
    are non-empty, single-line, trimmed and unique ignoring case, and bodies are
    normalised and contain no '#' or '##' heading line outside fenced code.
    Every outline that parse_outline returns meets those conditions.
    """
    blocks: list[str] = []
    for chapter in outline.chapters:
        blocks.append(_heading_line("#", chapter.title))
        if body := normalise_body(chapter.body):
            blocks.append(body)
        for section in chapter.sections:
            blocks.append(_heading_line("##", section.title))
            if body := normalise_body(section.body):
                blocks.append(body)
    if not blocks:
        return ""
    return "\n\n".join(blocks) + "\n"
