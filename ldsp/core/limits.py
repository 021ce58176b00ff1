"""How big any input may be: the one list that forms and API schemas both use.

Numbers are bounded by the database column they end up in, so a number too
large is an error beside the field (or a 422) rather than a server error.
Text is bounded so that nobody can fill the database, the search index or an
editor's screen with one request: model ``CharField`` lengths are repeated here,
and ``TextField``, which has no limit of its own, gets one by what it is for.
"""

from __future__ import annotations

# Whole numbers, by the column that stores them.
SMALLINT_MAX = 32_767  # SmallIntegerField, PositiveSmallIntegerField
INT_MAX = 2_147_483_647  # IntegerField, PositiveIntegerField
BIGINT_MAX = 9_223_372_036_854_775_807  # BigIntegerField, BigAutoField
ROW_ID_MAX = 999_999_999  # a row id from outside: nine digits, as the <id:…> URL converter

# Text that names or labels something (the models' CharField lengths).
NAME_MAX = 200  # names and titles
SUMMARY_MAX = 300  # a play's one- or two-sentence summary
CHANGE_NOTE_MAX = 300  # a revision's "what did you change?"
ORGANISATIONS_MAX = 500  # the organisations involved in a play
RELEASE_LABEL_MAX = 100
RELEASE_NUMBER_MAX = 16
UNIT_MAX = 60  # what a pledge counts, like "people"
TOKEN_NAME_MAX = 80
URL_MAX = 200  # URLField's length
EMAIL_MAX = 254  # the longest address RFC 5321 allows, and EmailField's length
POSTCODE_MAX = 20
SLUG_MAX = 220  # slugs, keys, codes and choice values in a URL or a query (the longest slug)
QUOTE_MAX = 1_000  # the words a comment is about; a reason for hiding a comment

# Free text, which the models store in unbounded TextFields.
MESSAGE_MAX = 5_000  # comments, replies, messages, reasons, rationales, notes
NARRATIVE_MAX = 10_000  # a play's story, a partnership's summary, a round's outcome
BODY_MAX = 100_000  # the whole text of a Playbook section
