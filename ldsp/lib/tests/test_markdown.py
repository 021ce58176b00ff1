"""Markdown rendering: what readers see, and what hostile writers cannot do."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ldsp.lib.markdown import (
    ALLOWED_ATTRIBUTE_VALUES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    _sanitise,
    heading_slug,
    headings_from,
    plain_text,
    render_markdown,
)

# --- helpers ------------------------------------------------------------------


class _TagCollector(HTMLParser):
    """Collects every start tag and its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))


def _tags(output: str) -> list[tuple[str, list[tuple[str, str]]]]:
    collector = _TagCollector()
    collector.feed(output)
    collector.close()
    return collector.tags


def _classes(output: str, tag: str) -> list[str]:
    return [
        value
        for name_, attrs in _tags(output)
        if name_ == tag
        for name, value in attrs
        if name == "class"
    ]


def _attribute(output: str, tag: str, attribute: str) -> list[str]:
    return [
        value
        for name_, attrs in _tags(output)
        if name_ == tag
        for name, value in attrs
        if name == attribute
    ]


# Browsers drop tabs and newlines anywhere in a URL and spaces/controls around
# it, so "java\tscript:" is still a script URL. Squash them before checking.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_QUOTED_VALUE = re.compile(r"\"[^\"]*\"|'[^']*'")
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"']on\w+\s*=", re.IGNORECASE)
_FORBIDDEN_MARKUP = (
    "<script",
    "<iframe",
    "<object",
    "<embed",
    "<style",
    "<svg",
    "<math",
    "<form",
    "<base",
    "<meta",
    "<link",
)


def _assert_harmless(output: str) -> None:
    """Fail unless ``output`` holds nothing that could run script or restyle the page.

    Hostile input that was escaped shows up as *text* (``&lt;script&gt;``,
    ``[x](javascript:alert(1))``), which is harmless and expected, so the URL and
    event-handler checks look inside tags only: at the tags as written, with
    entities decoded, and at the attributes as a parser sees them.
    """
    lowered = output.lower()
    for needle in _FORBIDDEN_MARKUP:
        assert needle not in lowered, needle

    for raw_tag in re.findall(r"<[^>]*>", output):
        decoded = html.unescape(raw_tag).lower()
        assert "javascript:" not in _URL_NOISE.sub("", decoded), raw_tag
        assert "vbscript:" not in _URL_NOISE.sub("", decoded), raw_tag
        assert not _EVENT_ATTRIBUTE.search(_QUOTED_VALUE.sub('""', raw_tag)), raw_tag

    for tag, attrs in _tags(output):
        assert tag in ALLOWED_TAGS, tag
        allowed = {"class", "rel"}
        allowed |= ALLOWED_ATTRIBUTES.get(tag, frozenset())
        allowed |= ALLOWED_ATTRIBUTE_VALUES.get(tag, {}).keys()
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name in allowed, (tag, name)
            squashed = _URL_NOISE.sub("", value).lower()
            assert "javascript:" not in squashed, (tag, name, value)
            assert "vbscript:" not in squashed, (tag, name, value)
            if name in ("href", "src"):
                assert not squashed.startswith("data:"), (tag, name, value)
            if name == "class":
                assert set(value.split()) <= ALLOWED_CLASSES.get(tag, frozenset()), value


# --- hostile input ------------------------------------------------------------

XSS_CORPUS: list[str] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=x ONERROR=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](java\\tscript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript://%0Aalert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "&#106;avascript:alert(1)",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<javascript:alert(1)>",
    "<JaVaScRiPt:alert(1)>",
    "<vbscript:msgbox(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "[x](  javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '[ref]\n\n[ref]: javascript:alert(1) "title"',
    "![x][img]\n\n[img]: javascript:alert(1)",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=import href="https://evil.example/x.html">',
    "<input onfocus=alert(1) autofocus>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<p onmouseover=alert(1)>x</p>",
    "<x onpointerover=alert(1)>x</x>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '[x](http://a "\\" onmouseover=alert(1)")',
    "[x](http://a 'x\" onclick=\"alert(1)')",
    '[x](https://example.org/"onmouseover="alert(1))',
    '![x" onerror="alert(1)](https://example.org/i.png)',
    '![x](https://example.org/i.png "\\" onerror=alert(1)")',
    "[<img src=x onerror=alert(1)>](https://example.org/)",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "```javascript:alert(1)\nx\n```",
    "# <script>alert(1)</script>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


@pytest.mark.parametrize("hostile", XSS_CORPUS)
def test_it_renders_no_hostile_input_into_anything_that_can_run(hostile: str) -> None:
    _assert_harmless(render_markdown(hostile))


@pytest.mark.parametrize("hostile", XSS_CORPUS)
def test_the_sanitiser_stops_hostile_html_even_if_the_parser_let_it_through(
    hostile: str,
) -> None:
    # Defence in depth: hand the sanitiser the raw input, and the output of a
    # parser that passes raw HTML straight through, and it must still cope.
    _assert_harmless(_sanitise(hostile))
    _assert_harmless(_sanitise(MarkdownIt("commonmark", {"html": True}).render(hostile)))


def test_the_corpus_is_big_enough_to_mean_something() -> None:
    assert len(set(XSS_CORPUS)) >= 30


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVa&#x09;Script&colon;alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<img src="x" onerror="alert(1)">',
        "<p/onclick=alert(1)>x</p>",
        '<p class="govuk-button">x</p>',
        '<a style="color:red">x</a>',
        "<iframe></iframe>",
        "<span>x</span>",
    ],
)
def test_the_harmlessness_check_itself_catches_dangerous_output(dangerous: str) -> None:
    # Guards the guard: a check that passed everything would make the corpus useless.
    with pytest.raises(AssertionError):
        _assert_harmless(dangerous)


def test_it_strips_script_tags() -> None:
    output = render_markdown("Hello <script>alert(1)</script>")
    assert "<script" not in output
    assert "&lt;script&gt;" in output  # shown to the reader as text, not run


def test_it_shows_raw_html_as_text_rather_than_interpreting_it() -> None:
    assert render_markdown("<b>hi</b>") == '<p class="govuk-body">&lt;b&gt;hi&lt;/b&gt;</p>\n'


def test_it_drops_javascript_links_but_keeps_their_text() -> None:
    output = render_markdown("[click me](javascript:alert(1))")
    assert "<a" not in output
    assert "click me" in output


def test_the_sanitiser_removes_script_content_not_just_the_tags() -> None:
    assert "alert" not in _sanitise("<script>alert(1)</script><style>x{}</style><p>ok</p>")


# --- headings -----------------------------------------------------------------


def test_headings_get_stable_prefixed_ids() -> None:
    output = render_markdown("## Why local?\n\n### How it works")
    assert '<h2 class="govuk-heading-l" id="h-why-local">Why local?</h2>' in output
    assert 'id="h-how-it-works"' in output


def test_heading_ids_use_the_prefix_given() -> None:
    output = render_markdown("## Why local?", heading_id_prefix="section-3-")
    assert _attribute(output, "h2", "id") == ["section-3-why-local"]


def test_repeated_headings_get_numbered_suffixes() -> None:
    output = render_markdown("## Notes\n\n## Notes\n\n## Notes\n\n## Other")
    assert _attribute(output, "h2", "id") == ["h-notes", "h-notes-2", "h-notes-3", "h-other"]


def test_a_suffixed_id_never_collides_with_a_heading_that_already_has_that_name() -> None:
    output = render_markdown("## Notes 2\n\n## Notes\n\n## Notes")
    ids = _attribute(output, "h2", "id")
    assert ids == ["h-notes-2", "h-notes", "h-notes-3"]
    assert len(set(ids)) == len(ids)


def test_heading_ids_come_from_the_visible_text_not_the_markdown_syntax() -> None:
    output = render_markdown("## See *the* [guide](https://example.org/guide) `now`")
    assert _attribute(output, "h2", "id") == ["h-see-the-guide-now"]


def test_headings_with_no_usable_text_are_called_section() -> None:
    output = render_markdown("## ???\n\n## 日本語")
    assert _attribute(output, "h2", "id") == ["h-section", "h-section-2"]


def test_heading_ids_start_afresh_for_each_document() -> None:
    assert render_markdown("## Notes") == render_markdown("## Notes")
    assert _attribute(render_markdown("## Notes"), "h2", "id") == ["h-notes"]


def test_heading_levels_are_kept_and_sized_with_govuk_classes() -> None:
    output = render_markdown(
        "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six"
    )
    assert _classes(output, "h1") == ["govuk-heading-xl"]
    assert _classes(output, "h2") == ["govuk-heading-l"]
    assert _classes(output, "h3") == ["govuk-heading-m"]
    assert _classes(output, "h4") == ["govuk-heading-s"]
    assert _classes(output, "h5") == ["govuk-heading-s"]
    assert _classes(output, "h6") == ["govuk-heading-s"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Why local?", "why-local"),
        ("  Café au lait  ", "cafe-au-lait"),
        ("--a--b--", "a-b"),
        ("C++ & C#", "c-c"),
        ("Step 2: Plan", "step-2-plan"),
        ("UPPER case", "upper-case"),
        ("", "section"),
        ("!!!", "section"),
        ("日本語", "section"),
    ],
)
def test_heading_slug_makes_lowercase_ascii_hyphenated_slugs(text: str, slug: str) -> None:
    assert heading_slug(text) == slug


# --- GOV.UK styling -----------------------------------------------------------


def test_paragraphs_get_the_govuk_body_class() -> None:
    assert render_markdown("Hello.") == '<p class="govuk-body">Hello.</p>\n'


def test_links_get_the_govuk_link_class_and_a_protective_rel() -> None:
    output = render_markdown("[GOV.UK](https://www.gov.uk/)")
    assert _classes(output, "a") == ["govuk-link"]
    [rel] = _attribute(output, "a", "rel")
    assert set(rel.split()) == {"nofollow", "noopener", "noreferrer"}


def test_lists_get_govuk_list_classes() -> None:
    output = render_markdown("- a\n- b\n\n1. one\n2. two")
    assert _classes(output, "ul") == ["govuk-list govuk-list--bullet"]
    assert _classes(output, "ol") == ["govuk-list govuk-list--number"]


def test_an_ordered_list_keeps_its_starting_number() -> None:
    assert _attribute(render_markdown("3. three\n4. four"), "ol", "start") == ["3"]


def test_tables_render_with_govuk_table_classes() -> None:
    output = render_markdown("| Area | People |\n|------|-------:|\n| Leeds | 12 |")
    assert _classes(output, "table") == ["govuk-table"]
    assert _classes(output, "thead") == ["govuk-table__head"]
    assert _classes(output, "tbody") == ["govuk-table__body"]
    assert _classes(output, "tr") == ["govuk-table__row", "govuk-table__row"]
    assert _attribute(output, "th", "scope") == ["col", "col"]
    assert "<td" in output and ">Leeds</td>" in output


def test_right_aligned_table_columns_are_marked_numeric_instead_of_styled() -> None:
    output = render_markdown("| Area | People |\n|------|-------:|\n| Leeds | 12 |")
    assert _classes(output, "th") == [
        "govuk-table__header",
        "govuk-table__header govuk-table__header--numeric",
    ]
    assert _classes(output, "td") == [
        "govuk-table__cell",
        "govuk-table__cell govuk-table__cell--numeric",
    ]
    assert "style=" not in output


def test_blockquotes_and_rules_use_govuk_styles() -> None:
    output = render_markdown("> A quote\n\n---")
    assert _classes(output, "blockquote") == ["govuk-inset-text"]
    assert _classes(output, "hr") == [
        "govuk-section-break govuk-section-break--m govuk-section-break--visible"
    ]


def test_strikethrough_emphasis_and_code_render() -> None:
    output = render_markdown("~~old~~ *em* **strong** `code`\n\n```\nblock <b>\n```")
    assert "<s>old</s>" in output
    assert "<em>em</em>" in output
    assert "<strong>strong</strong>" in output
    assert "<code>code</code>" in output
    assert "<pre><code>block &lt;b&gt;\n</code></pre>" in output


def test_a_user_cannot_inject_a_govuk_button_class() -> None:
    output = render_markdown('<a class="govuk-button" href="/x">x</a>')
    assert "govuk-button" not in {c for value in _classes(output, "a") for c in value.split()}
    _assert_harmless(output)


def test_the_sanitiser_keeps_only_known_classes_on_each_tag() -> None:
    output = _sanitise(
        '<a class="govuk-button govuk-link evil" href="/x">x</a>'
        '<p class="govuk-button">p</p><p class="govuk-body govuk-heading-xl">q</p>'
        '<span class="govuk-body">s</span><code class="language-python">c</code>'
    )
    assert _classes(output, "a") == ["govuk-link"]
    # A class list with nothing allowed in it is left empty, which is harmless.
    assert _classes(output, "p") == ["", "govuk-body"]
    assert _classes(output, "code") in ([], [""])
    assert "<span" not in output


def test_code_block_language_classes_are_dropped() -> None:
    assert "class" not in render_markdown("```python\nx = 1\n```")


# --- links and images ---------------------------------------------------------


def test_relative_links_survive() -> None:
    output = render_markdown("[Playbook](/playbook/governance/) and [below](#h-why-local)")
    assert _attribute(output, "a", "href") == ["/playbook/governance/", "#h-why-local"]


def test_mailto_links_survive() -> None:
    output = render_markdown("[Email us](mailto:team@example.org)")
    assert _attribute(output, "a", "href") == ["mailto:team@example.org"]


def test_autolinks_work_for_web_addresses() -> None:
    output = render_markdown("<https://example.org/path>")
    assert _attribute(output, "a", "href") == ["https://example.org/path"]


def test_links_with_other_schemes_lose_their_href_but_keep_their_text() -> None:
    output = render_markdown("[Call](tel:0123) [FTP](ftp://example.org/)")
    assert _attribute(output, "a", "href") == []
    assert "Call" in output and "FTP" in output


def test_link_titles_are_kept_as_plain_attributes() -> None:
    output = render_markdown('[x](https://example.org "A \\"title\\"")')
    assert _attribute(output, "a", "title") == ['A "title"']


def test_only_absolute_web_images_are_embedded() -> None:
    output = render_markdown(
        "![a](https://example.org/a.png) ![b](http://example.org/b.png) "
        "![c](/static/c.png) ![d](mailto:x@example.org) ![e](data:image/png;base64,AA)"
    )
    assert _attribute(output, "img", "src") == [
        "https://example.org/a.png",
        "http://example.org/b.png",
    ]
    assert _attribute(output, "img", "alt") == ["a", "b", "c", "d", "e"]


# --- determinism and plain text -----------------------------------------------


def test_rendering_is_deterministic() -> None:
    text = (
        "# T\n\n## A\n\n## A\n\n[x](https://example.org) | a |\n\n| a | b |\n|---|--:|\n| 1 | 2 |"
    )
    first = render_markdown(text)
    assert all(render_markdown(text) == first for _ in range(5))


def test_empty_input_renders_nothing() -> None:
    assert render_markdown("") == ""
    assert plain_text("") == ""


def test_plain_text_drops_markup_and_link_addresses() -> None:
    text = "# Title\n\nSome *em*pha**sis** and [a link](https://example.org).\n\n- one\n- two"
    assert plain_text(text) == "Title Some emphasis and a link. one two"


def test_plain_text_keeps_words_from_separate_blocks_apart() -> None:
    assert plain_text("| a | b |\n|---|---|\n| 1 | 2 |\n\n> q\n\nend") == "a b 1 2 q end"


def test_plain_text_is_text_so_escaped_html_comes_back_literally() -> None:
    assert plain_text("Tom &amp; Jerry <b>x</b>") == "Tom & Jerry <b>x</b>"


def test_plain_text_collapses_whitespace() -> None:
    assert plain_text("  a\n\n\n   b\t\tc  \n") == "a b c"


# --- properties ---------------------------------------------------------------

# Pieces of Markdown and HTML syntax, so generated text is hostile far more often
# than uniformly random characters would be.
_HOSTILE_PIECES = st.sampled_from(
    [
        "<", ">", "/", "[", "]", "(", ")", "!", "`", "```", "\n", "\t", " ", "#", "|", "-",
        "*", "~~", '"', "'", "=", ":", "&", ";", "&#106;", "&#x3A;", "\\", "script",
        "javascript:", "vbscript:", "data:", "on", "onerror", "img", "src", "href", "a",
        "svg", "style", "http://x", "alert(1)",
    ]
)  # fmt: skip


@settings(deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_never_yields_a_script_tag(text: str) -> None:
    output = render_markdown(text)
    assert "<script" not in output.lower()
    assert isinstance(plain_text(text), str)


@settings(deadline=None, max_examples=300)
@given(st.lists(_HOSTILE_PIECES, max_size=40).map("".join))
def test_arbitrary_hostile_fragments_always_render_harmlessly(text: str) -> None:
    _assert_harmless(render_markdown(text))


def test_headings_move_so_the_highest_is_the_level_asked_for() -> None:
    rendered = render_markdown("### Who\n\ntext\n\n#### When\n\n### Where")
    moved = headings_from(rendered, 2)
    assert [m for m in re.findall(r"</?h\d", moved)] == [
        "<h2",
        "</h2",
        "<h3",
        "</h3",
        "<h2",
        "</h2",
    ]
    assert 'class="govuk-heading-m"' in moved  # the size the author chose is kept
    assert headings_from(render_markdown("# Top\n\n###### Deep"), 4).count("<h6") == 1
    assert headings_from("<p>No headings</p>", 2) == "<p>No headings</p>"


def test_text_that_looks_like_a_heading_tag_is_not_moved() -> None:
    rendered = render_markdown("## Real\n\n`<h1>` and <h3>written</h3>")
    moved = headings_from(rendered, 3)
    assert moved.count("<h3") == 1
    assert "&lt;h1&gt;" in moved and "&lt;h3&gt;" in moved
