"""Start-up refuses bad configuration with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-for-the-deploy-check",
    "SITE_URL": "https://ldsp.example.org",
    "ALLOWED_HOSTS": "ldsp.example.org",
}


def _run(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "SITE_URL",
            "ALLOWED_HOSTS",
            "PORT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ldsp.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120
    )


def _start(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return _run("import django; django.setup()", env, tmp_path)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DEBUG": "true", "PORT": "eighty"}, "PORT must be a whole number"),
        ({"DEBUG": "true", "EMAIL_PORT": "0"}, "EMAIL_PORT must be at least 1"),
        ({"DEBUG": "true", "LOG_LEVEL": "chatty"}, "LOG_LEVEL must be"),
        ({"DEBUG": "true", "SITE_URL": "ldsp.example.org"}, "SITE_URL must be an http"),
        ({"DEBUG": "true", "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL cannot be used"),
        ({"DEBUG": "false"}, "SECRET_KEY (or SECRET_KEY_FILE) must be set"),
        (
            {**PRODUCTION, "SITE_URL": "http://ldsp.example.org"},
            "SITE_URL must start with https://",
        ),
        (
            {
                **PRODUCTION,
                "SECRET_KEY": "django-insecure-development-only-never-use-in-production",
            },
            "SECRET_KEY is the development default",
        ),
    ],
)
def test_start_up_stops_with_a_message_naming_the_variable(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    result = _start(env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_ldsp_command_reports_a_bad_value_in_one_line(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update({"VAR_DIR": str(tmp_path), "DEBUG": "maybe"})
    result = subprocess.run(
        [sys.executable, "-m", "ldsp.cli", "check"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("ldsp: configuration error: DEBUG must be one of")
    assert "Traceback" not in result.stderr


def test_development_defaults_start(tmp_path: Path) -> None:
    result = _run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.EMAIL_BACKEND)",
        {"DEBUG": "true", "DATABASE_URL": ""},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert "console.EmailBackend" in result.stdout


def test_smtp_is_used_when_an_email_host_is_set(tmp_path: Path) -> None:
    result = _run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)",
        {"DEBUG": "true", "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "2525",
    ]


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        {**PRODUCTION, "DATABASE_URL": ""},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_secure_cookies_and_hsts(tmp_path: Path) -> None:
    result = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT)",
        {**PRODUCTION, "DATABASE_URL": ""},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True"]
