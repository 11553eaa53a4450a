"""The settings a deployment starts with: production refuses what would leave the site open, and
the embedded default `make run` serves has DEBUG off unless a developer asks for it.

Each case imports the settings module in a fresh interpreter with a crafted environment, as a
server start would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "a-production-secret-key-of-fifty-and-more-random-characters-0123456789",
    "ALLOWED_HOSTS": "playground.example.org",
    "DATABASE_URL": "postgres://playground:secret@127.0.0.1:5432/playground",
}


def _load(module: str, env: dict[str, str], code: str = "") -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "CSRF_TRUSTED_ORIGINS",
            "REDIS_URL",
            "PLAYGROUND_DEBUG",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    script = f"import importlib; s = importlib.import_module({module!r}); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_settings_load_with_the_required_environment():
    result = _load(
        "playground.settings.prod",
        GOOD,
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['playground.example.org']",
        "django.db.backends.postgresql",
    ]


def test_without_database_url_production_refuses_instead_of_using_sqlite():
    env = {k: v for k, v in GOOD.items() if k != "DATABASE_URL"}
    assert "Set the environment variable DATABASE_URL" in _refused(
        _load("playground.settings.prod", env)
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_without_a_secret_key_or_hosts_production_refuses(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    assert f"Set the environment variable {missing}" in _refused(
        _load("playground.settings.prod", env)
    )


@pytest.mark.parametrize("hosts", ["*", "playground.example.org,*", ".", "*.example.org", " * "])
def test_a_wildcard_in_allowed_hosts_is_refused(hosts):
    message = _refused(_load("playground.settings.prod", {**GOOD, "ALLOWED_HOSTS": hosts}))
    assert "ALLOWED_HOSTS must name the site's hosts" in message
    assert "websocket Origin check" in message


def test_a_subdomain_entry_is_not_a_wildcard():
    result = _load(
        "playground.settings.prod",
        {**GOOD, "ALLOWED_HOSTS": ".example.org"},
        "print(s.ALLOWED_HOSTS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['.example.org']"


@pytest.mark.parametrize(
    "origins",
    [
        "*",
        "https://*",
        "http://*:8000",
        "playground.example.org",
        "https://playground.example.org,*",
    ],
)
def test_a_wildcard_or_schemeless_csrf_trusted_origin_is_refused(origins):
    message = _refused(_load("playground.settings.prod", {**GOOD, "CSRF_TRUSTED_ORIGINS": origins}))
    assert "CSRF_TRUSTED_ORIGINS must list origins like https://playground.example.org" in message


def test_listed_trusted_origins_are_kept():
    origins = "https://playground.example.org,https://*.school.example"
    result = _load(
        "playground.settings.prod",
        {**GOOD, "CSRF_TRUSTED_ORIGINS": origins},
        "print(s.CSRF_TRUSTED_ORIGINS)",
    )
    assert result.returncode == 0, result.stderr
    assert "https://*.school.example" in result.stdout


def test_deploy_check_reports_nothing_for_production():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        **GOOD,
        "DJANGO_SETTINGS_MODULE": "playground.settings.prod",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_embedded_default_has_debug_off():
    result = _load(
        "playground.settings.dev", {}, "print(s.DEBUG, s.STORAGES['staticfiles']['BACKEND'])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_a_developer_opts_in_to_debug():
    result = _load(
        "playground.settings.dev",
        {"PLAYGROUND_DEBUG": "1"},
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
