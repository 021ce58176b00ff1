from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ldsp.lib.tokens import token_digest, token_make, token_matches, token_prefix


def test_a_new_token_matches_its_own_digest_and_prefix() -> None:
    new = token_make()
    assert new.plaintext.startswith(f"ldsp_{new.prefix}_")
    assert token_prefix(new.plaintext) == new.prefix
    assert token_matches(new.plaintext, new.digest)
    assert new.digest == token_digest(new.plaintext)
    assert new.plaintext not in new.digest


def test_two_tokens_are_never_the_same() -> None:
    assert len({token_make().plaintext for _ in range(200)}) == 200


def test_a_changed_token_does_not_match() -> None:
    new = token_make()
    assert not token_matches(new.plaintext + "x", new.digest)
    assert not token_matches(new.plaintext[:-1], new.digest)


@given(st.text(max_size=120))
def test_arbitrary_text_never_matches_a_real_token(text: str) -> None:
    new = token_make()
    assert token_matches(text, new.digest) is (text == new.plaintext)


@given(st.text(max_size=80))
def test_malformed_tokens_have_no_prefix_unless_well_formed(text: str) -> None:
    prefix = token_prefix(text)
    if prefix is not None:
        assert text.startswith(f"ldsp_{prefix}_")
        assert len(prefix) == 8


def test_it_rejects_tokens_of_the_wrong_shape() -> None:
    assert token_prefix("") is None
    assert token_prefix("ldsp_short_x") is None
    assert token_prefix("other_12345678_secret") is None
    assert token_prefix("ldsp_12345678_") is None
