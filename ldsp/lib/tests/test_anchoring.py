from __future__ import annotations

import ast
import dataclasses
import json
import random
import time
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ldsp.lib import anchoring
from ldsp.lib.anchoring import (
    CONTEXT_CHARS,
    Anchor,
    AnchorError,
    Placement,
    anchor_from_quote,
    anchor_locate,
    anchor_make,
)

SECTION = (
    "## Agree how you will work together\n"
    "\n"
    "Before any work starts, the partnership agreement sets out who does what and by "
    "when. Councils that skip this step often find that the partnership stalls after "
    "the first sprint, because nobody owns the decisions.\n"
    "\n"
    "Review the agreement at every show and tell. If the partnership has changed - a "
    "new council joins, or a supplier leaves - write the change down the same week.\n"
)

# Distinct sentences, so that a long passage made of them reads like real prose:
# a few common words ("the", "a") and many that appear only once or twice.
SENTENCES = [
    "Start with the problem your residents have, not the system you already own.",
    "Talk to people who use the service, including those who struggle to use it.",
    "Councils that share a problem can share the research, the design and the code.",
    "Write down who makes which decision before the first sprint begins.",
    "A service owner in each council keeps the partnership pointed at outcomes.",
    "Budget for the whole life of the service, including the years after launch.",
    "Publish what you learn in the open so other councils can reuse it.",
    "Test early prototypes with real users in at least two different places.",
    "Agree on common data standards before anyone builds an integration.",
    "Plan how suppliers will hand over their work when a contract ends.",
    "Keep a shared backlog that every partner can read and comment on.",
    "Celebrate small improvements, and tell residents what changed because of them.",
]


def find(text: str, passage: str, occurrence: int = 1) -> tuple[int, int]:
    """The offsets of the ``occurrence``-th time ``passage`` appears in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def anchor_on(text: str, passage: str, occurrence: int = 1) -> Anchor:
    return anchor_make(text, *find(text, passage, occurrence))


def span(placement: Placement | None) -> tuple[int, int] | None:
    return None if placement is None else (placement.start, placement.end)


def cuts_a_word(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and (text[offset - 1] + text[offset]).isalnum()


# Making anchors


def test_an_anchor_keeps_the_passage_its_offsets_and_some_text_either_side() -> None:
    start, end = find(SECTION, "the partnership agreement")

    anchor = anchor_make(SECTION, start, end)

    assert anchor == Anchor(
        exact="the partnership agreement",
        prefix=SECTION[start - CONTEXT_CHARS : start],
        suffix=SECTION[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )
    assert anchor.prefix.endswith("Before any work starts, ")
    assert anchor.suffix.startswith(" sets out who does what")


def test_the_context_stops_at_the_ends_of_the_text() -> None:
    anchor = anchor_make("Plan the work.", 0, 4)

    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("", "Plan", " the work.")
    assert anchor_make("Plan the work.", 9, 14).suffix == ""


def test_the_context_can_be_longer_or_shorter() -> None:
    start, end = find(SECTION, "partnership agreement")

    assert anchor_make(SECTION, start, end, context=4).prefix == "the "
    assert anchor_make(SECTION, start, end, context=4).suffix == " set"
    assert anchor_make(SECTION, start, end, context=0).prefix == ""


def test_a_negative_context_is_refused() -> None:
    with pytest.raises(ValueError, match="context"):
        anchor_make(SECTION, 0, 5, context=-1)


def test_whitespace_around_the_passage_is_left_out() -> None:
    text = "Agree the plan.\n\n  Then start.  \n"

    anchor = anchor_make(text, 15, len(text))

    assert anchor.exact == "Then start."
    assert (anchor.start, anchor.end) == (19, 30)
    assert anchor.prefix == "Agree the plan.\n\n  "
    assert anchor.suffix == "  \n"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 4, "must not start before the beginning"),
        (0, 99, "must not run past the end"),
        (4, 4, "is empty"),
        (6, 2, "is empty"),
    ],
)
def test_a_range_outside_the_text_or_empty_is_refused(start: int, end: int, message: str) -> None:
    with pytest.raises(AnchorError, match=message):
        anchor_make("Plan the work.", start, end)


def test_a_passage_of_only_whitespace_is_refused() -> None:
    with pytest.raises(AnchorError, match="only spaces or line breaks"):
        anchor_make("Plan.\n\n \tWork.", 5, 9)


def test_an_anchor_error_is_a_value_error() -> None:
    assert issubclass(AnchorError, ValueError)


def test_anchors_and_placements_cannot_be_changed() -> None:
    anchor = anchor_on(SECTION, "the partnership agreement")
    placement = anchor_locate(SECTION, anchor)
    assert placement is not None

    # As Any: mypy already refuses these assignments; the test shows Python does too.
    with pytest.raises(dataclasses.FrozenInstanceError):
        cast(Any, anchor).start = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        cast(Any, placement).score = 0.5


# Saving anchors


def test_an_anchor_survives_a_round_trip_through_a_dict_and_json() -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")

    data = json.loads(json.dumps(anchor.to_dict()))

    assert data == {
        "exact": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
    }
    assert Anchor.from_dict(data) == anchor


def test_an_anchor_can_be_read_without_its_context() -> None:
    anchor = Anchor.from_dict({"exact": "the agreement", "start": 3, "end": 16})

    assert anchor == Anchor(exact="the agreement", prefix="", suffix="", start=3, end=16)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": 0, "end": 4}, "no quoted passage"),
        ({"exact": "  ", "start": 0, "end": 2}, "no quoted passage"),
        ({"exact": 42, "start": 0, "end": 2}, "no quoted passage"),
        ({"exact": "plan", "prefix": None, "start": 0, "end": 4}, "must be text"),
        ({"exact": "plan", "end": 4}, "whole numbers"),
        ({"exact": "plan", "start": "0", "end": 4}, "whole numbers"),
        ({"exact": "plan", "start": True, "end": 4}, "whole numbers"),
        ({"exact": "plan", "start": -1, "end": 4}, "whole numbers"),
        ({"exact": "plan", "start": 5, "end": 4}, "must not end before it starts"),
    ],
)
def test_data_that_is_not_an_anchor_is_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(AnchorError, match=message):
        Anchor.from_dict(data)


# Finding a passage word for word


def test_an_untouched_passage_is_found_where_it_was() -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")

    assert anchor_locate(SECTION, anchor) == Placement(
        anchor.start, anchor.end, "nobody owns the decisions", "exact", 1.0
    )


def test_text_inserted_before_a_passage_moves_it_by_the_length_inserted() -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")
    inserted = "This guidance is for councils working together on a service.\n\n"
    heading_end = SECTION.index("\n\n") + 2

    placement = anchor_locate(SECTION[:heading_end] + inserted + SECTION[heading_end:], anchor)

    assert placement is not None
    assert placement.method == "exact"
    assert span(placement) == (anchor.start + len(inserted), anchor.end + len(inserted))


def test_text_inserted_after_a_passage_leaves_it_where_it_was() -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")

    placement = anchor_locate(SECTION + "\nSee also: running a discovery.\n", anchor)

    assert span(placement) == (anchor.start, anchor.end)


def test_a_repeated_phrase_is_found_where_its_context_matches() -> None:
    # "the partnership" appears three times; the comment is on the second.
    assert SECTION.count("the partnership") == 3
    anchor = anchor_on(SECTION, "the partnership", occurrence=2)
    # An edit before all three moves them by the same amount.
    edited = SECTION.replace("Before any work starts", "Before any work on the service starts")
    moved = len(" on the service")

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.method == "exact"
    assert span(placement) == (anchor.start + moved, anchor.end + moved)
    assert edited[placement.end :].startswith(" stalls after")


def test_the_context_counts_for_more_than_the_old_position() -> None:
    anchor = anchor_on(SECTION, "the partnership", occurrence=3)
    # The paragraph with the third occurrence moves to the top, so the first
    # occurrence is now the one nearest the old position.
    first, second = SECTION.split("\n\nReview")
    edited = "Review" + second + "\n" + first + "\n"

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert edited[placement.end :].startswith(" has changed")


def test_when_the_context_cannot_tell_occurrences_apart_the_nearest_to_the_old_position_wins() -> (
    None
):
    text = "Plan. " * 30
    anchor = anchor_make(text, 84, 88)  # the fifteenth "Plan"
    shifted = "Intro. " + text

    placement = anchor_locate(shifted, anchor)

    # Every "Plan" away from the ends has the same 32 characters either side.
    # The fifteenth moved 7 characters on; the fourteenth is now 1 character
    # from the old position.
    assert span(placement) == (85, 89)


def test_an_exact_match_is_preferred_to_a_similar_passage_at_the_old_position() -> None:
    old = "Later the team agrees the budget."
    anchor = anchor_on(old, "the team agrees the budget")
    new = "First the team agreed the budget. Later the team agrees the budget."

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.method == "exact"
    assert span(placement) == find(new, "the team agrees the budget")


# Finding a passage that changed a little


def test_a_passage_in_a_lightly_edited_paragraph_is_found_fuzzily() -> None:
    anchor = anchor_on(SECTION, "the partnership agreement sets out who does what")
    edited = SECTION.replace(
        "Before any work starts, the partnership agreement sets out who does what and by when.",
        "Before work starts, a partnership agreement should set out who does what, and by when.",
    )

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.method == "fuzzy"
    assert placement.exact == "a partnership agreement should set out who does what"
    assert 0.75 <= placement.score < 1
    assert edited[placement.start : placement.end] == placement.exact


def test_a_passage_with_a_typo_fixed_inside_it_is_found_fuzzily_with_a_score_below_one() -> None:
    old = SECTION.replace("partnership stalls", "partnersip stalls")
    anchor = anchor_on(old, "the partnersip stalls after the first sprint")

    placement = anchor_locate(SECTION, anchor)

    assert placement is not None
    assert placement.method == "fuzzy"
    assert placement.exact == "the partnership stalls after the first sprint"
    assert 0.95 < placement.score < 1


def test_a_changed_word_at_the_end_of_the_passage_is_kept_in_it() -> None:
    # The unchanged text after the passage shows where the passage now ends.
    anchor = anchor_on(SECTION, "sets out who does what")
    edited = SECTION.replace("who does what and", "who does which and")

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.exact == "sets out who does which"


def test_a_fuzzy_match_does_not_cut_words_in_half() -> None:
    anchor = anchor_on(SECTION, "artnership agreement sets out who does wh")
    edited = SECTION.replace("sets out who does", "sets out clearly who does")

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.exact == "partnership agreement sets out clearly who does what"
    assert not cuts_a_word(edited, placement.start)
    assert not cuts_a_word(edited, placement.end)


def test_a_passage_moved_far_away_and_edited_is_still_found() -> None:
    filler = "".join(f"{sentence}\n\n" for sentence in SENTENCES) * 3
    old = SECTION + filler
    anchor = anchor_on(old, "Councils that skip this step often find that the partnership stalls")
    edited_paragraph = SECTION.split("\n\n")[1].replace("often find", "usually find")
    new = filler + edited_paragraph + "\n"

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.method == "fuzzy"
    assert (
        placement.exact == "Councils that skip this step usually find that the partnership stalls"
    )
    assert placement.start > len(filler)


def test_between_two_similar_passages_the_one_whose_context_matches_wins() -> None:
    old = (
        "In the first phase, agree the plan with every partner council. Then hire.\n"
        "In the second phase, agree the plan with every partner council. Then build.\n"
    )
    anchor = anchor_on(old, "agree the plan with every partner council", occurrence=2)
    new = old.replace("every partner council", "each partner council")

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.exact == "agree the plan with each partner council"
    assert new[: placement.start].endswith("In the second phase, ")


def test_a_long_passage_with_a_sentence_rewritten_is_found_fuzzily() -> None:
    old = "\n\n".join(SENTENCES) + "\n"
    anchor = anchor_make(old, 0, len(old))
    new = old.replace(SENTENCES[5], "Plan the money for years, not months.")

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.method == "fuzzy"
    assert span(placement) == (0, len(new.rstrip()))
    assert 0.9 < placement.score < 1


def test_a_word_replaced_at_the_start_of_the_passage_by_several_is_kept_in_it() -> None:
    anchor = anchor_on(SECTION, "Councils that skip this step often find")
    edited = SECTION.replace("Councils that skip", "Many councils that skip")

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.exact == "Many councils that skip this step often find"


def test_a_word_replaced_at_the_end_of_the_passage_by_several_is_kept_in_it() -> None:
    anchor = anchor_on(SECTION, "sets out who does what")
    edited = SECTION.replace("who does what and", "who does which job and")

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.exact == "sets out who does which job"


def test_text_added_just_before_an_edited_passage_is_left_out_of_it() -> None:
    anchor = anchor_on(SECTION, "the partnership stalls after the first sprint")
    edited = SECTION.replace(
        "often find that the partnership stalls after",
        "often find, to their cost and after months of work, that the partnership stops after",
    )

    placement = anchor_locate(edited, anchor)

    assert placement is not None
    assert placement.exact == "the partnership stops after the first sprint"


def test_a_moved_passage_whose_context_changed_does_not_take_in_the_text_before_it() -> None:
    filler = "".join(f"{sentence}\n\n" for sentence in SENTENCES)
    anchor = anchor_on(SECTION + filler, "the agreement at every show and tell")
    new = filler + "Then review the agreements at every show and tell. More.\n"

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.exact == "the agreements at every show and tell"


def test_a_long_passage_ends_where_it_did_when_the_text_after_it_comes_again_soon() -> None:
    old = "\n\n".join(SENTENCES[:7] + SENTENCES[2:4] + SENTENCES[6:]) + "\n"
    passage = "\n\n".join(SENTENCES[:6])
    anchor = anchor_on(old, passage)
    new = old.replace("years after launch.", "years after go-live.", 1)

    placement = anchor_locate(new, anchor)

    assert placement is not None
    assert placement.exact == passage.replace("after launch.", "after go-live.")


def test_a_deleted_passage_is_not_found() -> None:
    anchor = anchor_on(
        SECTION, "Councils that skip this step often find that the partnership stalls"
    )
    start = SECTION.index("Councils that skip")
    end = SECTION.index("decisions.") + len("decisions.")

    assert anchor_locate(SECTION[:start] + SECTION[end:], anchor) is None


def test_a_rewritten_passage_is_not_found() -> None:
    anchor = anchor_on(SECTION, "the partnership agreement sets out who does what and by when")
    edited = SECTION.replace(
        "the partnership agreement sets out who does what and by when",
        "agree roles in writing, with dates",
    )

    assert anchor_locate(edited, anchor) is None


def test_min_score_sets_how_similar_a_passage_must_be() -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")
    edited = SECTION.replace("nobody owns the decisions", "nobody owns decisions")

    lenient = anchor_locate(edited, anchor)
    strict = anchor_locate(edited, anchor, min_score=0.99)

    assert lenient is not None
    assert lenient.exact == "nobody owns decisions"
    assert strict is None


@pytest.mark.parametrize("min_score", [0, -0.5, 1.01])
def test_a_min_score_outside_zero_to_one_is_refused(min_score: float) -> None:
    anchor = anchor_on(SECTION, "nobody owns the decisions")

    with pytest.raises(ValueError, match="min_score"):
        anchor_locate(SECTION, anchor, min_score=min_score)


def test_a_passage_much_longer_or_shorter_than_before_is_not_a_match() -> None:
    anchor = anchor_on(SECTION, "who does what")

    edited = SECTION.replace("who does what", "who exactly does precisely what")

    assert anchor_locate(edited, anchor) is None


def test_an_anchor_with_nothing_quoted_is_never_found() -> None:
    assert anchor_locate(SECTION, Anchor(exact="", prefix="", suffix="", start=0, end=0)) is None


def long_text(seed: int) -> str:
    """About 20,000 characters - the longest sections - of words drawn at random."""
    rng = random.Random(seed)
    words = " ".join(SENTENCES).split()
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < 20_000:
        paragraphs.append(" ".join(rng.choice(words) for _ in range(60)) + "\n\n")
    return "".join(paragraphs)[:20_000]


def test_a_deleted_passage_in_a_long_text_is_given_up_on_quickly() -> None:
    text = long_text(seed=20)
    anchor = anchor_make(text, 10_000, 10_200)
    without = text[: anchor.start] + text[anchor.end :]

    began = time.perf_counter()
    placement = anchor_locate(without, anchor)
    took = time.perf_counter() - began

    assert placement is None
    assert took < 0.5


def test_a_long_edited_passage_in_a_long_text_is_found_quickly() -> None:
    text = long_text(seed=7)
    anchor = anchor_make(text, 9_000, 11_000)
    words = anchor.exact.split(" ")
    words[10::40] = ["CHANGED"] * len(words[10::40])
    edited = text[: anchor.start] + " ".join(words) + text[anchor.end :]

    began = time.perf_counter()
    placement = anchor_locate(edited, anchor)
    took = time.perf_counter() - began

    assert placement is not None
    assert placement.method == "fuzzy"
    assert 0.9 < placement.score < 1
    assert abs(placement.start - anchor.start) < 20
    assert took < 0.5


# Anchoring a quote


def test_a_quote_is_anchored_where_it_appears() -> None:
    anchor = anchor_from_quote(SECTION, "nobody owns the decisions")

    assert anchor == anchor_on(SECTION, "nobody owns the decisions")


def test_a_repeated_quote_is_anchored_at_the_occurrence_nearest_near() -> None:
    third = find(SECTION, "the partnership", occurrence=3)

    assert anchor_from_quote(SECTION, "the partnership", near=third[0] - 5).start == third[0]
    assert (
        anchor_from_quote(SECTION, "the partnership", near=0).start
        == find(SECTION, "the partnership")[0]
    )


def test_a_repeated_quote_without_near_or_context_is_anchored_at_the_first() -> None:
    assert anchor_from_quote(SECTION, "the partnership").start == SECTION.index("the partnership")


def test_the_quote_context_counts_for_more_than_near() -> None:
    second = find(SECTION, "the partnership", occurrence=2)

    anchor = anchor_from_quote(SECTION, "the partnership", near=0, suffix=" stalls")

    assert anchor.start == second[0]


def test_whitespace_around_a_quote_is_ignored() -> None:
    anchor = anchor_from_quote(SECTION, "\n nobody owns the decisions.  ")

    assert anchor.exact == "nobody owns the decisions."


def test_a_quote_that_is_not_in_the_text_is_refused() -> None:
    with pytest.raises(AnchorError, match="That passage is not in the text"):
        anchor_from_quote(SECTION, "nobody owns the budget")


def test_a_quote_of_only_whitespace_is_refused() -> None:
    with pytest.raises(AnchorError, match="only spaces or line breaks"):
        anchor_from_quote(SECTION, " \n ")


def test_it_depends_only_on_the_standard_library_and_rapidfuzz() -> None:
    tree = ast.parse(Path(anchoring.__file__).read_text(encoding="utf-8"))
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
        "bisect",
        "collections",
        "dataclasses",
        "difflib",
        "math",
        "rapidfuzz",
        "re",
        "typing",
    }


# Properties

# A small vocabulary, so that random texts repeat words and phrases and the
# context has to tell occurrences apart.
VOCABULARY = ["the", "plan", "team", "council", "agreed", "a", "of", ",", ".", "**", "-"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n"]

vocabulary_texts = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)).map("".join),
    min_size=1,
    max_size=60,
).map("".join)

# Insertions share no character with the vocabulary, not even a space, so they
# cannot create a new occurrence of a passage or of its context.
insertions = st.text(alphabet="ABCDEFGHIJKXYZ0123456789", min_size=1, max_size=40)


@st.composite
def texts_with_a_passage(draw: st.DrawFn) -> tuple[str, Anchor]:
    text = draw(vocabulary_texts)
    start = draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = draw(st.integers(min_value=start + 1, max_value=len(text)))
    assume(text[start:end].strip())
    return text, anchor_make(text, start, end)


def occurrences(text: str, passage: str) -> int:
    return sum(text.startswith(passage, index) for index in range(len(text)))


@settings(deadline=None, max_examples=300)
@given(texts_with_a_passage())
def test_any_passage_is_found_exactly_where_it_was_in_the_same_text(
    case: tuple[str, Anchor],
) -> None:
    text, anchor = case

    placement = anchor_locate(text, anchor)

    assert placement == Placement(anchor.start, anchor.end, anchor.exact, "exact", 1.0)


@settings(deadline=None, max_examples=300)
@given(texts_with_a_passage(), insertions, st.data())
def test_any_insertion_before_a_passage_and_its_context_moves_it_by_its_length(
    case: tuple[str, Anchor], inserted: str, data: st.DataObject
) -> None:
    text, anchor = case
    # The passage with its context appears once, so the old text leaves no
    # doubt which occurrence the anchor means, and the insertion goes before
    # the prefix, so the new text leaves none either.
    assume(occurrences(text, anchor.prefix + anchor.exact + anchor.suffix) == 1)
    at = data.draw(st.integers(min_value=0, max_value=anchor.start - len(anchor.prefix)))

    placement = anchor_locate(text[:at] + inserted + text[at:], anchor)

    assert placement is not None
    assert placement.method == "exact"
    assert span(placement) == (anchor.start + len(inserted), anchor.end + len(inserted))


@settings(deadline=None, max_examples=300)
@given(texts_with_a_passage(), vocabulary_texts, st.data())
def test_any_placement_after_any_edit_is_a_whole_passage_of_the_new_text(
    case: tuple[str, Anchor], replacement: str, data: st.DataObject
) -> None:
    text, anchor = case
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    new = text[:start] + replacement + text[end:]

    placement = anchor_locate(new, anchor)

    assert anchor_locate(new, anchor) == placement
    if placement is None:
        return
    assert 0 <= placement.start < placement.end <= len(new)
    assert new[placement.start : placement.end] == placement.exact
    assert placement.exact == placement.exact.strip()
    if placement.method == "exact":
        assert placement.exact == anchor.exact
        assert placement.score == 1.0
    else:
        assert 0.75 <= placement.score <= 1
        assert 0.7 * len(anchor.exact) <= len(placement.exact) <= 1.3 * len(anchor.exact)
        assert not cuts_a_word(new, placement.start)
        assert not cuts_a_word(new, placement.end)


@given(st.text(min_size=1), st.data())
def test_any_anchor_survives_a_round_trip_through_json(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    assume(text[start:end].strip())
    anchor = anchor_make(text, start, end)

    assert Anchor.from_dict(json.loads(json.dumps(anchor.to_dict()))) == anchor
