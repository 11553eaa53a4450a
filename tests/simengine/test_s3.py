"""S3: an event notification for each write, none for reads."""

from __future__ import annotations

from sim_helpers import PATIENT, doc, node, sim


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
