"""Clients: arrival patterns, timeouts, retries with backoff, circuit breaker, idempotency."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, events, node, sim


def frames_rps(document: dict, every: float = 10) -> list[float]:
    s = sim(document)
    out = []
    while not s.done:
        out.append(s.advance(every)["global"]["rps"])
    return out


def one_app(duration: float = 120, faults=None, app: dict | None = None, **client: object) -> dict:
    return doc(
        [node("users", "client", **client), node("app", "ec2", **(app or {}))],
        [("users", "app")],
        duration=duration,
        faults=faults,
    )


def test_constant_arrivals_are_evenly_spaced_and_poisson_ones_are_not() -> None:
    const = sim(one_app(20, rate=10, pattern="constant", **PATIENT)).run_to_end()
    assert const["requests"]["total"] == 199  # t = 0.1, 0.2, ..., 19.9 (the 200th at t = 20)
    rps = frames_rps(one_app(100, rate=50, pattern="poisson", **PATIENT), every=1)
    assert 45 < sum(rps) / len(rps) < 55 and max(rps) - min(rps) > 10


def test_step_spike_and_diurnal_patterns_change_the_rate() -> None:
    step = frames_rps(
        one_app(120, rate=50, pattern="step", step_at_s=60, step_multiplier=3, **PATIENT)
    )
    assert step[2] == pytest.approx(50, rel=0.2) and step[8] == pytest.approx(150, rel=0.2)
    spike = frames_rps(
        one_app(
            120,
            rate=20,
            pattern="spike",
            spike_at_s=40,
            spike_duration_s=20,
            spike_multiplier=10,
            **PATIENT,
        )
    )
    assert spike[1] == pytest.approx(20, rel=0.3) and spike[4] == pytest.approx(200, rel=0.15)
    assert spike[8] == pytest.approx(20, rel=0.3)
    day = frames_rps(
        one_app(
            120, rate=100, pattern="diurnal", diurnal_period_s=120, diurnal_amplitude=0.5, **PATIENT
        )
    )
    assert max(day) > 130 and min(day) < 70  # about 150 at the peak, 50 at night


def test_read_ratio_splits_reads_and_writes() -> None:
    s = sim(
        doc(
            [
                node("users", "client", rate=200, read_ratio=0.7, **PATIENT),
                node("app", "ec2"),
                node("db", "rds"),
            ],
            [("users", "app"), ("app", "db")],
            duration=30,
        )
    )
    rep = s.run_to_end()
    assert rep["nodes"]["db"]["writes"] / rep["nodes"]["db"]["completed"] == pytest.approx(
        0.3, abs=0.02
    )


def test_timeouts_fail_slow_requests_and_retries_add_load() -> None:
    slow = {"service_ms": 2000, "service_dist": "constant", "concurrency": 64}
    no_retry = sim(one_app(60, rate=5, timeout_ms=1000, retries=0, app=slow)).run_to_end()
    assert no_retry["requests"]["by_cause"]["timeout"] == no_retry["requests"]["failed"] > 200
    retried = sim(
        one_app(60, rate=5, timeout_ms=1000, retries=2, backoff="none", app=slow)
    ).run_to_end()
    assert retried["clients"]["users"]["retries"] > 400
    # every attempt keeps running on the server after the user gave up: triple the load
    assert retried["nodes"]["app"]["arrivals"] == pytest.approx(
        3 * no_retry["nodes"]["app"]["arrivals"], rel=0.05
    )


def test_circuit_breaker_fails_fast_while_the_dependency_is_down() -> None:
    def run(breaker: bool) -> dict:
        d = doc(
            [
                node(
                    "users",
                    "client",
                    rate=50,
                    retries=0,
                    circuit_breaker=breaker,
                    cb_failure_threshold=5,
                    cb_reset_s=10,
                ),
                node("app", "ec2"),
                node("pay", "external"),
            ],
            [("users", "app"), ("app", "pay")],
            duration=120,
            faults=[{"at": 30, "kind": "dependency_outage", "target": "pay", "duration": 60}],
        )
        return sim(d).run_to_end()

    with_cb, without = run(True), run(False)
    assert with_cb["requests"]["by_cause"].get("circuit_open", 0) > 2000
    # during the outage the dependency sees only a trial call every cb_reset_s
    assert with_cb["nodes"]["pay"]["errors"] < 0.01 * without["nodes"]["pay"]["errors"]
    assert events(with_cb, "circuit_open")
    # once the dependency is back, a trial request closes the breaker again
    assert with_cb["faults"][0]["rto_s"] < 60 + 10 + 11


def test_retried_writes_are_duplicates_unless_idempotency_keys_are_sent() -> None:
    def run(idempotency: bool) -> dict:
        d = doc(
            [
                node(
                    "users",
                    "client",
                    rate=50,
                    read_ratio=0,
                    timeout_ms=40,
                    retries=2,
                    backoff="none",
                    idempotency=idempotency,
                ),
                node("app", "ec2", concurrency=64),
                node("db", "dynamodb", service_ms=30),
            ],
            [("users", "app"), ("app", "db")],
            duration=30,
        )
        return sim(d).run_to_end()["nodes"]["db"]

    plain, keyed = run(False), run(True)
    assert plain["duplicates_applied"] > 100 and plain["duplicates_ignored"] == 0
    assert keyed["duplicates_ignored"] > 100 and keyed["duplicates_applied"] == 0


def test_a_client_far_away_sees_the_network_in_its_latency() -> None:
    near = sim(one_app(30, rate=20, location="us-east-1", **PATIENT)).run_to_end()
    far = sim(one_app(30, rate=20, location="ap-southeast-1", **PATIENT)).run_to_end()
    assert far["latency_ms"]["p50"] - near["latency_ms"]["p50"] > 150  # Singapore-Virginia
