"""Search snippets: every word searched for is marked, in its other forms too, in the
window that holds the most of them; everything else is escaped."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.snippets import snippet_html

FILLER = " ".join(["word"] * 40)


def _marked(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", snippet)


def test_it_marks_each_of_two_words() -> None:
    snippet = snippet_html(
        "Coordinators and libraries work together.", ["coordinators", "libraries"]
    )
    assert _marked(snippet) == ["Coordinators", "libraries"]


def test_it_marks_plural_and_singular_forms_of_a_word() -> None:
    snippet = snippet_html(
        "One library, many libraries; a partnership.", ["libraries", "partnerships"]
    )
    assert _marked(snippet) == ["library", "libraries", "partnership"]


def test_it_shows_the_window_holding_both_words_not_just_the_first() -> None:
    text = f"Libraries open early. {FILLER} Libraries and volunteers run drop-ins."
    snippet = snippet_html(text, ["libraries", "volunteers"])
    assert _marked(snippet) == ["Libraries", "volunteers"]
    assert snippet.startswith("… ")


def test_it_never_marks_inside_an_escaped_character() -> None:
    snippet = snippet_html("Fish & chips <b>amp</b>", ["amp", "lt"])
    assert "&amp;" in snippet and "&lt;b&gt;" in snippet
    assert _marked(snippet) == ["amp"]


@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=8), max_size=4))
def test_removing_the_marks_leaves_the_escaped_text(text: str, terms: list[str]) -> None:
    snippet = snippet_html(text, terms, words=1000)
    unmarked = snippet.replace("<mark>", "").replace("</mark>", "")
    assert unmarked == html.escape(" ".join(text.split()))
