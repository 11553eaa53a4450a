"""An external API: its own errors, and an outage, as the caller sees them."""

from __future__ import annotations

import pytest
from sim_helpers import doc, node, sim


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
