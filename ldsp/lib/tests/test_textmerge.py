from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldsp.lib.textmerge import Conflict, MergeResult, merge3, resolve

# A small vocabulary, so that random texts repeat words and paragraphs, and
# edits by the two sides land on the same words now and then.
VOCABULARY = ["the", "cat", "sat", "on", "mat", "a", "dog"]

words = st.sampled_from(VOCABULARY)
word_lists = st.lists(words, min_size=1, max_size=8)
paragraphs = word_lists.map(" ".join)
paragraph_lists = st.lists(paragraphs, max_size=6)
# Texts in normal form: paragraphs of words and single spaces, one blank line between them.
texts = paragraph_lists.map("\n\n".join)


def join(paragraph_list: list[str]) -> str:
    return "\n\n".join(paragraph_list)


@st.composite
def edits_of(draw: st.DrawFn, base: str) -> str:
    """A few random edits of ``base``, or now and then a text that has nothing to do with it."""
    if draw(st.integers(0, 9)) == 0:
        return draw(texts)
    text = [paragraph.split(" ") for paragraph in base.split("\n\n")] if base else []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["word", "paragraph"]))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if kind == "paragraph" or not text:
            index = draw(st.integers(0, len(text)))
            if action == "insert" or index == len(text):
                text.insert(index, draw(word_lists))
            elif action == "replace":
                text[index] = draw(word_lists)
            else:
                del text[index]
            continue
        paragraph = text[draw(st.integers(0, len(text) - 1))]
        index = draw(st.integers(0, len(paragraph)))
        if action == "insert" or index == len(paragraph):
            paragraph.insert(index, draw(words))
        elif action == "replace":
            paragraph[index] = draw(words)
        else:
            del paragraph[index]
    return join([" ".join(paragraph) for paragraph in text if paragraph])


@st.composite
def three_versions(draw: st.DrawFn) -> tuple[str, str, str]:
    """A base text and two texts edited from it, one by each side."""
    base = draw(texts)
    return base, draw(edits_of(base)), draw(edits_of(base))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def check_conflicts(result: MergeResult) -> None:
    """What must hold of the conflicts of any merge."""
    assert [conflict.index for conflict in result.conflicts] == list(range(len(result.conflicts)))
    done = 0
    for conflict in result.conflicts:
        assert done <= conflict.start <= conflict.end <= len(result.text)
        assert result.text[conflict.start : conflict.end] == conflict.ours
        done = conflict.end
    assert resolve(result, [conflict.ours for conflict in result.conflicts]) == result.text


# Examples


def test_it_takes_their_changes_when_ours_is_unchanged() -> None:
    base = "Intro.\n\nThe cat sat.\n\nEnd."
    theirs = "Intro.\n\nThe dog sat on the mat.\n\nNew end."

    assert merge3(base, base, theirs) == MergeResult(text=theirs, conflicts=())


def test_it_keeps_our_changes_when_theirs_is_unchanged() -> None:
    base = "Intro.\n\nThe cat sat.\n\nEnd."
    ours = "Intro.\n\nA new paragraph.\n\nThe cat sat.\n\nEnd."

    assert merge3(base, ours, base) == MergeResult(text=ours, conflicts=())


def test_it_makes_a_change_both_sides_made_once() -> None:
    base = "Intro.\n\nThe cat sat.\n\nEnd."
    both = "Intro.\n\nThe cat sat on the mat.\n\nEnd."

    result = merge3(base, both, both)

    assert result.clean
    assert result.text == both


def test_it_keeps_edits_to_different_paragraphs() -> None:
    base = "One.\n\nTwo.\n\nThree.\n\nFour."

    result = merge3(base, "One!\n\nTwo.\n\nThree.\n\nFour.", "One.\n\nTwo.\n\nThree.\n\nFour!")

    assert result.clean
    assert result.text == "One!\n\nTwo.\n\nThree.\n\nFour!"


def test_it_keeps_edits_to_neighbouring_paragraphs() -> None:
    base = "One.\n\nTwo.\n\nThree."

    result = merge3(base, "One.\n\nTwo!\n\nThree.", "One.\n\nTwo.\n\nThree!")

    assert result.clean
    assert result.text == "One.\n\nTwo!\n\nThree!"


def test_it_merges_edits_to_different_words_of_one_paragraph() -> None:
    base = "Intro.\n\nThe cat sat on the mat all day long.\n\nEnd."
    ours = "Intro.\n\nThe dog sat on the mat all day long.\n\nEnd."
    theirs = "Intro.\n\nThe cat sat on the mat all night long.\n\nEnd."

    result = merge3(base, ours, theirs)

    assert result.clean
    assert result.text == "Intro.\n\nThe dog sat on the mat all night long.\n\nEnd."


def test_it_merges_edits_to_neighbouring_words() -> None:
    result = merge3("the cat sat", "the dog sat", "the cat stood")

    assert result == MergeResult(text="the dog stood", conflicts=())


def test_it_merges_word_edits_in_a_paragraph_of_hundreds_of_words() -> None:
    # With 200 tokens or more, difflib's autojunk would make every word here
    # junk, as each is more than 1% of them, and find no match at all.
    base_words = ["the", "cat", "sat", "on", "the", "mat"] * 50
    ours_words = list(base_words)
    ours_words[10] = ours_words[290] = "ours"
    theirs_words = list(base_words)
    theirs_words[150] = "theirs"
    expected = list(ours_words)
    expected[150] = "theirs"

    result = merge3(" ".join(base_words), " ".join(ours_words), " ".join(theirs_words))

    assert result.clean
    assert result.text == " ".join(expected)


def test_it_keeps_a_single_word_edit_in_place_in_repetitive_text() -> None:
    # The longest match of "a a a a a a a a a a" in "a a a a b a a a a a" is
    # the last five words, which difflib would line up with the first five.
    base = " ".join(["a"] * 10)
    ours = " ".join(["a"] * 4 + ["b"] + ["a"] * 5)
    theirs = " ".join(["a"] * 9 + ["c"])

    result = merge3(base, ours, theirs)

    assert result.clean
    assert result.text == " ".join(["a"] * 4 + ["b"] + ["a"] * 4 + ["c"])


def test_it_reports_a_conflict_in_one_paragraph_with_all_three_versions() -> None:
    base = "Intro.\n\nThe cat sat.\n\nEnd."
    ours = "Intro.\n\nThe dog sat.\n\nEnd."
    theirs = "Intro.\n\nThe fox sat.\n\nEnd."

    result = merge3(base, ours, theirs)

    assert not result.clean
    assert result.text == ours
    assert result.conflicts == (
        Conflict(
            index=0,
            base="The cat sat.",
            ours="The dog sat.",
            theirs="The fox sat.",
            start=len("Intro.\n\n"),
            end=len("Intro.\n\nThe dog sat."),
        ),
    )
    assert resolve(result, ["The fox sat."]) == theirs


def test_it_reports_the_whole_stretch_when_one_paragraph_of_it_clashes() -> None:
    base = "Intro.\n\nThe cat sat.\n\nEnd."
    ours = "Intro.\n\nThe dog sat.\n\nEnd."
    theirs = "Intro.\n\nThe fox sat.\n\nThe end."

    result = merge3(base, ours, theirs)

    assert result.text == ours
    [conflict] = result.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        "The cat sat.\n\nEnd.",
        "The dog sat.\n\nEnd.",
        "The fox sat.\n\nThe end.",
    )


def test_it_reports_deleting_a_paragraph_the_other_side_edited() -> None:
    base = "One.\n\nTwo.\n\nThree."
    ours = "One.\n\nThree."
    theirs = "One.\n\nTwo, edited.\n\nThree."

    result = merge3(base, ours, theirs)

    assert result.text == ours
    [conflict] = result.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == ("Two.", "", "Two, edited.")
    assert conflict.start == conflict.end
    assert resolve(result, [conflict.theirs]) == theirs
    assert resolve(result, [conflict.ours]) == ours


def test_it_reports_editing_a_paragraph_the_other_side_deleted() -> None:
    base = "One.\n\nTwo.\n\nThree."

    result = merge3(base, "One.\n\nTwo, edited.\n\nThree.", "One.\n\nThree.")

    assert result.text == "One.\n\nTwo, edited.\n\nThree."
    [conflict] = result.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == ("Two.", "Two, edited.", "")
    assert resolve(result, [""]) == "One.\n\nThree."


def test_it_keeps_new_paragraphs_added_at_different_places() -> None:
    base = "One.\n\nTwo.\n\nThree."
    ours = "One.\n\nOurs.\n\nTwo.\n\nThree."
    theirs = "One.\n\nTwo.\n\nThree.\n\nTheirs."

    result = merge3(base, ours, theirs)

    assert result == MergeResult(text="One.\n\nOurs.\n\nTwo.\n\nThree.\n\nTheirs.", conflicts=())


def test_it_reports_different_paragraphs_added_at_the_same_place() -> None:
    result = merge3("One.\n\nTwo.", "One.\n\nOurs.\n\nTwo.", "One.\n\nTheirs.\n\nTwo.")

    assert result.text == "One.\n\nOurs.\n\nTwo."
    [conflict] = result.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == ("", "Ours.", "Theirs.")
    assert resolve(result, ["Ours.\n\nTheirs."]) == "One.\n\nOurs.\n\nTheirs.\n\nTwo."


def test_it_numbers_conflicts_in_text_order() -> None:
    base = "One.\n\nTwo.\n\nThree."

    result = merge3(base, "One a.\n\nTwo.\n\nThree a.", "One b.\n\nTwo.\n\nThree b.")

    assert [(conflict.index, conflict.ours) for conflict in result.conflicts] == [
        (0, "One a."),
        (1, "Three a."),
    ]
    assert resolve(result, ["One b.", "Three a."]) == "One b.\n\nTwo.\n\nThree a."


def test_it_merges_empty_texts() -> None:
    assert merge3("", "", "") == MergeResult(text="", conflicts=())
    assert merge3("", "", "New.") == MergeResult(text="New.", conflicts=())
    assert merge3("Old.", "Old.", "") == MergeResult(text="", conflicts=())


def test_it_reports_two_sides_starting_an_empty_text_differently() -> None:
    result = merge3("", "Ours.", "Theirs.")

    assert result.conflicts == (
        Conflict(index=0, base="", ours="Ours.", theirs="Theirs.", start=0, end=5),
    )
    assert resolve(result, ["Theirs."]) == "Theirs."


def test_it_reports_deleting_all_the_text_the_other_side_edited() -> None:
    result = merge3("Old.", "", "Old, edited.")

    assert result.conflicts == (
        Conflict(index=0, base="Old.", ours="", theirs="Old, edited.", start=0, end=0),
    )
    assert resolve(result, ["Old, edited."]) == "Old, edited."


def test_it_treats_crlf_and_a_lone_cr_as_lf() -> None:
    result = merge3("One.\r\n\r\nTwo.", "One.\rline two\r\rTwo.", "One.\n\nTwo!")

    assert result == MergeResult(text="One.\nline two\n\nTwo!", conflicts=())


def test_it_puts_texts_in_normal_form() -> None:
    text = "\n \nOne.\nline two  \n\n\n\t\nTwo.\n"

    assert merge3(text, text, text).text == "One.\nline two  \n\nTwo."


def test_it_wants_one_choice_for_each_conflict() -> None:
    result = merge3("Old.", "Ours.", "Theirs.")

    with pytest.raises(ValueError, match="expected 1 choices"):
        resolve(result, [])
    with pytest.raises(ValueError, match="expected 1 choices"):
        resolve(result, ["Ours.", "Theirs."])


def test_it_puts_choices_in_normal_form() -> None:
    result = merge3("One.\n\nOld.\n\nTwo.", "One.\n\nOurs.\n\nTwo.", "One.\n\nTheirs.\n\nTwo.")

    assert resolve(result, ["\r\nA.\r\n\r\n\r\nB.\r\n"]) == "One.\n\nA.\n\nB.\n\nTwo."


def test_it_keeps_blank_lines_in_a_fenced_code_block_exactly() -> None:
    fence = "```python\nfirst = 1\n\n\nsecond = 2\n```"
    base = f"Intro.\n\n{fence}\n\nEnd."

    result = merge3(base, base.replace("Intro.", "Start."), base.replace("End.", "The end."))

    assert result == MergeResult(text=f"Start.\n\n{fence}\n\nThe end.", conflicts=())


def test_it_keeps_a_tilde_fence_starting_with_a_blank_line_exactly() -> None:
    fence = "~~~\n\n  indented\n \t\n\n\t\ttabbed   \n\n~~~~"
    base = f"Intro.\n\n{fence}\n\nEnd."
    theirs = f"Intro.\n\n{fence}\n\nA new paragraph.\n\nEnd."

    result = merge3(base, base.replace("Intro.", "Start."), theirs)

    assert result.clean
    assert result.text == f"Start.\n\n{fence}\n\nA new paragraph.\n\nEnd."


def test_it_merges_edits_to_different_lines_of_a_fenced_code_block() -> None:
    base = "Intro.\n\n```\na = 1\n\n\nb = 2\n```"
    ours = "Intro.\n\n```\na = 10\n\n\nb = 2\n```"
    theirs = "Intro.\n\n```\na = 1\n\n\nb = 20\n```"

    result = merge3(base, ours, theirs)

    assert result == MergeResult(text="Intro.\n\n```\na = 10\n\n\nb = 20\n```", conflicts=())


def test_it_keeps_fences_exactly_in_conflicts_and_choices() -> None:
    base = "Intro.\n\n```\nold\n\n\n```"
    ours = "Intro.\n\n```\nours\n\n\n```"
    theirs = "Intro.\n\n```\ntheirs\n\n\n\n```"

    result = merge3(base, ours, theirs)

    assert result.text == ours
    [conflict] = result.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        "```\nold\n\n\n```",
        "```\nours\n\n\n```",
        "```\ntheirs\n\n\n\n```",
    )
    assert resolve(result, [conflict.theirs]) == theirs
    assert resolve(result, ["\n\n~~~\r\nmine\r\n\r\n\r\n~~~\n\n\n"]) == (
        "Intro.\n\n~~~\nmine\n\n\n~~~"
    )


def test_it_reads_fences_as_commonmark_does() -> None:
    # An indented opening fence with an info string; a backtick line that
    # does not close a tilde fence; a closing fence that is too short; and
    # a fence that interrupts a paragraph.
    text = (
        "   ``` js title\n\n\ncode\n   ```\n\n"
        "~~~\n```\n\n\n```\n~~~\n\n"
        "````\nlong\n\n\n```\n\n\n````\n\n"
        "Text.\n```\n\n\n```\nMore text."
    )

    assert merge3(text, text, text).text == text


def test_it_runs_an_unclosed_fence_to_the_end_of_the_text() -> None:
    text = "Intro.\n\n```\ncode\n\n\nNot a paragraph.\n\n\n\n  \n\n~~~\n\n\n~~~"

    assert merge3(text, text, text).text == text
    # Blank lines at the very end go, as at the end of any text.
    assert merge3(text + "\n\n \n", text, text).text == text


def test_it_keeps_a_fence_in_a_list_item_exactly() -> None:
    # Indented four spaces, as it is in the second-level item, but still a fence.
    fence = "    ```\n    one\n\n\n    two\n    ```"
    base = f"- Item.\n  - Sub-item.\n\n{fence}\n\nEnd."

    result = merge3(base, base.replace("Item.", "First."), base.replace("End.", "The end."))

    assert result == MergeResult(
        text=f"- First.\n  - Sub-item.\n\n{fence}\n\nThe end.", conflicts=()
    )


def test_it_keeps_blank_lines_in_an_indented_code_block_exactly() -> None:
    # CommonMark keeps the blank lines inside an indented code block (and
    # any spaces past the indent), so they are code too.
    code = "    one\n\n\n      \n    two"
    base = f"Intro.\n\n{code}\n\nEnd."

    result = merge3(base, base.replace("Intro.", "Start."), base.replace("End.", "The end."))

    assert result == MergeResult(text=f"Start.\n\n{code}\n\nThe end.", conflicts=())


def test_it_keeps_code_as_written_where_the_other_side_makes_it_text() -> None:
    # Ours makes the start a list item, so the indented paragraph and the
    # code theirs adds under it are in the list item, where four spaces are
    # not enough for code. Nothing is dropped: theirs is kept as written.
    base = "Intro.\n\n  Indented.\n\nEnd."
    theirs = "Intro.\n\n  Indented.\n\n    one\n\n\n    two\n\nEnd."

    result = merge3(base, f"- {base}", theirs)

    assert result == MergeResult(text=f"- {theirs}", conflicts=())


def test_it_still_joins_blank_lines_outside_code() -> None:
    # None of these is a fence: an info string with a backtick, a fence
    # indented four spaces after a paragraph (so not code either), and a
    # fence of two characters.
    text = "```not`a fence\n\n\nOne.\nline\n    ```\n\n\nTwo.\n\n \n``\n\n\nThree."

    assert merge3(text, text, text).text == (
        "```not`a fence\n\nOne.\nline\n    ```\n\nTwo.\n\n``\n\nThree."
    )


# Properties


@given(three_versions())
def test_it_takes_our_text_when_theirs_is_unchanged(versions: tuple[str, str, str]) -> None:
    base, ours, _ = versions

    assert merge3(base, ours, base) == MergeResult(text=ours, conflicts=())


@given(three_versions())
def test_it_takes_their_text_when_ours_is_unchanged(versions: tuple[str, str, str]) -> None:
    base, _, theirs = versions

    assert merge3(base, base, theirs) == MergeResult(text=theirs, conflicts=())


@given(three_versions())
def test_it_takes_the_text_both_sides_agree_on(versions: tuple[str, str, str]) -> None:
    base, both, _ = versions

    assert merge3(base, both, both) == MergeResult(text=both, conflicts=())


@given(three_versions())
def test_it_finds_conflicts_whichever_side_is_ours(versions: tuple[str, str, str]) -> None:
    base, ours, theirs = versions

    assert merge3(base, ours, theirs).clean == merge3(base, theirs, ours).clean


@given(st.data())
def test_it_keeps_edits_to_any_two_different_paragraphs(data: st.DataObject) -> None:
    base = data.draw(st.lists(paragraphs, min_size=3, max_size=6))
    ours_index = data.draw(st.integers(0, len(base) - 1))
    theirs_index = data.draw(st.integers(0, len(base) - 1).filter(lambda i: i != ours_index))
    ours, theirs = list(base), list(base)
    ours[ours_index] = data.draw(paragraphs.filter(lambda p: p != base[ours_index]))
    theirs[theirs_index] = data.draw(paragraphs.filter(lambda p: p != base[theirs_index]))
    both = list(ours)
    both[theirs_index] = theirs[theirs_index]

    result = merge3(join(base), join(ours), join(theirs))

    assert result == MergeResult(text=join(both), conflicts=())


@given(st.data())
def test_it_keeps_edits_to_any_two_different_words_of_a_paragraph(data: st.DataObject) -> None:
    base = data.draw(st.lists(paragraphs, min_size=1, max_size=4))
    changed = data.draw(st.integers(0, len(base) - 1))
    base[changed] = " ".join(data.draw(st.lists(words, min_size=2, max_size=12)))
    base_words = base[changed].split(" ")
    ours_index = data.draw(st.integers(0, len(base_words) - 1))
    theirs_index = data.draw(st.integers(0, len(base_words) - 1).filter(lambda i: i != ours_index))
    ours_words, theirs_words = list(base_words), list(base_words)
    ours_words[ours_index] = data.draw(words.filter(lambda w: w != base_words[ours_index]))
    theirs_words[theirs_index] = data.draw(words.filter(lambda w: w != base_words[theirs_index]))
    both_words = list(ours_words)
    both_words[theirs_index] = theirs_words[theirs_index]

    def with_changed(changed_words: list[str]) -> str:
        return join([*base[:changed], " ".join(changed_words), *base[changed + 1 :]])

    result = merge3(join(base), with_changed(ours_words), with_changed(theirs_words))

    assert result == MergeResult(text=with_changed(both_words), conflicts=())


@given(three_versions())
def test_it_treats_crlf_and_lf_alike(versions: tuple[str, str, str]) -> None:
    base, ours, theirs = versions

    assert merge3(crlf(base), ours, crlf(theirs)) == merge3(base, ours, theirs)
    assert merge3(base, crlf(ours), theirs) == merge3(base, ours, theirs)


@given(three_versions())
def test_it_keeps_ours_in_place_of_each_conflict(versions: tuple[str, str, str]) -> None:
    result = merge3(*versions)

    check_conflicts(result)


@given(three_versions())
def test_it_gives_a_text_with_all_of_theirs_when_resolved_their_way(
    versions: tuple[str, str, str],
) -> None:
    result = merge3(*versions)

    resolved = resolve(result, [conflict.theirs for conflict in result.conflicts])

    for conflict in result.conflicts:
        assert conflict.theirs in resolved


@given(three_versions())
def test_it_gives_a_text_in_normal_form(versions: tuple[str, str, str]) -> None:
    result = merge3(*versions)

    assert merge3(result.text, result.text, result.text).text == result.text
    assert "\n\n\n" not in result.text
    assert result.text == result.text.strip()


# Properties of Markdown documents with code fences, lists and headings

# A line of a block: its markup ("- ", "## ", a fence, an indent) and its words.
# Words can be edited; markup cannot. A code line with no words is blank, or
# only spaces and tabs.
Line = tuple[str, list[str]]
Block = list[Line]

# Marks the markup of the opening and closing lines of a fence, so edits
# can tell a fence from other blocks; rendering drops it.
FENCE = "fence"

code_lines: st.SearchStrategy[Line] = st.one_of(
    st.tuples(st.sampled_from(["", "  ", "    ", "\t"]), word_lists),
    st.tuples(st.sampled_from(["", "", "", "  ", "\t"]), st.builds(list)),
)


@st.composite
def fence_blocks(draw: st.DrawFn, indent: str = "") -> Block:
    """A closed code fence of backticks or tildes, with blank lines anywhere in it.

    ``indent`` puts it in a list item whose text starts that far in. A fence
    not in a list item is indented at most one space, or after a list it
    would be in the list's last item.
    """
    character = draw(st.sampled_from("`~"))
    size = draw(st.integers(3, 5))
    info = draw(st.sampled_from(["", "python", " js title"]))
    extra = ["", " ", "  ", "   "] if indent else ["", " "]
    opening = indent + draw(st.sampled_from(extra)) + character * size + info
    closing = indent + draw(st.sampled_from(extra)) + character * (size + draw(st.integers(0, 2)))
    lines = draw(st.lists(code_lines, max_size=6))
    code = [(indent + markup if line_words else markup, line_words) for markup, line_words in lines]
    return [(FENCE + opening, []), *code, (FENCE + closing, [])]


@st.composite
def list_blocks(draw: st.DrawFn) -> Block:
    marker = draw(st.sampled_from(["- ", "* ", "1. "]))
    return [(marker, draw(word_lists)) for _ in range(draw(st.integers(1, 3)))]


# Blocks that are each one paragraph of the merge: no blank line outside code.
blocks = st.one_of(
    word_lists.map(lambda w: [("", w)]),
    st.tuples(st.sampled_from(["# ", "## ", "### "]), word_lists).map(lambda line: [line]),
    list_blocks(),
    fence_blocks(),
)
# Also a list item holding a fence, up to five spaces in: two paragraphs of the merge.
any_blocks = st.one_of(
    blocks,
    st.tuples(word_lists, fence_blocks(indent="  ")).map(
        lambda item: [("- ", item[0]), ("", []), *item[1]]
    ),
)


def is_fence(block: Block) -> bool:
    return block[0][0].startswith(FENCE)


def render_line(line: Line) -> str:
    markup, line_words = line
    return markup.removeprefix(FENCE) + " ".join(line_words)


def render_block(block: Block, closed: bool = True) -> str:
    if closed or not is_fence(block):
        return "\n".join(render_line(line) for line in block)
    # A fence left open ends at the end of the text, so blank lines there go.
    return "\n".join(render_line(line) for line in block[:-1]).rstrip(" \t\n")


def document(block_list: list[Block], open_at_end: bool = False) -> str:
    """The text of the blocks in normal form; only a fence at the end may be left open."""
    return "\n\n".join(
        render_block(block, closed=not open_at_end or i < len(block_list) - 1)
        for i, block in enumerate(block_list)
    )


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[Block], bool]:
    return draw(st.lists(any_blocks, max_size=6)), draw(st.booleans())


@st.composite
def document_edits_of(
    draw: st.DrawFn, base: tuple[list[Block], bool], keep: int | None = None
) -> str:
    """A few random edits of a document: of its blocks, their words, and the lines of its code.

    The block at index ``keep``, if any, is left as it is.
    """
    block_list = [[(markup, list(line_words)) for markup, line_words in b] for b in base[0]]
    kept = block_list[keep] if keep is not None else None
    open_at_end = base[1]
    for _ in range(draw(st.integers(0, 4))):
        editable = [b for b in block_list if b is not kept]
        action = draw(st.sampled_from(["block", "word", "code line", "open or close"]))
        if action == "open or close":
            open_at_end = not open_at_end
        elif action == "block" or not editable:
            positions = [i for i, b in enumerate(block_list) if b is not kept]
            index = draw(st.sampled_from([*positions, len(block_list)]))
            kind = draw(st.sampled_from(["insert", "replace", "delete"]))
            if kind == "insert" or index == len(block_list):
                block_list.insert(index, draw(any_blocks))
            elif kind == "replace":
                block_list[index] = draw(any_blocks)
            else:
                del block_list[index]
        elif action == "word":
            written = [w for b in editable for _, w in b if w]
            if not written:
                continue
            line_words = draw(st.sampled_from(written))
            index = draw(st.integers(0, len(line_words)))
            if index == len(line_words) or draw(st.booleans()):
                line_words.insert(index, draw(words))
            elif len(line_words) > 1 and draw(st.booleans()):
                del line_words[index]
            else:
                line_words[index] = draw(words)
        else:
            fences = [b for b in editable if is_fence(b)]
            if not fences:
                continue
            block = draw(st.sampled_from(fences))
            index = draw(st.integers(1, len(block) - 1))
            if draw(st.booleans()) or len(block) == 2:
                # Indented, to stay in the list item if the fence is in one.
                block.insert(index, ("  ", draw(st.sampled_from([[], ["new"]]))))
            elif index < len(block) - 1:
                del block[index]
    return document(block_list, open_at_end and bool(block_list) and block_list[-1] is not kept)


@st.composite
def three_documents(draw: st.DrawFn) -> tuple[str, str, str]:
    """A base document and two documents edited from it, one by each side."""
    base = draw(documents())
    return document(*base), draw(document_edits_of(base)), draw(document_edits_of(base))


@settings(deadline=None)
@given(three_documents())
def test_it_takes_one_sides_document_when_the_other_is_unchanged(
    versions: tuple[str, str, str],
) -> None:
    base, ours, theirs = versions

    assert merge3(base, base, base) == MergeResult(text=base, conflicts=())
    assert merge3(base, ours, base) == MergeResult(text=ours, conflicts=())
    assert merge3(base, base, theirs) == MergeResult(text=theirs, conflicts=())
    assert merge3(base, theirs, theirs) == MergeResult(text=theirs, conflicts=())


@settings(deadline=None)
@given(three_documents())
def test_it_finds_conflicts_in_documents_whichever_side_is_ours(
    versions: tuple[str, str, str],
) -> None:
    base, ours, theirs = versions

    assert merge3(base, ours, theirs).clean == merge3(base, theirs, ours).clean


@settings(deadline=None)
@given(three_documents())
def test_it_merges_documents_into_a_document_in_normal_form(
    versions: tuple[str, str, str],
) -> None:
    base, ours, theirs = versions

    result = merge3(base, ours, theirs)

    check_conflicts(result)
    assert merge3(result.text, result.text, result.text).text == result.text
    # The first line may be indented, but neither it nor the last is blank.
    lines = result.text.split("\n")
    assert not result.text or (lines[0].strip(" \t") and lines[-1].strip(" \t"))
    assert merge3(crlf(base), crlf(ours), crlf(theirs)) == result


@settings(deadline=None)
@given(st.data())
def test_it_keeps_edits_to_any_two_different_blocks_with_their_code_exact(
    data: st.DataObject,
) -> None:
    base = data.draw(
        st.lists(blocks, min_size=3, max_size=6).map(lambda b: list(map(render_block, b)))
    )
    ours_index = data.draw(st.integers(0, len(base) - 1))
    theirs_index = data.draw(st.integers(0, len(base) - 1).filter(lambda i: i != ours_index))
    new_blocks = blocks.map(render_block)
    ours, theirs = list(base), list(base)
    ours[ours_index] = data.draw(new_blocks.filter(lambda b: b != base[ours_index]))
    theirs[theirs_index] = data.draw(new_blocks.filter(lambda b: b != base[theirs_index]))
    both = list(ours)
    both[theirs_index] = theirs[theirs_index]

    result = merge3(join(base), join(ours), join(theirs))

    assert result == MergeResult(text=join(both), conflicts=())


@settings(deadline=None)
@given(st.data())
def test_it_keeps_edits_to_any_two_different_lines_of_a_fence(data: st.DataObject) -> None:
    before = data.draw(st.lists(blocks, max_size=2).map(lambda b: list(map(render_block, b))))
    after = data.draw(st.lists(blocks, max_size=2).map(lambda b: list(map(render_block, b))))
    fence = data.draw(fence_blocks())
    code = data.draw(
        st.lists(code_lines, min_size=2, max_size=8).filter(
            lambda lines: sum(1 for _, w in lines if w) >= 2
        )
    )
    written = [i for i, (_, w) in enumerate(code) if w]
    ours_index = data.draw(st.sampled_from(written))
    theirs_index = data.draw(st.sampled_from(written).filter(lambda i: i != ours_index))

    def with_code(changes: dict[int, list[str]]) -> str:
        lines = [(m, changes.get(i, w)) for i, (m, w) in enumerate(code)]
        return join([*before, render_block([fence[0], *lines, fence[-1]]), *after])

    ours_words = data.draw(word_lists.filter(lambda w: w != code[ours_index][1]))
    theirs_words = data.draw(word_lists.filter(lambda w: w != code[theirs_index][1]))

    result = merge3(
        with_code({}), with_code({ours_index: ours_words}), with_code({theirs_index: theirs_words})
    )

    assert result == MergeResult(
        text=with_code({ours_index: ours_words, theirs_index: theirs_words}), conflicts=()
    )


@settings(deadline=None)
@given(st.data())
def test_it_keeps_a_fence_neither_side_touched_exactly(data: st.DataObject) -> None:
    block_list, open_at_end = data.draw(documents())
    keep = data.draw(st.integers(0, len(block_list)))
    block_list.insert(keep, data.draw(fence_blocks()))
    base = (block_list, open_at_end and keep < len(block_list) - 1)
    fence = render_block(block_list[keep])

    result = merge3(
        document(*base),
        data.draw(document_edits_of(base, keep=keep)),
        data.draw(document_edits_of(base, keep=keep)),
    )

    assert f"\n\n{fence}\n\n" in f"\n\n{result.text}\n\n"


def test_resolving_keeps_a_code_block_a_merge_moved_into_a_list_item_as_merged() -> None:
    # Found by the property above: the merged text's blank lines inside the block
    # went when the text was split into paragraphs again.
    result = merge3(
        "- the\n\n    ```\n\n\n  the\n  ```",
        "- cat\n\n    ```\n\n\n  the\n  ```",
        "- the the\n\n    ```\n\n\n  the\n  ```",
    )
    assert result.conflicts
    assert resolve(result, [conflict.ours for conflict in result.conflicts]) == result.text
