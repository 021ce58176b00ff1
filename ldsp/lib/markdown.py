"""Render user-written Markdown to HTML that is safe to show and looks like GOV.UK.

Playbook sections, posts and profiles are written in Markdown by people we do not
fully trust, and the result is marked safe in templates. So rendering is done in
two independent layers, either of which alone should stop script injection:

1. markdown-it-py with the ``js-default`` preset, which escapes raw HTML instead
   of passing it through and refuses ``javascript:``/``vbscript:``/``data:`` links;
2. nh3 (the Rust ammonia sanitiser) with an explicit allow-list of tags,
   attributes, classes and URL schemes, run over whatever layer 1 produced.

GOV.UK Frontend classes are added to the tokens before rendering, so templates
need no CSS of their own for prose, and the sanitiser keeps only the classes this
module itself adds: a writer cannot borrow ``govuk-button`` or any other class.

This module deliberately does not import Django, so it can be used and tested
anywhere (the CLI, the task worker, plain unit tests).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["heading_slug", "headings_from", "plain_text", "render_markdown"]

# GOV.UK Frontend classes for each markdown-it token type. The sanitiser's class
# allow-list is built from this same table, so the two cannot drift apart.
_TOKEN_CLASSES: dict[str, str] = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "blockquote_open": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "link_open": "govuk-link",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
}

# Heading levels are kept as written (an author's h1 stays h1); only the size
# class differs. GOV.UK has no size below "s", so h5 and h6 share it.
_HEADING_CLASSES: dict[str, str] = {
    "h1": "govuk-heading-xl",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
}

# Right-aligned table columns (``--:`` in Markdown) hold numbers; GOV.UK has a
# modifier for that. markdown-it would otherwise use an inline ``style``, which
# the sanitiser strips.
_NUMERIC_CLASSES: dict[str, str] = {
    "th": "govuk-table__header--numeric",
    "td": "govuk-table__cell--numeric",
}

_TOKEN_TAGS: dict[str, str] = {
    "paragraph_open": "p",
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "blockquote_open": "blockquote",
    "hr": "hr",
    "link_open": "a",
    "table_open": "table",
    "thead_open": "thead",
    "tbody_open": "tbody",
    "tr_open": "tr",
    "th_open": "th",
    "td_open": "td",
}

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "del",
        "s",
        "a",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
    }
)

# ``rel`` is not listed for ``a``: nh3 sets it on every link itself (LINK_REL)
# and refuses to run if ``rel`` is also allowed through from the input.
# ``class`` is not listed anywhere: ALLOWED_CLASSES governs it value by value.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),  # "3. Third" must still start at 3
    **{f"h{level}": frozenset({"id"}) for level in range(1, 7)},
}

# Attributes allowed only with one of a fixed set of values.
ALLOWED_ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "th": {"scope": frozenset({"col"})},
}


def _allowed_classes() -> dict[str, frozenset[str]]:
    allowed: dict[str, set[str]] = {}
    for token_type, classes in _TOKEN_CLASSES.items():
        allowed.setdefault(_TOKEN_TAGS[token_type], set()).update(classes.split())
    for tag, classes in {**_HEADING_CLASSES, **_NUMERIC_CLASSES}.items():
        allowed.setdefault(tag, set()).update(classes.split())
    return {tag: frozenset(classes) for tag, classes in allowed.items()}


ALLOWED_CLASSES: dict[str, frozenset[str]] = _allowed_classes()

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

LINK_REL = "nofollow noopener noreferrer"

# Tags dropped together with everything inside them, so that e.g. a stray
# ``<script>`` leaves no "alert(1)" text behind. Must not overlap ALLOWED_TAGS.
_CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
)

_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Per-attribute veto on top of the allow-lists (nh3 calls this for each one)."""
    # Images load without a click, so a relative or mailto ``src`` is refused as
    # well: only absolute http(s) images may be embedded.
    if tag == "img" and attribute == "src":
        if value.strip().lower().startswith(("http://", "https://")):
            return value
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_CLEAN_CONTENT_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {name: set(values) for name, values in attributes.items()}
        for tag, attributes in ALLOWED_ATTRIBUTE_VALUES.items()
    },
    allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    attribute_filter=_keep_attribute,
    strip_comments=True,
)

# Strips every tag but keeps the text; used to derive plain text from our HTML.
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)


def _sanitise(fragment: str) -> str:
    """Run an HTML fragment through the allow-lists (the second layer of defence)."""
    return _CLEANER.clean(fragment)


def heading_slug(text: str) -> str:
    """A stable, URL-safe slug for a heading's text.

    Lowercase ASCII letters and digits, with every other run of characters
    turned into a single hyphen and hyphens trimmed from the ends. Accented
    letters lose their accents ("Café" gives "cafe"); text with nothing left
    (only punctuation, or a non-Latin script) gives "section".
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALPHANUMERIC.sub("-", ascii_text.lower()).strip("-")
    return slug or "section"


def _inline_text(tokens: Sequence[Token] | None) -> str:
    """The visible text of inline tokens (no Markdown syntax, no link URLs)."""
    parts: list[str] = []
    for token in tokens or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:  # an image: its alt text is its children
            parts.append(_inline_text(token.children))
    return "".join(parts)


def _add_class(token: Token, classes: str) -> None:
    existing = str(token.attrGet("class") or "")
    token.attrSet("class", f"{existing} {classes}".strip())


def _style_tokens(token: Token) -> None:
    """Give one token its GOV.UK class (and table cells their alignment class)."""
    classes = _TOKEN_CLASSES.get(token.type)
    if classes:
        _add_class(token, classes)
    if token.type in ("th_open", "td_open"):
        # Alignment arrives as an inline style, which is never allowed through.
        style = str(token.attrs.pop("style", ""))
        if "text-align:right" in style:
            _add_class(token, _NUMERIC_CLASSES[token.tag])
        if token.type == "th_open":
            token.attrSet("scope", "col")


def _govuk_rule(state: StateCore) -> None:
    """markdown-it core rule: add GOV.UK classes and stable heading ids.

    Runs after parsing and before rendering, so the renderer escapes the
    attribute values it writes, and ids need no HTML post-processing.
    """
    prefix = str(state.env.get("heading_id_prefix", "h-"))
    used: set[str] = set()
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            _add_class(token, _HEADING_CLASSES[token.tag])
            # The heading's inline content is always the next token.
            base = heading_slug(_inline_text(tokens[index + 1].children))
            slug, suffix = base, 2
            while slug in used:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            used.add(slug)
            token.attrSet("id", f"{prefix}{slug}")
        elif token.type == "inline":
            for child in token.children or ():
                _style_tokens(child)
        else:
            _style_tokens(token)


def _make_parser() -> MarkdownIt:
    # "js-default" is CommonMark plus tables and strikethrough with raw HTML off,
    # matching what people expect from GitHub-style Markdown. Enabling the two
    # rules again is harmless and keeps them on if the preset ever changes.
    parser = MarkdownIt("js-default").enable(["table", "strikethrough"])
    parser.core.ruler.push("govuk", _govuk_rule)
    return parser


_PARSER = _make_parser()


def render_markdown(text: str, *, heading_id_prefix: str = "h-") -> str:
    """Render Markdown to sanitised HTML styled with GOV.UK Frontend classes.

    Raw HTML in ``text`` is shown as text, never interpreted. Links and images
    may use only http, https and mailto (links may also be relative, such as
    ``/playbook/...`` or ``#section``); images only absolute http(s). Every link
    gets ``rel="nofollow noopener noreferrer"``.

    Each heading gets an id of ``heading_id_prefix`` plus :func:`heading_slug`
    of its text; repeats within the document get ``-2``, ``-3`` and so on. The
    prefix keeps these ids apart from the ids of the page around the content.

    The output is deterministic: the same input always gives the same HTML.
    """
    rendered = _PARSER.render(text, {"heading_id_prefix": heading_id_prefix})
    return _sanitise(rendered)


def plain_text(text: str) -> str:
    """The text a reader would see, without markup, for search and snippets.

    The Markdown is rendered (so link URLs and syntax characters disappear),
    tags are stripped and whitespace is collapsed to single spaces. The result
    is plain text, not HTML: escape it before putting it in a page.
    """
    stripped = _TEXT_ONLY.clean(render_markdown(text))
    # Block elements render on their own lines, so words from adjacent blocks
    # stay apart once the tags are gone.
    return _WHITESPACE.sub(" ", html.unescape(stripped)).strip()


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def headings_from(rendered: str, top: int) -> str:
    """``rendered`` (HTML as :func:`render_markdown` made it) with its headings moved so the
    highest becomes ``<h{top}>`` and the rest keep their steps below it (none below h6).

    A section's text sits under the page's own ``<h1>``: an author's ``###`` must not
    follow it directly, or a screen reader's outline skips a level. Only the level
    changes; each heading keeps the size its author chose.
    """
    levels = [int(level) for closing, level in _HEADING_TAG.findall(rendered) if not closing]
    if not levels:
        return rendered
    shift = top - min(levels)
    if shift == 0:
        return rendered
    return _HEADING_TAG.sub(
        lambda match: f"<{match[1]}h{max(1, min(6, int(match[2]) + shift))}", rendered
    )
