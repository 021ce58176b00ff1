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


# Endings stripped to find a word's other forms, so that "libraries" is marked for
# "library" and "partnership" for "partnerships", as the search engine's stemmer finds them.
ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"))
SHORTEST_STEM = 3


def _forms(word: str) -> set[str]:
    """``word`` and what it might be without a plural or verb ending."""
    forms = {word}
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            forms.add(word[: -len(ending)] + replacement)
    return forms


def _matching_terms(word: str, terms: list[str]) -> set[int]:
    """The indexes of the terms that ``word`` is, begins with, or shares a form with."""
    folded = word.casefold()
    forms = _forms(folded)
    return {
        index for index, term in enumerate(terms) if folded.startswith(term) or forms & _forms(term)
    }


def _best_window(matches: list[set[int]], words: int) -> int:
    """Where a window of ``words`` tokens starts that holds the most different terms,
    the earliest such, with some words of context before its first match."""
    best_start, best_count = 0, 0
    counts: dict[int, int] = {}
    for end, found in enumerate(matches):
        for term in found:
            counts[term] = counts.get(term, 0) + 1
        start = end - words + 1
        if start > 0:
            for term in matches[start - 1]:
                counts[term] -= 1
                if not counts[term]:
                    del counts[term]
        if len(counts) > best_count:
            best_start, best_count = max(0, start), len(counts)
    if not best_count:
        return 0
    first = next(i for i in range(best_start, len(matches)) if matches[i])
    last = max(i for i in range(first, min(best_start + words, len(matches))) if matches[i])
    # Move back for context only as far as keeps every match of the window in it.
    room = max(0, best_start + words - 1 - last)
    return max(0, first - min(words // 3, room))


def _marked(token: str, terms: list[str]) -> str:
    """The token escaped, each of its words that matches a term wrapped in <mark>."""
    parts: list[str] = []
    position = 0
    for word in WORD.finditer(token):
        parts.append(html.escape(token[position : word.start()]))
        if _matching_terms(word.group(), terms):
            parts.append(f"<mark>{html.escape(word.group())}</mark>")
        else:
            parts.append(html.escape(word.group()))
        position = word.end()
    parts.append(html.escape(token[position:]))
    return "".join(parts)


def snippet_html(text: str, terms: list[str], *, words: int = 30) -> str:
    """Up to ``words`` words of ``text`` where the most of the terms are, each in <mark>.

    Every piece of the text is escaped first and only whole words are wrapped, so no
    term can match inside an escaped character (``amp`` in ``&amp;``) or the markup.
    """
    tokens = text.split()
    if not tokens:
        return ""
    wanted = [term.casefold() for term in terms if term]
    matches = [
        set().union(*(_matching_terms(w, wanted) for w in WORD.findall(token))) for token in tokens
    ]
    start = _best_window(matches, words) if wanted else 0
    window = tokens[start : start + words]
    marked = " ".join(_marked(token, wanted) for token in window)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + words < len(tokens) else ""
    return f"{prefix}{marked}{suffix}"
