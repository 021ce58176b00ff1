"""Reading UK postcodes that people type in.

People search for their Local Digital Skills Partnership by postcode, and they
type postcodes every which way: lower case, no space, two spaces, only the
first half. We accept all of that, and when the text cannot be a postcode we
say why in words the person can act on, rather than "invalid input".

Only the format and the postcode area are checked, not whether the postcode
or district exists: districts are added and retired every year, and whoever
looks the place up (postcode district to local authority) finds that out
anyway, with better knowledge of what to say.

This module is framework-free on purpose - standard library only, no Django -
so that forms, the API and management commands can all use it, and so it can
be tested in isolation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every postcode area in the UK. The 120 areas of Great Britain are the
# ``area`` column of ldsp/places/data/postcode_districts.csv (Doogal's
# district list from the ONS Postcode Directory, December 2020) less NPT, a
# Newport area retired in the 1980s that no postcode format can match any
# more. BT (Northern Ireland), GY (Guernsey), JE (Jersey) and IM (Isle of
# Man) were dropped from that file for licensing reasons, but their postcodes
# are real, so they are added back here: 124 areas in all. Hard-coded so
# that parsing needs no file at run time.
POSTCODE_AREAS: frozenset[str] = frozenset(
    {
        *("AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT"),
        *("CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW"),
        *("DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY"),
        *("E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY"),
        *("HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV"),
        *("JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU"),
        *("M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX"),
        *("PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM"),
        *("S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST"),
        *("SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB"),
        *("W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"),
    }
)

# The longest postcode, like "EC1A 1BB" or "DN55 1PT", has 7 letters and
# numbers. Anything much longer than that is not worth running a regex over.
MAX_CHARACTERS = 7
_MAX_INPUT_LENGTH = 40

# The format of the outward code (A9, A99, A9A, AA9, AA99, AA9A) and of the
# inward code (9AA). The inward letters never include C, I, K, M, O or V,
# which look too much like other letters or digits when handwritten. The
# stricter published regex also limits the letter after the district number
# (A9A, AA9A), but old codes such as W1M break that rule, and the area check
# below catches most mistakes anyway.
_OUTWARD = r"(?P<area>[A-Z]{1,2})[0-9](?:[0-9]|[A-Z])?"
_INWARD_LETTER = "[ABD-HJLNP-UW-Z]"
_INWARD = rf"[0-9]{_INWARD_LETTER}{{2}}"
_FULL = re.compile(rf"(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})?")
# An outward code followed by the start of an inward code: someone stopped
# typing, or lost the last character when pasting.
_PARTIAL = re.compile(rf"(?P<outward>{_OUTWARD})[0-9]{_INWARD_LETTER}?")
_WHITESPACE = re.compile(r"\s+")

# Girobank's postcode, long since kept by the Post Office: real, but it fits
# no rule above.
_GIROBANK_OUTWARD = "GIR"
_GIROBANK_INWARD = "0AA"

EXAMPLE = "SW1A 1AA"
EMPTY_MESSAGE = "Enter a postcode"
FORMAT_MESSAGE = f"Enter a real postcode, like {EXAMPLE}"
TOO_LONG_MESSAGE = (
    f"A postcode has no more than {MAX_CHARACTERS} letters and numbers. "
    f"Enter a real postcode, like {EXAMPLE}"
)
INCOMPLETE_MESSAGE = f"Enter the full postcode, like {EXAMPLE}, or just the first part, like SW1A"


class PostcodeError(ValueError):
    """The text is not a UK postcode. The message is for the person who typed it."""


@dataclass(frozen=True)
class Postcode:
    """A UK postcode, or only its outward code when that is all that was given.

    Make one with ``parse_postcode``: the fields are upper case with no
    spaces, and are not checked here.
    """

    outward: str
    inward: str | None

    @property
    def formatted(self) -> str:
        """How the postcode is written: ``"SW1A 1AA"``, or ``"S1"`` for an outward code."""
        return self.outward if self.inward is None else f"{self.outward} {self.inward}"

    @property
    def district(self) -> str:
        """The postcode district, which is the outward code, like ``"SW1A"``."""
        return self.outward

    @property
    def area(self) -> str:
        """The postcode area, the letters the postcode starts with, like ``"SW"``."""
        for index, character in enumerate(self.outward):
            if not character.isalpha():
                return self.outward[:index]
        return self.outward


def parse_postcode(text: str) -> Postcode:
    """Read a full UK postcode, like "SW1A 1AA", or an outward code, like "SW1A".

    Case and whitespace do not matter: "sw1a1aa", " SW1A  1AA " and
    "sw1a 1aa" all give the same postcode. Raises ``PostcodeError`` with a
    message to show the person who typed the text when it cannot be a UK
    postcode.
    """
    if len(text) > _MAX_INPUT_LENGTH:
        raise PostcodeError(TOO_LONG_MESSAGE)
    # All whitespace goes, not just the ends: people type "SW1A  1AA", and
    # "SW 1A 1AA" is easy to read the right way round too. An outward code
    # never ends in two letters and an inward code always does, so where the
    # two parts meet is never in doubt.
    compact = _WHITESPACE.sub("", text)
    if not compact:
        raise PostcodeError(EMPTY_MESSAGE)
    # Upper-casing some non-ASCII letters gives ASCII ones ("ß" becomes
    # "SS"), which would let nonsense through as a postcode. Punctuation is
    # ruled out here too, so that "too long" is only said of letters and
    # numbers.
    if not (compact.isascii() and compact.isalnum()):
        raise PostcodeError(FORMAT_MESSAGE)
    if len(compact) > MAX_CHARACTERS:
        raise PostcodeError(TOO_LONG_MESSAGE)
    compact = compact.upper()

    if compact == _GIROBANK_OUTWARD:
        return Postcode(_GIROBANK_OUTWARD, None)
    if compact == _GIROBANK_OUTWARD + _GIROBANK_INWARD:
        return Postcode(_GIROBANK_OUTWARD, _GIROBANK_INWARD)

    match = _FULL.fullmatch(compact)
    partial = None if match else _PARTIAL.fullmatch(compact)
    found = match or partial
    if found is None:
        raise PostcodeError(FORMAT_MESSAGE)
    # The area is checked before completeness: "ZZ1 1A" is wrong from its
    # first letters, and saying so helps more than asking for the rest.
    area = found.group("area")
    if area not in POSTCODE_AREAS:
        raise PostcodeError(
            f"No UK postcode starts with {area}. Enter a real postcode, like {EXAMPLE}"
        )
    if match is None:
        raise PostcodeError(INCOMPLETE_MESSAGE)
    return Postcode(match.group("outward"), match.group("inward"))
