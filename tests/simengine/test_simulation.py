"""The runner: stepping, frames, determinism, live changes and run limits."""

from __future__ import annotations

import json

import pytest
from sim_helpers import PATIENT, design, doc, example, node, run, sim

from simengine.design import DesignError
from simengine.simulation import RunLimitExceeded, RunLimits, Simulation


def three_tier(duration: float = 40, seed: int = 1) -> dict:
    d = example("three-tier")
    d["run"] = {"duration": duration, "seed": seed, "warmup": 5}
    return d


def test_same_design_and_seed_give_byte_identical_reports() -> None:
    a = json.dumps(run(three_tier()), sort_keys=True)
    b = json.dumps(run(three_tier()), sort_keys=True)
    assert a == b


def test_stepping_in_frames_gives_the_same_report_as_running_straight_through() -> None:
    s = sim(three_tier())
    while not s.done:
        s.advance(0.7)
    assert json.dumps(s.report(), sort_keys=True) == json.dumps(run(three_tier()), sort_keys=True)


def test_different_seeds_give_different_runs() -> None:
    a, b = run(three_tier(seed=1)), run(three_tier(seed=2))
    assert a["seed"] == 1 and b["seed"] == 2
    assert a["latency_ms"] != b["latency_ms"]
    assert a["requests"]["total"] != b["requests"]["total"]


def test_seed_argument_overrides_the_design() -> None:
    assert sim(three_tier(seed=1), seed=7).report()["seed"] == 7


def test_frame_has_the_designed_shape_and_totals_add_up() -> None:
    s = sim(three_tier())
    frame = s.advance(10)
    assert frame["type"] == "frame" and frame["t"] == 10
    assert set(frame) >= {"t", "global", "nodes", "edges", "events"}
    g = frame["global"]
    for key in ("rps", "ok_rps", "error_rate", "p50_ms", "p95_ms", "p99_ms", "cost_per_hour"):
        assert key in g
    assert 350 < g["rps"] < 450  # 400 req/s
    assert g["p50_ms"] <= g["p95_ms"] <= g["p99_ms"]
    r = g["requests"]
    assert r["total"] == r["ok"] + r["failed"] + r["in_flight"]
    web = frame["nodes"]["web"]
    assert web["instances"] == {"in_service": 4, "pending": 0, "unhealthy": 0, "draining": 0}
    assert sum(sum(z.values()) for z in web["zones"].values()) == 4  # per AZ, the same 4
    assert 0 < web["utilization"] <= 1
    assert frame["edges"]["e1"]["rps"] > 0


def _window_figures(frame: dict) -> dict:
    """A frame without what is not a window figure (its time, events and running totals)."""
    g = {k: v for k, v in frame["global"].items() if k != "requests"}
    return {"global": g, "nodes": frame["nodes"], "edges": frame["edges"]}


def test_frame_figures_cover_the_last_second_however_the_run_is_stepped() -> None:
    fine, coarse = sim(three_tier(duration=8, seed=3)), sim(three_tier(duration=8, seed=3))
    first = fine.advance(0.1)  # at the start the window is what has elapsed, not a full second
    for _ in range(4):
        first = fine.advance(0.1)
    assert first["global"]["rps"] == pytest.approx(first["global"]["requests"]["total"] / 0.5)
    for _ in range(5):
        fine_frame = fine.advance(0.1)
    for t in range(1, 9):
        coarse_frame = coarse.advance(1.0)
        if t > 1:
            for _ in range(10):
                fine_frame = fine.advance(0.1)
        assert fine_frame["t"] == coarse_frame["t"] == t
        assert _window_figures(fine_frame) == _window_figures(coarse_frame)
    assert 300 < coarse_frame["global"]["rps"] < 500


def test_frames_at_a_tenth_of_a_second_show_a_second_of_traffic() -> None:
    """The live stream at 1x steps 0.1 s; its rps must not jump about like 40-request counts."""
    s = sim(three_tier(duration=61, seed=2))
    s.advance(1.0)
    rps = [s.advance(0.1)["global"]["rps"] for _ in range(600)]
    mean = sum(rps) / len(rps)
    sd = (sum((x - mean) ** 2 for x in rps) / len(rps)) ** 0.5
    assert mean == pytest.approx(400, rel=0.05)
    assert sd < 35  # a poisson count over 1 s: sd 20 req/s; over 0.1 s it would be 63


def test_a_longer_window_is_a_constructor_argument() -> None:
    s = Simulation(design(three_tier(duration=30, seed=2)), window_s=10.0)
    frame = s.advance(25)
    covered, (calls,), _ = s.links["e1"].window.last()
    assert covered == pytest.approx(10.0) and frame["edges"]["e1"]["rps"] == calls / 10
    assert frame["global"]["rps"] == pytest.approx(400, rel=0.05)


def test_report_has_every_field_the_design_names() -> None:
    rep = run(three_tier())
    assert set(rep) >= {
        "requests",
        "latency_ms",
        "clients",
        "nodes",
        "events",
        "goals",
        "faults",
        "cost",
        "seed",
        "duration",
        "latency_breakdown_ms",
        "bottleneck",
    }
    req = rep["requests"]
    assert req["total"] == req["ok"] + req["failed"] + req["in_flight"]
    for key in (
        "arrivals",
        "completed",
        "errors",
        "mean_ms",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "utilization",
        "mean_in_system",
    ):
        assert key in rep["nodes"]["web"]
    goal = rep["goals"][0]
    assert set(goal) >= {"metric", "scope", "op", "value", "actual", "passed"}
    assert goal["passed"] is True and goal["actual"] < 250
    assert rep["cost"]["per_hour"] > 0 and rep["cost"]["total"] > 0
    assert rep["bottleneck"] is None


def test_warmup_is_left_out_of_the_figures() -> None:
    d = three_tier(duration=20)
    d["run"]["warmup"] = 10
    rep = run(d)
    assert 3000 < rep["requests"]["total"] < 5000  # about 10 s at 400 req/s, not 20 s


def test_set_props_changes_a_running_client_and_validates() -> None:
    s = sim(three_tier())
    s.advance(5)
    s.set_props("users", {"rate": 100})
    frame = s.advance(10)
    assert 70 < frame["global"]["rps"] < 130
    assert any("rate set to 100" in e["message"] for e in frame["events"])
    with pytest.raises(DesignError) as bad:
        s.set_props("users", {"rate": -5, "colour": "red"})
    paths = {p.path for p in bad.value.problems}
    assert paths == {"props.rate", "props.colour"}
    with pytest.raises(DesignError):
        s.set_props("nobody", {"rate": 1})
    with pytest.raises(DesignError):
        s.set_props("web", {"min": 9, "max": 4})


def test_a_bottleneck_is_flagged_on_the_first_saturated_node() -> None:
    d = doc(
        [
            node("users", "client", rate=95, **PATIENT),
            node("app", "ec2", concurrency=1, service_ms=10, queue_limit=0),
            node("db", "rds"),
        ],
        [("users", "app"), ("app", "db")],
        duration=60,
    )
    rep = run(d)
    assert rep["bottleneck"]["node"] == "app"
    assert "busy" in rep["bottleneck"]["reason"]


def test_run_limits_stop_an_overloaded_run_with_a_clear_message() -> None:
    d = doc(
        [
            node("users", "client", rate=2000, **PATIENT),
            node("app", "ec2", concurrency=1, service_ms=10, queue_limit=0),
        ],
        [("users", "app")],
        duration=600,
    )
    s = Simulation(design(d), limits=RunLimits(max_in_flight=5000))
    with pytest.raises(RunLimitExceeded, match="in flight"):
        s.run_to_end()
    assert s.done and s.now < 600
    assert "in flight" in s.report()["stopped"]


def test_inject_accepts_the_websocket_fault_and_rejects_nonsense() -> None:
    s = sim(three_tier())
    s.advance(5)
    fault = s.inject({"kind": "added_latency", "target": "db", "duration": 5, "ms": 100})
    assert fault.at == 5
    frame = s.advance(4)
    assert frame["global"]["p50_ms"] > 100
    for bad in (
        {"kind": "meteor", "target": "db"},
        {"kind": "az_outage", "target": "mars-1a"},
        {"kind": "instance_crash", "target": "db", "duration": "long"},
        {"kind": "instance_crash"},
    ):
        with pytest.raises(DesignError):
            s.inject(bad)


def test_advance_never_passes_the_end_of_the_run() -> None:
    s = sim(three_tier(duration=10))
    s.advance(100)
    assert s.now == 10 and s.done
    s.advance(5)
    assert s.now == 10


@pytest.mark.parametrize(
    "limits, words",
    [
        (RunLimits(max_events=20_000), "simulation events"),
        (RunLimits(max_memory_mb=1), "MB of memory"),
    ],
)
def test_every_run_limit_stops_the_run_with_its_reason(limits: RunLimits, words: str) -> None:
    s = Simulation(design(three_tier(duration=60)), limits=limits)
    with pytest.raises(RunLimitExceeded, match=words):
        s.run_to_end()
    assert s.done and words in s.report()["stopped"]


def test_the_run_length_is_capped_by_the_limits() -> None:
    s = Simulation(design(three_tier(duration=60)), limits=RunLimits(max_sim_seconds=10))
    assert s.run_to_end()["duration"] == 10
