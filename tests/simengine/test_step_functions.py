"""Step Functions: a failing task is retried before the execution fails."""

from __future__ import annotations

import pytest
from sim_helpers import doc, node, sim


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
