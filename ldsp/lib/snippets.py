"""Search-result snippets: a short window of text around the words searched for,
with those words marked. Escapes everything it does not mark."""

from __future__ import annotations

import html
import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 20


def search_terms(query: str) -> list[str]:
    """The words of a query, at most 20, lower-cased and without duplicates.

    Quotes, brackets and operators are dropped, so no query text can break the
    search engine's own syntax.
    """
    terms: list[str] = []
    for word in WORD.findall(query[:1000]):
        word = word.casefold()
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def snippet_html(text: str, terms: list[str], *, words: int = 30) -> str:
    """Up to ``words`` words of ``text`` around the first matching term, terms in <mark>."""
    tokens = text.split()
    if not tokens:
        return ""
    wanted = [term.casefold() for term in terms if term]
    start = 0
    for index, token in enumerate(tokens):
        if any(term in token.casefold() for term in wanted):
            start = max(0, index - words // 3)
            break
    window = tokens[start : start + words]
    escaped = html.escape(" ".join(window))
    if wanted:
        pattern = re.compile(
            "("
            + "|".join(re.escape(html.escape(t)) for t in sorted(wanted, key=len, reverse=True))
            + ")",
            re.IGNORECASE,
        )
        escaped = pattern.sub(r"<mark>\1</mark>", escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    return f"{prefix}{escaped}{suffix}"
