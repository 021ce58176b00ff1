"""Anchor a comment to a passage of a Markdown text, and find the passage again.

Comments on a playbook section point at a passage of the section's Markdown,
the way the W3C Web Annotation model does it: the quoted passage with a little
of the text either side of it (a ``TextQuoteSelector``: exact, prefix and
suffix) and its character offsets (a ``TextPositionSelector``: start and end).

When a new revision of the section is saved, every open comment has to be
anchored again in the new text. Offsets alone go stale as soon as anything
before the passage changes, and the quote alone is ambiguous when a phrase
appears more than once, so both are used:

1. every exact occurrence of the quote is a candidate, and the one whose
   surrounding text best matches the saved prefix and suffix wins, then the
   one nearest the old offset;
2. if the quote is no longer there word for word, a similar passage is looked
   for, near the old offset first and then anywhere, and accepted if it is
   similar enough;
3. otherwise the passage is gone: the caller shows the comment as outdated,
   with its original quote, rather than losing it.

The fuzzy search (step 2) has to stay fast on the longest sections (about
20,000 characters), so the costly work is left to ``rapidfuzz``, whose
bit-parallel edit distances run in C++, and done in three stages:

- *Find*: windows as long as the quote, an eighth of its length apart, are
  scored against it in one ``process.extract`` call. A window that far off
  the passage still shares most of it, so the passage's place scores well
  whatever its exact offset.
- *Align*: around each of the few best windows, the quote with its prefix and
  suffix is aligned with the text (``Levenshtein.opcodes``). Where the
  surrounding text still matches, it pins down the ends of the passage even
  when its first or last words were changed. Edit distances do not prefer
  long runs of matching text the way a diff does, so only runs that line up
  with each other count (see ``_align``).
- *Check*: the passage found must not cut a word in half, must be at most 30%
  shorter or longer than the quote, and must be similar enough to it. Among
  the passages that pass, surrounding text that still matches the saved
  context counts in a passage's favour.

On such a text, a search that finds nothing takes a few milliseconds, and a
passage as long as the whole section a few tens of milliseconds.

This module uses no framework - standard library and ``rapidfuzz`` only, no
Django - so that models, views and management commands can all use it, and so
it can be tested in isolation.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein, Postfix, Prefix

__all__ = [
    "CONTEXT_CHARS",
    "Anchor",
    "AnchorError",
    "Placement",
    "anchor_from_quote",
    "anchor_locate",
    "anchor_make",
]

CONTEXT_CHARS = 32

PlacementMethod = Literal["exact", "fuzzy"]

# A fuzzy match may be up to 30% shorter or longer than the passage: more than
# that is a rewrite, and the comment is better shown as outdated.
_LENGTH_TOLERANCE = 0.3

# A passage of one or two characters that has gone is not worth guessing at:
# nearly any text has something similar.
_MIN_FUZZY_CHARS = 3

# "Near the old position" means within this many characters of it (or twice
# the passage's length, for long passages). Most revisions edit one place, so
# a passage that moved usually moved by less than this.
_NEAR_CHARS = 1500

# Windows start every len(quote) // _STRIDES characters: finer costs more
# windows, coarser lets the best window sit further off the passage.
_STRIDES = 8

# A window must score at least this share of min_score to be aligned. A
# passage 30% longer than the quote with a quarter of it changed, seen through
# a window half a stride off, still scores about 0.66 of its own similarity.
_WINDOW_BAR = 0.65

# How many windows are aligned, near the old position and then anywhere, and
# at most how many characters of quote in all: aligning costs time roughly
# quadratic in the length, so long passages get fewer tries.
_MAX_CANDIDATES = 6
_CANDIDATE_BUDGET = 12_000

# How much the similarity of the surrounding text counts next to the
# similarity of the passage itself, when choosing between fuzzy matches.
_CONTEXT_WEIGHT = 0.25

# About one long word: extra room around a window when aligning, and how much
# a changed stretch may grow before the text in it is taken to be new text
# next to the passage rather than the passage rewritten.
_SLACK = 16

# Matching runs shorter than this are mostly chance (the same letter or a
# space in two unrelated words), so they do not decide where a passage starts
# or ends.
_MIN_BLOCK_CHARS = 3

# A matching run this long is taken to be part of the passage, not chance.
_SOLID_CHARS = 24


class AnchorError(ValueError):
    """A passage cannot be anchored: the message says why, in words a person can act on."""


@dataclass(frozen=True)
class Anchor:
    """Where a comment points: the quoted passage, its context and its offsets.

    ``exact`` is ``text[start:end]`` of the text the anchor was made on;
    ``prefix`` and ``suffix`` are up to ``CONTEXT_CHARS`` characters just
    before and just after it.
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """The anchor as plain JSON-ready data, for a JSONField or an API response."""
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Anchor:
        """Read an anchor saved with ``to_dict``.

        Raises ``AnchorError`` if the data is not an anchor. ``prefix`` and
        ``suffix`` may be left out: a client that cannot send them still gets
        a working, if less precise, anchor.
        """
        exact = data.get("exact")
        prefix = data.get("prefix", "")
        suffix = data.get("suffix", "")
        start = data.get("start")
        end = data.get("end")
        if not isinstance(exact, str) or not exact.strip():
            raise AnchorError("The anchor has no quoted passage")
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            raise AnchorError("The text around the quoted passage must be text")
        # bool is an int in Python, but True is not an offset.
        if not _is_offset(start) or not _is_offset(end):
            raise AnchorError("The anchor's start and end must be whole numbers, 0 or more")
        if start > end:
            raise AnchorError("The anchor's passage must not end before it starts")
        return cls(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)


@dataclass(frozen=True)
class Placement:
    """Where an anchor's passage is in a new text.

    ``method`` is ``"exact"`` when the quote was found word for word
    (``score`` is then 1.0) and ``"fuzzy"`` when a similar passage was found
    instead; ``score`` is then its similarity to the quote, from 0 to 1: twice
    the characters they have in common, in order, over their total length
    (``rapidfuzz.distance.Indel.normalized_similarity``). ``exact`` is the
    passage as it is in the new text, ``text[start:end]``.
    """

    start: int
    end: int
    exact: str
    method: PlacementMethod
    score: float


def _is_offset(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def anchor_make(text: str, start: int, end: int, *, context: int = CONTEXT_CHARS) -> Anchor:
    """Anchor the passage ``text[start:end]``.

    Whitespace around the passage is left out (a selection made with a mouse
    often picks up a space or a line break), and ``start`` and ``end`` move
    to match. ``prefix`` and ``suffix`` are up to ``context`` characters of the
    text just before and just after the passage.

    Raises ``AnchorError`` if the range is not a non-empty range inside the
    text, or if it holds only whitespace.
    """
    if context < 0:
        raise ValueError(f"context must not be negative, got {context}")
    if start < 0:
        raise AnchorError("The passage must not start before the beginning of the text")
    if end > len(text):
        raise AnchorError("The passage must not run past the end of the text")
    if start >= end:
        raise AnchorError("The passage is empty: choose at least one character")
    passage = text[start:end]
    if not passage.strip():
        raise AnchorError("The passage is only spaces or line breaks: choose some words")
    start += len(passage) - len(passage.lstrip())
    end -= len(passage) - len(passage.rstrip())
    return Anchor(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def anchor_from_quote(
    text: str,
    exact: str,
    *,
    near: int | None = None,
    prefix: str = "",
    suffix: str = "",
) -> Anchor:
    """Anchor a passage given by its quote, for a client that sends no offsets.

    When the quote appears more than once, the occurrence whose surrounding
    text best matches ``prefix`` and ``suffix`` wins, then the one nearest to
    ``near`` (a character offset, if the client knows roughly where the
    passage was), then the first. Whitespace around the quote is ignored.

    Raises ``AnchorError`` if the quote is only whitespace or is not in the
    text word for word.
    """
    quote = exact.strip()
    if not quote:
        raise AnchorError("The passage is only spaces or line breaks: choose some words")
    # Whitespace trimmed off the quote belongs to its context instead, so it
    # still helps to tell the occurrences apart.
    leading = exact[: len(exact) - len(exact.lstrip())]
    trailing = exact[len(exact.rstrip()) :]
    starts = _occurrences(text, quote)
    if not starts:
        raise AnchorError("That passage is not in the text")
    start = _best_occurrence(text, starts, len(quote), prefix + leading, trailing + suffix, near)
    return anchor_make(text, start, start + len(quote))


def anchor_locate(text: str, anchor: Anchor, *, min_score: float = 0.75) -> Placement | None:
    """Find an anchor's passage in a (usually newer) text.

    The quote is looked for word for word first; among several occurrences
    the one whose surrounding text best matches the anchor's prefix and
    suffix wins, then the one nearest the anchor's old start. If the quote is
    not there, a passage similar to it is looked for, near the old start
    first and then anywhere: one that is at most 30% shorter or longer, does
    not cut a word in half, and whose similarity to the quote is at least
    ``min_score`` (more than 0, at most 1). Surrounding text that still
    matches the anchor's context counts in a match's favour.

    Returns ``None`` when neither finds the passage: it was deleted or
    rewritten, and the comment should be shown as outdated. The result
    depends only on the arguments.
    """
    if not 0 < min_score <= 1:
        raise ValueError(f"min_score must be more than 0 and at most 1, got {min_score}")
    exact = anchor.exact
    if not exact.strip():
        return None
    starts = _occurrences(text, exact)
    if starts:
        start = _best_occurrence(
            text, starts, len(exact), anchor.prefix, anchor.suffix, anchor.start
        )
        return Placement(start, start + len(exact), exact, "exact", 1.0)
    return _locate_fuzzy(text, anchor, min_score)


# Exact matches


def _occurrences(text: str, exact: str) -> list[int]:
    """Every offset where ``exact`` occurs in ``text``, overlapping ones included."""
    found: list[int] = []
    index = text.find(exact)
    while index != -1:
        found.append(index)
        index = text.find(exact, index + 1)
    return found


def _best_occurrence(
    text: str,
    starts: Sequence[int],
    length: int,
    prefix: str,
    suffix: str,
    near: int | None,
) -> int:
    """The occurrence whose surroundings match most characters of the context.

    Ties go to the occurrence nearest ``near``, then to the first one, so the
    answer never depends on anything but the arguments.
    """

    def key(start: int) -> tuple[int, int, int]:
        before = text[max(0, start - len(prefix)) : start]
        after = text[start + length : start + length + len(suffix)]
        # Common suffix and prefix lengths, in C++: a passage of one letter
        # can occur thousands of times.
        context = Postfix.similarity(before, prefix) + Prefix.similarity(after, suffix)
        distance = 0 if near is None else abs(start - near)
        return (-context, distance, start)

    return min(starts, key=key)


# Fuzzy matches

_Block = tuple[int, int, int]  # needle[i : i + size] == region[j : j + size], as (i, j, size)


def _locate_fuzzy(text: str, anchor: Anchor, min_score: float) -> Placement | None:
    """Look for a passage similar to the anchor's quote, near its old start first."""
    length = len(anchor.exact)
    if length < _MIN_FUZZY_CHARS or len(text) < (1 - _LENGTH_TOLERANCE) * length:
        return None
    windows = _windows(text, anchor, min_score)
    radius = max(_NEAR_CHARS, 2 * length)
    limit = max(1, min(_MAX_CANDIDATES, _CANDIDATE_BUDGET // length))
    # Near the old start first: most revisions leave a passage roughly where
    # it was, and if it is there a similar passage elsewhere is not it. Then
    # everywhere else, for a passage that was moved.
    for near in (True, False):
        tried: list[int] = []
        best: tuple[tuple[float, int, int], Placement] | None = None
        for window in windows:
            # Windows close to a better one are the same place, not another.
            if (abs(window - anchor.start) <= radius) != near or any(
                abs(window - other) < max(_SLACK, length // 2) for other in tried
            ):
                continue
            tried.append(window)
            found = _candidate(text, anchor, window, min_score)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
            if len(tried) == limit:
                break
        if best is not None:
            return best[1]
    return None


def _windows(text: str, anchor: Anchor, min_score: float) -> list[int]:
    """Starts of the windows of the text that are like the quote, best first.

    Ties go to the window nearest the anchor's old start, then to the first.
    """
    length = len(anchor.exact)
    stride = max(1, length // _STRIDES)
    last = max(0, len(text) - length)
    # A window every stride, and one at the end of the text unless one is
    # already within half a stride of it.
    starts = list(range(0, last + 1, stride))
    if last - starts[-1] > stride // 2:
        starts.append(last)
    found = process.extract(
        anchor.exact,
        [text[start : start + length] for start in starts],
        scorer=fuzz.ratio,
        score_cutoff=100 * _WINDOW_BAR * min_score,
        limit=None,
    )
    ranked = sorted((-score, abs(starts[i] - anchor.start), starts[i]) for _, score, i in found)
    return [start for _, _, start in ranked]


def _candidate(
    text: str, anchor: Anchor, window: int, min_score: float
) -> tuple[tuple[float, int, int], Placement] | None:
    """The passage around a promising window, with its rank, if it is similar enough."""
    exact = anchor.exact
    length = len(exact)
    # Room for the passage to be 30% longer than the quote, and for the
    # window to be half a stride off it.
    slack = math.ceil(length * _LENGTH_TOLERANCE) + length // _STRIDES + _SLACK
    low = max(0, window - slack - len(anchor.prefix))
    high = min(len(text), window + length + slack + len(anchor.suffix))
    span = _align(text[low:high], anchor)
    if span is None:
        return None
    start, end = _snap(text, low + span[0], low + span[1])
    if not (1 - _LENGTH_TOLERANCE) * length <= end - start <= (1 + _LENGTH_TOLERANCE) * length:
        return None
    passage = text[start:end]
    # Below the cutoff rapidfuzz returns 0, and it can stop early.
    score = Indel.normalized_similarity(passage, exact, score_cutoff=min_score)
    if score < min_score:
        return None
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    # A separator that appears in neither keeps the prefix from matching the
    # text after the span and the other way round.
    context = Indel.normalized_similarity(f"{anchor.prefix}\0{anchor.suffix}", f"{before}\0{after}")
    rank = (score + _CONTEXT_WEIGHT * context, -abs(start - anchor.start), -start)
    return rank, Placement(start, end, passage, "fuzzy", score)


def _align(region: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the quote's start and end fall in ``region``, as offsets into it.

    The quote is aligned together with its prefix and suffix: where the
    surrounding text still matches, it places the ends of the passage even
    when the first or last words of the passage itself were changed.

    An alignment of the whole needle with the whole region must put the
    region's extra text somewhere, and when there is a lot of it, the end of
    the needle can be matched letter by letter with text well past the
    passage at no extra cost. So the runs of a first alignment say where the
    needle lies, and the region is cut down to that, with room for the ends
    to have grown, and aligned again.
    """
    needle = f"{anchor.prefix}{anchor.exact}{anchor.suffix}"
    quote_start = len(anchor.prefix)
    quote_end = quote_start + len(anchor.exact)
    forward = _consistent(_blocks(needle, region), len(anchor.exact))
    if not forward:
        return None
    (first_i, first_j, _), (last_i, last_j, last_size) = forward[0], forward[-1]
    tail = len(needle) - last_i - last_size
    low = max(0, first_j - first_i - math.ceil(_LENGTH_TOLERANCE * first_i) - _SLACK)
    high = min(
        len(region), last_j + last_size + tail + math.ceil(_LENGTH_TOLERANCE * tail) + _SLACK
    )
    if (low, high) != (0, len(region)):
        region = region[low:high]
        forward = _consistent(_blocks(needle, region), len(anchor.exact))
    # Where an alignment could go either way ("the" + "\nthe" + "n there",
    # or "the\n" + "then there"), rapidfuzz matches as early as it can and
    # puts the extra text after. That keeps text inserted just after the
    # passage out of it, but takes in text inserted just before: so the start
    # is taken from an alignment of the two strings reversed. Only their
    # heads, up to the end of the first long run in the quote (which the two
    # alignments agree on), are aligned again.
    head, region_head = next(
        (
            (i + size, j + size)
            for i, j, size in forward
            if i >= quote_start and size >= _SOLID_CHARS
        ),
        (len(needle), len(region)),
    )
    backward = _consistent(
        [
            (head - i - size, region_head - j - size, size)
            for i, j, size in reversed(_blocks(needle[:head][::-1], region[:region_head][::-1]))
        ],
        len(anchor.exact),
    )
    if not forward or not backward:
        return None
    start = _map_boundary(needle, backward, quote_start, len(region), start=True)
    end = _map_boundary(needle, forward, quote_end, len(region), start=False)
    return (low + start, low + end) if start < end else None


def _blocks(needle: str, region: str) -> list[_Block]:
    """The runs of at least ``_MIN_BLOCK_CHARS`` that match in an alignment of the two.

    Levenshtein rather than Indel opcodes: a replaced word is then one
    changed stretch, not a scatter of one-letter matches between its letters.
    """
    # The hint (the distance expected: the extra length, and an edit in every
    # few words) only lets rapidfuzz start with a narrow band of the matrix,
    # which it widens if needed: the alignment is the same, ten times sooner
    # on the longest sections.
    hint = abs(len(region) - len(needle)) + len(needle) // 16
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Levenshtein.opcodes(needle, region, score_hint=hint)
        if op.tag == "equal" and op.src_end - op.src_start >= _MIN_BLOCK_CHARS
    ]


def _consistent(blocks: list[_Block], quote_size: int) -> list[_Block]:
    """The matching runs that line up with each other.

    Between the long runs an alignment can match a word or two far from the
    passage - or, in a text that repeats itself, a copy of part of it. So
    runs shifted from the longest one by more than the passage could have
    grown or shrunk are dropped, and a short run (under ``_SOLID_CHARS``)
    must also line up with the nearest long one before or after it: shifted
    from it by no more than 30% of the distance between them, plus ``_SLACK``.
    """
    if not blocks:
        return []
    longest = max(blocks, key=lambda block: block[2])
    drift = math.ceil(_LENGTH_TOLERANCE * quote_size) + _SLACK
    blocks = [b for b in blocks if abs(b[1] - b[0] - longest[1] + longest[0]) <= drift]
    solid_size = min(_SOLID_CHARS, longest[2])
    solid = [b for b in blocks if b[2] >= solid_size]
    solid_starts = [b[0] for b in solid]
    kept = []
    for i, j, size in blocks:
        at = bisect.bisect(solid_starts, i)
        if size >= solid_size or any(
            abs(j - i - other_j + other_i)
            <= _LENGTH_TOLERANCE * max(other_i - i - size, i - other_i - other_size) + _SLACK
            for other_i, other_j, other_size in solid[max(0, at - 1) : at + 1]
        ):
            kept.append((i, j, size))
    return kept


def _map_boundary(
    needle: str, blocks: Sequence[_Block], index: int, length: int, *, start: bool
) -> int:
    """Map a boundary between characters of the needle to one in the region.

    Inside a matching run, the boundary keeps its place in the run. In a
    changed stretch between two runs:

    - if nothing of the needle is in the stretch, it is text inserted next to
      the passage, and stays out of it;
    - if the stretch grew far more than a rewrite would (by more than 30% and
      ``_SLACK``), it is mostly new text next to the passage, so the boundary
      keeps its distance from the run on the passage's side - as it does
      before the first run or after the last, where there is only one;
    - if the surrounding text next to the boundary is intact, the whole
      stretch belongs to the passage: a word replaced at its edge stays in;
    - if the stretch changed on both sides of the boundary, the passage's
      part of it is taken to have kept its length.

    Whitespace counts as intact: a space that the alignment left out of a run
    says nothing about what changed.
    """
    before: _Block | None = None
    after: _Block | None = None
    for i, j, size in blocks:
        if i < index < i + size:
            return j + index - i
        if i + size <= index:
            before = (i, j, size)
        elif after is None:
            after = (i, j, size)
    if before is None:
        assert after is not None  # blocks is not empty
        return max(0, after[1] - after[0] + index)
    gap_at, gap_start = before[1] + before[2], before[0] + before[2]
    if after is None:
        return min(length, gap_at + index - gap_start)
    # The needle's part of the stretch before and after the boundary.
    ahead = index - gap_start if needle[gap_start:index].strip() else 0
    behind = after[0] - index if needle[index : after[0]].strip() else 0
    if not ahead + behind:
        return after[1] if start else gap_at
    needle_gap = after[0] - gap_start
    grew = after[1] - gap_at - needle_gap > _LENGTH_TOLERANCE * needle_gap + _SLACK
    if start:
        return gap_at if not ahead and not grew else max(gap_at, after[1] - behind)
    return after[1] if not behind and not grew else min(after[1], gap_at + ahead)


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not cut a word in half, then drop whitespace at its ends."""
    while 0 < start < len(text) and (
        _is_word_character(text[start - 1]) and _is_word_character(text[start])
    ):
        start -= 1
    while 0 < end < len(text) and (
        _is_word_character(text[end - 1]) and _is_word_character(text[end])
    ):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
