"""A fair line for checks a class shares: with no check core free a check waits, first come
first served, and hears its place at once and at each change; a cancel or a closed socket takes
it out of the line and frees nothing else; checks of the same design at once follow one run (one
process, counted with the injectable `start_process`); a check whose seeds are kept is answered
at once without waiting; bad input is still refused, and a full line refuses "busy".

The learners here are `CheckSession`s on the real services and database, and their check
processes are fakes the test plays: it says when each seed ends and when a check is over, so
nothing depends on how fast this machine is."""

from __future__ import annotations

import asyncio
import copy
import json

import pytest
from channels.db import database_sync_to_async

from playground.live import check_cache, checks_queue, limits
from playground.live.checks import CheckSession
from playground.live.consumers import LiveServices
from playground.live.protocol import TAG_END, TAG_PROGRESS, TAG_SEED
from playground.owners import Owner
from simengine.verify import run_seed, verify
from simengine.verify_cache import result_to_json
from tests.live.conftest import new_session, short_design
from tests.live.test_checks import _save

pytestmark = [pytest.mark.django_db(transaction=True)]

WAIT_S = 30  # a guard against a hang, never a measure


class FakeCheck:
    """A check's process that runs nothing: the test says what it writes down its pipe."""

    def __init__(self, config, on_output, made: list):
        self.config, self.on_output = config, on_output
        self.killed = False
        made.append(self)

    async def start(self, *, hard_limit_s: float) -> None:
        pass

    async def kill(self) -> None:
        self.killed = True

    @property
    def service_ms(self) -> float:
        """Which design it runs (the designs here differ in the web tier's service time)."""
        return self.config["document"]["nodes"][2]["props"]["service_ms"]

    def seed(self, done: int, planned: int, goals: list | None = None) -> None:
        body = {"done": done, "planned": planned, **({"goals": goals} if goals else {})}
        self.on_output([(TAG_PROGRESS, json.dumps(body))], False)

    def keep(self, result: dict) -> None:
        self.on_output([(TAG_SEED, json.dumps(result))], False)

    def end(self, seeds: int = 4) -> None:
        result = {"name": "run", "seeds": seeds, "passed": True, "goals": [], "seeds_known": 0}
        self.on_output([(TAG_END, json.dumps({"result": result}))], True)

    def crash(self) -> None:
        self.on_output([], True)


class Learner:
    """A learner's socket, seen from the check's side: what it sends, what it hears."""

    def __init__(self, session_key: str, design_id: str, made: list):
        self.design_id, self.heard = design_id, asyncio.Queue()
        self.checks = CheckSession(
            owner=Owner(session_key=session_key),
            address="192.0.2.10",
            services=LiveServices(),
            send_text=self._hear,
            start_process=lambda config, on_output: FakeCheck(config, on_output, made),
        )

    async def _hear(self, text: str) -> bool:
        self.heard.put_nowait(json.loads(text))
        return True

    async def check(self, seeds: int = 4) -> None:
        message = {"type": "check", "design_id": self.design_id, "seeds": seeds, "id": "c"}
        await self.checks.handle(message)

    async def stop(self) -> None:
        await self.checks.handle({"type": "check_stop"})

    async def next(self) -> dict:
        return await asyncio.wait_for(self.heard.get(), WAIT_S)

    async def until(self, kind: str) -> tuple[dict, list[dict]]:
        seen = []
        while (message := await self.next())["type"] != kind:
            seen.append(message)
        return message, seen

    def quiet(self) -> bool:
        """Nothing more heard (asked only once what it must have heard has come)."""
        return self.heard.empty()


def _design(service_ms: float = 10) -> dict:
    document = short_design(20)
    document["nodes"][2]["props"]["service_ms"] = service_ms
    return document


@pytest.fixture
async def line(cores):
    """One check core (so a second check waits), a fresh line, the fake processes made; every
    learner's socket is closed at the end (a failed test leaves nothing waiting)."""
    cores.LIVE_CHECK_CORES = cores.LIVE_CHECK_MAX_WORKERS = 1
    made: list[FakeCheck] = []
    learners: list[Learner] = []

    async def learner(document: dict | None = None) -> Learner:
        session = await new_session()
        design_id = await _save(session, document or _design(10 + len(learners)))
        learners.append(Learner(session, design_id, made))
        return learners[-1]

    yield learner, made
    for each in learners:
        await each.checks.close()
    await _runs_over()


async def _runs_over() -> None:
    """Wait for the runs' last writes (the prune after a verdict) before the database goes."""
    pumps = [t for t in asyncio.all_tasks() if "CheckJob._pump" in repr(t.get_coro())]
    await asyncio.wait_for(asyncio.gather(*pumps, return_exceptions=True), WAIT_S)


async def _started(made: list, n: int) -> FakeCheck:
    """The n-th process made (1-based), once it is."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while len(made) < n and loop.time() < deadline:
        await asyncio.sleep(0.01)
    assert len(made) >= n, f"process {n} was never started"
    return made[n - 1]


def _place(message: dict) -> tuple[int, int]:
    assert message["type"] == "check_queued", message
    return message["place"], message["ahead"]


async def test_a_waiting_check_hears_its_place_at_once_and_as_the_checks_ahead_end(line):
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    assert (await a.next())["type"] == "check_started"
    await b.check()
    first = await b.next()
    assert _place(first) == (1, 1) and first["id"] == "c", "next in line, one check running"
    await c.check()
    assert _place(await c.next()) == (2, 2)

    (await _started(made, 1)).end()
    assert (await a.until("check_end"))[0]["reason"] == "completed"
    started = await b.next()
    assert started["type"] == "check_started" and started["workers"] == 1
    assert _place(await c.next()) == (1, 1), "told as soon as it moves up"

    await b.stop()  # a running check cancelled: its process goes, the next one starts
    assert (await b.until("check_end"))[0]["reason"] == "cancelled"
    assert made[1].killed
    assert (await c.next())["type"] == "check_started"
    made[2].end()
    await c.until("check_end")
    assert [p.service_ms for p in made] == [10, 11, 12], "first come, first served"
    assert a.quiet() and b.quiet() and c.quiet()
    assert not limits.admission().check_cores and not limits.admission().checks


async def test_a_check_cancelled_or_closed_while_waiting_leaves_and_frees_nothing_else(line):
    learner, made = line
    a, b, c, d = [await learner() for _ in range(4)]
    await a.check()
    await a.next()
    for who, place in ((b, 1), (c, 2), (d, 3)):
        await who.check()
        assert _place(await who.next()) == (place, place)

    await b.stop()
    cancelled = await b.next()
    assert cancelled["type"] == "check_end" and cancelled["reason"] == "cancelled"
    assert _place(await c.next()) == (1, 1) and _place(await d.next()) == (2, 2)
    await c.checks.close()  # the tab closes while it waits
    assert _place(await d.next()) == (1, 1)
    assert len(made) == 1 and not made[0].killed, "the running check goes on"
    assert len(limits.admission().check_cores) == 1, "its core is still its own"

    await b.check()  # free to check again: at the end of the line
    assert _place(await b.next()) == (2, 2)
    made[0].end()
    await a.until("check_end")
    assert (await d.next())["type"] == "check_started" and made[1].service_ms == 13
    assert _place(await b.next()) == (1, 1)
    made[1].end()
    assert (await b.until("check_started"))[1] == []
    made[2].end()
    await b.until("check_end")
    assert len(made) == 3, "nobody ran the check that left"
    assert c.quiet() and not limits.admission().checks


async def test_the_line_is_first_come_first_served(line):
    learner, made = line
    learners = [await learner() for _ in range(5)]
    for each in learners:
        await each.check()
    for n, each in enumerate(learners):
        process = await _started(made, n + 1)
        assert process.service_ms == 10 + n, "the n-th check to come is the n-th to run"
        process.end()
        _, heard = await each.until("check_end")
        places = [_place(m) for m in heard if m["type"] == "check_queued"]
        assert places == [(p, p) for p in range(n, 0, -1)], "one place up as each ahead ends"
    assert all(each.quiet() for each in learners)


async def test_checks_of_the_same_design_follow_one_run(line):
    learner, made = line
    busy = await learner(_design(99))
    await busy.check()
    await busy.next()
    document = _design(10)
    same = copy.deepcopy(document)  # renamed and moved: the same design to the engine
    same["name"], same["nodes"][1]["ui"] = "Mine too", {"x": 300, "y": 40}
    a, b, late = await learner(document), await learner(same), await learner(document)
    await a.check()
    await b.check()
    assert _place(await a.next()) == (1, 1) and _place(await b.next()) == (1, 1)
    other_seeds = await learner(document)
    await other_seeds.check(seeds=8)  # more seeds: another verify, another run
    assert _place(await other_seeds.next()) == (2, 2)

    made[0].end()
    await busy.until("check_end")
    run = await _started(made, 2)
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
    more = await _started(made, 3)
    assert more.config["seeds"] == 8, "the check of more seeds runs next, on its own"
    assert [p.service_ms for p in made] == [99, 10, 10], "one run for the three of them"
    more.end(8)
    await other_seeds.until("check_end")
    rows = await database_sync_to_async(check_cache.known_results)(
        key=_key(document), engine=_engine(), goals=1, seeds=4
    )
    assert [r["seed"] for r in rows] == [1], "the run's seed is kept once, for everyone"


async def test_the_last_check_to_leave_a_running_run_ends_it(line):
    learner, made = line
    document = _design(10)
    a, b, c = await learner(document), await learner(document), await learner()
    await a.check()
    await b.check()
    await a.next()
    await b.next()
    await c.check()
    assert _place(await c.next()) == (1, 1)
    await a.stop()
    assert not made[0].killed
    await b.checks.close()
    assert made[0].killed, "nobody follows it: its process group is killed"
    assert (await c.next())["type"] == "check_started", "and its core goes to the next"
    made[1].end()
    await c.until("check_end")


async def test_a_run_that_crashes_tells_every_check_following_it(line):
    learner, made = line
    document = _design(10)
    a, b = await learner(document), await learner(document)
    await a.check()
    await b.check()
    (await _started(made, 1)).crash()
    for who in (a, b):
        error, _ = await who.until("error")
        assert error["code"] == "crashed" and error["final"] is True
    assert not limits.admission().check_cores and not limits.admission().checks


async def test_a_check_whose_seeds_are_kept_is_answered_at_once_without_waiting(line):
    learner, made = line
    busy = await learner(_design(99))
    await busy.check()  # holds the only core
    await busy.next()
    document = _design(10)
    expected = json.loads(json.dumps(verify(document, 4, workers=1)))
    part = await learner(document)
    await _keep(document, [1, 2])
    await part.check()
    assert _place(await part.next()) == (1, 1), "a seed to run: it waits"
    await part.stop()
    await part.until("check_end")

    await _keep(document, [3, 4])
    known = await learner(document)
    await known.check()
    started = await known.next()
    assert started["type"] == "check_started" and started["workers"] == 0
    end = await known.next()
    assert end["type"] == "check_end" and end["result"] == {**expected, "seeds_known": 4}
    assert len(made) == 1, "no process for it"
    made[0].end()
    await busy.until("check_end")


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "check", "seeds": 4}, "missing_field"),
        ({"type": "check", "design_id": "x", "seeds": 0}, "bad_field"),
        ({"type": "check", "design_id": "00000000-0000-0000-0000-000000000000"}, "not_found"),
    ],
)
async def test_bad_checks_are_refused_while_others_wait_and_never_join_the_line(
    line, message, code
):
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    await a.next()
    await b.check()
    await b.next()
    with pytest.raises(Exception) as refused:
        await c.checks.handle(message)
    assert refused.value.code == code
    assert len(checks_queue.line().waiting) == 1 and c.quiet()
    assert limits.owner_key(c.checks.owner) not in limits.admission().checks
    await b.stop()
    made[0].end()
    await a.until("check_end")


async def test_a_full_line_refuses_busy_and_holds_nothing(line, settings):
    settings.LIVE_CHECK_QUEUE_MAX = 1
    learner, made = line
    a, b, c = await learner(), await learner(), await learner()
    await a.check()
    await b.check()
    with pytest.raises(Exception) as refused:
        await c.check()
    assert refused.value.code == "busy" and "already waiting" in refused.value.message
    assert limits.owner_key(c.checks.owner) not in limits.admission().checks
    await b.stop()
    made[0].end()
    await a.until("check_end")


@database_sync_to_async
def _keep(document: dict, seeds: list[int]) -> None:
    results = [result_to_json(run_seed(document, s)) for s in seeds]
    check_cache.results_store(key=_key(document), engine=_engine(), results=results)


def _key(document: dict) -> str:
    from simengine.validation import parse_design

    return check_cache.check_key(design=parse_design(document))["key"]


def _engine() -> str:
    return check_cache.engine_version()
