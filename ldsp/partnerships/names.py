"""How organisation names are matched: one rule, used by the models, services and migrations.

Two names are the same organisation when they differ only in letter case, in spacing, in
invisible characters or in compatibility forms of the same character (full-width letters,
ligatures, a non-breaking space). Punctuation and symbols count: "A&B Ltd" and "AB Ltd"
are different organisations, as are "A & B Ltd" and "A&B Ltd".
"""

from __future__ import annotations

import unicodedata

# NFKC and case folding can lengthen a name (one character may become several), so the key
# has more room than the 200-character name; PostgreSQL indexes keys this long comfortably.
NORMALISED_NAME_MAX = 800

# Control characters (Cc) and invisible formatting (Cf: zero-width spaces, soft hyphens,
# direction marks) cannot be seen, so they must not make two names differ.
_INVISIBLE = {"Cc", "Cf"}


def organisation_name_normalise(name: str) -> str:
    """The key two spellings of one organisation's name share.

    Invisible characters dropped first (so they cannot keep apart characters that NFKC would
    join), then NFKC, case folding and NFKC again (folding can undo normalisation), then runs
    of whitespace made one space. The result never has leading, trailing or doubled spaces,
    which the data migration relies on to mark duplicates.
    """
    visible = "".join(
        char for char in name if char.isspace() or unicodedata.category(char) not in _INVISIBLE
    )
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())
    return " ".join(folded.split())


def organisation_name_tidy(name: str) -> str:
    """The name as it will be shown: spacing tidied, letters and punctuation as typed."""
    return " ".join(name.split())
