"""Scale-out: two daphne processes on the production settings, PostgreSQL and Redis. A run plays
beside the process that holds its socket; a viewer on the OTHER process watches it through the
channel layer, at a coalesced low rate (never the owner's 10 Hz stream), and the run limits are
shared through Redis."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from playground.live.testing import Browser
from tests.live.conftest import short_design
from tests.live.test_daphne import _connect, _until
from tests.postgres import production_pair

pytestmark = [pytest.mark.live]


@pytest.fixture(scope="module")
def two_servers():
    # The production settings, as a deployment runs them. One database for both, as a
    # deployment shares one: a watch link made on one process is checked (open, expired,
    # revoked) on the other.
    env = {
        "LIVE_MAX_RUNS_PER_OWNER": "1",
        "LIVE_MAX_RUNS_TOTAL": "2",  # each process's own
        "LIVE_MAX_RUNS_DEPLOYMENT": "2",  # both together
        "LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES": "0",  # every tab is on 127.0.0.1: the total decides
    }
    with production_pair(env) as (_, first, second):
        yield first, second


async def test_a_viewer_on_another_process_watches_at_a_coalesced_rate(two_servers):
    first, second = two_servers
    browser = Browser(first.http_url)
    await asyncio.to_thread(browser.save_design, "Shared", short_design(300))
    async with _connect(first, browser) as owner:
        await owner.send(
            json.dumps({"type": "start", "design": short_design(300), "speed": 10, "share": True})
        )
        started, _ = await _until(owner, lambda m: m["type"] == "started")
        async with _connect(second, path=started["watch"]["ws"]) as viewer:
            hello, _ = await _until(viewer, lambda m: m["type"] == "watching")
            assert hello["run"] == started["run"]
            await owner.send(
                json.dumps(
                    {
                        "type": "inject",
                        "id": "az",
                        "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 30},
                    }
                )
            )
            seen_at, frames = time.monotonic(), []
            while time.monotonic() - seen_at < 2.0:
                message = json.loads(await asyncio.wait_for(viewer.recv(), 5))
                frames.append(message)
            rate = len(frames) / 2.0
            assert 1 <= rate <= 6, f"{rate} frames/s to a viewer through Redis"
            assert any(e.get("id") == "az" for f in frames for e in f.get("events", ())), (
                "events of skipped frames ride on the next one"
            )
            await owner.send(json.dumps({"type": "stop"}))
            end, _ = await _until(owner, lambda m: m["type"] == "end")
            seen, _ = await _until(viewer, lambda m: m["type"] == "end")
            assert seen["run"] == end["run"] and seen["report"] == end["report"]


async def test_run_limits_are_shared_by_every_process(two_servers):
    first, second = two_servers
    tabs = [Browser(server.http_url) for server in (first, second, second)]
    for tab in tabs:
        await asyncio.to_thread(tab.save_design, "Mine", short_design(300))
    sockets = [
        await _connect(server, tab)
        for server, tab in zip((first, second, second), tabs, strict=True)
    ]
    try:
        for ws in sockets[:2]:
            await ws.send(json.dumps({"type": "start", "design": short_design(300)}))
            assert (await _until(ws, lambda m: m["type"] in ("started", "error")))[0][
                "type"
            ] == "started"
        await sockets[2].send(json.dumps({"type": "start", "design": short_design(300)}))
        refused, _ = await _until(sockets[2], lambda m: m["type"] in ("started", "error"))
        assert (
            refused["code"] == "busy" and "maximum of 2 live runs across all" in refused["message"]
        )
    finally:
        for ws in sockets:
            await ws.close()
