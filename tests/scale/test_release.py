"""deploy/release.sh, the release steps of a deployment, on the production settings against a
fresh PostgreSQL database: it migrates, collects the static files into STATIC_ROOT (the manifest
the pages need) and loads the scenario library; a missing setting stops it before it starts,
saying which (exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg

from playground.live.testing import ROOT
from tests.postgres import fresh_database

SCRIPT = str(ROOT / "deploy" / "release.sh")


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    return {**env, "PYTHON": sys.executable, **values}


def test_release_migrates_collects_and_loads_the_scenarios(tmp_path):
    with fresh_database() as url:
        done = subprocess.run(
            [SCRIPT],
            env=_env(
                SECRET_KEY="release-test-" + "y" * 40,
                ALLOWED_HOSTS="playground.example.org",
                CSRF_TRUSTED_ORIGINS="https://playground.example.org",
                DATABASE_URL=url,
                STATIC_ROOT=str(tmp_path / "static"),
            ),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert (tmp_path / "static" / "staticfiles.json").exists()
        with psycopg.connect(url) as db:
            scenarios = db.execute("SELECT count(*) FROM playground_scenario").fetchone()[0]
        assert scenarios > 0


def test_release_without_a_secret_key_says_what_to_set(tmp_path):
    done = subprocess.run(
        [SCRIPT],
        env=_env(ALLOWED_HOSTS="x.org", DATABASE_URL="postgresql://nowhere/x", STATIC_ROOT="/tmp"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "set SECRET_KEY" in done.stderr
