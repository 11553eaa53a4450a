"""Lambda: concurrency limit and 429 throttles, cold starts, SQS batches."""

from __future__ import annotations

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
