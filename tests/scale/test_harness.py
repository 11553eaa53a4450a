"""The test harness itself (playground/live/testing.py): a server on the production settings
really runs them (PostgreSQL, collected static files, secure cookies, no debug pages), a bad
request for one is refused, and kill() leaves no process of the tree behind."""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request

import pytest

from playground.live.testing import PRODUCTION, Browser, DaphneServer
from tests.live.conftest import short_design
from tests.live.test_daphne import _connect, _until
from tests.postgres import fresh_database, fresh_redis

pytestmark = [pytest.mark.live]


@pytest.fixture(scope="module")
def database_url():
    with fresh_database() as url:
        yield url


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_production_settings_without_postgresql_are_refused_before_starting():
    with pytest.raises(ValueError, match="needs a PostgreSQL DATABASE_URL"):
        DaphneServer(settings=PRODUCTION)
    with pytest.raises(ValueError, match="needs a PostgreSQL DATABASE_URL"):
        DaphneServer(settings=PRODUCTION, env={"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})


async def test_a_production_server_serves_the_collected_pages_and_kill_ends_its_whole_tree(
    database_url,
):
    with DaphneServer.production(database_url, fresh_redis()) as server:
        status, headers, page = await asyncio.to_thread(_get, server.http_url + "/")
        assert status == 200, page[-2000:]
        # The page links the manifest's hashed names, served from the temporary STATIC_ROOT.
        assert os.path.exists(os.path.join(server.static_root, "staticfiles.json"))
        assert ".css" in page and "/static/" in page
        status, _, missing = await asyncio.to_thread(_get, server.http_url + "/no-such-page/")
        assert status == 404 and "Traceback" not in missing  # DEBUG is off

        browser = Browser(server.http_url)
        await asyncio.to_thread(browser.save_design, "On PostgreSQL", short_design(300))
        session = next(c for c in browser.jar if c.name == "sessionid")
        assert session.secure  # the production cookie, sent back by the Browser over http
        async with _connect(server, browser) as ws:
            await ws.send(json.dumps({"type": "start", "design": short_design(300)}))
            await _until(ws, lambda m: m["type"] == "frame")
            workers = server.worker_pids()
            assert workers, "a run plays in a worker process"
            tree = await asyncio.to_thread(server.kill)
        assert tree[0] == server.process.pid and set(workers) <= set(tree)
        assert server.process.returncode == -9
        for pid in tree:
            assert not os.path.exists(f"/proc/{pid}") or _zombie(pid), f"{pid} survived"


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
