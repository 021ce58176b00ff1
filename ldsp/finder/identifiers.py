"""Stable public ids for what the finder publishes in Open Referral UK.

The profile identifies services, locations and organisations by UUID. Ours are
made from the row's primary key: a fixed prefix for each kind of thing, then the
key in the last twelve hex digits. So they never change, need no column, can be
turned back into the key without a search (``pk_from``), and a file we exported
reads back onto the same centres and offers (see ``imports``).
"""

from __future__ import annotations

import uuid

# Fixed prefixes (version 4 and variant bits set, so each id is a well-formed UUID);
# never change them, or every published id changes with them.
_PREFIXES = {
    "offer": "6c0a3f4e-5d8b-4f4e-9b7a",
    "centre": "6c0a3f4e-5d8b-4f4e-9b7b",
    "organisation": "6c0a3f4e-5d8b-4f4e-9b7c",
}
_LARGEST_KEY = 16**12 - 1


def _id(kind: str, pk: int) -> str:
    return f"{_PREFIXES[kind]}-{pk:012x}"


def service_id(offer_pk: int) -> str:
    return _id("offer", offer_pk)


def location_id(centre_pk: int) -> str:
    return _id("centre", centre_pk)


def organization_id(organisation_pk: int) -> str:
    return _id("organisation", organisation_pk)


def pk_from(kind: str, published_id: str) -> int | None:
    """The primary key a published id of ours stands for; None if it is not one of ours."""
    try:
        canonical = str(uuid.UUID(published_id.strip()))
    except (ValueError, AttributeError):
        return None
    prefix, _, key = canonical.rpartition("-")
    if prefix != _PREFIXES[kind]:
        return None
    pk = int(key, 16)
    return pk if 0 < pk <= _LARGEST_KEY else None


def own_pk(kind: str, published_id: str, candidates: list[int]) -> int | None:
    """Which of ``candidates`` (primary keys) was published as ``published_id``, if any."""
    pk = pk_from(kind, published_id)
    return pk if pk is not None and pk in candidates else None
