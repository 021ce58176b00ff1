"""Stable public ids for what the finder publishes in Open Referral UK.

The profile identifies services, locations and organisations by UUID. Ours are
derived from the row's primary key (UUID version 5 in a namespace of our own),
so they never change, need no column, and a file we exported can be read back
and matched to the same centres and offers (see ``imports``).
"""

from __future__ import annotations

import uuid

# A fixed namespace for LDSP Hub's Open Referral ids; never change it, or every
# published id changes with it.
NAMESPACE = uuid.UUID("6c0a3f4e-5d8b-4f4e-9b7a-1d2c3e4f5a6b")


def _id(kind: str, pk: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def service_id(offer_pk: int) -> str:
    return _id("offer", offer_pk)


def location_id(centre_pk: int) -> str:
    return _id("centre", centre_pk)


def organization_id(organisation_pk: int) -> str:
    return _id("organisation", organisation_pk)


def own_pk(kind: str, published_id: str, candidates: list[int]) -> int | None:
    """Which of ``candidates`` (primary keys) was published as ``published_id``, if any."""
    for pk in candidates:
        if _id(kind, pk) == published_id:
            return pk
    return None
