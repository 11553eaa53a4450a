"""PostgreSQL connection settings (settings/base.py): psycopg's pool of DATABASE_POOL_MAX_SIZE
(default 4) per process with CONN_MAX_AGE 0, the pool off at 0, a bad size refused with a
sentence; SQLite keeps its persistent connection (one process)."""

from __future__ import annotations

import pytest

from tests.api.test_settings_prod import GOOD, _load

SHOW = "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'))"


def test_postgresql_gets_a_pool_of_four_per_process_and_no_persistent_connection():
    done = _load("playground.settings.prod", GOOD, SHOW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(maxsplit=1) == ["0", "{'min_size': 1, 'max_size': 4, 'timeout': 10}\n"]


def test_pool_size_zero_turns_the_pool_off():
    done = _load("playground.settings.prod", {**GOOD, "DATABASE_POOL_MAX_SIZE": "0"}, SHOW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "None"]


@pytest.mark.parametrize("bad", ["four", "-1", "2.5", ""])
def test_a_bad_pool_size_is_refused_saying_what_it_must_be(bad):
    done = _load("playground.settings.prod", {**GOOD, "DATABASE_POOL_MAX_SIZE": bad}, SHOW)
    assert done.returncode != 0
    assert "DATABASE_POOL_MAX_SIZE must be a whole number" in done.stderr


def test_sqlite_keeps_its_persistent_connection():
    done = _load("playground.settings.dev", {}, SHOW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["60", "None"]
