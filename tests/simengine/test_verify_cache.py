"""A seed's result is keyed by (design, seed, engine): designs that run alike share a key, any
change the engine reads changes it, the engine's version follows its sources, results survive
JSON (and a malformed one is refused), and verify given known seeds runs only the others and
reaches the same verdict."""

from __future__ import annotations

import copy
import json
import math
import shutil

import pytest

from simengine import verify as verify_module
from simengine import verify_cache
from simengine.validation import parse_design
from simengine.verify import SeedResult, run_seed, verify
from simengine.verify_cache import (
    ENGINE_VERSION,
    design_key,
    known_from_json,
    result_from_json,
    result_to_json,
)
from tests.simengine.sim_helpers import example


def short_design(duration: float) -> dict:
    """The reference three-tier network, short: a few tenths of a CPU second a seed."""
    document = example("three-tier")
    document["run"] = {"duration": duration, "seed": 1, "warmup": 0}
    return document


def key(document: dict) -> str:
    return design_key(parse_design(document))


def cosmetic(document: dict) -> dict:
    """The same design, looked at differently: renamed, relabelled, moved, another run seed,
    numbers written as floats, and a prop spelled out at its default."""
    doc = copy.deepcopy(document)
    doc["name"] = "Another name"
    doc["run"]["seed"] = 99
    for i, node in enumerate(doc["nodes"]):
        node["label"] = f"node {i}"
        node["ui"] = {"x": 10 * i, "y": 5}
    doc["nodes"][2]["props"]["max"] = 4.0
    doc["goals"][0]["value"] = float(doc["goals"][0]["value"])
    alb = parse_design(document).node("lb")
    doc["nodes"][1]["props"] = dict(alb.props)  # every default written out
    return doc


def test_what_the_engine_never_reads_does_not_change_the_key_nor_the_run():
    document = short_design(10)
    looks_different = cosmetic(document)
    assert key(looks_different) == key(document)
    # the claim behind the key: the run itself is the same
    assert run_seed(looks_different, 3) == run_seed(document, 3)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["nodes"][2]["props"].__setitem__("max", 5),  # a prop the engine reads
        lambda d: d["nodes"][0]["props"].__setitem__("rate", 401),
        lambda d: d["goals"][0].__setitem__("value", 251),  # the goals are what is measured
        lambda d: d["run"].__setitem__("duration", 11),
        lambda d: d["nodes"].reverse(),  # the order events are set up in
        lambda d: d["faults"].append({"at": 2, "kind": "instance_crash", "target": "web"}),
    ],
)
def test_any_change_the_engine_reads_changes_the_key(change):
    document = short_design(10)
    changed = copy.deepcopy(document)
    change(changed)
    assert key(changed) != key(document)


def test_the_engine_version_is_the_hash_of_its_sources(tmp_path):
    copied = tmp_path / "simengine"
    shutil.copytree(verify_cache.PACKAGE, copied, ignore=shutil.ignore_patterns("__pycache__"))
    assert verify_cache._engine_version(copied) == ENGINE_VERSION
    source = copied / "components" / "alb.py"
    source.write_text(source.read_text() + "\n# one comment more\n")
    assert verify_cache._engine_version(copied) != ENGINE_VERSION, "any code change is new"


def test_a_result_survives_json_even_with_values_json_cannot_hold():
    result = SeedResult(4, (12.5, None, math.inf, -math.inf, 3), (True, False, False, False, True))
    text = json.dumps(result_to_json(result), allow_nan=False)
    back = result_from_json(json.loads(text), 5)
    assert back == result and isinstance(back.values[4], int)
    nan = result_from_json(result_to_json(SeedResult(1, (math.nan,), (False,))), 1)
    assert nan is not None and math.isnan(nan.values[0])


GOOD = {"seed": 2, "values": [1.5, None], "passed": [True, False], "stopped": None}


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {**GOOD, "seed": 0},
        {**GOOD, "seed": True},
        {**GOOD, "seed": "2"},
        {**GOOD, "values": [1.5]},  # one goal short
        {**GOOD, "passed": [True, False, True]},
        {**GOOD, "values": "1.5, 2"},
        {**GOOD, "values": [1.5, "fast"]},
        {**GOOD, "values": [1.5, True]},
        {**GOOD, "values": [1.5, math.nan]},  # only the "nan" string stands for NaN
        {**GOOD, "passed": [1, 0]},
        {**GOOD, "stopped": 7},
    ],
)
def test_a_malformed_result_is_refused_not_believed(bad):
    assert result_from_json(GOOD, 2) is not None
    assert result_from_json(bad, 2) is None
    assert known_from_json([bad, GOOD], 2) == {2: result_from_json(GOOD, 2)}


def test_known_seeds_are_not_run_and_the_verdict_is_the_same(monkeypatch):
    document = short_design(10)
    ran: list[SeedResult] = []
    cold = verify(document, 8, workers=1, on_seed=ran.append)
    assert [r.seed for r in ran] == list(range(1, cold["seeds"] + 1)) and cold["seeds_known"] == 0

    def no_simulation(*_):
        raise AssertionError("a known seed was run")

    monkeypatch.setattr(verify_module, "run_seed", no_simulation)
    told: list[SeedResult] = []
    warm = verify(document, 8, workers=1, known={r.seed: r for r in ran}, on_seed=told.append)
    assert told == [] and warm["seeds_known"] == cold["seeds"]
    assert {**warm, "seeds_known": 0} == cold


def test_only_the_unknown_seeds_are_run_and_results_that_do_not_fit_are_run_again():
    document = short_design(10)
    cold = verify(document, 4, workers=1)
    one = run_seed(document, 1)
    wrong_shape = SeedResult(2, (1.0, 2.0), (True, True))  # two goals: another design's
    mislabelled = SeedResult(4, one.values, one.passed)  # filed under seed 3
    ran: list[int] = []
    warm = verify(
        document,
        4,
        workers=1,
        known={1: one, 2: wrong_shape, 3: mislabelled},
        on_seed=lambda r: ran.append(r.seed),
    )
    assert ran == [2, 3, 4] and warm["seeds_known"] == 1
    assert {**warm, "seeds_known": 0} == cold


def test_a_pool_takes_known_seeds_too():
    document = short_design(10)
    cold = verify(document, 4, workers=1)
    known = {1: run_seed(document, 1), 3: run_seed(document, 3)}
    ran: list[int] = []
    warm = verify(document, 4, workers=2, known=known, on_seed=lambda r: ran.append(r.seed))
    assert ran == [2, 4] and {**warm, "seeds_known": 0} == cold
