"""Word-level differences between two versions of a Markdown text.

Editors review changes to guidance before it is published, and contributors
want to see what an editor changed. A line diff is too coarse for prose: one
changed word in a paragraph that is a single long line marks the whole
paragraph as changed. So we compare words, and render the result as HTML that
works with a screen reader (the ``<ins>`` and ``<del>`` elements are not
announced by most of them, hence the visually hidden labels).

This module is framework-free on purpose - the standard library and our own
Markdown renderer, no Django - so that views, e-mails and management commands
can all use it, and so it can be tested in isolation.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Literal

import nh3
from markdown_it import MarkdownIt

from ldsp.lib.markdown import (
    ALLOWED_ATTRIBUTE_VALUES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    LINK_REL,
    URL_SCHEMES,
    render_markdown,
)

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


# Differences people can read
#
# The word diff above shows Markdown source, which suits an editor at work but not
# a reader checking what a release changed. What follows shows the rendered text -
# headings as headings, lists as lists - with the changes marked. The Markdown is
# cut into blocks (paragraphs, headings, list items, quotes, tables, code), the
# blocks are matched up, and only within a matched pair of plain blocks are single
# words marked. A block that was mostly rewritten reads better as the old block
# struck out and the new one added than as a jumble of word changes.
#
# Safety: every block is rendered by ``ldsp.lib.markdown`` (raw HTML off, then
# sanitised). The word marks are added between the tags of that sanitised HTML,
# text re-escaped as it is written out, and the whole result is sanitised once
# more against an allow-list that adds only the diff's own elements and classes.

BlockKind = Literal["added", "removed", "changed"]

# Below this share of words in common, a changed block is shown as removed and
# added rather than marked word by word (about "half the words kept").
REWRITE_THRESHOLD = 0.5

# Blocks whose rendered content is words and inline markup only: these are the
# ones worth marking word by word.
_PLAIN_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"})
_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "hr"}
)
_BLOCK_PARSER = MarkdownIt("js-default").enable(["table", "strikethrough"])
_OUTER_TAG = re.compile(r"\A\s*<([a-z][a-z0-9]*)\b")
_LIST_ITEM = re.compile(r"\A\s*<(ul|ol)\b([^>]*)>\s*<li>(.*)</li>\s*</\1>\s*\Z", re.DOTALL)
_LIST_START = re.compile(r'\bstart="(\d+)"')
_ANCHOR_PREFIX = re.compile(r"[a-z][a-z0-9-]{0,40}")
_SUMMARY_WORDS = 8


@dataclass(frozen=True)
class Block:
    """One block of a Markdown text, rendered on its own.

    ``tag`` is the outer element (``p``, ``h2``, ``li`` ...); for a list item,
    ``list_tag`` is the list it belongs in (``ul`` or ``ol``) and ``html`` is the
    item's content without the ``<li>``.
    """

    source: str
    tag: str
    html: str
    list_tag: str = ""
    list_start: int = 1

    @property
    def text(self) -> str:
        """The words a reader sees, in one line."""
        return " ".join(
            token for kind, token in _html_tokens(self.html) if kind == "text" and token.strip()
        )

    @property
    def key(self) -> tuple[str, str, str]:
        """What must be equal for two blocks to count as unchanged."""
        return (self.list_tag, self.tag, " ".join(self.html.split()))


@dataclass(frozen=True)
class BlockChange:
    """One changed block, for the list of changes at the top of a page."""

    kind: BlockKind
    anchor: str
    summary: str


@dataclass(frozen=True)
class ReadableDiff:
    """The rendered, marked-up text (sanitised HTML) and the changes in it, in order."""

    html: str
    changes: list[BlockChange]


def _block_html(source: str) -> Block:
    rendered = render_markdown(source)
    item = _LIST_ITEM.match(rendered)
    if item:
        start = _LIST_START.search(item.group(2))
        return Block(
            source=source,
            tag="li",
            html=item.group(3).strip(),
            list_tag=item.group(1),
            list_start=int(start.group(1)) if start else 1,
        )
    outer = _OUTER_TAG.match(rendered)
    return Block(source=source, tag=outer.group(1) if outer else "", html=rendered.strip())


def markdown_blocks(text: str) -> list[Block]:
    """Cut a Markdown text into blocks: each top-level element, and each list item.

    Blank blocks are left out. Each block is rendered on its own, so a list item
    knows its list type and (for a numbered list) its number.
    """
    lines = _normalise(text).split("\n")
    sources: list[str] = []
    for token in _BLOCK_PARSER.parse(_normalise(text)):
        if token.map is None or token.nesting == -1:
            continue
        in_list = token.level == 1 and token.type == "list_item_open"
        top_level = token.level == 0 and token.type not in ("bullet_list_open", "ordered_list_open")
        if in_list or top_level:
            start, end = token.map
            sources.append("\n".join(lines[start:end]).strip("\n"))
    return [block for block in map(_block_html, sources) if block.html]


def _html_tokens(fragment: str) -> list[tuple[str, str]]:
    """Split sanitised HTML into ("tag", markup) and ("text", word or whitespace).

    Text comes back unescaped; tags come back as written by the sanitiser.
    """
    tokens: list[tuple[str, str]] = []
    for part in re.split(r"(<[^>]*>)", fragment):
        if not part:
            continue
        if part.startswith("<"):
            tokens.append(("tag", part))
        else:
            tokens.extend(("text", word) for word in _TOKEN.findall(html.unescape(part)))
    return tokens


def _word_count(text: str) -> int:
    return len(text.split())


def _similarity(old: Block, new: Block) -> float:
    """Share of words the two blocks have in common, from 0 (none) to 1 (all)."""
    a, b = old.text.split(), new.text.split()
    if not a and not b:
        return 1.0
    matched = sum(
        size
        for _, _, size in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    )
    return 2 * matched / (len(a) + len(b))


def _can_mark_words(old: Block, new: Block) -> bool:
    """Two blocks of the same plain kind, each holding no other blocks."""
    if (old.tag, old.list_tag) != (new.tag, new.list_tag) or old.tag not in _PLAIN_TAGS:
        return False
    for block in (old, new):
        # A list item's HTML is its content; any other block's is wrapped in its tag.
        inner = block.html if block.tag == "li" else block.html[block.html.find(">") + 1 :]
        inner = inner if block.tag == "li" else inner[: inner.rfind("<")]
        if any(
            kind == "tag" and _tag_name(markup) in _BLOCK_TAGS
            for kind, markup in _html_tokens(inner)
        ):
            return False
    return True


def _tag_name(markup: str) -> str:
    match = re.match(r"</?([a-z][a-z0-9]*)", markup)
    return match.group(1) if match else ""


# Pairing every old block of a changed stretch with every new one is quadratic;
# past this many pairs the stretch is shown as removed then added.
_MAX_PAIRINGS = 2500


def pair_blocks(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """Match up two lists of blocks: unchanged ones, edited ones and the rest.

    Returns pairs in reading order: ``(old, new)`` for a block kept or edited,
    ``(old, None)`` for a block removed and ``(None, new)`` for one added. An
    edited pair shares at least ``REWRITE_THRESHOLD`` of its words; where
    blocks are removed and added in the same place, the removals come first.
    """
    matcher = difflib.SequenceMatcher(
        None, [b.key for b in old], [b.key for b in new], autojunk=False
    )
    pairs: list[tuple[Block | None, Block | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            pairs.extend(_pair_changed(old[i1:i2], new[j1:j2]))
    return pairs


def _pair_changed(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    """Pair the most alike blocks first, then the stretches either side of them."""
    best, best_at = REWRITE_THRESHOLD, None
    if len(old) * len(new) <= _MAX_PAIRINGS:
        for i, a in enumerate(old):
            for j, b in enumerate(new):
                if (a.tag, a.list_tag) != (b.tag, b.list_tag):
                    continue
                score = _similarity(a, b)
                if score >= best and (best_at is None or score > best):
                    best, best_at = score, (i, j)
    if best_at is None:
        return _removed_then_added(old, new)
    i, j = best_at
    return [
        *_pair_changed(old[:i], new[:j]),
        (old[i], new[j]),
        *_pair_changed(old[i + 1 :], new[j + 1 :]),
    ]


def _removed_then_added(
    old: list[Block], new: list[Block]
) -> list[tuple[Block | None, Block | None]]:
    """Removed blocks before added ones, but list items at either end kept at that end.

    A stretch that starts with list items continues the list before it, and one
    that ends with them leads into the list after it; putting every removal
    first would cut such a list in two around a removed paragraph.
    """

    def ends(blocks: list[Block]) -> tuple[int, int]:
        lead = next((i for i, b in enumerate(blocks) if not b.list_tag), len(blocks))
        trail = next(
            (i for i, b in enumerate(reversed(blocks[lead:])) if not b.list_tag),
            len(blocks) - lead,
        )
        return lead, len(blocks) - trail

    old_lead, old_trail = ends(old)
    new_lead, new_trail = ends(new)
    removed = [(b, None) for b in old]
    added = [(None, b) for b in new]
    return [
        *removed[:old_lead],
        *added[:new_lead],
        *removed[old_lead:old_trail],
        *added[new_lead:new_trail],
        *removed[old_trail:],
        *added[new_trail:],
    ]


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False)


def _marked_words(old: Block, new: Block) -> str:
    """The new block's HTML with removed and added words marked between its tags.

    Tags come from the new block only, so the markup stays as well formed as the
    sanitiser made it; removed words lose their old formatting, which is fine for
    words that are gone.
    """
    a, b = _html_tokens(old.html), _html_tokens(new.html)
    parts: list[str] = []

    def words(tokens: list[tuple[str, str]], mark: str) -> None:
        label = "added" if mark == "ins" else "removed"
        run: list[str] = []

        def flush() -> None:
            text = "".join(run)
            run.clear()
            if not text.strip():
                # Whitespace alone is kept on the new side and dropped on the old.
                parts.append(_escape_text(text) if mark == "ins" else "")
                return
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            parts.append(
                f'{_escape_text(lead)}<{mark} class="ldsp-diff__{mark}">'
                f'<span class="govuk-visually-hidden">{label}: </span>'
                f"{_escape_text(text.strip())}</{mark}>{_escape_text(trail)}"
            )

        for kind, token in tokens:
            if kind == "text":
                run.append(token)
                continue
            flush()
            if mark == "ins":
                parts.append(token)
        flush()

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.extend(
                token if kind == "tag" else _escape_text(token) for kind, token in b[j1:j2]
            )
            continue
        if tag in ("delete", "replace"):
            words(a[i1:i2], "del")
        if tag in ("insert", "replace"):
            words(b[j1:j2], "ins")
    return "".join(parts)


_BLOCK_LABELS: dict[BlockKind, tuple[str, str]] = {
    "added": ("Added", "govuk-tag--green"),
    "removed": ("Removed", "govuk-tag--red"),
    "changed": ("Changed", "govuk-tag--blue"),
}


def _summary(block: Block) -> str:
    words = block.text.split()
    text = " ".join(words[:_SUMMARY_WORDS])
    return text + ("…" if len(words) > _SUMMARY_WORDS else "")


def _changed_block(kind: BlockKind, anchor: str, block: Block, content: str) -> str:
    label, colour = _BLOCK_LABELS[kind]
    element = "li" if block.tag == "li" else "div"
    tag = f'<strong class="govuk-tag {colour} ldsp-diff__label">{label}</strong>'
    if kind == "removed":
        content = f'<del class="ldsp-diff__del ldsp-diff__del--block">{content}</del>'
    elif kind == "added":
        content = f'<ins class="ldsp-diff__ins ldsp-diff__ins--block">{content}</ins>'
    return (
        f'<{element} class="ldsp-diff__block ldsp-diff__block--{kind}" id="{anchor}">'
        f"{tag}{content}</{element}>"
    )


def readable_diff(old: str, new: str, *, anchor_prefix: str = "change-") -> ReadableDiff:
    """Show the rendered new text with what changed since the old one marked.

    Unchanged blocks read as they do on the site. A removed block is struck
    through and labelled "Removed"; an added one is underlined and labelled
    "Added"; an edited one is labelled "Changed", with its removed and added
    words marked (``<del>``/``<ins>``, each with a visually hidden "removed: " or
    "added: " for screen readers). Each changed block has the id
    ``anchor_prefix`` plus its number (from 1), listed in ``changes``.

    The HTML is sanitised; nothing written in either text can add markup.
    """
    if not _ANCHOR_PREFIX.fullmatch(anchor_prefix):
        raise ValueError(
            f"anchor_prefix must be lowercase letters, digits and -: {anchor_prefix!r}"
        )
    pairs = pair_blocks(markdown_blocks(old), markdown_blocks(new))
    changes: list[BlockChange] = []
    parts: list[str] = []
    open_list = ""
    for before, after in pairs:
        block = after or before
        assert block is not None
        if block.list_tag != open_list:
            if open_list:
                parts.append(f"</{open_list}>")
            if block.list_tag:
                start = f' start="{block.list_start}"' if block.list_start != 1 else ""
                css = "bullet" if block.list_tag == "ul" else "number"
                parts.append(f'<{block.list_tag}{start} class="govuk-list govuk-list--{css}">')
            open_list = block.list_tag
        if before is not None and after is not None and before.key == after.key:
            parts.append(f"<li>{after.html}</li>" if after.tag == "li" else after.html)
            continue
        anchor = f"{anchor_prefix}{len(changes) + 1}"
        if before is None or after is None:
            kind: BlockKind = "added" if before is None else "removed"
            content = block.html
        elif _can_mark_words(before, after):
            kind, content = "changed", _marked_words(before, after)
        else:
            # Too different to mark word by word: the old block goes, the new one comes.
            parts.append(_changed_block("removed", anchor, before, before.html))
            changes.append(BlockChange("removed", anchor, _summary(before)))
            anchor = f"{anchor_prefix}{len(changes) + 1}"
            kind, content = "added", after.html
            block = after
        parts.append(_changed_block(kind, anchor, block, content))
        changes.append(BlockChange(kind, anchor, _summary(block)))
    if open_list:
        parts.append(f"</{open_list}>")
    if not changes:
        return ReadableDiff(NO_CHANGES_HTML, [])
    body = _DIFF_CLEANER.clean("".join(parts))
    return ReadableDiff(f'<div class="ldsp-diff ldsp-diff--rendered">{body}</div>', changes)


def _keep_diff_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The Markdown renderer's rules again, and ids only as this module writes them."""
    if attribute == "id":
        return value if re.fullmatch(r"[a-z][a-z0-9-]{0,40}[0-9]+", value) else None
    if tag == "img" and attribute == "src":
        return value if value.strip().lower().startswith(("http://", "https://")) else None
    return value


def _diff_classes() -> dict[str, set[str]]:
    classes = {tag: set(names) for tag, names in ALLOWED_CLASSES.items()}
    block = {"ldsp-diff__block"} | {f"ldsp-diff__block--{kind}" for kind in _BLOCK_LABELS}
    extra = {
        "ins": {"ldsp-diff__ins", "ldsp-diff__ins--block"},
        "del": {"ldsp-diff__del", "ldsp-diff__del--block"},
        "span": {"govuk-visually-hidden"},
        "strong": {"govuk-tag", "ldsp-diff__label"}
        | {colour for _, colour in _BLOCK_LABELS.values()},
        "div": block,
        "li": block,
    }
    for tag, names in extra.items():
        classes.setdefault(tag, set()).update(names)
    return classes


_DIFF_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS) | {"ins", "del", "span", "div", "strong"},
    attributes={
        **{tag: set(names) - {"id"} for tag, names in ALLOWED_ATTRIBUTES.items()},
        "div": {"id"},
        "li": {"id"},
        "ol": {"start"},
    },
    tag_attribute_values={
        tag: {name: set(values) for name, values in attributes.items()}
        for tag, attributes in ALLOWED_ATTRIBUTE_VALUES.items()
    },
    allowed_classes=_diff_classes(),
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    attribute_filter=_keep_diff_attribute,
    strip_comments=True,
)
