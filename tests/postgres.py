"""A fresh PostgreSQL database for a test module (and dropped afterwards), and Redis, as a
deployment's tests need them. PostgreSQL runs on 127.0.0.1:5432 on every machine of this project
and in CI; a test that needs it fails, saying so, when it is not reachable (never skips)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

ADMIN_URL = os.environ.get(
    "SCALE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@contextlib.contextmanager
def fresh_database(prefix: str = "playground_scale") -> Iterator[str]:
    """CREATE DATABASE with a unique name; yields its URL; DROP ... WITH (FORCE) afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is needed here and is not reachable at {ADMIN_URL}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def connections_to(database_url: str) -> int:
    """Backends connected to that database now (pg_stat_activity), this query's own excluded."""
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        return admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchone()[0]


def fresh_redis(url: str = REDIS_URL) -> str:
    """That Redis database (REDIS_URL's by default), emptied; fails saying so when Redis is not
    reachable."""
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is needed for this test and is not reachable at {url}: {exc}")
    return url


@contextlib.contextmanager
def production_pair(env: dict[str, str] | None = None):
    """Two daphne processes on the production settings sharing a fresh PostgreSQL database and
    Redis (REDIS_URL's database, emptied), as a deployment runs them behind a load balancer;
    yields (database_url, first, second)."""
    from playground.live.testing import DaphneServer

    with fresh_database() as url:
        redis_url = fresh_redis()
        with DaphneServer.production(url, redis_url, env=env) as first:
            with DaphneServer.production(
                url, redis_url, env=env, static_root=first.static_root
            ) as second:
                yield url, first, second
