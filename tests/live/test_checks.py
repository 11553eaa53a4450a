"""Check my design over the learner's socket: a check of a saved design reports each seed and
each check point, ends with exactly what `simengine.verify.verify` says of the same document,
counts a scenario design's result as progress, refuses what it cannot do (and holds nothing
then), and leaves no process behind when it is cancelled or its tab closes."""

from __future__ import annotations

import asyncio
import json
import os

import pytest
from channels.db import database_sync_to_async

from playground import services
from playground.live import limits, runner
from playground.models import Progress
from playground.owners import Owner
from simengine.verify import verify
from tests.live.conftest import new_session, short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


def checked_design(duration: float = 20) -> dict:
    """The reference design, short: a few tenths of a CPU second a seed."""
    return short_design(duration)


@database_sync_to_async
def _save(session_key: str, document: dict, scenario: str = "") -> str:
    owner = Owner(session_key=session_key)
    return str(
        services.design_create(owner=owner, name="Mine", document=document, scenario=scenario).id
    )


@database_sync_to_async
def _scenario(slug: str, document: dict):
    return services.scenario_upsert(
        slug=slug,
        title="T",
        summary="",
        level="beginner",
        order=1,
        tags=[],
        story="",
        hints=[],
        document=document,
    )[0]


@database_sync_to_async
def _progress(session_key: str) -> list[dict]:
    rows = Progress.objects.filter(Owner(session_key=session_key).q())
    return [{"scenario": r.scenario, "attempts": r.attempts, **r.best} for r in rows]


async def _no_workers_left(timeout: float = 5) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while runner.active_pids() and loop.time() < deadline:
        await asyncio.sleep(0.05)
    return not runner.active_pids()


async def _gone(pids: list[int], timeout: float = 5) -> bool:
    """SIGKILL is delivered when the process is next scheduled: a moment on a busy machine."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while any(runner.pid_alive(pid) for pid in pids) and loop.time() < deadline:
        await asyncio.sleep(0.05)
    return not any(runner.pid_alive(pid) for pid in pids)


async def test_a_check_reports_each_seed_and_ends_with_verifys_result(clients, session_key, cores):
    document = checked_design()
    design_id = await _save(session_key, document)
    me = await clients(session_key=session_key)
    await me.send({"type": "check", "design_id": design_id, "seeds": 8, "id": "c1"})
    started = await me.recv()
    assert started["type"] == "check_started" and started["id"] == "c1"
    assert (
        started["seeds"] == 8 and started["workers"] == 2 and started["goals"] == document["goals"]
    )
    end, seen = await me.recv_until(lambda m: m["type"] == "check_end", timeout=120)
    progress = [m for m in seen if m["type"] == "check_progress"]
    done = [m["done"] for m in progress if "goals" not in m]
    assert done == list(range(1, len(done) + 1)), "every seed is told, in order"
    looks = [m for m in progress if "goals" in m]
    assert looks and looks[0]["done"] == 4, "the first verdicts come at the first check point"
    assert looks[0]["goals"][0]["label"] == "p99 latency"

    expected = json.loads(json.dumps(verify(document, 8, workers=1)))
    assert end["reason"] == "completed" and end["result"] == expected
    assert end["result"]["seeds"] == done[-1] and end["recorded"] is False  # not a scenario
    assert await _no_workers_left()


async def test_a_scenario_design_is_checked_on_the_scenarios_goals_and_counts_as_progress(
    clients, session_key, cores
):
    original = checked_design()
    original["goals"] = [{"metric": "error_rate", "scope": "users", "op": "<=", "value": 0.5}]
    await _scenario("stateless-web-tier", original)
    mine = checked_design()  # the learner deleted the scenario's goal and added an easier one
    mine["goals"] = [{"metric": "p99_ms", "scope": "users", "op": "<=", "value": 60000}]
    design_id = await _save(session_key, mine, scenario="stateless-web-tier")
    me = await clients(session_key=session_key)
    await me.send({"type": "check", "design_id": design_id, "seeds": 4})
    started = await me.recv()
    assert started["goals"] == original["goals"] + mine["goals"], "the scenario's first"
    assert started["scenario"] == "stateless-web-tier" and started["scenario_goals"] == 1
    end, _ = await me.recv_until(lambda m: m["type"] == "check_end", timeout=120)
    assert [g["metric"] for g in end["result"]["goals"]] == ["error_rate", "p99_ms"]
    assert end["recorded"] is True
    [row] = await _progress(session_key)
    assert row["scenario"] == "stateless-web-tier" and row["attempts"] == 1
    assert row["goals_total"] == 1 and row["source"] == "check"
    assert row["goals_passed"] == int(end["result"]["goals"][0]["passed"])


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "check"}, "missing_field"),  # which design?
        ({"type": "check", "design_id": 7}, "bad_field"),
        ({"type": "check", "design_id": "x", "seeds": 1}, "bad_field"),  # too few to grade
        ({"type": "check", "design_id": "x", "seeds": 21}, "bad_field"),  # over the cap
        ({"type": "check", "design_id": "x", "seeds": True}, "bad_field"),
        ({"type": "check", "design_id": "00000000-0000-0000-0000-000000000000"}, "not_found"),
        ({"type": "check_stop"}, "not_checking"),
    ],
)
async def test_bad_checks_are_refused_and_hold_nothing(clients, session_key, cores, message, code):
    me = await clients(session_key=session_key)
    await me.send(message)
    error = await me.recv()
    assert error["type"] == "error" and error["code"] == code and "final" not in error
    admission = limits.admission()
    assert not admission.total and not admission.fast and not admission.checks
    assert not admission.check_cores


async def test_a_design_without_goals_an_invalid_one_or_anothers_is_refused(
    clients, session_key, cores
):
    no_goals = checked_design()
    no_goals["goals"] = []
    broken = checked_design()
    broken["nodes"][0]["props"]["rate"] = -5
    me = await clients(session_key=session_key)
    await me.send({"type": "check", "design_id": await _save(session_key, no_goals)})
    assert (await me.recv())["code"] == "no_goals"
    await me.send({"type": "check", "design_id": await _save(session_key, broken)})
    error = await me.recv()
    assert error["code"] == "invalid_design" and error["problems"][0]["path"].startswith("nodes[0]")
    theirs = await _save(await new_session(), checked_design())
    await me.send({"type": "check", "design_id": theirs})
    assert (await me.recv())["code"] == "not_found"
    admission = limits.admission()
    assert not admission.total and not admission.fast and not admission.checks
    assert not admission.check_cores


async def test_one_check_per_learner_and_cancel_frees_it_with_every_process(
    clients, session_key, cores
):
    design_id = await _save(session_key, checked_design(300))
    first = await clients(session_key=session_key)
    await first.send({"type": "check", "design_id": design_id})
    started = await first.recv()
    assert started["type"] == "check_started" and started["workers"] == 2
    second = await clients(session_key=session_key)  # another tab of the same learner
    await second.send({"type": "check", "design_id": design_id})
    busy = await second.recv()
    assert busy["code"] == "busy" and "already have a check running" in busy["message"]

    await first.recv_until(lambda m: m["type"] == "check_progress", timeout=60)
    group = runner.active_pids()
    assert len(group) == 1
    seeds_processes = _children(group[0])
    assert seeds_processes, "the seeds run in processes of the check's own"
    await first.send({"type": "check_stop", "id": 9})
    cancelled, _ = await first.recv_until(lambda m: m["type"] == "check_end")
    assert cancelled["reason"] == "cancelled" and cancelled["id"] == 9
    assert await _no_workers_left()
    assert await _gone(seeds_processes), "the seeds' processes went with the check"
    admission = limits.admission()
    assert not admission.total and not admission.fast and not admission.checks
    assert not admission.check_cores

    await second.send({"type": "check", "design_id": design_id, "seeds": 2})
    assert (await second.recv())["type"] == "check_started", "free to check again"
    await second.close()  # the tab closes mid-check: it is cancelled
    assert await _no_workers_left()
    assert not admission.total and not admission.checks and not admission.check_cores


async def test_a_check_runs_niced_beside_a_fast_run_instead_of_being_refused(
    clients, session_key, cores
):
    """A check no longer needs a fast seat: its processes run below the live runs' priority
    (LIVE_CHECK_NICE), so a run at "max" and the class at 1x always win the CPU over it."""
    cores.LIVE_MAX_FAST_RUNS = 1
    design_id = await _save(session_key, checked_design(300))
    runner_tab = await clients(session_key=await new_session())
    await runner_tab.send({"type": "start", "design": short_design(3600), "speed": "max"})
    assert (await runner_tab.recv())["type"] == "started"
    me = await clients(session_key=session_key)
    await me.send({"type": "check", "design_id": design_id})
    started = await me.recv()
    assert started["type"] == "check_started" and started["workers"] == 2
    assert len(limits.admission().fast) == 1, "the fast run's seat is the only fast seat"
    check = await _a_process_with_children()
    assert check is not None, "the check's process starts the seeds' processes"
    expected = min(19, os.getpriority(os.PRIO_PROCESS, 0) + cores.LIVE_CHECK_NICE)
    assert _niceness(check) == expected, "the check's process is niced"
    assert {_niceness(pid) for pid in _children(check)} == {expected}, "and its seeds' too"
    await me.send({"type": "check_stop"})
    await me.recv_until(lambda m: m["type"] == "check_end")
    assert not limits.admission().check_cores
    await runner_tab.send({"type": "stop"})
    await runner_tab.recv_until(lambda m: m["type"] == "end")


async def _a_process_with_children(timeout: float = 30) -> int | None:
    """The check's process: the one worker with children (the seeds' processes)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        found = [pid for pid in runner.active_pids() if _children(pid)]
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    return None


def _niceness(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(p) for p in children.read().split()]
    except OSError:
        return []
