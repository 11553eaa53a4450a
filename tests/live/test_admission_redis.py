"""The same admission shared by several daphne processes through Redis: one Lua script checks
every limit and takes the seat atomically, so starts arriving at once never overshoot a cap."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from playground.live import limits, limits_redis

REDIS_URL = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_admission(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).flushdb()
    except redis.RedisError:
        pytest.fail(
            f"Redis is needed for the shared admission tests and is not reachable at {REDIS_URL}"
        )
    settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_PER_ADDRESS = 100, 40
    settings.LIVE_MAX_RUNS_TOTAL, settings.LIVE_MAX_FAST_RUNS = 64, 1
    settings.LIVE_MEMORY_MB, settings.LIVE_MEMORY_BUDGET_MB = 256, 18 * 1024
    settings.LIVE_CPU_CORES = 4  # room for 80 at 1x: the count (64) binds
    admission = limits_redis.RedisAdmission(REDIS_URL)
    admission.prefix = f"test:{uuid.uuid4().hex}"
    return admission


def _seat(owner="session:a", address="192.0.2.1") -> limits.Seat:
    return limits.Seat(run_id=uuid.uuid4().hex, owner=owner, address=address)


async def test_fifty_starts_at_once_from_one_address_take_exactly_its_cap(redis_admission):
    seats = [_seat(owner=f"session:{i}") for i in range(50)]
    answers = await asyncio.gather(*(redis_admission.acquire(s, fast=False) for s in seats))
    refused = [a for a in answers if a is not None]
    assert (
        len(refused) == 10
        and "40 live runs are already playing from your network address" in refused[0]
    )
    other = _seat(address="198.51.100.7")
    assert await redis_admission.acquire(other, fast=False) is None
    assert await redis_admission.acquire(_seat(address="198.51.100.8"), fast=True) is None
    assert "1 run(s) are already playing at 30x" in await redis_admission.acquire(
        _seat(address="198.51.100.9"), fast=True
    )
    for seat in seats:
        await redis_admission.release(seat)
    assert await redis_admission.acquire(_seat(), fast=False) is None, (
        "released seats are free again"
    )


async def test_per_owner_memory_and_fast_limits_are_shared(redis_admission, settings):
    settings.LIVE_MAX_RUNS_PER_OWNER = 2
    mine = [_seat(owner="user:7", address=f"192.0.2.{i}") for i in range(3)]
    answers = [await redis_admission.acquire(s, fast=False) for s in mine]
    assert answers[:2] == [None, None] and "you already have 2 live run(s)" in answers[2]

    settings.LIVE_MEMORY_MB, settings.LIVE_MEMORY_BUDGET_MB = 768, 3 * 768
    assert (
        await redis_admission.acquire(_seat(owner="user:8", address="192.0.2.8"), fast=False)
        is None
    )
    assert "all its memory allows (768 MiB each" in await redis_admission.acquire(
        _seat(owner="user:9", address="192.0.2.9"), fast=False
    )

    playing = mine[0]
    racers = await asyncio.gather(*(redis_admission.set_fast(s, True) for s in (playing, mine[1])))
    assert sorted(r is None for r in racers) == [False, True], "one fast seat, taken once"
    winner = playing if racers[0] is None else mine[1]
    await redis_admission.set_fast(winner, False)
    loser = mine[1] if winner is playing else playing
    assert await redis_admission.set_fast(loser, True) is None


async def test_one_check_per_owner_across_processes(redis_admission):
    assert await redis_admission.claim_check("session:a") is True
    assert await redis_admission.claim_check("session:a") is False, "a second check is refused"
    assert await redis_admission.claim_check("session:b") is True, "another learner may check"
    await redis_admission.release_check("session:a")
    assert await redis_admission.claim_check("session:a") is True, "free again once released"
