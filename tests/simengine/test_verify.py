"""`simengine.verify`: a design graded over seeds, so that no one lucky or unlucky seed decides.

The design: users send poisson requests to one t3.small (2 vCPUs, 12 ms exponential service).
At 120 req/s it runs at 72% utilisation and a 30 s run's p95 lands anywhere from about 78 to
117 ms depending on the seed (seeds 1-20: mean 89 ms, sd 9 ms); at 400 req/s it is overloaded
and requests fail.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from simengine.design import Goal
from simengine.verify import DEFAULT_SEEDS, MIN_SEEDS, SeedResult, _grade, run_seed, verify
from simengine.verify_stats import FAIL, PASS, UNCERTAIN

EDGE_MS = 90  # just over the mean per-seed p95 at 120 req/s: 15 of seeds 1-20 meet it

SERVER = {
    "format": 1,
    "name": "One server",
    "regions": [{"id": "us-east-1", "azs": ["us-east-1a"]}],
    "nodes": [
        {
            "id": "users",
            "kind": "client",
            "placement": {},
            "props": {"rate": 120, "pattern": "poisson", "location": "us-east-1"},
        },
        {
            "id": "app",
            "kind": "ec2",
            "placement": {"region": "us-east-1", "az": "us-east-1a"},
            "props": {"instance_type": "t3.small", "service_ms": 12},
        },
    ],
    "edges": [{"id": "e1", "from": "users", "to": "app", "props": {}}],
    "faults": [],
    "goals": [],
    "run": {"duration": 30, "seed": 1, "warmup": 5},
}


def server(p95_ms: float, rate: float = 120, **more: float) -> dict[str, Any]:
    """The one-server design with a goal on the users' p95 (and `metric=value` `<=` goals)."""
    doc = copy.deepcopy(SERVER)
    doc["nodes"][0]["props"]["rate"] = rate
    doc["goals"] = [{"metric": "p95_ms", "scope": "users", "op": "<=", "value": p95_ms}]
    doc["goals"] += [{"metric": m, "scope": None, "op": "<=", "value": v} for m, v in more.items()]
    return doc


def test_a_design_far_inside_its_goal_passes_after_the_minimum_seeds() -> None:
    result = verify(server(200), workers=1)
    assert result["seeds"] == MIN_SEEDS == 4 and result["stopped_early"]
    [goal] = result["goals"]
    assert goal["verdict"] == PASS and goal["passed"] and goal["certain"]
    assert goal["pass_rate"] == 1.0
    # p95 on seeds 1-4: 97.6, 78.5, 99.6, 85.0 ms; t at 3 degrees of freedom is wide (5.39)
    assert 55 < goal["low"] < goal["mean"] < goal["high"] < 125
    assert result["passed"] and result["certain"]


def test_a_design_far_outside_its_goal_fails_early() -> None:
    result = verify(server(40), workers=1)
    assert result["seeds"] == MIN_SEEDS
    [goal] = result["goals"]
    assert goal["verdict"] == FAIL and not goal["passed"] and goal["certain"]
    assert goal["pass_rate"] == 0.0 and goal["low"] > 40
    assert not result["passed"]


def test_an_overloaded_design_whose_failures_decide_the_latency_fails_early() -> None:
    """At 400 req/s on 2 vCPUs (160% load) requests fail: every seed's p95 is "slower than any
    target", so no finite interval exists; the goal fails, certainly, after four seeds."""
    result = verify(server(10_000, rate=400), workers=1)
    [goal] = result["goals"]
    assert result["seeds"] == MIN_SEEDS
    assert goal["failed_outright"] == MIN_SEEDS and goal["pass_rate"] == 0.0
    assert goal["verdict"] == FAIL and goal["low"] is None and goal["high"] is None


def test_a_design_on_the_edge_is_not_certain_never_a_pass_on_one_lucky_seed() -> None:
    doc = server(EDGE_MS)
    lucky = run_seed(doc, 2)  # one run on seed 2 would pass the goal: p95 78.5 ms
    assert lucky.passed == (True,) and lucky.values[0] < EDGE_MS
    result = verify(doc, workers=1)
    [goal] = result["goals"]
    assert result["seeds"] == DEFAULT_SEEDS and not result["stopped_early"]  # it ran to the cap
    assert goal["pass_rate"] == 0.75  # most seeds meet it (and the mean, 89.1 ms, does), not all
    assert goal["verdict"] == UNCERTAIN and not goal["certain"] and not goal["passed"]
    assert goal["low"] < EDGE_MS < goal["high"]
    assert not result["passed"] and not result["certain"]


def test_checks_fall_at_fixed_seed_counts_and_each_uses_a_wider_interval() -> None:
    """Four checks (4, 8, 16, 20 seeds): each at 98.75%, so the four together keep 95%."""
    seen: list[tuple[int, int]] = []
    result = verify(server(EDGE_MS), workers=1, on_progress=lambda d, p: seen.append((d, p)))
    assert result["checks"] == [4, 8, 16, 20]
    assert result["confidence_per_check"] == 1 - 0.05 / 4
    assert [p for _, p in seen] == [4] * 4 + [8] * 4 + [16] * 8 + [20] * 4
    assert [d for d, _ in seen] == list(range(1, 21))


def test_the_json_shape_is_what_the_page_and_scripts_read() -> None:
    result = verify(server(200, error_rate=0.01), 6, workers=1)
    json.dumps(result, allow_nan=False)  # plain JSON: no Infinity or NaN
    assert {"seeds", "passed", "goals"} <= result.keys()
    keys = {"metric", "scope", "op", "value", "pass_rate", "low", "high", "passed", "certain"}
    assert [g["metric"] for g in result["goals"]] == ["p95_ms", "error_rate"]
    for goal in result["goals"]:
        assert keys <= goal.keys()
    rate = result["goals"][1]
    assert (rate["scope"], rate["op"], rate["value"]) == (None, "<=", 0.01)
    assert rate["low"] == rate["high"] == 0.0  # nothing failed on any seed


def test_the_same_seeds_give_the_same_verdict_in_worker_processes_or_not() -> None:
    doc = server(EDGE_MS)
    here = verify(doc, 8, workers=1)
    pooled = verify(doc, 8, workers=2)
    assert pooled == here
    assert here["seeds"] == 8 and not here["goals"][0]["certain"]


def test_a_design_without_goals_or_a_seed_count_out_of_range_is_refused() -> None:
    for doc, seeds, words in ((server(200), 1, "seeds must be"), (SERVER, 20, "no goals")):
        try:
            verify(doc, seeds, workers=1)
        except ValueError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(f"verify accepted {words}")


def test_an_interval_is_shown_within_what_the_metric_can_be() -> None:
    # a bimodal latency (seeds that met the outage and seeds that did not): the t interval of
    # the mean reaches below 0 ms, which no latency can be; the row shows 0, the verdict holds
    goal = Goal("p95_ms", "users", "<=", 300.0)
    results = [SeedResult(s, (v,), (v <= 300,)) for s, v in enumerate((90, 95, 1200, 92), 1)]
    row = _grade(goal, 0, results, 0.95)
    assert row["low"] == 0.0 and row["high"] > 1000 and row["verdict"] == UNCERTAIN
    rate = _grade(
        Goal("error_rate", None, "<=", 0.5),
        0,
        [SeedResult(s, (v,), (v <= 0.5,)) for s, v in enumerate((0.1, 0.9, 0.1, 0.9), 1)],
        0.95,
    )
    assert rate["high"] == 1.0 and rate["low"] == 0.0
