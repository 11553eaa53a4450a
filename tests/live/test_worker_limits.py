"""A worker that stops answering is killed a few seconds after "stop" (at once on a disconnect)
and its seat freed; a run that hits its memory cap is `memory_limit` however the memory ran out;
a run that uses its CPU time ends with its report."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from playground.live import limits, runner
from tests.live.conftest import short_design
from tests.live.test_processes import _gone, _no_workers

pytestmark = [pytest.mark.django_db(transaction=True)]


async def _playing(client, speed=1) -> int:
    await client.send({"type": "start", "design": short_design(300), "speed": speed})
    await client.recv_until(lambda m: m["type"] == "frame")
    [pid] = runner.active_pids()
    return pid


async def test_a_hung_worker_is_killed_after_stop_and_its_seat_freed(
    clients, session_key, settings
):
    settings.LIVE_STOP_GRACE_S = 1
    client = await clients(session_key=session_key)
    pid = await _playing(client)
    os.kill(pid, signal.SIGSTOP)  # the worker hears nothing more
    await client.send({"type": "stop"})
    error, _ = await client.recv_until(lambda m: m["type"] in ("error", "end"), timeout=10)
    assert error["type"] == "error" and error["code"] == "unresponsive" and error["final"]
    assert "did not answer the stop within 1 s" in error["message"]
    assert await _gone(pid)
    assert limits.admission().total == set(), "the seat is free as the client hears"
    await client.send({"type": "start", "design": short_design(2), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed", "the learner can start again at once"


async def test_a_hung_worker_is_killed_when_its_learner_leaves(clients, session_key):
    client = await clients(session_key=session_key)
    pid = await _playing(client)
    os.kill(pid, signal.SIGSTOP)
    await client.close()
    assert limits.admission().total == set()
    assert await _gone(pid)
    assert await _no_workers()


async def test_a_worker_that_answers_stop_in_time_is_not_killed_for_it(
    clients, session_key, settings
):
    settings.LIVE_STOP_GRACE_S = 3  # room for a busy machine: a healthy worker answers in ms
    client = await clients(session_key=session_key)
    await _playing(client)
    await client.send({"type": "stop"})
    end, _ = await client.recv_until(lambda m: m["type"] in ("error", "end"))
    assert end["type"] == "end" and end["reason"] == "stopped" and end["report"]
    await asyncio.sleep(3.1)  # past the grace: nothing more arrives
    assert await client.comm.receive_nothing(0.1)


@pytest.mark.parametrize(
    "engine_name",
    [
        "HungrySimulation",  # 64 MiB at a time
        "NibblingSimulation",  # small objects: the error can strike while a frame is built
        "ReportHungrySimulation",  # while building the report at the end
        "WrappingSimulation",  # MemoryError caught and raised again as a RuntimeError
    ],
)
async def test_a_run_over_its_memory_cap_is_memory_limit_every_time(
    clients, session_key, settings, engine_name
):
    settings.LIVE_ENGINE = f"tests.live.fake_engine:{engine_name}"
    settings.LIVE_MEMORY_MB = 200
    for _ in range(3):
        client = await clients(session_key=session_key)
        await client.send({"type": "start", "design": short_design(5), "speed": "max"})
        error, _ = await client.recv_until(lambda m: m["type"] in ("error", "end"), timeout=20)
        assert error["type"] == "error" and error["code"] == "memory_limit", error
        assert error["final"] and "more memory than a live run may have" in error["message"]
        await client.close()
    assert await _no_workers()


async def test_a_crash_that_is_not_about_memory_is_still_a_crash(clients, session_key, settings):
    settings.LIVE_ENGINE = "tests.live.fake_engine:CrashingSimulation"
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(5), "speed": "max"})
    error, _ = await client.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "crashed" and "fell over" in error["message"]


async def test_a_run_that_uses_its_cpu_time_ends_with_its_report(clients, session_key, settings):
    settings.LIVE_MAX_CPU_S = 0.5
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(3000), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] in ("end", "error"), timeout=20)
    assert end["type"] == "end" and end["reason"] == "cpu_limit", end
    assert "used its 0.5 s of CPU time" in end["message"] and end["report"]["duration"] < 3000
    assert await _no_workers()


async def test_a_run_plays_below_the_servers_priority(clients, session_key, settings):
    """The worker lowers its priority by LIVE_RUN_NICE, so the server's event loop (greetings,
    controls, every frame) wins a core the moment it wakes when a class outgrows the cores."""
    settings.LIVE_RUN_NICE = 7
    client = await clients(session_key=session_key)
    pid = await _playing(client)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, os.nice(0) + 7)
    await client.send({"type": "stop"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped"
