"""The readable diff: rendered blocks, matched up, with words marked inside edited ones."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldsp.lib.textdiff import (
    NO_CHANGES_HTML,
    BlockChange,
    markdown_blocks,
    pair_blocks,
    readable_diff,
)

ADDED = '<span class="govuk-visually-hidden">added: </span>'
REMOVED = '<span class="govuk-visually-hidden">removed: </span>'


class Elements(HTMLParser):
    """Every element in a piece of HTML, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def kinds(old: str, new: str) -> list[str]:
    return [change.kind for change in readable_diff(old, new).changes]


# Cutting Markdown into blocks


def test_it_cuts_markdown_into_headings_paragraphs_and_list_items() -> None:
    blocks = markdown_blocks("# Title\n\nOne\ntwo.\n\n- a\n- b\n\n3. c\n\n> quoted")
    assert [(b.tag, b.list_tag) for b in blocks] == [
        ("h1", ""),
        ("p", ""),
        ("li", "ul"),
        ("li", "ul"),
        ("li", "ol"),
        ("blockquote", ""),
    ]
    assert blocks[1].text == "One two."
    assert blocks[4].list_start == 3


def test_a_fenced_block_with_blank_lines_stays_one_block() -> None:
    blocks = markdown_blocks("Before\n\n```\nline one\n\nline two\n```\n\nAfter")
    assert [b.tag for b in blocks] == ["p", "pre", "p"]


def test_crlf_and_lf_give_the_same_blocks() -> None:
    assert markdown_blocks("A\r\n\r\nB") == markdown_blocks("A\n\nB")


# Matching blocks up


def test_unchanged_blocks_pair_with_themselves() -> None:
    text = "# Title\n\nFirst.\n\nSecond."
    pairs = pair_blocks(markdown_blocks(text), markdown_blocks(text))
    assert all(old == new for old, new in pairs)


def test_a_lightly_edited_paragraph_pairs_with_its_new_version() -> None:
    old = markdown_blocks("Partners meet every month to plan the courses together.")
    new = markdown_blocks("Partners meet every week to plan the courses together.")
    assert pair_blocks(old, new) == [(old[0], new[0])]


def test_a_mostly_rewritten_paragraph_is_removed_then_added() -> None:
    old = markdown_blocks("Partners meet every month to plan the courses together.")
    new = markdown_blocks("Councils fund libraries so anyone can learn online skills.")
    assert pair_blocks(old, new) == [(old[0], None), (None, new[0])]


def test_a_paragraph_never_pairs_with_a_heading() -> None:
    old = markdown_blocks("Getting started with partners")
    new = markdown_blocks("## Getting started with partners")
    assert pair_blocks(old, new) == [(old[0], None), (None, new[0])]


def test_a_renumbered_list_item_is_unchanged() -> None:
    old = markdown_blocks("1. First\n2. Second\n3. Third")
    new = markdown_blocks("1. First\n2. Third")
    assert [(o is not None, n is not None) for o, n in pair_blocks(old, new)] == [
        (True, True),
        (True, False),
        (True, True),
    ]


# The HTML people read


def test_equal_texts_say_there_are_no_changes() -> None:
    diff = readable_diff("# A\n\nB", "# A\r\n\r\nB")
    assert diff.html == NO_CHANGES_HTML
    assert diff.changes == []


def test_it_shows_headings_and_lists_rendered_not_as_markdown() -> None:
    diff = readable_diff("## Plan\n\n- one\n- two", "## Plan\n\n- one\n- two\n- three")
    assert '<h2 class="govuk-heading-l">Plan</h2>' in diff.html
    assert "##" not in diff.html
    assert re.search(
        r'<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li>', diff.html
    )
    assert diff.changes == [BlockChange("added", "change-1", "three")]
    # The added item is inside the same list, not a list of its own.
    assert diff.html.count("<ul") == 1


def test_it_marks_changed_words_inside_an_edited_paragraph() -> None:
    diff = readable_diff(
        "Partners meet every month to plan the courses.",
        "Partners meet every week to plan the courses.",
    )
    assert f'<del class="ldsp-diff__del">{REMOVED}month</del>' in diff.html
    assert f'<ins class="ldsp-diff__ins">{ADDED}week</ins>' in diff.html
    assert kinds("a b c d", "a b c e") == ["changed"]
    assert 'id="change-1"' in diff.html


def test_a_rewritten_paragraph_shows_old_struck_through_then_new() -> None:
    diff = readable_diff(
        "Partners meet every month to plan the courses.",
        "Councils fund libraries so anyone can learn online.",
    )
    assert [c.kind for c in diff.changes] == ["removed", "added"]
    removed_at = diff.html.index("Partners meet")
    added_at = diff.html.index("Councils fund")
    assert removed_at < added_at
    assert '<del class="ldsp-diff__del ldsp-diff__del--block"><p class="govuk-body">Partners' in (
        diff.html
    )
    assert 'ldsp-diff__del"><span' not in diff.html  # no word-by-word jumble


def test_each_change_has_an_anchor_and_a_short_summary() -> None:
    long = " ".join(f"word{n}" for n in range(20))
    diff = readable_diff("Intro.", f"Intro.\n\n{long}", anchor_prefix="section-2-change-")
    assert diff.changes == [
        BlockChange("added", "section-2-change-1", " ".join(f"word{n}" for n in range(8)) + "…")
    ]
    assert 'id="section-2-change-1"' in diff.html


def test_it_refuses_an_anchor_prefix_that_could_break_out_of_the_attribute() -> None:
    with pytest.raises(ValueError, match="anchor_prefix"):
        readable_diff("a", "b", anchor_prefix='x" onclick="')


def test_formatting_survives_inside_an_edited_paragraph() -> None:
    diff = readable_diff(
        "Read the **full guide** before you start the course.",
        "Read the **full guide** before you begin the course.",
    )
    assert "<strong>full guide</strong>" in diff.html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" class="govuk-button">fake</a>',
        "&lt;script&gt; <b>bold</b>",
    ],
)
def test_author_text_never_becomes_markup(attack: str) -> None:
    for old, new in ((f"Safe words here. {attack}", "Safe words here."), ("", attack)):
        elements = Elements()
        elements.feed(readable_diff(old, new).html)
        assert not {"script", "img", "b"} & {tag for tag, _ in elements.found}
        for _, attributes in elements.found:
            assert not any(name.startswith("on") for name, _ in attributes)
            assert all("javascript" not in (value or "") for _, value in attributes)
            assert all("govuk-button" not in (value or "") for _, value in attributes)


markdownish = st.lists(
    st.sampled_from(
        [
            "# Head",
            "## Sub",
            "- item",
            "1. one",
            "> quote",
            "word",
            "more words",
            "**b**",
            "<i>x</i>",
            "`c`",
            "",
            "\n",
            "\n\n",
            " ",
        ]
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(markdownish, markdownish)
def test_the_html_is_already_clean_and_its_anchors_are_unique(old: str, new: str) -> None:
    diff = readable_diff(old, new)
    anchors = [change.anchor for change in diff.changes]
    assert len(anchors) == len(set(anchors))
    for anchor in anchors:
        assert diff.html.count(f'id="{anchor}"') == 1
    # Nothing the text says survives as a tag of its own.
    assert "<i>" not in diff.html
    # Well formed: an HTML parser that drops nothing gives back the same markup.
    tags = re.findall(r"<(/?)(ins|del|ul|ol|li|div|p|h[1-6])\b", diff.html)
    depth: dict[str, int] = {}
    for closing, name in tags:
        depth[name] = depth.get(name, 0) + (-1 if closing else 1)
        assert depth[name] >= 0
    assert all(value == 0 for value in depth.values())
    assert nh3.is_html(diff.html) or diff.html == ""
