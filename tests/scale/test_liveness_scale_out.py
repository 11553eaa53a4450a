"""Issue 16, measured as it was reported: two daphne processes A and B sharing Redis (db 12) and
PostgreSQL. A run started on A is watched, paused, sped up, resumed and stopped through B; the
per-owner limit counts across both; and killing A (SIGKILL, daphne and its workers) gives B's
viewer an end notice within seconds and frees A's seats, while the learner, now on B, has lost
nothing but the live run."""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid

import psycopg
import pytest

from playground.live.testing import Browser, DaphneServer
from tests.live.conftest import short_design
from tests.live.test_daphne import _connect, _until
from tests.postgres import fresh_database, fresh_redis
from tests.scale.test_postgres_scale_out import on

pytestmark = [pytest.mark.live]

REDIS_URL = os.environ.get("LIVENESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(scope="module")
def database_url():
    with fresh_database() as url:
        yield url


@pytest.fixture(scope="module")
def env():
    fresh_redis(REDIS_URL)
    return {
        "LIVE_MAX_RUNS_PER_OWNER": "2",
        "LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES": "0",  # every tab is on 127.0.0.1
        "LIVE_HEARTBEAT_S": "0.5",
        "LIVE_PROCESS_TTL_S": "2",
    }


def production(database_url, env, **kwargs) -> DaphneServer:
    """A process on the production settings (as a deployment runs them)."""
    return DaphneServer.production(database_url, REDIS_URL, env=env, **kwargs)


@pytest.fixture(scope="module")
def servers(database_url, env):
    with production(database_url, env) as a:
        with production(database_url, env, static_root=a.static_root) as b:
            yield a, b


async def send(ws, message: dict) -> None:
    await ws.send(json.dumps(message))


async def start(ws, **extra) -> dict:
    await send(ws, {"type": "start", "design": short_design(600), "speed": 1, **extra})
    answer, _ = await _until(ws, lambda m: m["type"] in ("started", "error"))
    return answer


async def control(ws, run: str, kind: str, **extra) -> dict:
    """A control for `run` sent through `ws`, and the answer (the socket plays no such run)."""
    await send(ws, {"type": kind, "run": run, **extra})
    answer, _ = await _until(ws, lambda m: m["type"] in ("controlled", "error"))
    return answer


async def test_a_run_on_a_is_watched_paused_and_stopped_through_b(servers):
    a, b = servers
    learner = Browser(a.http_url)
    await asyncio.to_thread(learner.save_design, "Mine", short_design(600))
    stranger_tab = Browser(b.http_url)
    await asyncio.to_thread(stranger_tab.save_design, "Theirs", short_design(60))
    async with _connect(a, learner) as player:
        started = await start(player, share=True)
        run = started["run"]
        async with (
            _connect(b, path=started["watch"]["ws"]) as viewer,
            _connect(b, learner) as remote,
            _connect(b, stranger_tab) as stranger,
            _connect(b) as no_session,
        ):
            assert (await _until(viewer, lambda m: m["type"] == "watching"))[0]["run"] == run

            paused = await control(remote, run, "pause", id="p")
            assert (paused["type"], paused["control"], paused["id"]) == ("controlled", "pause", "p")
            await _until(viewer, lambda m: m["type"] == "frame" and m["paused"])
            sped = await control(remote, run, "speed", value=10)
            assert sped["control"] == "speed" and sped["value"] == 10
            assert (await control(remote, run, "resume"))["control"] == "resume"
            await _until(viewer, lambda m: m["type"] == "frame" and not m["paused"])
            assert (await _until(viewer, lambda m: m["type"] == "frame"))[0]["speed"] == 10

            refused = await control(stranger, run, "stop")
            assert refused["code"] == "not_running", "not the owner: as if no such run"
            assert (await control(no_session, run, "stop"))["message"] == refused["message"]

            # The per-owner limit (2) counts the run on A and one on B: a third is refused.
            assert (await start(remote))["type"] == "started"
            async with _connect(a, learner) as third:
                busy = await start(third)
                assert (
                    busy["code"] == "busy" and "you already have 2 live run(s)" in busy["message"]
                )
            assert (await control(remote, run, "pause"))["control"] == "pause", (
                "a socket playing its own run still forwards controls for another"
            )

            assert (await control(remote, run, "stop", id="s"))["control"] == "stop"
            end, _ = await _until(player, lambda m: m["type"] == "end")
            assert end["reason"] == "stopped" and end["run"] == run
            seen, _ = await _until(viewer, lambda m: m["type"] == "end")
            assert seen["report"] == end["report"]
            gone = await control(remote, run, "pause")
            assert gone["code"] == "not_running", "the run has ended"


async def test_killing_a_tells_bs_viewers_and_frees_as_seats(servers, database_url, env, capsys):
    _, b = servers
    with production(database_url, env, static_root=b.static_root) as doomed:
        learner = Browser(doomed.http_url)
        design_id = await asyncio.to_thread(learner.save_design, "Mine", short_design(600))
        players = [await _connect(doomed, learner) for _ in range(2)]
        shared = await start(players[0], share=True)
        assert (await start(players[1]))["type"] == "started"
        async with _connect(b, path=shared["watch"]["ws"]) as viewer:
            await _until(viewer, lambda m: m["type"] == "watching")
            await _until(viewer, lambda m: m["type"] == "frame")
            doomed.kill()  # daphne and everything below it, as a crash does
            killed = time.monotonic()
            notice, _ = await _until(viewer, lambda m: m["type"] != "frame", timeout=20)
            told_s = time.monotonic() - killed
        for ws in players:
            await ws.close()
    assert notice["type"] == "error" and notice["code"] == "server_restarted"
    assert notice["final"] and "restarted" in notice["message"]

    # The learner reconnects to B: the design is there, and A's two seats are free again.
    status, design = await asyncio.to_thread(
        on(learner, b).request, "GET", f"/api/designs/{design_id}/"
    )
    assert status == 200 and design["name"] == "Mine"
    async with _connect(b, learner) as one, _connect(b, learner) as two:
        assert (await start(one))["type"] == "started"
        assert (await start(two))["type"] == "started", "A's seats were freed"

    with psycopg.connect(database_url) as db:
        ended = db.execute(
            "SELECT ended FROM playground_watchlink WHERE run_id = %s", [uuid.UUID(shared["run"])]
        ).fetchone()
    assert ended is not None and ended[0] is not None, "the watch link's last day began"
    async with _connect(b, path=shared["watch"]["ws"]) as late:
        told, _ = await _until(late, lambda m: m["type"] != "frame")
    assert told["code"] == "ended" and told["final"], "a late viewer is told, not left waiting"
    with capsys.disabled():
        print(f"\n[liveness] B's viewer was told {told_s:.2f} s after A was killed")
