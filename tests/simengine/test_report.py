"""The report's explanations: where the time went, and the bottleneck."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, node, sim


def test_the_breakdown_adds_up_to_the_users_mean_latency() -> None:
    d = doc(
        [
            node("users", "client", rate=50, **PATIENT),
            node("app", "ec2", service_ms=20),
            node("db", "rds", service_ms=5, write_service_ms=5),
        ],
        [("users", "app"), ("app", "db")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    parts = rep["latency_breakdown_ms"]
    assert set(parts) == {"app", "db", "network_and_retries"}
    assert sum(parts.values()) == pytest.approx(rep["latency_ms"]["mean"], rel=1e-6)
    assert parts["app"] == pytest.approx(rep["nodes"]["app"]["mean_ms"], rel=1e-6)
    assert 20 < parts["network_and_retries"] < 25  # two trips over the user's access network


def test_a_throttling_node_is_the_bottleneck() -> None:
    d = doc(
        [
            node("users", "client", rate=300, retries=0),
            node("api", "api_gateway", rate_limit=100, burst=10),
            node("fn", "lambda"),
        ],
        [("users", "api"), ("api", "fn")],
        duration=30,
    )
    b = sim(d).run_to_end()["bottleneck"]
    assert b["node"] == "api" and "refused" in b["reason"]


def test_an_asg_refresh_can_be_requested_while_running() -> None:
    d = doc(
        [
            node("users", "client", rate=20, **PATIENT),
            node("lb", "alb"),
            node("web", "asg", min=2, max=2, desired=2, launch_s=10, warmup_s=0),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=400,
    )
    s = sim(d)
    s.advance(30)
    old = {i.id for i in s.components["web"].live()}
    s.set_props("web", {"refresh_at_s": 31})
    rep = s.run_to_end()
    assert not old & {i.id for i in s.components["web"].live()}
    assert any(e["kind"] == "instance_refresh_done" for e in rep["events"])


@pytest.mark.parametrize("clients", [1, 2])
def test_the_frames_run_so_far_p99_ends_as_the_reports_p99(clients: int) -> None:
    """The live panel shows the last second's p99 beside the run's so far; the latter is the
    report's figure (successes after warm-up), so at the end they are the same number."""
    users = [node(f"users{i}", "client", rate=40 + 30 * i, **PATIENT) for i in range(clients)]
    d = doc(
        [*users, node("app", "ec2", service_ms=20)],
        [(u["id"], "app") for u in users],
        duration=40,
        warmup=10,
    )
    s = sim(d)
    assert s.advance(10)["global"]["run_p99_ms"] is None, "nothing measured during warm-up"
    frames = [s.advance(5) for _ in range(6)]
    assert all(f["global"]["run_p99_ms"] > 0 for f in frames)
    assert frames[-1]["t"] == 40
    report = s.report()
    assert frames[-1]["global"]["run_p99_ms"] == report["latency_ms"]["p99"]
    assert frames[-1]["global"]["p99_ms"] != report["latency_ms"]["p99"], "the last 1 s differs"
