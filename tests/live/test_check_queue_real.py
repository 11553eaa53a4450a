"""The check line over real sockets and real check processes: two learners checking the same
design at once start one process (counted through `runner.CheckProcess`) and a third is then
answered from the kept seeds with none; a socket closing while its check waits takes it out of
the line and leaves the running check its core and claim; with Redis every server process
shares the check cores; and the answer from kept seeds is verify's own, given only when every
seed it uses is kept (one missing, or a design with other goals: None)."""

from __future__ import annotations

import asyncio
import copy
import json

import pytest

from playground.live import check_cache, checks_queue, limits, limits_redis
from playground.owners import Owner
from simengine.verify import run_seed, verify
from simengine.verify_cache import result_to_json
from tests.live.check_harness import fake_design, runs_over
from tests.live.conftest import new_session, short_design
from tests.live.test_checks import _save

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_the_answer_from_kept_seeds_is_verifys_own_and_needs_every_seed_it_uses():
    document = short_design(10)
    full = verify(document, 8, workers=1)
    rows = [result_to_json(run_seed(document, s)) for s in range(1, full["seeds"] + 1)]
    answer = check_cache.answer_from_known(document=document, seeds=8, known=rows)
    assert answer == {**full, "seeds_known": full["seeds"]}
    assert check_cache.answer_from_known(document=document, seeds=8, known=rows[1:]) is None
    assert check_cache.answer_from_known(document=document, seeds=8, known=rows[:-1]) is None
    other_goals = copy.deepcopy(document)
    other_goals["goals"].append({"metric": "error_rate", "scope": "users", "op": "<=", "value": 1})
    assert check_cache.answer_from_known(document=other_goals, seeds=8, known=rows) is None


@pytest.fixture
def counted(monkeypatch):
    """Every real check process started, counted (`runner.CheckProcess`, the default)."""
    from playground.live import runner

    made = []

    class Counted(runner.CheckProcess):
        def __init__(self, config, on_output):
            super().__init__(config, on_output)
            made.append(config)

    monkeypatch.setattr(runner, "CheckProcess", Counted)
    return made


async def test_two_learners_checking_the_same_design_at_once_run_it_once(clients, cores, counted):
    document = fake_design(10)
    same = copy.deepcopy(document)
    same["name"] = "Mine"
    tabs = []
    for doc in (document, same):
        session = await new_session()
        tab = await clients(session_key=session)
        tabs.append((tab, await _save(session, doc)))
    for tab, design_id in tabs:
        await tab.send({"type": "check", "design_id": design_id, "seeds": 4})
    ends = []
    for tab, _ in tabs:
        end, _ = await tab.recv_until(lambda m: m["type"] == "check_end", timeout=120)
        ends.append(end)
    assert len(counted) == 1, "one process for both"
    expected = json.loads(json.dumps(verify(document, 4, workers=1)))
    assert ends[0]["result"] == expected and ends[1]["result"] == {**expected, "name": "Mine"}

    again = await clients(session_key=await new_session())
    await again.send({"type": "check", "design_id": tabs[1][1], "seeds": 4})
    assert (await again.recv())["code"] == "not_found", "another learner's design is theirs"
    mine = await new_session()
    again = await clients(session_key=mine)
    await again.send({"type": "check", "design_id": await _save(mine, same), "seeds": 4})
    started = await again.recv()
    assert started["type"] == "check_started" and started["workers"] == 0
    end = await again.recv()
    assert end["result"] == {**expected, "name": "Mine", "seeds_known": 4}
    assert len(counted) == 1, "answered from the kept seeds: no process"
    await runs_over()


async def test_a_socket_closing_while_its_check_waits_takes_it_out_of_the_line(
    clients, cores, counted
):
    cores.LIVE_CHECK_CORES = 1
    first, second = await new_session(), await new_session()
    running = await clients(session_key=first)
    await running.send({"type": "check", "design_id": await _save(first, fake_design(10))})
    assert (await running.recv())["type"] == "check_started"
    waiting = await clients(session_key=second)
    long = short_design(300)
    await waiting.send({"type": "check", "design_id": await _save(second, long)})
    queued = await waiting.recv()
    assert queued["type"] == "check_queued" and (queued["place"], queued["ahead"]) == (1, 1)
    await waiting.close()
    assert checks_queue.line().waiting == [] and len(counted) == 1
    assert len(limits.admission().check_cores) == 1 and limits.admission().checks == {
        limits.owner_key(Owner(session_key=first))
    }, "the running check keeps its core and its claim"
    await running.send({"type": "check_stop"})
    await running.recv_until(lambda m: m["type"] == "check_end")
    assert not limits.admission().check_cores and len(counted) == 1
    await runs_over()


async def test_with_redis_every_server_process_shares_the_check_cores(settings):
    """Each process keeps its own line, but the cores are counted once for the machine."""
    import os
    import uuid

    import redis

    url = os.environ.get("LIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.fail(f"Redis is needed for the shared check cores and is not reachable at {url}")
    settings.LIVE_CHECK_CORES = 2
    one, two = limits_redis.RedisAdmission(url), limits_redis.RedisAdmission(url)
    one.prefix = two.prefix = f"test:{uuid.uuid4().hex}"
    asked = [(one if i % 2 else two, f"check-{i}:0") for i in range(10)]
    taken = await asyncio.gather(*(admission.take_check_core(core) for admission, core in asked))
    assert sum(taken) == 2, "ten asked at once from two processes: exactly the cores"
    holder, core = next(pair for pair, ok in zip(asked, taken, strict=True) if ok)
    assert await holder.take_check_core(core), "taking a core it holds again is no new core"
    other = two if holder is one else one
    assert not await other.take_check_core("check-late:0")
    await holder.give_check_core(core)
    assert await other.take_check_core("check-late:0"), "a core given back is free to all"
