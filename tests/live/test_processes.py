"""Each run lives in its own worker process: killed on stop, on disconnect, at its limits; a
crash is an error frame and the server and the other runs carry on."""

from __future__ import annotations

import asyncio

import pytest

from playground.live import runner
from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


async def _gone(pid: int, timeout: float = 5.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if not runner.pid_alive(pid):
            return True
        await asyncio.sleep(0.05)
    return False


async def _no_workers(timeout: float = 5.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if not runner.active_pids():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_disconnect_leaves_no_worker_behind(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 1})
    assert (await client.recv())["type"] == "started"
    message = await client.recv()
    assert message["type"] == "frame", message
    pids = runner.active_pids()
    assert len(pids) == 1 and runner.pid_alive(pids[0])
    await client.close()
    assert await _gone(pids[0])
    assert runner.active_pids() == []


async def test_stop_and_end_leave_no_worker_behind(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 1})
    await client.recv_until(lambda m: m["type"] == "frame")
    [pid] = runner.active_pids()
    await client.send({"type": "stop"})
    await client.recv_until(lambda m: m["type"] == "end")
    assert await _gone(pid)
    assert await _no_workers()


async def test_a_crashing_run_sends_an_error_and_the_other_runs_carry_on(
    clients, session_key, settings
):
    healthy = await clients(session_key=session_key)
    await healthy.send({"type": "start", "design": short_design(300), "speed": 1})
    await healthy.recv_until(lambda m: m["type"] == "frame")

    real_engine = settings.LIVE_ENGINE
    settings.LIVE_ENGINE = "tests.live.fake_engine:CrashingSimulation"
    crashing = await clients(session_key=session_key)
    await crashing.send({"type": "start", "design": short_design(300), "speed": "max"})
    error, _ = await crashing.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "crashed" and "fell over" in error["message"] and error["final"]

    settings.LIVE_ENGINE = real_engine
    await crashing.send({"type": "start", "design": short_design(2), "speed": "max"})
    end, _ = await crashing.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"

    frame, _ = await healthy.recv_until(lambda m: m["type"] == "frame")
    await healthy.send({"type": "stop"})
    end, _ = await healthy.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped"


async def test_a_run_the_engine_stops_at_its_own_limit_ends_with_a_report(
    clients, session_key, settings
):
    settings.LIVE_ENGINE = "tests.live.fake_engine:LimitedSimulation"
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "engine_limit" and "in flight" in end["message"] and end["report"]


async def test_a_run_over_its_memory_cap_is_stopped(clients, session_key, settings):
    settings.LIVE_ENGINE = "tests.live.fake_engine:HungrySimulation"
    settings.LIVE_MEMORY_MB = 400
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": "max"})
    error, _ = await client.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "memory_limit"
    assert await _no_workers()


async def test_a_run_ends_itself_at_its_wall_clock_limit_with_a_report(
    clients, session_key, settings
):
    settings.LIVE_MAX_WALL_S = 0.5
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 1})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "wall_clock_limit" and end["report"]


async def test_a_run_that_ignores_its_limit_is_killed(clients, session_key, settings):
    settings.LIVE_MAX_WALL_S = 1000  # the worker's own limit is never reached...
    settings.LIVE_KILL_GRACE_S = -999.5  # ...but the server's backstop fires after 0.5 s
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 1})
    error, _ = await client.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "wall_clock_limit"
    assert await _no_workers()


async def test_runs_beyond_the_limits_are_refused_as_busy(clients, session_key, settings):
    settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_TOTAL = 1, 2
    first = await clients(session_key=session_key)
    await first.send({"type": "start", "design": short_design(300)})
    assert (await first.recv())["type"] == "started"
    second = await clients(session_key=session_key)
    await second.send({"type": "start", "design": short_design(300)})
    error = await second.recv()
    assert error["code"] == "busy" and "you already have 1" in error["message"]

    from tests.live.conftest import new_session

    other = await clients(
        session_key=await new_session(), address="198.51.100.1"
    )  # learners at home
    await other.send({"type": "start", "design": short_design(300)})
    assert (await other.recv())["type"] == "started"
    third = await clients(session_key=await new_session(), address="198.51.100.2")
    await third.send({"type": "start", "design": short_design(300)})
    error = await third.recv()
    assert error["code"] == "busy" and "maximum of 2" in error["message"]

    await first.send({"type": "stop"})
    await first.recv_until(lambda m: m["type"] == "end")
    await asyncio.sleep(0.1)
    await second.send({"type": "start", "design": short_design(300)})
    assert (await second.recv())["type"] == "started"


async def test_a_worker_that_cannot_start_is_an_error_and_holds_nothing(
    clients, session_key, monkeypatch
):
    from playground.live import limits

    def refuse(self):
        raise OSError("no more processes")

    monkeypatch.setattr(runner.multiprocessing.get_context("forkserver").Process, "start", refuse)
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300)})
    error, _ = await client.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "crashed" and "could not start" in error["message"]
    if isinstance(limits.admission(), limits.LocalAdmission):
        assert limits.admission().total == set(), "the seat was given back"
    monkeypatch.undo()
    await client.send({"type": "start", "design": short_design(2), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"
