"""Word-level differences between two versions of a Markdown text.

Editors review changes to guidance before it is published, and contributors
want to see what an editor changed. A line diff is too coarse for prose: one
changed word in a paragraph that is a single long line marks the whole
paragraph as changed. So we compare words, and render the result as HTML that
works with a screen reader (the ``<ins>`` and ``<del>`` elements are not
announced by most of them, hence the visually hidden labels).

This module is framework-free on purpose - standard library only, no Django -
so that views, e-mails and management commands can all use it, and so it can
be tested in isolation.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Literal

DiffKind = Literal["equal", "insert", "delete"]

# Whitespace runs are tokens too: joining the tokens then gives back the text
# exactly, and an added or removed line break shows up as a change.
_TOKEN = re.compile(r"\s+|\S+")
_WORD = re.compile(r"\S+")

NO_CHANGES_HTML = '<p class="govuk-body">No changes.</p>'


@dataclass(frozen=True)
class DiffOp:
    """A run of text that is unchanged (``equal``), added (``insert``) or removed (``delete``)."""

    kind: DiffKind
    text: str


def _normalise(text: str) -> str:
    # Text saved from a browser on Windows arrives with CRLF; it must not show
    # up as "every line changed". A lone CR ends a line in CommonMark too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tokenise(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _common_ends(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many tokens the two lists share at the start, and then at the end."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, end


def _changed(a: list[str], b: list[str]) -> list[DiffOp]:
    """Runs for the tokens between two runs of matching words.

    The two sides share no word here (SequenceMatcher would have matched it),
    so only whitespace could still match. Whitespace at the two ends stays
    unchanged when it is the same, but a lone space kept between two changes
    would only chop them up: "~~the~~ a ~~cat~~ dog" reads worse than
    "~~the cat~~ a dog".
    """
    start, end = _common_ends(a, b)
    ops = [
        DiffOp("equal", "".join(a[:start])),
        DiffOp("delete", "".join(a[start : len(a) - end])),
        DiffOp("insert", "".join(b[start : len(b) - end])),
        DiffOp("equal", "".join(a[len(a) - end :])),
    ]
    return [op for op in ops if op.text]


def _matching_words(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Runs of words found in both lists, as ``(start in a, start in b, length)``.

    Like ``SequenceMatcher.get_matching_blocks``, the last run is an empty one
    at ``(len(a), len(b), 0)``.
    """
    # Most edits touch one spot, so the common start and end are matched
    # directly and SequenceMatcher, roughly quadratic, only sees the middle.
    start, end = _common_ends(a, b)
    # autojunk would treat frequent words ("the", "and") in texts of 200+
    # words as junk, and the diff would then skip over obvious matches.
    matcher = difflib.SequenceMatcher(
        None, a[start : len(a) - end], b[start : len(b) - end], autojunk=False
    )
    blocks = [(start + i, start + j, size) for i, j, size in matcher.get_matching_blocks()]
    # Replace the matcher's end sentinel with the common end and our own.
    blocks = [(0, 0, start), *blocks[:-1], (len(a) - end, len(b) - end, end)]
    return [block for block in blocks if block[2]] + [(len(a), len(b), 0)]


def _opcodes(old: str, new: str) -> list[DiffOp]:
    # SequenceMatcher compares the words alone. With the whitespace tokens in
    # as well, about half of all tokens are the same single space, and its
    # search took seconds on a 3,000-word document with a few scattered
    # edits; without them it takes milliseconds. Whitespace is then compared
    # in step inside each run of matching words, and trimmed at the ends of
    # each changed stretch.
    a = _tokenise(old)
    b = _tokenise(new)
    a_words = [index for index, token in enumerate(a) if not token.isspace()]
    b_words = [index for index, token in enumerate(b) if not token.isspace()]
    blocks = _matching_words([a[index] for index in a_words], [b[index] for index in b_words])
    ops: list[DiffOp] = []
    a_done = b_done = 0
    for i, j, size in blocks:
        a_first = a_words[i] if i < len(a_words) else len(a)
        b_first = b_words[j] if j < len(b_words) else len(b)
        ops.extend(_changed(a[a_done:a_first], b[b_done:b_first]))
        if not size:
            break
        a_done = a_words[i + size - 1] + 1
        b_done = b_words[j + size - 1] + 1
        # Both runs alternate word, whitespace, word, so they line up token by
        # token: only the whitespace between the words can differ.
        for a_token, b_token in zip(a[a_first:a_done], b[b_first:b_done], strict=True):
            if a_token == b_token:
                ops.append(DiffOp("equal", a_token))
            else:
                ops += [DiffOp("delete", a_token), DiffOp("insert", b_token)]
    return ops


def _tidy(ops: list[DiffOp]) -> list[DiffOp]:
    """Merge neighbouring runs of the same kind, with deletions before insertions."""
    tidy: list[DiffOp] = []
    # Text is gathered in lists and joined once: the runs arrive a token at a
    # time, and adding strings one by one would copy them over and over.
    pending: dict[DiffKind, list[str]] = {"equal": [], "delete": [], "insert": []}

    def flush(*kinds: DiffKind) -> None:
        for kind in kinds:
            if pending[kind]:
                tidy.append(DiffOp(kind, "".join(pending[kind])))
                pending[kind].clear()

    for op in ops:
        if op.kind == "equal":
            flush("delete", "insert")
        else:
            flush("equal")
        pending[op.kind].append(op.text)
    flush("equal", "delete", "insert")
    return tidy


def diff_words(old: str, new: str) -> list[DiffOp]:
    """Compare two Markdown texts word by word.

    Words are matched first, then the whitespace between them, so a new line
    break is a change too. Joining the ``equal`` and ``delete`` runs gives
    ``old`` back and joining the ``equal`` and ``insert`` runs gives ``new``
    back - after CRLF (and a lone CR) has been turned into LF in both, which is
    how they are compared.

    Runs are never empty, neighbours never have the same kind, and where text
    was replaced the deletion comes before the insertion. Two empty texts give
    an empty list.
    """
    return _tidy(_opcodes(_normalise(old), _normalise(new)))


def diff_stats(old: str, new: str) -> tuple[int, int]:
    """Return ``(inserted, deleted)``: how many words were added and removed.

    Only words count, so a change that only adds or removes whitespace (a new
    blank line, say) gives ``(0, 0)``. A replaced word counts once each way.
    """
    inserted = deleted = 0
    for op in diff_words(old, new):
        if op.kind == "insert":
            inserted += _count_words(op.text)
        elif op.kind == "delete":
            deleted += _count_words(op.text)
    return inserted, deleted


def _text_html(text: str) -> str:
    # <br> rather than CSS white-space: pre-wrap, so the markup needs no
    # stylesheet to keep the lines of the original (e-mails, for one).
    return html.escape(text).replace("\n", "<br>")


def _unchanged_html(text: str, keep_head: int, keep_tail: int) -> str:
    """An unchanged run, with the words beyond the context tucked into a details element."""
    tokens = _tokenise(text)
    words = [index for index, token in enumerate(tokens) if not token.isspace()]
    hidden = len(words) - keep_head - keep_tail
    if hidden <= 0:
        return _text_html(text)

    first_hidden = words[keep_head]
    last_hidden = words[keep_head + hidden - 1]
    head = "".join(tokens[: words[keep_head - 1] + 1]) if keep_head else ""
    tail = "".join(tokens[words[keep_head + hidden] :]) if keep_tail else ""
    # The whitespace either side of the hidden words is left out: next to a
    # block element it would only add stray blank lines.
    middle = "".join(tokens[first_hidden : last_hidden + 1])
    label = "1 unchanged word" if hidden == 1 else f"{hidden} unchanged words"
    return (
        f"{_text_html(head)}"
        '<details class="govuk-details ldsp-diff__unchanged">'
        '<summary class="govuk-details__summary">'
        f'<span class="govuk-details__summary-text">{label}</span>'
        "</summary>"
        f'<div class="govuk-details__text">{_text_html(middle)}</div>'
        "</details>"
        f"{_text_html(tail)}"
    )


def render_diff_html(old: str, new: str, *, context_words: int = 30) -> str:
    """Render the word diff of two Markdown texts as HTML for people to read.

    The Markdown is shown as source, escaped, with its line breaks kept as
    ``<br>``. Insertions are ``<ins class="ldsp-diff__ins">`` and deletions
    ``<del class="ldsp-diff__del">``, each starting with a visually hidden
    "inserted: " or "deleted: " for screen readers.

    Unchanged runs longer than ``2 * context_words`` words keep
    ``context_words`` words visible either side of the change and put the rest
    in a GOV.UK details component ("N unchanged words"), so nothing is out of
    reach. The runs at the very start and end have a change on one side only,
    so they keep ``context_words`` words on that side alone.

    When the texts are the same (CRLF and LF count as the same) the result is
    a "No changes." paragraph.
    """
    if context_words < 0:
        raise ValueError(f"context_words must not be negative, got {context_words}")
    ops = diff_words(old, new)
    if all(op.kind == "equal" for op in ops):
        return NO_CHANGES_HTML

    parts: list[str] = []
    last = len(ops) - 1
    for index, op in enumerate(ops):
        if op.kind == "insert":
            parts.append(
                '<ins class="ldsp-diff__ins">'
                '<span class="govuk-visually-hidden">inserted: </span>'
                f"{_text_html(op.text)}</ins>"
            )
        elif op.kind == "delete":
            parts.append(
                '<del class="ldsp-diff__del">'
                '<span class="govuk-visually-hidden">deleted: </span>'
                f"{_text_html(op.text)}</del>"
            )
        else:
            keep_head = 0 if index == 0 else context_words
            keep_tail = 0 if index == last else context_words
            parts.append(_unchanged_html(op.text, keep_head, keep_tail))
    return f'<div class="ldsp-diff">{"".join(parts)}</div>'
