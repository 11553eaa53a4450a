"""SNS: one publish, a copy to every subscriber (fan-out)."""

from __future__ import annotations

from sim_helpers import PATIENT, doc, node, sim


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
