"""The paragraphs of a section as people choose between them, and the short excerpt of
a suggestion's change that the review queue shows.

Paragraphs are the blocks of the Markdown separated by blank lines, as
``playbook.paragraphs`` counts them, so an index here is an index there.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ldsp.lib.markdown import plain_text
from ldsp.playbook.paragraphs import paragraph_spans

EXCERPT_LENGTH = 120
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")


@dataclass(frozen=True)
class Passage:
    """One paragraph: where it is, the heading it sits under, and its text."""

    index: int
    markdown: str
    text: str
    heading: str
    is_heading: bool

    @property
    def label(self) -> str:
        """Enough to tell it from the others: its number, its heading and how it begins."""
        if self.is_heading:
            return f"Heading {self.index + 1}: {shorten(self.text)}"
        under = f" (under “{self.heading}”)" if self.heading else ""
        return f"Paragraph {self.index + 1}{under}: {shorten(self.text)}"


def shorten(text: str, length: int = EXCERPT_LENGTH) -> str:
    """``text`` cut to about ``length`` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] or text[:length]
    return cut.rstrip(",.;:") + "…"


def passages_of(body: str) -> list[Passage]:
    """Every paragraph of ``body``, in order, each knowing the heading above it."""
    passages: list[Passage] = []
    heading = ""
    for index, (start, end) in enumerate(paragraph_spans(body)):
        markdown = body[start:end].strip()
        text = plain_text(markdown) or markdown
        first_line = ATX_HEADING.match(markdown.split("\n", 1)[0])
        is_heading = bool(first_line) and "\n" not in markdown
        passages.append(Passage(index, markdown, text, heading, is_heading))
        if first_line:
            heading = shorten(plain_text(first_line.group(1)) or first_line.group(1), 60)
    return passages


def passage_chosen(passages: list[Passage], index: int | None, quote: str = "") -> int | None:
    """The paragraph someone chose: the one at ``index``, unless the words they
    selected on the page (``quote``) are not in it but are in another paragraph."""
    quote = " ".join(quote.split())
    if index is not None and not 0 <= index < len(passages):
        index = None
    if quote and (index is None or quote not in passages[index].text):
        found = next((p.index for p in passages if quote in p.text), None)
        return found if found is not None else index
    return index


def change_excerpt(base_body: str, body: str, length: int = EXCERPT_LENGTH) -> str:
    """How the first changed passage of a suggestion reads, shortened; for a removal,
    the words it removes."""
    old = [base_body[start:end].strip() for start, end in paragraph_spans(base_body)]
    new = [body[start:end].strip() for start, end in paragraph_spans(body)]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            return "Removes: " + shorten(plain_text("\n\n".join(old[i1:i2])), length)
        return shorten(plain_text("\n\n".join(new[j1:j2])), length)
    return ""
