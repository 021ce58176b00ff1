"""`ldsp <command> --help` prints help and does nothing else: it starts no server or
worker, touches no database and makes no secret file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from ldsp.cli import main

HELP_REQUESTS = [
    ["--help"],
    ["help"],
    ["demo", "--help"],
    ["serve", "--help"],
    ["worker", "--help"],
    ["migrate", "--help"],
    ["backup", "--help"],
]


@pytest.mark.parametrize("arguments", HELP_REQUESTS, ids=" ".join)
def test_it_prints_help_and_exits_without_side_effects(
    arguments: list[str], tmp_path: Path
) -> None:
    var_dir = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "PORT"}
    }
    env["VAR_DIR"] = str(var_dir)
    result = subprocess.run(
        [sys.executable, "-m", "ldsp.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: ldsp" in result.stdout or "The ``ldsp`` command." in result.stdout
    assert "gunicorn" not in result.stderr.lower()
    # No database, no secret key, no media: at most the empty folder settings make.
    assert not var_dir.exists() or list(var_dir.iterdir()) == []


@pytest.mark.parametrize("command", ["demo", "serve", "worker"])
def test_each_own_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"usage: ldsp {command}")


def test_every_management_command_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    for name in sorted(get_commands()):
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code in (0, None), name
        assert f"usage: ldsp {name}" in capsys.readouterr().out, name
