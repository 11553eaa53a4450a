"""The check line's test harness: learners that are `CheckSession`s on the real services and
database, whose check processes are fakes the test plays (it says when each seed ends and when
a check is over, so nothing depends on how fast this machine is), and the `line` fixture: one
check core, a fresh line, every learner closed at the end."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from playground.live import check_cache
from playground.live.checks import CheckSession
from playground.live.consumers import LiveServices
from playground.live.protocol import TAG_END, TAG_PROGRESS, TAG_SEED
from playground.owners import Owner
from simengine.verify import run_seed
from simengine.verify_cache import result_to_json
from tests.live.conftest import new_session, short_design
from tests.live.test_checks import _save

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


def fake_design(service_ms: float = 10) -> dict:
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
        design_id = await _save(session, document or fake_design(10 + len(learners)))
        learners.append(Learner(session, design_id, made))
        return learners[-1]

    yield learner, made
    for each in learners:
        await each.checks.close()
    await runs_over()


async def runs_over() -> None:
    """Wait for the runs' last writes (the prune after a verdict) before the database goes."""
    pumps = [t for t in asyncio.all_tasks() if "CheckJob._pump" in repr(t.get_coro())]
    await asyncio.wait_for(asyncio.gather(*pumps, return_exceptions=True), WAIT_S)


async def process_made(made: list, n: int) -> FakeCheck:
    """The n-th process made (1-based), once it is."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while len(made) < n and loop.time() < deadline:
        await asyncio.sleep(0.01)
    assert len(made) >= n, f"process {n} was never started"
    return made[n - 1]


def queued_place(message: dict) -> tuple[int, int]:
    assert message["type"] == "check_queued", message
    return message["place"], message["ahead"]


@database_sync_to_async
def keep_seeds(document: dict, seeds: list[int]) -> None:
    results = [result_to_json(run_seed(document, s)) for s in seeds]
    check_cache.results_store(key=cache_key(document), engine=engine_version(), results=results)


def cache_key(document: dict) -> str:
    from simengine.validation import parse_design

    return check_cache.check_key(design=parse_design(document))["key"]


def engine_version() -> str:
    return check_cache.engine_version()
