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

The fuzzy search has to stay fast on the longest sections (about 20,000
characters), so it works in two steps: a cheap scan with character trigrams
finds the few places that share enough of the passage, and only those are
compared properly with ``difflib``. On such a text a search that finds
nothing takes a few tens of milliseconds, and a passage as long as the whole
section under 100 ms. Long passages (over ``_CHAR_LEVEL_MAX`` characters) are
compared word by word, which relies on the text being prose: in a text that
is a handful of words, or the same few sentences, over and over, a long
passage that changed at all may not be found, and its comment shows as
outdated.

This module is framework-free on purpose - standard library only, no Django -
so that models, views and management commands can all use it, and so it can
be tested in isolation.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeGuard

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

# The trigram scan needs at least one trigram. A passage of one or two
# characters that has gone is not worth guessing at anyway.
_GRAM = 3

# "Near the old position" means within this many characters of it (or twice
# the passage's length, for long passages). Most revisions edit one place, so
# a passage that moved usually moved by less than this.
_NEAR_CHARS = 1500

# How many promising places are compared properly, near the old position and
# then anywhere. Each comparison costs about a millisecond for a sentence.
_MAX_CANDIDATES = 6

# Character-by-character comparison (SequenceMatcher with autojunk off) takes
# time roughly quadratic in the length: a third of a millisecond at 200
# characters, 15 ms at 1,000 and 300 ms at 4,000. Longer passages are compared
# word by word instead, with each word weighted by its length so that the
# score still means "the share of the characters that match".
_CHAR_LEVEL_MAX = 256

# Long passages are compared word by word, but even that grows with the
# length, so fewer places are tried for them: at most this many characters of
# passage in all.
_TOKEN_LEVEL_BUDGET = 12_000

# How much the similarity of the surrounding text counts next to the
# similarity of the passage itself, when choosing between fuzzy matches.
_CONTEXT_WEIGHT = 0.25

# In long passages, a changed stretch of at most this many characters between
# two matching words is compared letter by letter: it is most likely a typo.
_GAP_CHARS = 40

# A window must score at least this share of min_score to be looked at more
# closely (see _candidate).
_WINDOW_BAR = 0.7

# Windows whose starts are closer than this are one place, not two; it is
# also the slack around a window when the passage is aligned, about one long
# word.
_MIN_SPACING = 16

# A matching run this long is taken to be part of the passage; a shorter one
# has to line up with the long ones around it (see _consistent_runs).
_SOLID_CHARS = 24

# Matching runs shorter than this are mostly chance (the same letter or a
# space in two unrelated words), so they do not decide where a passage starts
# or ends.
_MIN_BLOCK_CHARS = 3

# Words and single punctuation marks; whitespace is left out, as in textdiff,
# because a sequence that is half single spaces is slow to compare and the
# spaces say nothing about which passage is which.
_TOKEN = re.compile(r"\w+|[^\w\s]")


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
    instead; ``score`` is then its similarity to the quote, from 0 to 1, as
    ``difflib.SequenceMatcher.ratio`` measures it. ``exact`` is the passage as
    it is in the new text, ``text[start:end]``.
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


def _common_prefix_length(a: str, b: str) -> int:
    # Binary search on slices: each comparison runs in C, so even a passage
    # that occurs thousands of times (a single letter) is scored quickly.
    limit = min(len(a), len(b))
    if not limit or a[0] != b[0]:
        return 0
    low, high = 1, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix_length(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    if not limit or a[-1] != b[-1]:
        return 0
    low, high = 1, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[-middle:] == b[-middle:]:
            low = middle
        else:
            high = middle - 1
    return low


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
        context = _common_suffix_length(before, prefix) + _common_prefix_length(after, suffix)
        distance = 0 if near is None else abs(start - near)
        return (-context, distance, start)

    return min(starts, key=key)


# Fuzzy matches


@dataclass(frozen=True)
class _Candidate:
    placement: Placement
    rank: tuple[float, int, int]


def _matched(matcher: difflib.SequenceMatcher[str]) -> int:
    return sum(block.size for block in matcher.get_matching_blocks())


class _Similarity:
    """How similar a stretch of text is to the quote, from 0 to 1.

    Short quotes are compared character by character: the score is
    ``SequenceMatcher.ratio``. Long ones (see ``_CHAR_LEVEL_MAX``) are
    compared word by word, then letter by letter only inside short changed
    stretches between matching words; whitespace is left out. The score
    still means "the share of the characters that match", and a fixed typo
    costs about as much either way.
    """

    def __init__(self, exact: str) -> None:
        self.char_level = len(exact) <= _CHAR_LEVEL_MAX
        # SequenceMatcher caches what it learns about its second sequence, so
        # the quote goes there and each candidate in turn goes first. See
        # _align about autojunk.
        self._matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(
            None, autojunk=not self.char_level
        )
        if self.char_level:
            self._matcher.set_seq2(exact)
        else:
            self._tokens = _TOKEN.findall(exact)
            self._letters = Counter("".join(self._tokens))
            self._weight = sum(map(len, self._tokens))
            self._matcher.set_seq2(self._tokens)

    def promising(self, window: str, at_least: float) -> bool:
        """Whether a window of the text is worth aligning the quote with.

        Aligning costs several times more than one comparison, so short
        quotes are compared with the window properly. For long ones even that
        comparison is slow, and the cheap upper bound has to do.
        """
        if self.char_level:
            return self.score(window, at_least) is not None
        return self._bound(_TOKEN.findall(window)) >= at_least

    def score(self, candidate: str, at_least: float) -> float | None:
        """The similarity of ``candidate`` to the quote, or None if it is below ``at_least``."""
        if self.char_level:
            self._matcher.set_seq1(candidate)
            # The quick upper bounds are cheap and rule out most candidates
            # before the full comparison runs.
            if self._matcher.real_quick_ratio() < at_least:
                return None
            if self._matcher.quick_ratio() < at_least:
                return None
            ratio = self._matcher.ratio()
            return ratio if ratio >= at_least else None

        tokens = _TOKEN.findall(candidate)
        if self._bound(tokens) < at_least:
            return None
        self._matcher.set_seq1(tokens)
        matched = 0
        done_candidate = done_quote = 0
        for i, j, size in self._matcher.get_matching_blocks():
            # A short changed stretch between two matching runs is most likely
            # a word or two with a typo fixed, so its letters count too.
            ours = "".join(tokens[done_candidate:i])
            theirs = "".join(self._tokens[done_quote:j])
            if ours and theirs and max(len(ours), len(theirs)) <= _GAP_CHARS:
                matched += _matched(difflib.SequenceMatcher(None, ours, theirs, autojunk=False))
            matched += sum(map(len, tokens[i : i + size]))
            done_candidate, done_quote = i + size, j + size
        ratio = 2 * matched / (self._weight + sum(map(len, tokens)))
        return ratio if ratio >= at_least else None

    def _bound(self, tokens: list[str]) -> float:
        # quick_ratio's upper bound, on the characters that are compared: the
        # letters both have, whatever their order.
        total = self._weight + sum(map(len, tokens))
        shared = (self._letters & Counter("".join(tokens))).total()
        return 2 * shared / total if total else 0.0


def _locate_fuzzy(text: str, anchor: Anchor, min_score: float) -> Placement | None:
    """Look for a passage similar to the anchor's quote, near its old start first."""
    exact = anchor.exact
    length = len(exact)
    if length < _GRAM or len(text) < (1 - _LENGTH_TOLERANCE) * length:
        return None

    similarity = _Similarity(exact)
    if similarity.char_level:
        limit = _MAX_CANDIDATES
    else:
        limit = max(1, min(_MAX_CANDIDATES, _TOKEN_LEVEL_BUDGET // length))
    radius = max(_NEAR_CHARS, 2 * length)
    near = (max(0, anchor.start - radius), anchor.start + radius)
    needed = Counter(exact[i : i + _GRAM] for i in range(length - _GRAM + 1))

    # Near the old start first: most revisions leave a passage roughly where
    # it was, and if it is there the rest of the text need not be scanned.
    # Then everywhere else, for a passage that was moved.
    for low, high, skip in ((*near, None), (0, len(text), near)):
        peaks = _peaks(text, needed, length, (low, high), anchor.start, min_score, limit, skip)
        best: _Candidate | None = None
        for peak in peaks:
            candidate = _candidate(text, anchor, peak, similarity, min_score)
            if candidate is not None and (best is None or candidate.rank > best.rank):
                best = candidate
        if best is not None:
            return best.placement
    return None


def _window_counts(text: str, needed: Counter[str], width: int, low: int, last: int) -> list[int]:
    """For each window start from ``low`` to ``last``, how many of the quote's trigrams it has.

    Each trigram counts at most as often as the quote has it, so a window
    that repeats one common trigram does not look like a match. The count is
    kept up to date as the window slides one character at a time, so the
    scan is linear in the length of the text.
    """
    grams = [text[i : i + _GRAM] for i in range(low, last + width - _GRAM + 1)]
    per_window = width - _GRAM + 1
    have = dict.fromkeys(needed, 0)
    # Local names: this loop runs once per character of the text.
    have_get = have.get
    shared = 0
    for gram in grams[:per_window]:
        count = have_get(gram)
        if count is not None:
            if count < needed[gram]:
                shared += 1
            have[gram] = count + 1
    counts = [shared]
    append = counts.append
    for leaving, entering in zip(grams, grams[per_window:], strict=False):
        count = have_get(leaving)
        if count is not None:
            count -= 1
            have[leaving] = count
            if count < needed[leaving]:
                shared -= 1
        count = have_get(entering)
        if count is not None:
            if count < needed[entering]:
                shared += 1
            have[entering] = count + 1
        append(shared)
    return counts


def _peaks(
    text: str,
    needed: Counter[str],
    length: int,
    starts: tuple[int, int],
    expected: int,
    min_score: float,
    limit: int,
    skip: tuple[int, int] | None,
) -> list[int]:
    """Starts of the windows that share the most trigrams with the quote, best first.

    A window is ``length`` characters long and starts in ``starts`` (both
    ends included) but not in ``skip``. Ties go to the window nearest
    ``expected``. Windows close to a better one are left out, so that the few
    places compared properly are different places.
    """
    width = min(length, len(text))
    low = starts[0]
    last = min(starts[1], len(text) - width)
    if last < low:
        return []
    counts = _window_counts(text, needed, width, low, last)
    if skip is not None:
        # The windows near the old start had their turn in the first pass.
        first_skipped = max(0, skip[0] - low)
        last_skipped = max(first_skipped, min(len(counts), skip[1] - low + 1))
        counts[first_skipped:last_skipped] = [0] * (last_skipped - first_skipped)

    # Each changed character spoils at most three trigrams, so a passage with
    # a share (1 - min_score) of its characters changed keeps about
    # 1 - 3 * (1 - min_score) of them. The threshold is well below that, as a
    # window need not line up with the passage; it only saves comparing
    # places that share next to nothing with the quote.
    share = max(0.1, 1 - 3 * (1 - min_score)) * 0.75
    threshold = max(1, math.ceil((width - _GRAM + 1) * share))

    # The best window in each stretch of `spacing` starts stands for the
    # stretch: neighbouring windows share most of their text. Looking at
    # stretches rather than single windows also keeps the sorting short.
    spacing = max(_MIN_SPACING, length // 2)
    ranked: list[tuple[int, int, int]] = []
    for offset in range(0, len(counts), spacing):
        stretch = counts[offset : offset + spacing]
        top = max(stretch)
        if top >= threshold:
            start = low + offset + stretch.index(top)
            ranked.append((-top, abs(start - expected), start))
    ranked.sort()

    chosen: list[int] = []
    for _, _, start in ranked:
        if all(abs(start - other) >= spacing for other in chosen):
            chosen.append(start)
            if len(chosen) == limit:
                break
    return chosen


def _candidate(
    text: str,
    anchor: Anchor,
    peak: int,
    similarity: _Similarity,
    min_score: float,
) -> _Candidate | None:
    """The best passage around a promising window, if it is similar enough to the quote."""
    exact = anchor.exact
    length = len(exact)
    # A window that is nowhere near similar enough is dropped before the
    # costly alignment. The bar is lower than min_score because the window
    # need not line up with the passage, which may also be up to 30% longer
    # or shorter.
    if not similarity.promising(text[peak : peak + length], _WINDOW_BAR * min_score):
        return None
    slack = math.ceil(length * _LENGTH_TOLERANCE) + _MIN_SPACING
    low = max(0, peak - slack - len(anchor.prefix))
    high = min(len(text), peak + length + slack + len(anchor.suffix))
    span = _align(text[low:high], anchor, char_level=similarity.char_level)
    if span is None:
        return None
    start, end = _snap(text, low + span[0], low + span[1])
    if not (1 - _LENGTH_TOLERANCE) * length <= end - start <= (1 + _LENGTH_TOLERANCE) * length:
        return None
    passage = text[start:end]
    score = similarity.score(passage, min_score)
    if score is None:
        return None
    rank = (
        score + _CONTEXT_WEIGHT * _context_similarity(text, start, end, anchor),
        -abs(start - anchor.start),
        -start,
    )
    return _Candidate(Placement(start, end, passage, "fuzzy", score), rank)


def _align(region: str, anchor: Anchor, *, char_level: bool) -> tuple[int, int] | None:
    """Where the quote's start and end fall in ``region``, as offsets into it.

    The quote is aligned together with its prefix and suffix: where the
    surrounding text still matches, it pins down the ends of the passage even
    when the first or last words of the passage itself were changed.
    """
    parts = (anchor.prefix, anchor.exact, anchor.suffix)
    a: Sequence[str]
    b: Sequence[str]
    if char_level:
        a = "".join(parts)
        b = region
        quote_start = len(anchor.prefix)
        quote_end = quote_start + len(anchor.exact)
        b_starts: Sequence[int] = range(len(region))
        b_ends: Sequence[int] = range(1, len(region) + 1)
    else:
        # Each part is split on its own: a prefix that ends inside a word must
        # not glue onto the quote's first word.
        prefix_tokens, quote_tokens, suffix_tokens = (_TOKEN.findall(part) for part in parts)
        a = prefix_tokens + quote_tokens + suffix_tokens
        quote_start = len(prefix_tokens)
        quote_end = quote_start + len(quote_tokens)
        matches = list(_TOKEN.finditer(region))
        b = [match.group() for match in matches]
        b_starts = [match.start() for match in matches]
        b_ends = [match.end() for match in matches]

    # Characters: autojunk would treat every common letter as junk in a
    # string of 200 or more, and find next to nothing. Words: with autojunk
    # off, the time grows with how often each word repeats ("the", ","), and
    # passed a second on long passages; with it on, a run of matching words
    # is still found as long as it holds one less common word, which in prose
    # nearly every run does.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=not char_level)
    runs = [
        _Run(i, j, size, sum(len(item) for item in a[i : i + size]))
        for i, j, size in matcher.get_matching_blocks()
    ]
    slack = _MIN_SPACING if char_level else _MIN_SPACING // 4
    blocks = _consistent_runs(runs, quote_end - quote_start, slack)
    if not blocks:
        return None
    first = _map_boundary(blocks, quote_start, start=True, length=len(b), slack=slack)
    last = _map_boundary(blocks, quote_end, start=False, length=len(b), slack=slack)
    if first >= last:
        return None
    return b_starts[first], b_ends[last - 1]


@dataclass(frozen=True)
class _Run:
    """A run of matching items: ``a[i : i + size] == b[j : j + size]``, ``chars`` characters."""

    i: int
    j: int
    size: int
    chars: int

    @property
    def shift(self) -> int:
        return self.j - self.i


def _consistent_runs(
    runs: Sequence[_Run], quote_size: int, slack: int
) -> list[tuple[int, int, int]]:
    """The matching runs that line up with each other, as ``(i, j, size)``.

    SequenceMatcher matches the longest runs first and then fills in between,
    and in what is left it can pick a chance match of a word or two far from
    where the passage is - or, in a text that repeats itself (list items that
    start alike, a phrase in every paragraph), a copy of part of the passage.
    So runs of a few characters (``_MIN_BLOCK_CHARS``) are dropped, and so
    are runs shifted from the longest one by more than the passage could
    have grown or shrunk. A short run (under ``_SOLID_CHARS``) must also line
    up with the nearest long one: shifted from it by no more than 30% of the
    distance between them, plus ``slack``.
    """
    runs = [run for run in runs if run.size and run.chars >= _MIN_BLOCK_CHARS]
    if not runs:
        return []
    longest = max(runs, key=lambda run: run.chars)
    drift = math.ceil(_LENGTH_TOLERANCE * quote_size) + slack
    runs = [run for run in runs if abs(run.shift - longest.shift) <= drift]
    solid_chars = min(_SOLID_CHARS, longest.chars)
    solid = [run for run in runs if run.chars >= solid_chars]
    solid_starts = [run.i for run in solid]
    kept: list[tuple[int, int, int]] = []
    for run in runs:
        if run.chars < solid_chars:
            # The nearest long runs are the last one before and the first after.
            index = bisect.bisect(solid_starts, run.i)
            neighbours = solid[max(0, index - 1) : index + 1]
            if not any(
                abs(run.shift - other.shift)
                <= _LENGTH_TOLERANCE * max(other.i - run.i - run.size, run.i - other.i - other.size)
                + slack
                for other in neighbours
            ):
                continue
        kept.append((run.i, run.j, run.size))
    return kept


def _map_boundary(
    blocks: Sequence[tuple[int, int, int]], index: int, *, start: bool, length: int, slack: int
) -> int:
    """Map a boundary between items of the pattern to one between items of the region.

    Inside or at the edge of a matching run, the boundary keeps its place in
    the run. Inside a changed stretch between two runs, the passage takes the
    whole stretch: the start goes to the end of the run before, the end to
    the start of the run after. But if the stretch grew far more than the
    passage could have (by more than 30% and ``slack`` items), the run on the
    other side is most likely a chance match, so the boundary keeps its
    distance from the run on the passage's side instead - as it does before
    the first run or after the last, where there is only that run to go by.
    """
    previous: tuple[int, int, int] | None = None
    for i, j, size in blocks:
        if index < i:
            # On the passage's side: the run after a start, the run before an end.
            if start:
                by_passage = max(0, j - (i - index))
            elif previous is None:
                return max(0, j - (i - index))
            else:
                by_passage = previous[1] + previous[2] + (index - previous[0] - previous[2])
            if previous is None:
                return by_passage
            gap_before = i - previous[0] - previous[2]
            gap_after = j - previous[1] - previous[2]
            if gap_after - gap_before > _LENGTH_TOLERANCE * gap_before + slack:
                return by_passage
            return previous[1] + previous[2] if start else j
        if index <= i + size:
            return j + (index - i)
        previous = (i, j, size)
    assert previous is not None  # blocks is not empty
    i, j, size = previous
    return min(length, j + size + (index - i - size))


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


def _context_similarity(text: str, start: int, end: int, anchor: Anchor) -> float:
    """How alike the text around a span is to the anchor's prefix and suffix, from 0 to 1."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    # A separator that appears in neither keeps the prefix from matching the
    # text after the span and the other way round.
    return difflib.SequenceMatcher(
        None, f"{anchor.prefix}\0{anchor.suffix}", f"{before}\0{after}", autojunk=False
    ).ratio()
