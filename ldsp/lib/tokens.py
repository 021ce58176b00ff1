"""Personal API tokens: make one, store only its digest, check one presented.

A token looks like ``ldsp_<prefix>_<secret>``. The prefix finds the stored
row without scanning; the secret has 256 bits of entropy, so a plain SHA-256
digest is a safe thing to keep (as GitHub and PyPI do for theirs).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_SCHEME = "ldsp"  # noqa: S105 - the public prefix of every token
PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewToken:
    """A freshly made token: show ``plaintext`` once, keep ``prefix`` and ``digest``."""

    plaintext: str
    prefix: str
    digest: str


def token_digest(plaintext: str) -> str:
    """The hex SHA-256 digest of a token's full text."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def token_make() -> NewToken:
    """Make a new random token."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plaintext = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(plaintext=plaintext, prefix=prefix, digest=token_digest(plaintext))


def token_prefix(plaintext: str) -> str | None:
    """The prefix of a well-formed token, or None for anything else."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME or len(parts[1]) != PREFIX_LENGTH:
        return None
    if not parts[2]:
        return None
    return parts[1]


def token_matches(plaintext: str, digest: str) -> bool:
    """Whether ``plaintext`` is the token whose digest was stored (constant time)."""
    return hmac.compare_digest(token_digest(plaintext), digest)
