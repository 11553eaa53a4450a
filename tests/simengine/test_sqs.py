"""SQS: at-least-once delivery, visibility timeout, max receives and the dead-letter queue."""

from __future__ import annotations

import pytest
from design_samples import problems, web_app
from sim_helpers import PATIENT, doc, events, node, sim


def pipeline(
    worker_ms: float,
    vt: int = 30,
    max_receives: int = 10,
    idempotency: bool = False,
    rate: float = 2,
    duration: float = 300,
    batch: int = 1,
    faults=None,
    worker_extra: dict | None = None,
) -> dict:
    return doc(
        [
            node(
                "users",
                "client",
                rate=rate,
                read_ratio=0,
                idempotency=idempotency,
                pattern="constant",
                **PATIENT,
            ),
            node("api", "ec2", service_ms=5),
            node(
                "jobs", "sqs", visibility_timeout_s=vt, max_receives=max_receives, batch_size=batch
            ),
            node(
                "workers",
                "ec2",
                service_ms=worker_ms,
                service_dist="constant",
                concurrency=4,
                **(worker_extra or {}),
            ),
            node("pay", "external", latency_ms=1),
        ],
        [
            ("users", "api"),
            ("api", "jobs", {"mode": "async"}),
            ("jobs", "workers"),
            ("workers", "pay"),
        ],
        duration=duration,
        faults=faults,
    )


def test_messages_processed_in_time_are_delivered_once() -> None:
    rep = sim(pipeline(worker_ms=500)).run_to_end()["nodes"]["jobs"]
    assert rep["sent"] > 500 and rep["redelivered"] == 0
    assert rep["duplicates_applied"] == 0 and rep["dead_lettered"] == 0
    assert rep["deleted"] >= rep["sent"] - 3


def test_a_message_not_deleted_within_its_visibility_timeout_is_delivered_again() -> None:
    # processing takes 12 s, the visibility timeout is 10 s: every message reappears once
    rep = sim(pipeline(worker_ms=12_000, vt=10, rate=0.1)).run_to_end()["nodes"]["jobs"]
    assert rep["redelivered"] >= rep["received"] // 2 - 1 > 5
    assert rep["duplicates_applied"] > 0  # processed twice: at-least-once, visible to learners


def test_idempotency_keys_make_duplicates_harmless() -> None:
    rep = sim(pipeline(worker_ms=12_000, vt=10, rate=0.1, idempotency=True)).run_to_end()
    q = rep["nodes"]["jobs"]
    assert q["duplicates_ignored"] > 0 and q["duplicates_applied"] == 0


def test_after_max_receives_a_message_moves_to_the_dead_letter_queue() -> None:
    # the workers' dependency is down: processing fails, messages keep coming back
    s = sim(
        pipeline(
            worker_ms=50,
            vt=5,
            max_receives=3,
            rate=1,
            duration=120,
            faults=[{"at": 0, "kind": "dependency_outage", "target": "pay"}],
        )
    )
    rep = s.run_to_end()
    q = rep["nodes"]["jobs"]
    assert q["dead_lettered"] > 50 and q["deleted"] == 0
    assert events(rep, "dlq") and "dead-letter queue" in events(rep, "dlq")[0]["message"]
    assert all(m.receives == 3 for m in s.components["jobs"].dlq)


def test_a_receive_takes_at_most_batch_size_messages_and_long_polls_when_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = sim(pipeline(worker_ms=10, batch=10, rate=0.05, duration=200))
    q = s.components["jobs"]
    took: list[int] = []
    real = q.receive
    monkeypatch.setattr(q, "receive", lambda n: took.append(n) or real(n))
    s.run_to_end()
    assert took and max(took) <= 10
    # 4 pollers waiting up to 20 s each over 200 s: a few dozen receives, not a busy loop
    assert len(took) < 4 * 200 / 20 + 30


def test_queue_depth_and_oldest_age_show_a_backlog() -> None:
    s = sim(pipeline(worker_ms=5_000, rate=2, duration=60))  # 0.8 msg/s capacity vs 2 msg/s
    frame = s.advance(60)
    jobs = frame["nodes"]["jobs"]
    assert jobs["depth"] > 50 and jobs["oldest_age_s"] > 20


# --- its rules, as validation applies them ----------------------------------------------


def test_a_queue_feeding_lambda_needs_a_long_enough_visibility_timeout():
    doc = web_app()
    doc["nodes"] += [
        {
            "id": "q",
            "kind": "sqs",
            "placement": {"region": "us-east-1"},
            "props": {"visibility_timeout_s": 30},
        },
        {
            "id": "fn",
            "kind": "lambda",
            "placement": {"region": "us-east-1"},
            "props": {"timeout_s": 60},
        },
    ]
    doc["edges"] += [
        {"id": "e4", "from": "web", "to": "q", "props": {"mode": "async"}},
        {"id": "e5", "from": "q", "to": "fn"},
    ]
    assert "AWS refuses this event source" in problems(doc)["edges[4]"]
