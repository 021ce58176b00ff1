"""Each offer's filterable facts packed into one integer, for the nearest search.

The finder's filters must all hold in the *same* offer ("free" and "Transacting"
means a free Transacting offer, not a free offer beside a paid Transacting one).
Asking that of tag rows costs a nested subquery per filter for every centre near
the place; asking it of one integer costs one comparison: ``bits & mask = mask``.
``Offer.save`` writes the bits from the answers they come from; the tag rows stay
for Open Referral UK's taxonomy filter, which names terms one at a time.

Bit positions are stored in the database: add new facts at the end, never reorder.
"""

from __future__ import annotations

from collections.abc import Iterable

from ldsp.core.skills import Audience, Level, SkillArea
from ldsp.finder.vocabulary import Format

_FACETS: list[tuple[str, str]] = [
    *(("area", value) for value in SkillArea.values),
    *(("level", value) for value in Level.values),
    *(("format", value) for value in Format.values),
    *(("audience", value) for value in Audience.values),
    ("free", "yes"),
    ("devices", "yes"),
    ("data", "yes"),
]
BIT: dict[tuple[str, str], int] = {facet: 1 << position for position, facet in enumerate(_FACETS)}


def facet_bits(
    *,
    skill_areas: Iterable[str] = (),
    levels: Iterable[str] = (),
    formats: Iterable[str] = (),
    audiences: Iterable[str] = (),
    is_free: bool = False,
    devices: bool = False,
    free_data: bool = False,
) -> int:
    """The bits of every fact given (unknown values are ignored: they match no filter)."""
    wanted = [
        *(("area", value) for value in skill_areas),
        *(("level", value) for value in levels),
        *(("format", value) for value in formats),
        *(("audience", value) for value in audiences),
    ]
    if is_free:
        wanted.append(("free", "yes"))
    if devices:
        wanted.append(("devices", "yes"))
    if free_data:
        wanted.append(("data", "yes"))
    bits = 0
    for facet in wanted:
        bits |= BIT.get(facet, 0)
    return bits
