"""Checks of the same design at once follow one run: one process (counted with the injectable
`start_process`), the same progress and result under each check's own id, a latecomer told the
progress so far; one follower leaving does not stop the others' run, the last one does; a run
that crashes tells them all; a check whose seeds are all kept is answered at once, no process,
no wait (the learners and their played processes: `check_harness`)."""

from __future__ import annotations

import copy
import json

import pytest
from channels.db import database_sync_to_async

from playground.live import check_cache, limits
from simengine.verify import run_seed, verify
from simengine.verify_cache import result_to_json
from tests.live import check_harness
from tests.live.check_harness import (
    cache_key,
    engine_version,
    fake_design,
    keep_seeds,
    process_made,
    queued_place,
)

line = check_harness.line  # the fixture, where pytest finds it

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_checks_of_the_same_design_follow_one_run(line):
    learner, made = line
    busy = await learner(fake_design(99))
    await busy.check()
    await busy.next()
    document = fake_design(10)
    same = copy.deepcopy(document)  # renamed and moved: the same design to the engine
    same["name"], same["nodes"][1]["ui"] = "Mine too", {"x": 300, "y": 40}
    a, b, late = await learner(document), await learner(same), await learner(document)
    await a.check()
    await b.check()
    assert queued_place(await a.next()) == (1, 1) and queued_place(await b.next()) == (1, 1)
    other_seeds = await learner(document)
    await other_seeds.check(seeds=8)  # more seeds: another verify, another run
    assert queued_place(await other_seeds.next()) == (2, 2)

    made[0].end()
    await busy.until("check_end")
    run = await process_made(made, 2)
    assert run.service_ms == 10 and run.config["seeds"] == 4
    started_a, started_b = await a.next(), await b.next()
    assert started_a["type"] == started_b["type"] == "check_started"
    assert started_a["check"] != started_b["check"], "each its own check"
    run.keep(result_to_json(run_seed(document, 1)))
    run.seed(1, 4)
    run.seed(4, 4, goals=[{"verdict": "pass"}])
    run.seed(5, 8)
    for who in (a, b):
        progress = [await who.next() for _ in range(3)]
        assert [m["done"] for m in progress] == [1, 4, 5]
        assert all(m["check"] == progress[0]["check"] for m in progress)

    await late.check()  # joins the run playing: told it started, then the progress so far
    assert (await late.next())["type"] == "check_started"
    caught_up = [await late.next(), await late.next()]
    assert [m["done"] for m in caught_up] == [4, 5] and "goals" in caught_up[0]
    await a.stop()  # one follower leaving does not stop the others' run
    await a.until("check_end")
    assert not run.killed

    run.end()
    end_b, _ = await b.until("check_end")
    end_late, _ = await late.until("check_end")
    assert end_b["result"]["seeds"] == end_late["result"]["seeds"] == 4
    assert end_b["result"]["name"] == "Mine too", "each check's result bears its design's name"
    assert end_late["result"]["name"] == document["name"]
    more = await process_made(made, 3)
    assert more.config["seeds"] == 8, "the check of more seeds runs next, on its own"
    assert [p.service_ms for p in made] == [99, 10, 10], "one run for the three of them"
    more.end(8)
    await other_seeds.until("check_end")
    rows = await database_sync_to_async(check_cache.known_results)(
        key=cache_key(document), engine=engine_version(), goals=1, seeds=4
    )
    assert [r["seed"] for r in rows] == [1], "the run's seed is kept once, for everyone"


async def test_the_last_check_to_leave_a_running_run_ends_it(line):
    learner, made = line
    document = fake_design(10)
    a, b, c = await learner(document), await learner(document), await learner()
    await a.check()
    await b.check()
    await a.next()
    await b.next()
    await c.check()
    assert queued_place(await c.next()) == (1, 1)
    await a.stop()
    assert not made[0].killed
    await b.checks.close()
    assert made[0].killed, "nobody follows it: its process group is killed"
    assert (await c.next())["type"] == "check_started", "and its core goes to the next"
    made[1].end()
    await c.until("check_end")


async def test_a_run_that_crashes_tells_every_check_following_it(line):
    learner, made = line
    document = fake_design(10)
    a, b = await learner(document), await learner(document)
    await a.check()
    await b.check()
    (await process_made(made, 1)).crash()
    for who in (a, b):
        error, _ = await who.until("error")
        assert error["code"] == "crashed" and error["final"] is True
    assert not limits.admission().check_cores and not limits.admission().checks


async def test_a_check_whose_seeds_are_kept_is_answered_at_once_without_waiting(line):
    learner, made = line
    busy = await learner(fake_design(99))
    await busy.check()  # holds the only core
    await busy.next()
    document = fake_design(10)
    expected = json.loads(json.dumps(verify(document, 4, workers=1)))
    part = await learner(document)
    await keep_seeds(document, [1, 2])
    await part.check()
    assert queued_place(await part.next()) == (1, 1), "a seed to run: it waits"
    await part.stop()
    await part.until("check_end")

    await keep_seeds(document, [3, 4])
    known = await learner(document)
    await known.check()
    started = await known.next()
    assert started["type"] == "check_started" and started["workers"] == 0
    end = await known.next()
    assert end["type"] == "check_end" and end["result"] == {**expected, "seeds_known": 4}
    assert len(made) == 1, "no process for it"
    made[0].end()
    await busy.until("check_end")
