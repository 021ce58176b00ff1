"""Three-way merge of Markdown texts, by paragraph and then by word.

A suggestion is drafted against the revision of a section that its author
saw. By the time an editor accepts it, the section may have moved on: other
suggestions accepted, typos fixed. Putting the suggested text in place of the
current one would silently throw that later work away. So the suggestion is
merged instead: what changed between the old revision (the *base*) and the
suggestion (*theirs*) is applied to the current text (*ours*), and what
changed between the base and the current text is kept.

Where both sides changed the same stretch of text differently, the merge does
not guess. The current text is kept in place, so the merged text is always a
whole document, and the clash is listed as a :class:`Conflict` with all three
versions, for a person to settle with :func:`resolve`.

The merge works on paragraphs first, like ``diff3`` works on lines: a prose
paragraph is often one long line, and Markdown blocks are separated by blank
lines. Where both sides changed the same paragraphs it tries again word by
word, so that two people fixing different words of one paragraph do not
clash.

Code blocks are the exception to "blank lines separate blocks": inside a
fenced (```` ``` ```` or ``~~~``) or indented code block, blank lines are
part of the code, and so is every space. Such a block is kept whole, inside
one paragraph, byte for byte. Which lines are code is decided by a
CommonMark parser (markdown-it, set up as the site reads Markdown), not by
scanning lines, for the reasons given in ``ldsp.lib.outline``: a fence can
sit in a list item, indented further than a top-level fence may be.

This module is framework-free on purpose - standard library, ``merge3`` and
markdown-it only, no Django - so it can be used anywhere and tested in
isolation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from merge3 import Merge3

# Words and the whitespace between them, as in textdiff: joining the tokens
# gives back the paragraph exactly, and a whitespace token between two words
# is something both sides can leave alone while each changes a word next to it.
_TOKEN = re.compile(r"\s+|\S+")
# A blank line, as CommonMark defines it: nothing but spaces and tabs.
_BLANK_LINE = re.compile(r"[ \t]*")
_SEPARATOR = "\n\n"
# As ldsp.lib.markdown reads Markdown (raw HTML off, so there are no HTML
# blocks, such as <pre>, whose blank lines would matter; tables on). Only the
# block structure is needed, and inline parsing cannot change it.
_PARSER = MarkdownIt("js-default").enable("table").disable("inline")


@dataclass(frozen=True)
class Conflict:
    """A stretch that the current text and the proposed text both changed, differently.

    ``base``, ``ours`` and ``theirs`` are whole paragraphs, in normal form and
    joined by a blank line; any of them is empty where that side has no
    paragraphs there (``base`` when both sides added text at the same place,
    ``ours`` or ``theirs`` when that side deleted the paragraphs).

    ``ours`` is what the merged text holds at ``text[start:end]``. When
    ``ours`` is empty, ``start == end`` and marks the paragraph boundary where
    the other versions would go.
    """

    index: int
    base: str
    ours: str
    theirs: str
    start: int
    end: int


@dataclass(frozen=True)
class MergeResult:
    """The merged text, with the current text's version kept at each conflict."""

    text: str
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        """Whether the merge had no conflicts, so ``text`` is the final result."""
        return not self.conflicts


class _Matcher:
    """``difflib.SequenceMatcher``, with the common start and end matched first.

    ``merge3`` finds what changed with a two-way diff of each side against the
    base. SequenceMatcher looks for the longest matching block first, and in
    repetitive text that block can be shifted - a run of "a a a a a" matched
    against the wrong run - so that one changed word shows up as a long
    deletion and insertion, which then clashes with edits by the other side
    that are nowhere near it. Matching the common start and end directly
    keeps a single edit exactly where it is (and is quicker, since most edits
    touch one spot).

    ``autojunk`` is always off: with it on, in sequences of 200 or more items
    the frequent ones (the space between words, above all) are junk and never
    start a match. In a long paragraph that repeats its words, that can be
    every token, and then nothing matches at all.
    """

    def __init__(
        self,
        isjunk: Callable[[str], bool] | None = None,
        a: Sequence[str] = "",
        b: Sequence[str] = "",
        autojunk: bool = False,
    ) -> None:
        # merge3 passes no junk, and a constructor that ignored one would lie.
        if isjunk is not None:
            raise ValueError("junk is not supported")
        self.a = a
        self.b = b

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        """Matching runs as ``(start in a, start in b, length)``, as SequenceMatcher gives them.

        Neighbouring runs are joined, none is empty, and the last is an empty
        one at ``(len(a), len(b), 0)``.
        """
        a, b = self.a, self.b
        limit = min(len(a), len(b))
        start = 0
        while start < limit and a[start] == b[start]:
            start += 1
        end = 0
        while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
            end += 1
        middle = difflib.SequenceMatcher(
            None, a[start : len(a) - end], b[start : len(b) - end], autojunk=False
        )
        blocks = [(0, 0, start)]
        blocks += [(start + i, start + j, size) for i, j, size in middle.get_matching_blocks()]
        blocks.append((len(a) - end, len(b) - end, end))
        joined: list[tuple[int, int, int]] = []
        for i, j, size in blocks:
            if not size:
                continue
            if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
                joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + size)
            else:
                joined.append((i, j, size))
        joined.append((len(a), len(b), 0))
        return joined


def _normalise(text: str) -> str:
    # Text saved from a browser on Windows arrives with CRLF; it must not make
    # every line a change. A lone CR ends a line in CommonMark too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _code_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of the lines of ``lines`` that are in a fenced or indented code block.

    A fence that is never closed runs to the end of the text (or of the list
    item or block quote it is in), as CommonMark says.
    """
    if not any(_BLANK_LINE.fullmatch(line) for line in lines):
        # Without a blank line there is nothing to split, so nothing to protect.
        return set()
    code: set[int] = set()
    for token in _PARSER.parse("\n".join(lines)):
        if token.type in ("fence", "code_block"):
            assert token.map is not None  # block tokens always carry their lines
            code.update(range(*token.map))
    return code


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``, each kept verbatim.

    A paragraph is a run of lines that are not blank, except that the blank
    lines of a code block are in its paragraph too: they are part of the code.
    """
    paragraphs: list[str] = []
    lines: list[str] = []
    all_lines = _normalise(text).split("\n")
    code = _code_lines(all_lines)
    for index, line in enumerate(all_lines):
        if _BLANK_LINE.fullmatch(line) and index not in code:
            if lines:
                paragraphs.append("\n".join(lines))
                lines = []
        else:
            lines.append(line)
    # Only a fence left open at the end of the text can end in blank lines.
    # They go, like all blank lines at the end, so the text ends in one form.
    while lines and _BLANK_LINE.fullmatch(lines[-1]):
        lines.pop()
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs


def _merge(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> Merge3[str]:
    return Merge3(base, ours, theirs, sequence_matcher=_Matcher)


def _merge_words(base: str, ours: str, theirs: str) -> list[str] | None:
    """Merge one paragraph word by word: its paragraphs, or ``None`` on a conflict."""
    merged: list[str] = []
    for group in _merge(
        _TOKEN.findall(base), _TOKEN.findall(ours), _TOKEN.findall(theirs)
    ).merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    # Every pair of neighbouring tokens in the result sits side by side in one
    # of the three versions, so no new blank line can appear - but when one
    # side deleted the words before a space and the other the words after it,
    # only the space is left, and the two sides may have merged a code block
    # into something that is not one any more. Splitting again turns that into
    # the paragraphs of the merged text.
    return _paragraphs("".join(merged))


def _merge_region(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> list[str] | None:
    """Merge paragraphs both sides changed: the merged paragraphs, or ``None`` on a conflict.

    Only when all three have the same number of paragraphs do we know which
    paragraph became which, so only then is each paragraph merged word by
    word. Any paragraph that still clashes makes the whole stretch one
    conflict, which a person sees in full.
    """
    if not len(base) == len(ours) == len(theirs):
        return None
    merged: list[str] = []
    for base_paragraph, our_paragraph, their_paragraph in zip(base, ours, theirs, strict=True):
        paragraphs = _merge_words(base_paragraph, our_paragraph, their_paragraph)
        if paragraphs is None:
            return None
        merged.extend(paragraphs)
    return merged


def merge3(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge the changes from ``base`` to ``theirs`` into ``ours``.

    ``base`` is the text a suggestion was drafted against, ``ours`` the
    current text and ``theirs`` the suggestion. The three are first put in
    normal form: CRLF and a lone CR become LF; paragraphs are the runs of
    lines that are not blank (a blank line has only spaces and tabs), each
    kept verbatim; the text is its paragraphs joined by exactly one empty
    line, so runs of blank lines become one, blank lines at the start and
    end go, and there is no newline at the end. A fenced or indented code
    block, blank lines and all, is always inside one paragraph, so its
    lines are kept exactly as written. The merged text is in normal form
    too, with one exception: where one side's change puts an indented code
    block the other side wrote into a list item, so that it is text and not
    code any more, its lines are still kept as written. (Markdown reads the
    text the same, except for blank lines at the end of a fence that is
    never closed.)

    Paragraphs are merged as ``diff3`` merges lines. Paragraphs only one side
    changed, added or deleted take that side's version; where both sides made
    the same change, it is made once. Where both sides changed the same
    paragraphs differently and all three have as many paragraphs there, each
    paragraph is merged again word by word. So edits to different paragraphs
    merge, even next to each other, if neither side added or deleted
    paragraphs next to them; and so do edits to different words of a
    paragraph, even neighbouring words, as the whitespace between them is
    unchanged. Adding or deleting a paragraph right next to a paragraph the
    other side changed is a conflict, as in ``diff3``.

    Anything else both sides changed is a conflict: ``ours`` is kept in the
    merged text and the stretch is listed in ``conflicts``, in text order.
    """
    base_paragraphs = _paragraphs(base)
    our_paragraphs = _paragraphs(ours)
    their_paragraphs = _paragraphs(theirs)

    paragraphs: list[str] = []
    conflicts: list[Conflict] = []
    # The length of "\n\n".join(paragraphs), kept as we go.
    length = 0

    def add(new: Sequence[str]) -> None:
        nonlocal length
        for paragraph in new:
            length += len(paragraph) + (len(_SEPARATOR) if paragraphs else 0)
            paragraphs.append(paragraph)

    for group in _merge(base_paragraphs, our_paragraphs, their_paragraphs).merge_groups():
        # Unchanged paragraphs, or those of the one side that changed them.
        if len(group) == 2:
            add(group[1])
            continue
        _, base_region, our_region, their_region = group
        merged = _merge_region(base_region, our_region, their_region)
        if merged is not None:
            add(merged)
            continue
        # Our paragraphs start after the separator; with none, the conflict
        # sits at the end of the text so far.
        start = length + (len(_SEPARATOR) if paragraphs and our_region else 0)
        add(our_region)
        conflicts.append(
            Conflict(
                index=len(conflicts),
                base=_SEPARATOR.join(base_region),
                ours=_SEPARATOR.join(our_region),
                theirs=_SEPARATOR.join(their_region),
                start=start,
                end=length,
            )
        )
    return MergeResult(text=_SEPARATOR.join(paragraphs), conflicts=tuple(conflicts))


def resolve(result: MergeResult, choices: Sequence[str]) -> str:
    """Settle each conflict of ``result`` with the text chosen for it, in order.

    A choice is usually the conflict's ``ours``, ``theirs`` or ``base``, or
    text a person wrote; it takes the place of ``text[start:end]``. An empty
    choice removes the paragraphs. Choices are put in normal form, and blank
    lines keep the paragraphs apart, so the result is in normal form too.
    Choosing ``ours`` everywhere gives back ``result.text``.
    """
    if len(choices) != len(result.conflicts):
        raise ValueError(
            f"expected {len(result.conflicts)} choices, one for each conflict, got {len(choices)}"
        )
    pieces: list[str] = []
    done = 0
    for conflict, choice in zip(result.conflicts, choices, strict=True):
        pieces.append(_unseparated(result.text[done : conflict.start]))
        # The merged text between conflicts is kept exactly as merged: split into
        # paragraphs again, a code block that a merge moved into a list item would
        # lose its blank lines. Only a new choice is put in normal form.
        pieces.append(choice if choice == conflict.ours else _SEPARATOR.join(_paragraphs(choice)))
        done = conflict.end
    pieces.append(_unseparated(result.text[done:]))
    # Conflicts start and end at paragraph boundaries, so every piece is whole
    # paragraphs; an empty piece (a choice that removes the paragraphs, or no
    # text between two conflicts) leaves no gap.
    return _SEPARATOR.join(piece for piece in pieces if piece)


def _unseparated(piece: str) -> str:
    """A stretch of merged text without the separators at its ends (paragraphs
    never begin or end with an empty line, so only separators go)."""
    return piece.strip("\n")
