from __future__ import annotations

import ast
import re
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib import textdiff
from ldsp.lib.textdiff import DiffOp, diff_stats, diff_words, render_diff_html

INS = '<ins class="ldsp-diff__ins"><span class="govuk-visually-hidden">inserted: </span>'
DEL = '<del class="ldsp-diff__del"><span class="govuk-visually-hidden">deleted: </span>'

# A small vocabulary, so that random texts share words and diffs are interesting.
vocabulary_texts = st.lists(
    st.sampled_from(
        ["the", "cat", "sat", "on", "mat", "a", "dog", "<b>", " ", "  ", "\n", "\n\n", "\r\n", "\t"]
    ),
    max_size=40,
).map("".join)


def numbered_words(start: int, stop: int) -> str:
    return " ".join(f"w{number}" for number in range(start, stop))


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def old_of(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.kind != "insert")


def new_of(ops: list[DiffOp]) -> str:
    return "".join(op.text for op in ops if op.kind != "delete")


def assert_well_formed(ops: list[DiffOp], old: str, new: str) -> None:
    assert old_of(ops) == lf(old)
    assert new_of(ops) == lf(new)
    assert all(op.text for op in ops)
    assert all(op.kind in ("equal", "insert", "delete") for op in ops)
    for before, after in pairwise(ops):
        assert before.kind != after.kind
        assert (before.kind, after.kind) != ("insert", "delete")


# diff_words


def test_it_finds_nothing_to_change_in_equal_texts() -> None:
    assert diff_words("The cat sat.", "The cat sat.") == [DiffOp("equal", "The cat sat.")]


def test_it_finds_nothing_at_all_in_two_empty_texts() -> None:
    assert diff_words("", "") == []


def test_it_marks_an_inserted_word() -> None:
    assert diff_words("the cat sat", "the black cat sat") == [
        DiffOp("equal", "the "),
        DiffOp("insert", "black "),
        DiffOp("equal", "cat sat"),
    ]


def test_it_marks_a_deleted_word() -> None:
    assert diff_words("the black cat sat", "the cat sat") == [
        DiffOp("equal", "the "),
        DiffOp("delete", "black "),
        DiffOp("equal", "cat sat"),
    ]


def test_it_marks_a_replaced_word_as_deleted_then_inserted() -> None:
    assert diff_words("the cat sat", "the dog sat") == [
        DiffOp("equal", "the "),
        DiffOp("delete", "cat"),
        DiffOp("insert", "dog"),
        DiffOp("equal", " sat"),
    ]


def test_it_keeps_a_replaced_phrase_together_rather_than_word_by_word() -> None:
    assert diff_words("I like the cat a lot", "I like a dog a lot") == [
        DiffOp("equal", "I like "),
        DiffOp("delete", "the cat"),
        DiffOp("insert", "a dog"),
        DiffOp("equal", " a lot"),
    ]


def test_it_marks_everything_inserted_when_the_old_text_is_empty() -> None:
    assert diff_words("", "brand new") == [DiffOp("insert", "brand new")]


def test_it_marks_an_added_line_break() -> None:
    assert diff_words("one two", "one\ntwo") == [
        DiffOp("equal", "one"),
        DiffOp("delete", " "),
        DiffOp("insert", "\n"),
        DiffOp("equal", "two"),
    ]


def test_it_marks_a_new_paragraph_break_between_unchanged_words() -> None:
    assert diff_words("one two three four", "one two\n\nthree four") == [
        DiffOp("equal", "one two"),
        DiffOp("delete", " "),
        DiffOp("insert", "\n\n"),
        DiffOp("equal", "three four"),
    ]


def test_it_finds_one_changed_word_in_a_long_document() -> None:
    before, after = numbered_words(0, 5000), numbered_words(5000, 10000)
    assert diff_words(f"{before} old {after}", f"{before} new {after}") == [
        DiffOp("equal", f"{before} "),
        DiffOp("delete", "old"),
        DiffOp("insert", "new"),
        DiffOp("equal", f" {after}"),
    ]


def test_it_treats_crlf_like_lf() -> None:
    assert diff_words("one\r\ntwo\r\n", "one\ntwo\n") == [DiffOp("equal", "one\ntwo\n")]


def test_diff_ops_cannot_be_changed() -> None:
    op = DiffOp("equal", "x")
    with pytest.raises(AttributeError):
        # As Any: mypy already refuses this assignment; the test shows Python does too.
        cast(Any, op).text = "y"


# diff_stats


def test_it_counts_inserted_and_deleted_words() -> None:
    assert diff_stats("the cat sat on the mat", "the black cat sat on a mat") == (2, 1)


def test_it_counts_nothing_for_equal_texts() -> None:
    assert diff_stats("same words here", "same words here") == (0, 0)


def test_it_counts_no_words_for_a_whitespace_only_change() -> None:
    assert diff_stats("one two", "one\n\ntwo") == (0, 0)


# render_diff_html


def test_it_says_there_are_no_changes_in_equal_texts() -> None:
    assert render_diff_html("Same.", "Same.") == '<p class="govuk-body">No changes.</p>'


def test_it_says_there_are_no_changes_when_only_line_endings_differ() -> None:
    assert render_diff_html("a\r\nb", "a\nb") == '<p class="govuk-body">No changes.</p>'


def test_it_says_there_are_no_changes_in_two_empty_texts() -> None:
    assert render_diff_html("", "") == '<p class="govuk-body">No changes.</p>'


def test_it_renders_an_insertion_with_a_label_for_screen_readers() -> None:
    assert render_diff_html("the cat", "the black cat") == (
        f'<div class="ldsp-diff">the {INS}black </ins>cat</div>'
    )


def test_it_renders_a_deletion_with_a_label_for_screen_readers() -> None:
    assert render_diff_html("the black cat", "the cat") == (
        f'<div class="ldsp-diff">the {DEL}black </del>cat</div>'
    )


def test_it_renders_a_replacement_as_a_deletion_then_an_insertion() -> None:
    assert render_diff_html("the cat sat", "the dog sat") == (
        f'<div class="ldsp-diff">the {DEL}cat</del>{INS}dog</ins> sat</div>'
    )


def test_it_escapes_html_in_the_texts() -> None:
    rendered = render_diff_html("Hello & <b>bye</b>", 'Hello & <script>alert("x")</script>')
    assert "&lt;script&gt;" in rendered
    assert "&lt;b&gt;" in rendered
    assert "&amp;" in rendered
    assert "<script" not in rendered
    assert "<b>" not in rendered


def test_it_keeps_line_breaks_as_br() -> None:
    assert render_diff_html("# Title\n\nold", "# Title\n\nnew") == (
        f'<div class="ldsp-diff"># Title<br><br>{DEL}old</del>{INS}new</ins></div>'
    )


def test_it_collapses_a_long_unchanged_stretch_between_two_changes() -> None:
    middle = numbered_words(0, 100)
    rendered = render_diff_html(f"OLD1 {middle} OLD2", f"NEW1 {middle} NEW2", context_words=5)
    assert '<details class="govuk-details ldsp-diff__unchanged">' in rendered
    assert '<summary class="govuk-details__summary">' in rendered
    assert '<span class="govuk-details__summary-text">90 unchanged words</span>' in rendered
    visible, hidden = rendered.split('<div class="govuk-details__text">')
    hidden, after = hidden.split("</div></details>")
    assert f" {numbered_words(0, 5)}<details" in visible
    assert hidden == numbered_words(5, 95)
    assert after.startswith(f"{numbered_words(95, 100)} {DEL}OLD2")


def test_it_keeps_collapsed_words_in_the_page() -> None:
    middle = numbered_words(0, 200)
    rendered = render_diff_html(f"a {middle} b", f"c {middle} d", context_words=10)
    for number in range(200):
        assert f"w{number}" in rendered


def test_it_does_not_collapse_a_stretch_of_twice_the_context() -> None:
    middle = numbered_words(0, 10)
    rendered = render_diff_html(f"a {middle} b", f"c {middle} d", context_words=5)
    assert "<details" not in rendered
    assert middle in rendered


def test_it_collapses_a_stretch_of_one_more_than_twice_the_context() -> None:
    middle = numbered_words(0, 11)
    rendered = render_diff_html(f"a {middle} b", f"c {middle} d", context_words=5)
    assert "1 unchanged word<" in rendered
    assert '<div class="govuk-details__text">w5</div>' in rendered


def test_it_collapses_the_start_of_the_document_only_before_the_context() -> None:
    start = numbered_words(0, 50)
    rendered = render_diff_html(f"{start} old", f"{start} new", context_words=5)
    assert rendered.startswith(
        '<div class="ldsp-diff"><details class="govuk-details ldsp-diff__unchanged">'
    )
    assert "45 unchanged words" in rendered
    assert f'<div class="govuk-details__text">{numbered_words(0, 45)}</div>' in rendered
    assert f"</details>{numbered_words(45, 50)} {DEL}old</del>" in rendered


def test_it_collapses_the_end_of_the_document_only_after_the_context() -> None:
    end = numbered_words(0, 50)
    rendered = render_diff_html(f"old {end}", f"new {end}", context_words=5)
    assert f"{INS}new</ins> {numbered_words(0, 5)}<details" in rendered
    assert "45 unchanged words" in rendered
    assert rendered.endswith(
        f'<div class="govuk-details__text">{numbered_words(5, 50)}</div></details></div>'
    )


def test_it_does_not_collapse_a_short_start_or_end() -> None:
    rendered = render_diff_html("one two three old", "one two three new", context_words=3)
    assert "<details" not in rendered


def test_it_uses_thirty_words_of_context_by_default() -> None:
    middle = numbered_words(0, 61)
    rendered = render_diff_html(f"a {middle} b", f"c {middle} d")
    assert "1 unchanged word<" in rendered
    assert '<div class="govuk-details__text">w30</div>' in rendered


def test_it_keeps_line_breaks_in_collapsed_words() -> None:
    middle = "\n".join(f"line{number}" for number in range(20))
    rendered = render_diff_html(f"a\n{middle}\nb", f"c\n{middle}\nd", context_words=2)
    assert "line5<br>line6<br>line7" in rendered


def test_it_refuses_a_negative_context() -> None:
    with pytest.raises(ValueError, match="context_words"):
        render_diff_html("a", "b", context_words=-1)


def test_it_depends_only_on_the_standard_library_and_our_markdown_renderer() -> None:
    tree = ast.parse(Path(textdiff.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert imported <= {
        "__future__",
        "dataclasses",
        "difflib",
        "html",
        "re",
        "typing",
        # What ldsp.lib.markdown itself uses: the block diff renders with it.
        "ldsp",
        "markdown_it",
        "nh3",
    }
    assert not any("django" in name for name in imported)


# Properties


@given(st.text(), st.text())
def test_the_diff_of_any_two_texts_gives_back_both_texts(old: str, new: str) -> None:
    assert_well_formed(diff_words(old, new), old, new)


@given(vocabulary_texts, vocabulary_texts)
def test_the_diff_of_two_similar_texts_gives_back_both_texts(old: str, new: str) -> None:
    assert_well_formed(diff_words(old, new), old, new)


@given(vocabulary_texts, vocabulary_texts)
def test_the_stats_account_for_the_change_in_length(old: str, new: str) -> None:
    inserted, deleted = diff_stats(old, new)
    assert inserted >= 0
    assert deleted >= 0
    assert inserted - deleted == len(new.split()) - len(old.split())


@given(vocabulary_texts)
def test_a_text_compared_with_itself_has_no_changes(text: str) -> None:
    assert diff_stats(text, text) == (0, 0)
    assert render_diff_html(text, text) == '<p class="govuk-body">No changes.</p>'


@given(vocabulary_texts, vocabulary_texts, st.integers(min_value=0, max_value=4))
def test_the_rendered_diff_shows_every_word_escaped(old: str, new: str, context: int) -> None:
    rendered = render_diff_html(old, new, context_words=context)
    assert "<b>" not in rendered
    if lf(old) == lf(new):
        return
    # Take the markup away and every word of both texts is still there, in order.
    labels = r'<span class="govuk-visually-hidden">[^<]*</span>|<summary[^>]*>.*?</summary>'
    words = re.sub(r"<[^>]+>", " ", re.sub(labels, " ", rendered))
    assert words.split() == [
        word
        for op in diff_words(old, new)
        for word in op.text.replace("<", "&lt;").replace(">", "&gt;").split()
    ]
