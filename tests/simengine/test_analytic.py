"""The engine against queueing theory (FIELD-NOTES "Validation references").

A poisson client calling one ec2 with exponential service is an M/M/c queue; a round-robin ALB
over k instances gives each instance every k-th arrival, an E_k/M/c queue. Long runs, batch
means for the confidence interval, exact references from `queueing`.
"""

from __future__ import annotations

import pytest
import queueing as q
from sim_helpers import PATIENT, doc, node, sim

BATCHES = 20


def _batched(simulation, node_id: str, warmup: float, batch_s: float) -> list[float]:
    """Run batch after batch; return each batch's mean own time (seconds) at `node_id`."""
    simulation.advance(warmup)
    hist = simulation.components[node_id].stats.hist
    means = []
    for _ in range(BATCHES):
        n0, t0 = hist.n, hist.total
        simulation.advance(batch_s)
        means.append((hist.total - t0) / (hist.n - n0))
    return means


def mm4_design(seed: int = 1) -> dict:
    return doc(
        [
            node("users", "client", rate=320, pattern="poisson", **PATIENT),
            node(
                "app",
                "ec2",
                concurrency=4,
                service_ms=10,
                service_dist="exponential",
                queue_limit=0,
            ),
        ],
        [("users", "app")],
        duration=20 + BATCHES * 30,
        warmup=20,
        seed=seed,
    )


@pytest.mark.slow
def test_mm4_mean_time_agrees_with_erlang_c_and_littles_law_holds() -> None:
    c, lam, mu = 4, 320.0, 100.0
    s = sim(mm4_design())
    means = _batched(s, "app", 20, 30)
    mean, half = q.batch_means_ci(means)
    exact = q.mmc_mean_sojourn(c, lam, mu)
    assert abs(mean - exact) <= half, (mean, exact, half)
    assert half / exact < 0.05  # the run is long enough to mean something

    rep = s.report()["nodes"]["app"]
    assert rep["mean_ms"] / 1000 == pytest.approx(mean, rel=0.01)
    # Little's law is an identity between the in-system integral and the sojourns
    little = rep["throughput_rps"] * rep["mean_ms"] / 1000
    assert abs(rep["mean_in_system"] - little) / rep["mean_in_system"] < 1e-3
    assert rep["utilization"] == pytest.approx(lam / (c * mu), rel=0.02)
    for name, qq in (("p50_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99)):
        exact_q = q.mmc_sojourn_quantile(qq, c, lam, mu) * 1000
        assert rep[name] == pytest.approx(exact_q, rel=0.03), (name, rep[name], exact_q)


def test_erlang_c_reference_itself() -> None:
    # textbook value: M/M/2 with rho = 0.8 and service 0.2 s has W = s / (1 - rho^2)
    assert q.mmc_mean_sojourn(2, 8.0, 5.0) == pytest.approx(0.2 / (1 - 0.64))
    assert q.ekmc_mean_sojourn(1, 4, 320.0, 100.0) == pytest.approx(
        q.mmc_mean_sojourn(4, 320.0, 100.0)
    )
    assert q.ekmc_mean_sojourn(4, 2, 8.0, 5.0) == pytest.approx(0.394, abs=5e-4)  # FIELD-NOTES


@pytest.mark.slow
def test_round_robin_alb_is_e4_m_2_not_m_m_2() -> None:
    """Four instances of concurrency 2 behind a round-robin ALB: each sees every 4th arrival."""
    lam, mu = 640.0, 100.0
    d = doc(
        [
            node("users", "client", rate=lam, pattern="poisson", **PATIENT),
            node("lb", "alb", algorithm="round_robin"),
            node(
                "web",
                "asg",
                min=4,
                max=4,
                desired=4,
                concurrency=2,
                service_ms=10,
                service_dist="exponential",
                queue_limit=0,
            ),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=20 + BATCHES * 20,
        warmup=20,
    )
    s = sim(d)
    means = _batched(s, "web", 20, 20)
    mean, half = q.batch_means_ci(means)
    e4 = q.ekmc_mean_sojourn(4, 2, lam / 4, mu)
    mm2 = q.mmc_mean_sojourn(2, lam / 4, mu)
    assert abs(mean - e4) <= half, (mean, e4, half)
    assert abs(mean - mm2) > 5 * half  # the naive M/M/2 reference would be badly wrong
    rep = s.report()["nodes"]["web"]
    little = rep["throughput_rps"] * rep["mean_ms"] / 1000
    assert abs(rep["mean_in_system"] - little) / rep["mean_in_system"] < 1e-3


def test_mean_time_excludes_network_and_downstream_calls() -> None:
    """An instance's mean_ms is its queue and service only: a slow database behind it and a
    far-away client do not change it (DESIGN.md: time in this node alone)."""
    d = doc(
        [
            node(
                "users", "client", rate=20, pattern="poisson", location="ap-southeast-2", **PATIENT
            ),
            node("app", "ec2", concurrency=64, service_ms=10, service_dist="constant"),
            node(
                "db",
                "rds",
                service_ms=50,
                service_dist="constant",
                write_service_ms=50,
                concurrency=64,
            ),
        ],
        [("users", "app"), ("app", "db")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    assert rep["nodes"]["app"]["mean_ms"] == pytest.approx(10, rel=0.011)
    assert rep["nodes"]["db"]["mean_ms"] == pytest.approx(50, rel=0.011)
    # the user sees both, plus two long network trips from Sydney to Virginia
    assert rep["latency_ms"]["mean"] > 60 + 2 * 100
