"""Who gets a seat: per owner, per client address, fast runs against the cores, and the total
against the machine's memory. Every refusal is a `busy` error that names the limit and what to
do; the runs already playing carry on."""

from __future__ import annotations

import asyncio

import pytest

from playground.live import limits
from tests.live.conftest import new_session, short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def idle_engine(settings):
    settings.LIVE_ENGINE = "tests.live.fake_engine:IdleSimulation"
    settings.LIVE_MEMORY_BUDGET_MB = 18 * 1024  # a 2-core 24 GiB machine's defaults
    settings.LIVE_CPU_CORES = 2
    return settings


async def _start(client, speed=1) -> dict:
    await client.send({"type": "start", "design": short_design(3600), "speed": speed})
    return await client.recv(timeout=30)  # 31 workers forked at once on a busy machine


async def test_one_address_minting_sessions_holds_at_most_its_cap(clients, idle_engine):
    idle_engine.LIVE_MAX_RUNS_PER_ADDRESS = 3
    answers = []
    for _ in range(5):  # five fresh anonymous sessions, one client
        client = await clients(session_key=await new_session(), address="203.0.113.9")
        answers.append(await _start(client))
    assert [a["type"] for a in answers] == ["started"] * 3 + ["error"] * 2
    refused = answers[3]
    assert refused["code"] == "busy"
    assert "3 live runs are already playing from your network address" in refused["message"]
    assert "try again when a classmate's run ends" in refused["message"]

    elsewhere = await clients(session_key=await new_session(), address="198.51.100.7")
    assert (await _start(elsewhere))["type"] == "started", "another address still gets a seat"


async def test_one_owner_holds_at_most_theirs_however_many_sockets(clients, idle_engine):
    key = await new_session()
    answers = [
        await _start(await clients(session_key=key, address="203.0.113.9")) for _ in range(4)
    ]
    assert [a["type"] for a in answers] == ["started"] * 2 + ["error"] * 2
    assert (
        answers[2]["code"] == "busy" and "you already have 2 live run(s)" in answers[2]["message"]
    )


async def test_a_class_of_thirty_and_its_instructor_behind_one_address_all_get_seats(
    clients, idle_engine
):
    """The defaults: 40 per address, 40 in all on 2 cores, the memory budget at 256 MiB a run."""
    sockets = [
        await clients(session_key=await new_session(), address="192.0.2.1") for _ in range(31)
    ]
    answers = await asyncio.gather(*(_start(s) for s in sockets))
    assert [a["type"] for a in answers] == ["started"] * 31, [
        a for a in answers if a["type"] != "started"
    ]
    assert len(limits.admission().total) == 31
    await asyncio.gather(*(s.send({"type": "stop"}) for s in sockets))
    await asyncio.gather(*(s.recv_until(lambda m: m["type"] == "end", timeout=30) for s in sockets))
    assert limits.admission().total == set(), "every seat given back"


async def test_the_total_stays_inside_the_memory_budget(clients, idle_engine):
    idle_engine.LIVE_MEMORY_MB, idle_engine.LIVE_MEMORY_BUDGET_MB = 768, 2 * 768 + 100
    answers = [
        await _start(await clients(session_key=await new_session(), address=f"198.51.100.{i}"))
        for i in range(3)
    ]  # three learners, each at home
    assert [a["type"] for a in answers] == ["started", "started", "error"]
    assert answers[2]["code"] == "busy"
    assert "2 live runs, all its memory allows (768 MiB each of 1.6 GiB)" in answers[2]["message"]


async def test_a_flooding_address_never_holds_every_seat_on_a_small_server(clients, idle_engine):
    """2 cores: 40 seats in all, and 40 per address would let one client minting sessions take
    them all. An eighth stays for the other addresses: the flooder gets 35, the class plays on."""
    idle_engine.LIVE_MAX_RUNS_PER_OWNER = (
        40  # one session is enough to flood: the address cap decides
    )
    assert limits.capacity() == (40, "cpu") and limits.per_address() == 35
    key = await new_session()
    runs = [await clients(session_key=key, address="203.0.113.66") for _ in range(36)]
    answers = await asyncio.gather(*(_start(s) for s in runs))
    assert [a["type"] for a in answers].count("started") == 35
    refused = next(a for a in answers if a["type"] == "error")
    assert (
        refused["code"] == "busy"
        and "35 live runs are already playing from your network" in refused["message"]
    )
    learner = await clients(session_key=await new_session(), address="192.0.2.1")
    assert (await _start(learner))["type"] == "started", "a learner elsewhere still gets a seat"


def test_an_address_may_hold_its_figure_where_the_server_has_room(settings):
    settings.LIVE_MAX_RUNS_TOTAL, settings.LIVE_MEMORY_BUDGET_MB, settings.LIVE_MEMORY_MB = (
        64,
        18 * 1024,
        256,
    )
    settings.LIVE_CPU_CORES, settings.LIVE_MAX_RUNS_PER_ADDRESS = 8, 40
    assert limits.capacity() == (64, "count") and limits.per_address() == 40
    settings.LIVE_CPU_CORES = 2
    assert limits.capacity() == (40, "cpu") and limits.per_address() == 35


def test_the_budget_admits_a_class_but_not_64_runs_at_768_mib(settings):
    """A 2-core 24 GiB machine with the defaults: the memory budget is three quarters of 24 GiB,
    runs at 1x take 0.04 core each within 80% of the cores."""
    settings.LIVE_MEMORY_BUDGET_MB, settings.LIVE_MAX_RUNS_TOTAL = 24 * 1024 * 3 // 4, 64
    settings.LIVE_CPU_CORES, settings.LIVE_CPU_PER_RUN, settings.LIVE_CPU_SHARE = 2, 0.04, 0.8
    settings.LIVE_MEMORY_MB = 256
    assert limits.capacity() == (40, "cpu"), "a class of 30 and its instructor fit"
    settings.LIVE_MEMORY_MB = 768
    assert limits.capacity() == (24, "memory"), "64 x 768 MiB would not fit in 24 GiB"
    settings.LIVE_CPU_CORES, settings.LIVE_MEMORY_MB = 8, 256
    assert limits.capacity() == (64, "count")


async def test_the_total_stays_inside_what_the_cores_play_at_1x(clients, idle_engine):
    idle_engine.LIVE_CPU_CORES, idle_engine.LIVE_CPU_PER_RUN, idle_engine.LIVE_CPU_SHARE = (
        1,
        0.4,
        0.8,
    )
    answers = [
        await _start(await clients(session_key=await new_session(), address=f"198.51.100.{i}"))
        for i in range(3)
    ]  # three learners, each at home
    assert [a["type"] for a in answers] == ["started", "started", "error"]
    assert answers[2]["code"] == "busy"
    assert (
        "2 live runs, as many as its 1 CPU core(s) keep playing smoothly" in answers[2]["message"]
    )


async def test_fast_runs_are_held_to_the_cores_at_start_and_on_speeding_up(clients, idle_engine):
    idle_engine.LIVE_MAX_FAST_RUNS, idle_engine.LIVE_CPU_CORES = 1, 2
    first = await clients(session_key=await new_session())
    assert (await _start(first, "max"))["type"] == "started"
    second = await clients(session_key=await new_session())
    refused = await _start(second, 60)
    assert refused["code"] == "busy"
    assert "1 run(s) are already playing at 30x or faster" in refused["message"]
    assert "Play at 10x or slower" in refused["message"]
    assert (await _start(second, 10))["type"] == "started", "a slower run is welcome"

    await second.send({"type": "speed", "value": "max"})
    error, _ = await second.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "busy" and "final" not in error
    frame, _ = await second.recv_until(lambda m: m["type"] == "frame")
    assert frame["speed"] == 10, "the run plays on at its speed"

    await first.send({"type": "speed", "value": 5})  # slowing down gives the fast seat back
    await first.recv_until(lambda m: m["type"] == "frame" and m["speed"] == 5)
    await second.send({"type": "speed", "id": "go", "value": "max"})
    await second.recv_until(lambda m: m["type"] == "frame" and m["speed"] == "max")
