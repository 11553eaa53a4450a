"""Checks a class can share: a seed one learner's check ran is kept, and a second learner who
checks the same (locked) design is answered from it without a simulation, with the same
verdict; another prop or another engine version misses; a bad kept row is run again and
replaced; the table stays bounded; and a database that fails costs runs, never the check."""

from __future__ import annotations

import copy
import datetime

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from playground.live import check_cache, check_worker
from playground.live.consumers import LiveServices
from playground.live.protocol import TAG_SEED
from playground.models import SeedResult
from simengine import verify as verify_module
from simengine.verify import run_seed, verify
from simengine.verify_cache import ENGINE_VERSION, result_to_json
from tests.live.conftest import new_session, short_design
from tests.live.test_checks import _save, _scenario

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stored(monkeypatch):
    """Every seed a check sent back to be kept, in order (the checks still store them)."""
    seen: list[int] = []
    keep = LiveServices.check_store

    async def spy(self, **kwargs):
        seen.extend(r["seed"] for r in kwargs["results"])
        return await keep(self, **kwargs)

    monkeypatch.setattr(LiveServices, "check_store", spy)
    return seen


async def _learner(document: dict, scenario: str = "") -> tuple[str, str]:
    """A new learner (a browser session) with `document` saved: (session key, design id)."""
    session = await new_session()
    return session, await _save(session, document, scenario)


async def _check(clients, learner: tuple[str, str], seeds: int = 8) -> dict:
    session, design_id = learner
    me = await clients(session_key=session)
    await me.send({"type": "check", "design_id": design_id, "seeds": seeds})
    end, _ = await me.recv_until(lambda m: m["type"] == "check_end", timeout=120)
    assert end["reason"] == "completed", end
    return end["result"]


def _same_verdict(a: dict, b: dict) -> bool:
    """The same result, but for how many seeds were known and the design's own name."""
    return {**a, "seeds_known": 0, "name": ""} == {**b, "seeds_known": 0, "name": ""}


@database_sync_to_async
def _rows() -> list[SeedResult]:
    return list(SeedResult.objects.order_by("seed"))


async def test_a_second_learner_checking_the_same_locked_design_runs_nothing(
    clients, cores, stored, monkeypatch
):
    scenario = short_design(20)
    await _scenario("stateless-web-tier", scenario)
    first = await _learner(scenario, "stateless-web-tier")
    theirs = copy.deepcopy(scenario)  # moved, renamed, and users the lock sends as before
    theirs["name"] = "My attempt"
    theirs["nodes"][0]["ui"] = {"x": 400, "y": 80}
    theirs["nodes"][0]["props"]["rate"] = 10
    second = await _learner(theirs, "stateless-web-tier")

    cold = await _check(clients, first)
    assert cold["seeds_known"] == 0 and stored == list(range(1, cold["seeds"] + 1))
    assert [r.seed for r in await _rows()] == stored, "one row a seed, shared by all"
    stored.clear()
    warm = await _check(clients, second)
    assert stored == [], "no seed was run for the second learner"
    assert warm["seeds_known"] == warm["seeds"] == cold["seeds"]
    assert _same_verdict(warm, cold)

    changed = copy.deepcopy(theirs)
    changed["nodes"][2]["props"]["max"] = 5  # a prop the engine reads: another design
    miss = await _check(clients, await _learner(changed, "stateless-web-tier"))
    assert miss["seeds_known"] == 0 and stored == list(range(1, miss["seeds"] + 1))

    monkeypatch.setattr(check_cache, "engine_version", lambda: "another engine")
    stored.clear()
    upgraded = await _check(clients, second)
    assert upgraded["seeds_known"] == 0 and stored, "a new engine runs everything again"
    assert {r.engine for r in await _rows()} == {"another engine"}, "the old engine's pruned"


async def test_a_bad_kept_row_is_run_again_and_replaced(clients, cores, stored):
    document = short_design(20)
    learner = await _learner(document)
    cold = await _check(clients, learner, seeds=4)
    await database_sync_to_async(
        lambda: SeedResult.objects.filter(seed=2).update(values=["fast"], passed="yes")
    )()
    stored.clear()
    warm = await _check(clients, learner, seeds=4)
    assert stored == [2] and warm["seeds_known"] == cold["seeds"] - 1
    assert _same_verdict(warm, cold)
    row = [r for r in await _rows() if r.seed == 2][0]
    assert row.values == result_to_json(run_seed(document, 2))["values"], "kept anew"


async def test_a_database_that_fails_costs_runs_never_the_check(clients, cores, monkeypatch):
    async def broken(self, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(LiveServices, "check_known", broken)
    monkeypatch.setattr(LiveServices, "check_store", broken)
    monkeypatch.setattr(LiveServices, "check_prune", broken)
    document = short_design(20)
    result = await _check(clients, await _learner(document), seeds=4)
    assert result["seeds_known"] == 0 and _same_verdict(result, verify(document, 4, workers=1))


class Pipe:
    """The check process's end of its pipe, kept in a list."""

    def __init__(self):
        self.sent: list[bytes] = []

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)


def test_the_worker_runs_no_simulation_for_seeds_it_is_given(monkeypatch):
    document = short_design(10)
    config = {"document": document, "seeds": 4, "workers": 1}
    cold_pipe = Pipe()
    cold = check_worker.run(cold_pipe, config)
    seeds_sent = [m for m in cold_pipe.sent if m[:1] == TAG_SEED]
    assert len(seeds_sent) == cold["seeds"], "each seed run goes back to be kept"
    known = [result_to_json(run_seed(document, s)) for s in range(1, cold["seeds"] + 1)]

    def no_simulation(*_):
        raise AssertionError("a known seed was run")

    monkeypatch.setattr(verify_module, "run_seed", no_simulation)
    warm_pipe = Pipe()
    warm = check_worker.run(warm_pipe, {**config, "known": known})
    assert not [m for m in warm_pipe.sent if m[:1] == TAG_SEED]
    assert warm["seeds_known"] == cold["seeds"] and _same_verdict(warm, cold)


def _row(key: str, seed: int, engine: str = ENGINE_VERSION) -> SeedResult:
    return SeedResult.objects.create(key=key, seed=seed, engine=engine, values=[1], passed=[True])


def test_prune_drops_other_engines_then_the_oldest_past_the_cap(settings):
    settings.LIVE_CHECK_CACHE_MAX_ROWS = 3
    now = timezone.now()
    for age, seed in enumerate(range(1, 6)):  # seed 1 newest, seed 5 oldest
        row = _row("a" * 64, seed)
        SeedResult.objects.filter(pk=row.pk).update(created=now - datetime.timedelta(hours=age))
    _row("b" * 64, 1, engine="an older engine")
    assert check_cache.prune(engine=ENGINE_VERSION) == 3
    assert sorted(SeedResult.objects.values_list("seed", flat=True)) == [1, 2, 3]
    assert check_cache.prune(engine=ENGINE_VERSION) == 0, "within the cap: nothing more goes"
    assert check_cache.prune(engine=ENGINE_VERSION, max_rows=0) == 3


def test_rows_of_the_same_second_are_pruned_one_by_one():
    when = timezone.now()
    rows = [_row("c" * 64, seed) for seed in range(1, 5)]
    SeedResult.objects.update(created=when)
    check_cache.prune(engine=ENGINE_VERSION, max_rows=2)
    assert sorted(SeedResult.objects.values_list("pk", flat=True)) == [r.pk for r in rows[2:]]


def test_storing_a_seed_twice_keeps_one_row_and_stopped_runs_are_not_kept():
    result = {"seed": 1, "values": [2.5], "passed": [True], "stopped": None}
    stopped = {"seed": 2, "values": [None], "passed": [False], "stopped": "a run limit"}
    for _ in range(2):
        check_cache.results_store(key="d" * 64, engine="e", results=[result, stopped])
    assert list(SeedResult.objects.values_list("seed", "values")) == [(1, [2.5])]
    known = check_cache.known_results(key="d" * 64, engine="e", goals=1, seeds=20)
    assert known == [result]
    assert check_cache.known_results(key="d" * 64, engine="e", goals=2, seeds=20) == []
    assert not SeedResult.objects.exists(), "a row that fits no longer is dropped"
