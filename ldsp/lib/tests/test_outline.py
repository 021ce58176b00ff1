"""Playbook outlines: how one Markdown document becomes chapters and sections, and back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ldsp.lib.outline import (
    Outline,
    OutlineChapter,
    OutlineError,
    OutlineSection,
    normalise_body,
    parse_outline,
    render_outline,
)


def chapter(title: str, body: str = "", *sections: OutlineSection) -> OutlineChapter:
    return OutlineChapter(title=title, body=body, sections=tuple(sections))


def section(title: str, body: str = "") -> OutlineSection:
    return OutlineSection(title=title, body=body)


def outline(*chapters: OutlineChapter) -> Outline:
    return Outline(chapters=tuple(chapters))


def error_for(text: str) -> OutlineError:
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    return caught.value


# --- reading the structure ----------------------------------------------------


def test_an_empty_document_has_no_chapters() -> None:
    assert parse_outline("") == Outline(chapters=())


def test_a_document_of_blank_lines_has_no_chapters() -> None:
    assert parse_outline("\n  \n\t\n") == Outline(chapters=())


def test_a_level_one_heading_starts_a_chapter_and_a_level_two_heading_a_section() -> None:
    text = "# Getting started\n\n## Who to invite\n\nPartners.\n\n## First meeting\n\nAgenda.\n"

    assert parse_outline(text) == outline(
        chapter(
            "Getting started",
            "",
            section("Who to invite", "Partners."),
            section("First meeting", "Agenda."),
        )
    )


def test_text_between_a_chapter_heading_and_its_first_section_is_the_introduction() -> None:
    text = "# Funding\n\nWhere the money comes from.\n\nAnd where it goes.\n\n## Grants\n\nApply.\n"

    assert parse_outline(text) == outline(
        chapter(
            "Funding",
            "Where the money comes from.\n\nAnd where it goes.",
            section("Grants", "Apply."),
        )
    )


def test_a_chapter_may_have_only_an_introduction_or_nothing_at_all() -> None:
    text = "# One\n\nJust words.\n# Two\n# Three\n\n## Inside three\n"

    assert parse_outline(text) == outline(
        chapter("One", "Just words."),
        chapter("Two"),
        chapter("Three", "", section("Inside three")),
    )


def test_each_section_belongs_to_the_chapter_above_it() -> None:
    text = "# A\n## A1\n## A2\n# B\n## B1\n"

    parsed = parse_outline(text)

    assert [c.title for c in parsed.chapters] == ["A", "B"]
    assert [[s.title for s in c.sections] for c in parsed.chapters] == [["A1", "A2"], ["B1"]]


def test_level_three_and_deeper_headings_stay_in_the_section_body() -> None:
    text = "# Chapter\n\n## Section\n\n### Detail\n\nText.\n\n#### Finer\n\n###### Finest\n"

    assert parse_outline(text).chapters[0].sections[0].body == (
        "### Detail\n\nText.\n\n#### Finer\n\n###### Finest"
    )


def test_seven_hashes_are_not_a_heading_and_stay_in_the_body() -> None:
    assert parse_outline("# Chapter\n####### Seven\n").chapters[0].body == "####### Seven"


def test_a_hash_without_a_space_after_it_is_not_a_heading() -> None:
    text = "# Chapter\n\n#hashtag and ##another\n"

    assert parse_outline(text).chapters[0].body == "#hashtag and ##another"


def test_a_heading_may_be_indented_by_up_to_three_spaces() -> None:
    assert parse_outline("   # Chapter\n  ## Section\n") == outline(
        chapter("Chapter", "", section("Section"))
    )


def test_a_hash_line_indented_by_four_spaces_is_code_and_stays_in_the_body() -> None:
    text = "# Chapter\n\n    # not a heading\n"

    assert parse_outline(text).chapters[0].body == "    # not a heading"


def test_a_heading_may_be_followed_by_a_tab_instead_of_a_space() -> None:
    assert parse_outline("#\tChapter\n").chapters[0].title == "Chapter"


def test_headings_inside_a_fenced_code_block_stay_in_the_body() -> None:
    body = "Write this:\n\n```markdown\n# Your chapter\n\n## Your section\n```\n\nThen save."
    text = f"# Writing guidance\n\n{body}\n\n## Next\n"

    assert parse_outline(text) == outline(
        chapter("Writing guidance", body, section("Next")),
    )


def test_headings_inside_a_tilde_fence_stay_in_the_body() -> None:
    body = "~~~\n# not a chapter\n~~~"

    assert parse_outline(f"# Chapter\n{body}\n# Real\n") == outline(
        chapter("Chapter", body), chapter("Real")
    )


def test_a_tilde_fence_is_not_closed_by_backticks() -> None:
    body = "~~~\n```\n# still code\n~~~"

    assert parse_outline(f"# Chapter\n{body}\n").chapters[0].body == body


def test_a_fence_is_not_closed_by_a_shorter_fence() -> None:
    body = "`````\n```\n# still code\n`````"

    assert parse_outline(f"# Chapter\n{body}\n## After\n") == outline(
        chapter("Chapter", body, section("After"))
    )


def test_a_fence_is_closed_by_a_longer_fence_of_the_same_character() -> None:
    text = "# Chapter\n```\ncode\n``````\n# Next\n"

    assert [c.title for c in parse_outline(text).chapters] == ["Chapter", "Next"]


def test_a_closing_fence_may_not_have_an_info_string() -> None:
    body = "```\n``` python\n# still code\n```"

    assert parse_outline(f"# Chapter\n{body}\n").chapters[0].body == body


def test_an_opening_fence_may_have_an_info_string_and_up_to_three_spaces_of_indent() -> None:
    body = "   ```python title=example\n# code\n   ```"

    assert parse_outline(f"# Chapter\n{body}\n").chapters[0].body == body


def test_a_backtick_line_with_a_backtick_in_its_info_string_is_inline_code_not_a_fence() -> None:
    text = "# Chapter\n``` not `a fence\n# Next\n"

    assert [c.title for c in parse_outline(text).chapters] == ["Chapter", "Next"]


def test_a_line_of_backticks_indented_by_four_spaces_is_not_a_fence() -> None:
    text = "# Chapter\n\n    ```\n# Next\n"

    assert [c.title for c in parse_outline(text).chapters] == ["Chapter", "Next"]


def test_an_unclosed_fence_runs_to_the_end_of_the_document() -> None:
    text = "# Chapter\n\n```\n# swallowed\n## also swallowed\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "```\n# swallowed\n## also swallowed"),
    )


def test_setext_headings_are_not_structure_and_stay_in_the_body() -> None:
    text = "# Chapter\n\nUnderlined\n==========\n\nAlso underlined\n---\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "Underlined\n==========\n\nAlso underlined\n---"),
    )


def test_a_heading_inside_a_block_quote_stays_in_the_body() -> None:
    text = "# Chapter\n\n> # Quoted chapter\n> ## Quoted section\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "> # Quoted chapter\n> ## Quoted section"),
    )


def test_a_heading_inside_a_list_item_stays_in_the_body() -> None:
    # Changed when parsing moved to markdown-it: the old line scanner made the
    # indented '##' line a section, but CommonMark (and every preview) puts it
    # inside the list item. The line is kept either way; only its place differs.
    text = "# Chapter\n\n- Step one\n\n  ## Not a section\n\n  More of step one.\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "- Step one\n\n  ## Not a section\n\n  More of step one."),
    )


def test_a_fence_inside_a_list_item_ends_with_the_item() -> None:
    # Changed when parsing moved to markdown-it: the old scanner did not see the
    # fence after '- ' and made '# code' a chapter, and it read the indented
    # '~~~' as a fence at the margin that swallowed '## Section'.
    text = "# Chapter\n\n- ```\n  # code\n-\n  ~~~\n  # more code\n## Section\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "- ```\n  # code\n-\n  ~~~\n  # more code", section("Section")),
    )


def test_a_heading_line_ends_a_block_quote_or_list_above_it() -> None:
    text = "# Chapter\n> Quoted\n## Section\n- item\n# Next\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "> Quoted", section("Section", "- item")),
        chapter("Next"),
    )


def test_raw_html_does_not_hide_headings_because_the_site_shows_it_as_text() -> None:
    text = "# Chapter\n\n<!-- an unclosed comment\n\n# Next\n\n<div>\n## Section\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "<!-- an unclosed comment"),
        chapter("Next", "<div>", section("Section")),
    )


def test_a_heading_followed_by_a_table_delimiter_row_is_still_a_heading() -> None:
    text = "# Chapter\n## Costs | Benefits\n|---|---|\n| a | b |\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "", section("Costs | Benefits", "|---|---|\n| a | b |")),
    )


def test_closing_hashes_are_stripped_from_titles() -> None:
    text = "# Chapter ##\n## Section #   \n"

    assert parse_outline(text) == outline(chapter("Chapter", "", section("Section")))


def test_a_hash_that_is_part_of_a_word_is_kept_in_the_title() -> None:
    assert parse_outline("# Learning C#\n").chapters[0].title == "Learning C#"


def test_only_one_closing_sequence_is_stripped() -> None:
    assert parse_outline("# Issue # #\n").chapters[0].title == "Issue #"


def test_an_escaped_closing_hash_is_kept_in_the_title() -> None:
    assert parse_outline("# Issue \\#\n").chapters[0].title == "Issue \\#"


def test_titles_are_trimmed() -> None:
    assert parse_outline("#    Spacious title   \t\n").chapters[0].title == "Spacious title"


def test_titles_are_trimmed_of_unicode_spaces_too() -> None:
    # Changed when parsing moved to markdown-it, which trims titles as Python's
    # str.strip() does (as the title form fields do), not only spaces and tabs.
    assert parse_outline("# \u00a0Wide spaces\u3000\n").chapters[0].title == "Wide spaces"


def test_a_nul_in_a_title_becomes_the_replacement_character_as_commonmark_requires() -> None:
    assert parse_outline("# A\x00B\n").chapters[0].title == "A\ufffdB"


def test_windows_line_endings_are_read_as_newlines() -> None:
    text = "# Chapter\r\n\r\nIntro.\r\n\r\n## Section\r\n\r\nLine one\r\nLine two\r\n"

    assert parse_outline(text) == outline(
        chapter("Chapter", "Intro.", section("Section", "Line one\nLine two"))
    )


def test_old_mac_line_endings_are_read_as_newlines() -> None:
    assert parse_outline("# Chapter\r\rIntro.\r") == outline(chapter("Chapter", "Intro."))


def test_bodies_lose_surrounding_blank_lines_but_keep_their_inner_lines_exactly() -> None:
    text = "# Chapter\n\n\n   \nFirst line  \n\n\n  indented\n\n\t\n"

    assert parse_outline(text).chapters[0].body == "First line  \n\n\n  indented"


# --- problems a writer has to fix ---------------------------------------------


def test_text_before_the_first_chapter_heading_is_an_error_naming_its_line() -> None:
    error = error_for("\n\nA stray paragraph.\n# Chapter\n")

    assert error.line == 3
    assert str(error) == (
        "Text before the first chapter heading, at line 3: put it under a '# Chapter' heading"
    )


def test_a_fenced_code_block_before_the_first_chapter_is_an_error_too() -> None:
    assert error_for("```\n# hidden\n```\n# Chapter\n").line == 1


def test_a_section_heading_before_any_chapter_heading_is_an_error() -> None:
    error = error_for("\n## Orphan section\n# Chapter\n")

    assert error.line == 2
    assert "line 2" in str(error)
    assert "'# Chapter'" in str(error)


@pytest.mark.parametrize("heading", ["#", "# ", "#   \t", "# ##", "# #"])
def test_a_chapter_heading_without_a_title_is_an_error(heading: str) -> None:
    error = error_for(f"# Fine\n\nText.\n{heading}\n")

    assert error.line == 4
    assert str(error) == (
        "The chapter heading at line 4 has no title: write the title after the '# '"
    )


def test_a_heading_whose_title_is_only_unicode_space_has_no_title() -> None:
    # Changed when parsing moved to markdown-it: this used to be a chapter
    # titled with a single no-break space, which no reader could see.
    error = error_for("# Fine\n# \u00a0\u00a0\n")

    assert error.line == 2
    assert "has no title" in str(error)


@pytest.mark.parametrize("heading", ["##", "##  ", "## ###"])
def test_a_section_heading_without_a_title_is_an_error(heading: str) -> None:
    error = error_for(f"# Chapter\n{heading}\n")

    assert error.line == 2
    assert str(error) == (
        "The section heading at line 2 has no title: write the title after the '## '"
    )


def test_two_chapters_with_the_same_title_are_an_error_naming_both_lines() -> None:
    error = error_for("# Funding\n\nText.\n\n# Funding\n")

    assert error.line == 5
    assert str(error) == (
        "The title 'Funding' at line 5 is already used at line 1: "
        "every chapter and section title must be different (ignoring capitals)"
    )


def test_two_sections_in_different_chapters_with_the_same_title_are_an_error() -> None:
    error = error_for("# One\n## Overview\n# Two\n## Overview\n")

    assert error.line == 4
    assert "line 4" in str(error)
    assert "line 2" in str(error)


def test_a_section_with_the_same_title_as_a_chapter_is_an_error() -> None:
    error = error_for("# Funding\n## Funding\n")

    assert error.line == 2
    assert "line 1" in str(error)


def test_titles_that_differ_only_in_capitals_are_duplicates() -> None:
    error = error_for("# Local Partners\n\n## LOCAL partners\n")

    assert error.line == 3
    assert "'LOCAL partners' at line 3 is already used at line 1" in str(error)


def test_titles_that_differ_only_in_closing_hashes_are_duplicates() -> None:
    assert error_for("# Funding\n# Funding ##\n").line == 2


def test_an_outline_error_is_a_value_error() -> None:
    assert issubclass(OutlineError, ValueError)


# --- normalise_body -----------------------------------------------------------


def test_normalising_a_body_removes_blank_lines_at_either_end() -> None:
    assert normalise_body("\n\n  \nText\n\nMore\n \t\n\n") == "Text\n\nMore"


def test_normalising_a_body_keeps_trailing_spaces_because_they_are_line_breaks() -> None:
    assert normalise_body("Line one  \nLine two") == "Line one  \nLine two"


def test_normalising_a_body_keeps_the_indent_of_its_first_line() -> None:
    assert normalise_body("\n    code\n") == "    code"


def test_normalising_a_body_converts_windows_and_old_mac_line_endings() -> None:
    assert normalise_body("a\r\nb\rc\r\n") == "a\nb\nc"


def test_normalising_a_blank_body_gives_the_empty_string() -> None:
    assert normalise_body("") == ""
    assert normalise_body(" \n\t\r\n") == ""


# --- writing the structure ----------------------------------------------------


def test_an_outline_is_written_with_one_blank_line_between_blocks() -> None:
    written = render_outline(
        outline(
            chapter("Funding", "Where money comes from.", section("Grants", "Apply early.")),
            chapter("Data", "", section("Sources"), section("Sharing", "Carefully.")),
        )
    )

    assert written == (
        "# Funding\n\nWhere money comes from.\n\n## Grants\n\nApply early.\n\n"
        "# Data\n\n## Sources\n\n## Sharing\n\nCarefully.\n"
    )


def test_an_outline_with_no_chapters_is_written_as_an_empty_document() -> None:
    assert render_outline(Outline(chapters=())) == ""


def test_a_written_outline_ends_with_exactly_one_newline() -> None:
    assert render_outline(outline(chapter("Only"))) == "# Only\n"


def test_untidy_bodies_are_tidied_when_written() -> None:
    written = render_outline(outline(chapter("Chapter", "\r\n\nText\r\n\n\n", section("S", "\n"))))

    assert written == "# Chapter\n\nText\n\n## S\n"


def test_a_title_ending_in_a_hash_gets_a_closing_sequence_so_it_reads_back() -> None:
    original = outline(chapter("Issue #", "", section("A ## #")), chapter("Learning C#"))

    written = render_outline(original)

    assert written == "# Issue # #\n\n## A ## # #\n\n# Learning C#\n"
    assert parse_outline(written) == original


def test_an_escaped_closing_hash_is_written_without_a_closing_sequence() -> None:
    original = outline(chapter("Issue \\#"))

    assert render_outline(original) == "# Issue \\#\n"
    assert parse_outline(render_outline(original)) == original


def test_a_title_of_hashes_only_is_written_so_that_it_reads_back() -> None:
    original = outline(chapter("##"))

    assert parse_outline(render_outline(original)) == original


# --- round trips --------------------------------------------------------------

# A small vocabulary, so titles collide often and the uniqueness rule is exercised.
# '#' and 'C#' appear as later words to exercise closing-sequence handling.
WORDS = ["local", "digital", "skills", "plan", "funding", "Funding", "data", "#", "C#", "review"]

titles = (
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda title: not title.startswith("#"))
)

words = st.lists(st.sampled_from([*WORDS[:6], "and", "the", "#tag"]), min_size=1, max_size=6).map(
    " ".join
)

paragraphs = st.lists(
    st.tuples(words, st.sampled_from(["", "  "])).map("".join), min_size=1, max_size=3
).map("\n".join)

list_items = st.lists(words.map(lambda text: f"- {text}"), min_size=1, max_size=3).map("\n".join)

sub_headings = st.tuples(st.sampled_from(["###", "####", "######"]), words).map(" ".join)


@st.composite
def fenced_code(draw: st.DrawFn) -> str:
    """A closed fenced code block whose lines may look like chapter and section headings."""
    char = draw(st.sampled_from(["`", "~"]))
    opening = char * draw(st.integers(min_value=3, max_value=5))
    closing = opening + char * draw(st.integers(min_value=0, max_value=2))
    info = draw(st.sampled_from(["", "markdown", " python"]))
    # A fence of the other character, or a shorter one of the same, does not
    # close the block, so either may appear inside it.
    other = ("~" if char == "`" else "`") * 3
    inner = [other, "# not a heading", "## not a section", "", "x = 1", "    # indented"]
    if len(opening) > 3:
        inner.append(char * 3)
    lines = draw(st.lists(st.sampled_from(inner), max_size=5))
    return "\n".join([opening + info, *lines, closing])


blocks = st.one_of(paragraphs, list_items, sub_headings, fenced_code())

bodies = st.lists(st.tuples(blocks, st.sampled_from(["\n\n", "\n\n\n"])), max_size=4).map(
    lambda pairs: "".join(block + gap for block, gap in pairs).rstrip("\n")
)


@st.composite
def outlines(draw: st.DrawFn) -> Outline:
    """A valid outline: unique titles (ignoring case) and normalised bodies."""
    shapes = draw(st.lists(st.integers(min_value=0, max_value=3), max_size=4))
    count = len(shapes) + sum(shapes)
    names = iter(draw(st.lists(titles, min_size=count, max_size=count, unique_by=str.casefold)))
    return Outline(
        chapters=tuple(
            OutlineChapter(
                title=next(names),
                body=draw(bodies),
                sections=tuple(
                    OutlineSection(title=next(names), body=draw(bodies)) for _ in range(size)
                ),
            )
            for size in shapes
        )
    )


@given(bodies)
def test_the_generated_bodies_are_already_normalised(body: str) -> None:
    # A guard on the strategies themselves: the round trip only promises to
    # return bodies unchanged when they were normalised to begin with.
    assert normalise_body(body) == body


@settings(deadline=None, max_examples=300)
@given(outlines())
def test_writing_then_reading_an_outline_gives_it_back(original: Outline) -> None:
    assert parse_outline(render_outline(original)) == original


@settings(deadline=None, max_examples=200)
@given(outlines())
def test_a_written_outline_has_the_same_headings_for_a_commonmark_parser(
    original: Outline,
) -> None:
    # markdown-it follows CommonMark, so this checks the fence and heading
    # rules here agree with what the site's renderer will show.
    tokens = MarkdownIt("commonmark").parse(render_outline(original))
    seen = [
        (token.tag, tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.tag in ("h1", "h2")
    ]
    expected = [
        (tag, title)
        for c in original.chapters
        for tag, title in [("h1", c.title), *(("h2", s.title) for s in c.sections)]
    ]

    assert seen == expected


# Lines that probe the edges of the grammar. '{n}' becomes a running number so
# that headings are unique and most generated documents parse.
AWKWARD_LINES = [
    "# Title {n}",
    "## Title {n}",
    "### Sub {n}",
    "   # Indented {n}",
    "    # Code {n}",
    "# A {n} #",
    "# A {n} # #",
    "## B {n} ##  ",
    "# C# {n}",
    "# {n} \\#",
    "#\tTabbed {n}",
    "#NoSpace",
    "####### seven",
    "#",
    "```",
    "````",
    "```py",
    "``` `x`",
    "~~~",
    "~~~~ info",
    "  ~~~",
    "    ```",
    "text",
    "text  ",
    "",
    "   ",
    "\t",
    "- item",
    "1. item",
    "- ```",
    "  # Listed {n}",
    "  ## Listed {n}",
    "> # quoted",
    "> ```",
    "<!--",
    "| a | b |",
    "|---|---|",
    "# Wide {n}\u00a0",
    "# Nul {n}\x00",
    "===",
    "---",
]


@st.composite
def awkward_documents(draw: st.DrawFn) -> str:
    """Text that may or may not parse, mixing headings, fences and line endings."""
    templates = draw(st.lists(st.sampled_from(AWKWARD_LINES), max_size=25))
    endings = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(templates)))
    lines = [template.format(n=number) for number, template in enumerate(templates)]
    start = draw(st.sampled_from(["", "# Start\n", "\n\n# Start\r\n"]))
    return start + "".join(line + ending for line, ending in zip(lines, endings, strict=False))


def assert_stable(text: str) -> None:
    try:
        parsed = parse_outline(text)
    except OutlineError:
        return  # The property is about documents that parse.
    written = render_outline(parsed)

    assert parse_outline(written) == parsed
    assert render_outline(parse_outline(written)) == written


@settings(deadline=None, max_examples=500)
@given(awkward_documents())
def test_reading_and_writing_any_awkward_document_settles_after_one_pass(text: str) -> None:
    assert_stable(text)


@settings(deadline=None, max_examples=300)
@given(st.text().map(lambda text: "# Start\n" + text))
def test_reading_and_writing_any_text_settles_after_one_pass(text: str) -> None:
    assert_stable(text)


def non_blank_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.strip(" \t")]


@settings(deadline=None, max_examples=500)
@given(awkward_documents())
def test_reading_keeps_every_line_that_is_not_a_chapter_or_section_heading(text: str) -> None:
    # Bodies are slices of the document, so whatever the parser decides about
    # structure, no line of text can go missing.
    try:
        parsed = parse_outline(text)
    except OutlineError:
        return
    headings = sum(1 + len(c.sections) for c in parsed.chapters)
    bodies = [body for c in parsed.chapters for body in (c.body, *(s.body for s in c.sections))]
    kept = [line for body in bodies for line in non_blank_lines(body)]
    written = non_blank_lines(text)

    assert len(written) == len(kept) + headings
    remaining = iter(written)
    assert all(line in remaining for line in kept)  # in order
