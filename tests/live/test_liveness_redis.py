"""Liveness with real Redis (db 12 unless LIVENESS_TEST_REDIS_URL says otherwise): the seats of a
process whose heartbeat has gone are freed by the first process that looks, and its runs' viewers
told; a live process keeps its seats; a process taken for dead takes its seats back. And the
limits: each process counts its own total, the deployment (LIVE_MAX_RUNS_DEPLOYMENT) and each
owner and address are counted across processes. Two real daphne processes:
tests/scale/test_liveness_scale_out.py."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from playground.live import limits, limits_redis, liveness, watch_links
from playground.live.watch_along import watch_group
from playground.models import WatchLink
from playground.owners import Owner

REDIS_URL = os.environ.get("LIVENESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def processes(settings):
    """Two server processes' admissions (A and B) sharing one Redis prefix."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.fail(f"Redis is needed for the liveness tests and is not reachable at {REDIS_URL}")
    settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_PER_ADDRESS = 2, 40
    settings.LIVE_MAX_RUNS_TOTAL, settings.LIVE_MAX_RUNS_DEPLOYMENT = 64, 0
    settings.LIVE_MEMORY_MB, settings.LIVE_MEMORY_BUDGET_MB = 256, 18 * 1024
    settings.LIVE_CPU_CORES, settings.LIVE_MAX_FAST_RUNS = 4, 2
    settings.LIVE_PROCESS_TTL_S = 6
    prefix = f"test-liveness:{uuid.uuid4().hex}"
    pair = []
    for name in ("a", "b"):
        admission = limits_redis.RedisAdmission(REDIS_URL, process_id=f"{name}-{uuid.uuid4().hex}")
        admission.prefix = prefix
        pair.append(admission)
    yield pair
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def seat(owner="session:x", address="192.0.2.1") -> limits.Seat:
    return limits.Seat(run_id=str(uuid.uuid4()), owner=owner, address=address)


async def died(admission) -> None:
    """What a SIGKILL leaves: the heartbeat stops, so its key's TTL runs out."""
    await admission._client().delete(admission.heartbeat_key())


async def test_a_seat_lives_as_long_as_its_process_heartbeat_with_a_long_backstop(
    processes, settings
):
    a, _ = processes
    mine = seat()
    before = time.time()
    assert await a.acquire(mine, fast=False) is None
    client = a._client()
    assert 0 < await client.ttl(a.heartbeat_key()) <= settings.LIVE_PROCESS_TTL_S
    assert await client.hget(a.runs_key(), mine.run_id) == "session:x\t192.0.2.1"
    backstop = await client.zscore(f"{a.prefix}:deployment", mine.run_id)
    assert backstop >= before + settings.LIVE_MAX_WALL_S, "the seat's own expiry is the backstop"


async def test_a_dead_processes_seats_are_freed_once_and_a_live_ones_kept(processes):
    a, b = processes
    held = [seat(), seat(address="192.0.2.2")]
    for s in held:
        assert await a.acquire(s, fast=s is held[0]) is None
    assert "you already have 2 live run(s)" in await b.acquire(seat(), fast=False)

    assert await b.reap(a.process_id) == [], "A beats: its seats stay"
    assert await b.others() == [a.process_id]
    await died(a)
    assert sorted(await b.reap(a.process_id)) == sorted(s.run_id for s in held)
    assert await b.reap(a.process_id) == [], "freed once"
    assert await b.others() == []

    client = b._client()
    for key in ("deployment", "fast", "owner:session:x", "address:192.0.2.1"):
        assert await client.zcard(f"{b.prefix}:{key}") == 0, key
    assert not await client.exists(a.runs_key())
    assert (
        await b.acquire(seat(), fast=True) is None and await b.acquire(seat(), fast=False) is None
    )


async def test_a_dead_processes_check_claims_and_cores_are_freed(processes, settings):
    a, b = processes
    settings.LIVE_CHECK_CORES = 1
    assert await a.claim_check("session:x") and await a.take_check_core("core-a")
    assert not await b.claim_check("session:x") and not await b.take_check_core("core-b")
    await b.reap(a.process_id)
    assert not await b.claim_check("session:x"), "A beats: its check holds"
    await died(a)
    await b.reap(a.process_id)
    assert await b.claim_check("session:x") and await b.take_check_core("core-b")
    await b.release_check("session:x")
    await b.give_check_core("core-b")
    assert not await b._client().exists(b.checks_key()), "nothing left held"


async def test_a_process_taken_for_dead_takes_its_seats_back(processes):
    a, b = processes
    mine = seat()
    assert await a.acquire(mine, fast=True) is None
    assert await a.beat() is True
    await died(a)  # its loop stalled past the TTL
    assert await b.reap(a.process_id) == [mine.run_id]
    assert await a.beat() is False, "its heartbeat had gone while it held a seat"
    await a.retake()
    assert await b.reap(a.process_id) == []
    await a.acquire(seat(), fast=False)
    assert "you already have 2" in await b.acquire(seat(), fast=False), "the seat counts again"
    assert "2 run(s) are already playing at 30x" not in (
        await b.acquire(seat(owner="session:y"), fast=True) or ""
    )
    assert "2 run(s) are already playing at 30x" in await b.acquire(
        seat(owner="session:z"), fast=True
    ), "its fast seat too"


@pytest.mark.django_db(transaction=True)
async def test_the_heartbeat_tick_frees_a_dead_process_and_tells_its_viewers(processes):
    a, b = processes
    shared, quiet = seat(), seat(owner="session:other")
    for s in (shared, quiet):
        assert await a.acquire(s, fast=False) is None
    await database_sync_to_async(watch_links.watch_link_open)(
        run_id=shared.run_id, owner=Owner(session_key="x")
    )
    layer = get_channel_layer()
    viewer = await layer.new_channel()
    await layer.group_add(watch_group(shared.run_id), viewer)

    beat = liveness.Heartbeat(b)
    assert await beat.tick() == [], "A is alive"
    await died(a)
    assert sorted(await beat.tick()) == sorted([shared.run_id, quiet.run_id])
    notice = await layer.receive(viewer)
    assert notice == {"type": "watch.message", "message": liveness.SERVER_RESTARTED}
    assert notice["message"]["final"] and "restarted" in notice["message"]["message"]
    link = await WatchLink.objects.aget(run_id=shared.run_id)
    assert link.ended is not None, "the link's last day began"
    assert await b._client().ttl(b.heartbeat_key()) > 0, "B beat on its tick"


async def test_each_process_counts_its_own_total_and_the_deployment_is_capped(processes, settings):
    a, b = processes
    settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_TOTAL = 10, 2
    addresses = iter(f"192.0.2.{i}" for i in range(10, 20))
    assert [await a.acquire(seat(address=next(addresses)), fast=False) for _ in "12"] == [
        None,
        None,
    ]
    assert "the server is playing its maximum of 2 live runs" in await a.acquire(
        seat(address=next(addresses)), fast=False
    )
    assert await b.acquire(seat(address=next(addresses)), fast=False) is None, "B has its share"

    settings.LIVE_MAX_RUNS_DEPLOYMENT = 3
    refused = await b.acquire(seat(address=next(addresses)), fast=False)
    assert "maximum of 3 live runs across all its servers" in refused


async def test_one_process_is_the_deployment(settings):
    settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_TOTAL = 10, 64
    settings.LIVE_MAX_RUNS_DEPLOYMENT = 1
    local = limits.LocalAdmission()
    assert await local.acquire(seat(), fast=False) is None
    assert "across all its servers" in await local.acquire(seat(), fast=False)


async def test_an_owner_key_with_a_tab_is_refused(processes):
    a, _ = processes
    with pytest.raises(ValueError, match="no tab"):
        await a.acquire(seat(owner="session:a\tb"), fast=False)


def test_a_process_whose_event_loop_is_busy_still_beats(processes, settings):
    """60 watched runs on 2 shared cores stalled a process's event loop past the heartbeat's TTL
    (make bench): the other process took it for dead and told its viewers their runs had ended
    while they played on. The key is refreshed from a thread of its own, so it lives as long as
    the process does, loop busy or not; and it lapses once the beats stop (a dead process)."""
    import redis

    settings.LIVE_HEARTBEAT_S, settings.LIVE_PROCESS_TTL_S = 0.2, 1
    a, _ = processes
    client = redis.Redis.from_url(REDIS_URL)
    beats = liveness.BeatThread(a)
    try:
        time.sleep(2.5)  # this thread blocks, as a stalled loop would: no tick runs
        assert client.exists(a.heartbeat_key()), "alive while its loop does nothing"
    finally:
        beats.stop()
    time.sleep(1.5)
    assert not client.exists(a.heartbeat_key()), "without beats the key lapses: taken for dead"
