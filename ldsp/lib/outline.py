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

Everything else stays in the body: ``###`` and deeper headings and setext
(underlined) headings, so writers can still use sub-headings; and any ``#``
line that Markdown itself does not read as a heading of the document, such as
one inside fenced or indented code, a block quote or a list item, so writers
can show Markdown examples. An unclosed fence runs to the end of the document.

Which lines are headings is decided by a CommonMark parser (markdown-it), not
by scanning lines: fences, containers and their interactions have many edge
cases, and a scanner that approximates them splits documents in places where
every Markdown preview shows none. Two choices keep that answer the same
everywhere the document may be viewed. Raw HTML is off, as on the site, which
shows it as text: an unclosed ``<!--`` must not hide every chapter after it.
Tables are off too: markdown-it lets a ``# A | B`` line become a table header
where GitHub keeps it a heading, and without tables the two agree.

The parser only says where the headings are. Bodies are sliced from the
original lines, so a writer's text comes back exactly as written (apart from
line endings and surrounding blank lines), however the parser would render it.

It is framework-free on purpose - no Django - so the import command, the views
and the tests can all use it, and it can be tested in isolation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from markdown_it import MarkdownIt

__all__ = [
    "Outline",
    "OutlineChapter",
    "OutlineError",
    "OutlineSection",
    "normalise_body",
    "parse_outline",
    "render_outline",
]

# CommonMark with raw HTML off, for the reasons in the module docstring. Only
# the block structure matters here: skipping inline parsing (emphasis, links)
# makes reading a long playbook cheaper and cannot move a heading, because
# block structure is settled before inline parsing starts.
_PARSER = MarkdownIt("commonmark", {"html": False}).disable("inline")

# Spaces and tabs are the only whitespace Markdown itself counts in a blank
# line. A line of no-break spaces or form feeds is a paragraph to Markdown, so
# trimming it from a body, or ignoring it before the first chapter, would
# change what the document says.
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


@dataclass(frozen=True)
class _Heading:
    index: int  # 0-based line index; the heading is this one line
    level: int  # 1 for a chapter, 2 for a section
    title: str


def _headings(text: str) -> Iterator[_Heading]:
    """The chapter and section headings of ``text`` (LF line endings), in order."""
    tokens = _PARSER.parse(text)
    for token, inline in pairwise(tokens):
        # Level 0 means not inside a block quote or list item. The markup tells
        # an ATX heading from a setext one, which is written '=' or '-'.
        if token.type == "heading_open" and token.level == 0 and token.markup in ("#", "##"):
            assert token.map is not None  # block tokens always carry their lines
            # The parser has already removed a closing sequence as CommonMark
            # says ('C#' and '\#' keep their '#'), trimmed the title of any
            # Unicode space as str.strip() does (and so as the title form
            # fields do), and replaced NUL with U+FFFD, as CommonMark requires.
            yield _Heading(token.map[0], len(token.markup), inline.content)


def parse_outline(text: str) -> Outline:
    """Read a Markdown document as a tree of chapters and sections.

    Raises ``OutlineError`` for text before the first chapter heading, a
    section heading before any chapter heading, a heading with no title, or a
    title used twice anywhere in the document (ignoring case, because titles
    become addresses and headings that differ only in capitals confuse
    readers). An empty or blank document is an outline with no chapters.
    Problems are reported in document order, so the writer fixes the first one
    first.
    """
    text = _normalise_newlines(text)
    lines = text.split("\n")
    headings = list(_headings(text))

    first = headings[0].index if headings else len(lines)
    for index in range(first):
        if not _is_blank(lines[index]):
            raise OutlineError(
                f"Text before the first chapter heading, at line {index + 1}: "
                "put it under a '# Chapter' heading",
                index + 1,
            )

    # Each chapter as (title, introduction, sections), sections still growing.
    chapters: list[tuple[str, str, list[OutlineSection]]] = []
    seen: dict[str, int] = {}  # casefolded title -> the line it first appeared on
    bounds = [heading.index for heading in headings] + [len(lines)]
    for heading, end in zip(headings, bounds[1:], strict=True):
        number = heading.index + 1
        is_chapter = heading.level == 1
        if not is_chapter and not chapters:
            raise OutlineError(
                f"The section heading at line {number} comes before any chapter: "
                "put a '# Chapter' heading above it",
                number,
            )
        if not heading.title:
            kind, marker = ("chapter", "#") if is_chapter else ("section", "##")
            raise OutlineError(
                f"The {kind} heading at line {number} has no title: "
                f"write the title after the '{marker} '",
                number,
            )
        key = heading.title.casefold()
        if key in seen:
            raise OutlineError(
                f"The title '{heading.title}' at line {number} is already used at line "
                f"{seen[key]}: every chapter and section title must be different "
                "(ignoring capitals)",
                number,
            )
        seen[key] = number

        body = normalise_body("\n".join(lines[heading.index + 1 : end]))
        if is_chapter:
            chapters.append((heading.title, body, []))
        else:
            chapters[-1][2].append(OutlineSection(heading.title, body))

    return Outline(tuple(OutlineChapter(t, b, tuple(s)) for t, b, s in chapters))


def _heading_line(marker: str, title: str) -> str:
    """Write a heading so that parse_outline reads back exactly ``title``."""
    line = f"{marker} {title}"
    # A title that itself ends like a closing sequence ('Issue #', 'A # #')
    # would lose those '#'s when read back, so give it a closing sequence of
    # its own for the parser to remove instead. Asking the parser, rather than
    # restating its rule, keeps writing and reading in step.
    if title.endswith("#") and [h.title for h in _headings(line)] != [title]:
        return f"{line} #"
    return line


def render_outline(outline: Outline) -> str:
    """Write an outline as one Markdown document that parse_outline reads back.

    Headings and non-empty bodies are separated by exactly one blank line, and
    the document ends with one newline (an outline with no chapters is the
    empty string). Bodies are passed through ``normalise_body`` first, so one
    stored with stray blank lines or CRLF still renders tidily.

    The round trip ``parse_outline(render_outline(o)) == o`` holds when titles
    are non-empty, single-line, trimmed and unique ignoring case, and bodies are
    normalised and contain no line that Markdown reads as a top-level '#' or
    '##' heading. Every outline that parse_outline returns meets those
    conditions.
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
