from __future__ import annotations

from pathlib import Path

import pytest

from ldsp.lib.env import ConfigurationError, env_bool, env_int, env_list, env_secret, env_str


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "on", " On "])
def test_it_reads_yes_words_as_true(word: str) -> None:
    assert env_bool("DEBUG", False, environ={"DEBUG": word}) is True


@pytest.mark.parametrize("word", ["0", "false", "no", "off", "OFF"])
def test_it_reads_no_words_as_false(word: str) -> None:
    assert env_bool("DEBUG", True, environ={"DEBUG": word}) is False


def test_it_uses_the_default_when_unset_or_blank() -> None:
    assert env_bool("DEBUG", True, environ={}) is True
    assert env_bool("DEBUG", False, environ={"DEBUG": "  "}) is False


def test_it_refuses_a_boolean_it_cannot_read_and_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match=r"DEBUG must be one of .*'maybe'"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_it_reads_whole_numbers_within_bounds() -> None:
    assert env_int("PORT", 8000, minimum=1, maximum=65535, environ={"PORT": "8080"}) == 8080


@pytest.mark.parametrize(
    ("value", "message"),
    [("eighty", "PORT must be a whole number"), ("0", "at least 1"), ("70000", "at most 65535")],
)
def test_it_refuses_bad_numbers(value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        env_int("PORT", 8000, minimum=1, maximum=65535, environ={"PORT": value})


def test_it_splits_lists_on_commas_and_drops_blanks() -> None:
    assert env_list("HOSTS", [], environ={"HOSTS": " a.org, ,b.org,"}) == ["a.org", "b.org"]
    assert env_list("HOSTS", ["x"], environ={}) == ["x"]


def test_it_reads_text_with_a_default() -> None:
    assert env_str("NAME", "d", environ={"NAME": " v "}) == "v"
    assert env_str("NAME", "d", environ={}) == "d"


def test_it_reads_a_secret_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n")
    assert env_secret("KEY", environ={"KEY_FILE": str(secret_file)}) == "s3cret"


def test_it_refuses_a_secret_given_twice(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="Set KEY or KEY_FILE, not both"):
        env_secret("KEY", environ={"KEY": "a", "KEY_FILE": str(tmp_path / "x")})


def test_it_refuses_a_secret_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"KEY_FILE names .* cannot be read"):
        env_secret("KEY", environ={"KEY_FILE": str(tmp_path / "missing")})


def test_it_refuses_an_empty_secret_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    with pytest.raises(ConfigurationError, match="is empty"):
        env_secret("KEY", environ={"KEY_FILE": str(empty)})
