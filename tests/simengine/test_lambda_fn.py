"""Lambda: concurrency limit and 429 throttles, cold starts, SQS batches."""

from __future__ import annotations

import pytest
from design_samples import problems
from sim_helpers import PATIENT, doc, events, node, sim


def fn_design(rate: float, limit: int = 1000, duration: float = 60, **fn: object) -> dict:
    return doc(
        [
            node("users", "client", rate=rate, retries=0, timeout_ms=300_000),
            node("api", "api_gateway"),
            node("fn", "lambda", concurrency_limit=limit, **fn),
        ],
        [("users", "api"), ("api", "fn")],
        duration=duration,
    )


def test_calls_beyond_the_concurrency_limit_are_throttled_with_429() -> None:
    # 200 calls/s of 100 ms need about 20 executions; the limit is 10
    rep = sim(fn_design(200, limit=10, service_ms=100, service_dist="constant")).run_to_end()
    fn = rep["nodes"]["fn"]
    assert fn["throttles"] > 0 and rep["requests"]["by_cause"]["throttled"] == fn["throttles"]
    assert 0.4 < fn["throttles"] / fn["arrivals"] < 0.6
    assert events(rep, "throttling")


def test_under_the_limit_nothing_is_throttled() -> None:
    rep = sim(fn_design(25, limit=10, service_ms=100, service_dist="constant")).run_to_end()
    assert rep["nodes"]["fn"]["throttles"] == 0 and rep["requests"]["failed"] == 0


def test_first_calls_start_cold_then_environments_are_reused() -> None:
    rep = sim(fn_design(20, service_ms=50, cold_start_ms=400, service_dist="constant")).run_to_end()
    fn = rep["nodes"]["fn"]
    assert 1 <= fn["cold_starts"] <= 10  # a handful of environments serve 1,200 calls
    # every call runs 50 ms; the cold ones 400 ms more
    expected = 50 + 400 * fn["cold_starts"] / fn["invocations"]
    assert abs(fn["mean_ms"] - expected) < 0.5
    assert fn["p50_ms"] < 55


def test_idle_environments_are_reclaimed_and_start_cold_again() -> None:
    d = doc(
        [
            node("users", "client", rate=1 / 30, pattern="constant", **PATIENT),
            node("fn", "lambda", idle_s=10),
        ],
        [("users", "fn")],
        duration=300,
    )
    fn = sim(d).run_to_end()["nodes"]["fn"]
    assert fn["cold_starts"] == fn["invocations"]  # every call waited longer than idle_s


def test_sqs_event_source_invokes_with_batches() -> None:
    d = doc(
        [
            node("users", "client", rate=50, read_ratio=0, **PATIENT),
            node("api", "api_gateway"),
            node("q", "sqs"),
            node("fn", "lambda", batch_size=10, service_ms=5),
        ],
        [("users", "api"), ("api", "q"), ("q", "fn")],
        duration=60,
    )
    rep = sim(d).run_to_end()["nodes"]
    assert rep["q"]["deleted"] > 2500
    assert rep["fn"]["invocations"] < rep["q"]["deleted"]  # several messages per invocation


def test_a_burst_adds_at_most_1000_environments_per_10_s_and_the_rest_is_throttled() -> None:
    # AWS Lambda Developer Guide, Lambda scaling behavior: "for each function, your concurrency
    # scaling rate is 1,000 execution environment instances every 10 seconds", refilled
    # continuously: https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
    d = doc(
        [
            node("users", "client", rate=3000, pattern="constant", retries=0, timeout_ms=300_000),
            node(
                "fn", "lambda", concurrency_limit=10_000, service_ms=1000, service_dist="constant"
            ),
        ],
        [("users", "fn")],
        duration=30,
    )  # 3,000 calls/s of 1 s: 3,000 executions at once, well under the 10,000 limit
    s = sim(d)
    fn = s.components["fn"]
    s.advance(5)
    assert 1000 + 5 * 100 - 10 <= fn.envs <= 1000 + 5 * 100 + 10  # not 3,000 in 5 s
    assert fn.throttles > 5000
    s.advance(10)
    assert fn.envs == pytest.approx(2500, abs=20)
    s.advance(10)  # enough environments after about 20 s: throttling stops
    settled = fn.throttles
    s.advance(5)
    assert fn.envs >= 3000 and fn.throttles == settled
    assert "scaling rate" in events(s, "throttling")[0]["message"]


def test_reserved_concurrency_is_the_functions_own_and_carved_out_of_the_region() -> None:
    # AWS Lambda Developer Guide, Configuring reserved concurrency: the reserved part is the
    # function's alone (no other function can use it) and also its maximum
    def calls(fid: str, rate: float) -> tuple[dict, dict]:
        return (
            node(f"u_{fid}", "client", rate=rate, pattern="constant", retries=0, timeout_ms=60_000),
            node(
                fid,
                "lambda",
                concurrency_limit=200,
                service_ms=1000,
                service_dist="constant",
                cold_start_ms=0,
            ),
        )

    ua, a = calls("a", 50)  # needs 50 executions, has 60 of its own
    ub, b = calls("b", 200)  # needs 200, shares what is left of the Region's 200: 140
    a["props"]["reserved_concurrency"] = 60
    d = doc([ua, a, ub, b], [("u_a", "a"), ("u_b", "b")], duration=60)
    s = sim(d)
    peak = 0
    while not s.done:
        s.advance(1)
        peak = max(peak, s.components["b"].running)
    rep = s.report()["nodes"]
    assert rep["a"]["throttles"] == 0  # the Region is full, yet a keeps its own executions
    assert peak == 140  # 200 - 60 reserved by a
    assert rep["b"]["throttles"] / rep["b"]["arrivals"] == pytest.approx(0.3, abs=0.05)


def test_a_region_keeps_100_executions_unreserved() -> None:
    # AWS Lambda Developer Guide, Configuring reserved concurrency: up to the unreserved account
    # concurrency minus 100 may be reserved
    def region(*reserved: int) -> dict:
        nodes = [node("users", "client")]
        for i, r in enumerate(reserved):
            nodes.append(node(f"f{i}", "lambda", concurrency_limit=1000, reserved_concurrency=r))
        return doc(nodes, [("users", "f0")])

    assert problems(region(900)) == {}
    assert problems(region(901)) == {
        "nodes[1].props.reserved_concurrency": "must leave 100 of the Region's concurrency_limit "
        "(1000) unreserved, as AWS does: at most 900"
    }
    together = (
        "the functions of us-east-1 reserve 1000 executions together; AWS keeps 100 of the "
        "Region's 1000 unreserved, so they may reserve at most 900"
    )
    assert problems(region(600, 400, 0)) == {
        "nodes[1].props.reserved_concurrency": together,
        "nodes[2].props.reserved_concurrency": together,
    }
    assert problems(region(600, 300, 0)) == {}


def test_a_lognormal_function_duration_spreads_with_its_service_cv() -> None:
    def p99(cv: float) -> float:
        d = fn_design(20, service_ms=100, service_dist="lognormal", service_cv=cv, duration=300)
        d["nodes"][2]["props"]["cold_start_ms"] = 0
        return sim(d).run_to_end()["nodes"]["fn"]["p99_ms"]

    # a lognormal with mean 100 ms: p99 = exp(mu + 2.326 sigma), sigma^2 = ln(1 + cv^2)
    assert p99(0.2) == pytest.approx(155, rel=0.1)
    assert p99(1.5) == pytest.approx(693, rel=0.15)
