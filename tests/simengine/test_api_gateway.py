"""API Gateway: a token bucket throttles requests above its rate with 429."""

from __future__ import annotations

import pytest
from sim_helpers import doc, node, sim


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
