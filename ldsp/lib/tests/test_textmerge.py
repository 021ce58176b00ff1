from __future__ import annotations

import pytest
from hypothesis import given
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
