"""CloudFront hits and TTLs, API Gateway's token bucket, SNS fan-out, S3 events, Step Functions
retries, an external API's errors and outages."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, node, sim


def test_cloudfront_serves_hits_at_the_edge_and_sends_misses_to_the_origin() -> None:
    d = doc(
        [
            node("users", "client", rate=100, read_ratio=1.0, location="ap-southeast-2", **PATIENT),
            node("cdn", "cloudfront", hit_ratio=0.9),
            node("origin", "ec2"),
        ],
        [("users", "cdn"), ("cdn", "origin")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    assert rep["nodes"]["cdn"]["hit_ratio"] == pytest.approx(0.9, abs=0.02)
    assert rep["nodes"]["origin"]["arrivals"] == pytest.approx(600, rel=0.15)
    # most users are answered from a nearby edge, far faster than a trip to Virginia
    assert rep["latency_ms"]["p50"] < 40 < 150 < rep["latency_ms"]["p99"]


def test_cloudfront_by_key_keeps_objects_for_their_ttl() -> None:
    def origin_hits(ttl: int) -> int:
        d = doc(
            [
                node("users", "client", rate=100, read_ratio=1.0, key_count=50, **PATIENT),
                node("cdn", "cloudfront", cache_by="key", ttl_s=ttl),
                node("origin", "ec2"),
            ],
            [("users", "cdn"), ("cdn", "origin")],
            duration=100,
        )
        return sim(d).run_to_end()["nodes"]["origin"]["arrivals"]

    assert origin_hits(1000) <= 60  # about one miss per key
    assert origin_hits(5) > 500  # objects expire every 5 s


def test_api_gateway_throttles_above_its_rate_with_429() -> None:
    d = doc(
        [
            node("users", "client", rate=300, retries=0),
            node("api", "api_gateway", rate_limit=100, burst=50),
            node("fn", "lambda"),
        ],
        [("users", "api"), ("api", "fn")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    api = rep["nodes"]["api"]
    assert api["throttled"] / api["arrivals"] == pytest.approx(2 / 3, abs=0.02)
    assert rep["requests"]["by_cause"]["throttled"] == api["throttled"]


def test_sns_copies_every_message_to_every_subscriber() -> None:
    d = doc(
        [
            node("users", "client", rate=20, read_ratio=0, **PATIENT),
            node("api", "api_gateway"),
            node("topic", "sns"),
            node("q1", "sqs"),
            node("q2", "sqs"),
            node("fn", "lambda"),
        ],
        [("users", "api"), ("api", "topic"), ("topic", "q1"), ("topic", "q2"), ("topic", "fn")],
        duration=30,
    )
    rep = sim(d).run_to_end()["nodes"]
    published = rep["topic"]["published"]
    assert published > 500
    assert rep["q1"]["sent"] == rep["q2"]["sent"] == published
    assert published - 2 <= rep["fn"]["invocations"] <= published  # the last may be on its way


def test_s3_sends_an_event_for_each_write_only() -> None:
    d = doc(
        [
            node("users", "client", rate=50, read_ratio=0.8, **PATIENT),
            node("bucket", "s3"),
            node("fn", "lambda"),
        ],
        [("users", "bucket"), ("bucket", "fn")],
        duration=60,
    )
    rep = sim(d).run_to_end()["nodes"]
    assert rep["bucket"]["event_notifications"] == rep["bucket"]["puts"] > 300
    assert rep["bucket"]["puts"] - 2 <= rep["fn"]["invocations"] <= rep["bucket"]["puts"]


def test_step_functions_retries_a_failing_task_before_failing_the_execution() -> None:
    def run(error_rate: float) -> dict:
        d = doc(
            [
                node("users", "client", rate=20, retries=0, timeout_ms=60_000),
                node("api", "api_gateway"),
                node("flow", "step_functions", steps=3, step_retries=2),
                node("pay", "external", error_rate=error_rate, latency_ms=10),
            ],
            [("users", "api"), ("api", "flow"), ("flow", "pay")],
            duration=60,
        )
        return sim(d).run_to_end()

    flaky = run(0.3)
    flow = flaky["nodes"]["flow"]
    assert flow["task_retries"] > 0
    # a task fails only if all 3 attempts fail: 0.3^3 = 2.7%
    assert flow["failed_executions"] / flow["executions"] == pytest.approx(0.027, abs=0.012)
    assert flaky["latency_ms"]["p99"] > 1000  # the 1 s retry interval shows in the tail
    assert run(0.0)["nodes"]["flow"]["transitions"] > 3 * 1100


def test_external_api_errors_and_outage() -> None:
    d = doc(
        [
            node("users", "client", rate=50, retries=0),
            node("app", "ec2"),
            node("pay", "external", error_rate=0.1, latency_ms=50),
        ],
        [("users", "app"), ("app", "pay")],
        duration=100,
        faults=[{"at": 50, "kind": "dependency_outage", "target": "pay", "duration": 20}],
    )
    rep = sim(d).run_to_end()
    pay = rep["nodes"]["pay"]
    assert pay["errors_by_cause"]["unavailable"] == pytest.approx(1000, rel=0.1)
    assert pay["errors_by_cause"]["5xx"] == pytest.approx(0.1 * 4000, rel=0.15)
    assert pay["mean_ms"] == pytest.approx(50, rel=0.05)
