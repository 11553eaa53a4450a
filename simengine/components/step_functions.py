"""Step Functions: a workflow whose steps run one after another, each retried on failure.

An execution goes through `steps` states; each state costs `service_ms` (the transition). The
first states are Task states calling the outgoing edges in order (one edge per task); the rest
are Pass states. A failing task is retried up to `step_retries` times, waiting 1 s, then 2 s,
4 s... (AWS Step Functions docs: Retry defaults IntervalSeconds 1, BackoffRate 2.0,
MaxAttempts 3); when the retries run out the execution fails. Standard workflows are billed
per state transition, Express per request.
"""

from __future__ import annotations

from typing import Any

from simengine.components.base import Component, Gen, Request
from simengine.pricing import USAGE_PRICES
from simengine.spec import MODEL, KindSpec, enum_prop, int_prop, service_ms

RETRY_INTERVAL_S = 1.0  # AWS Step Functions docs: IntervalSeconds default 1
BACKOFF_RATE = 2.0  # AWS Step Functions docs: BackoffRate default 2.0


PROPS = (
    enum_prop(
        "workflow",
        "standard",
        ("standard", "express"),
        "Standard (exactly-once, priced per transition) or Express (at-least-once, cheaper).",
    ),
    int_prop("steps", 3, 1, 100, "states", "Task states one execution goes through."),
    int_prop(
        "step_retries",
        3,
        0,
        10,
        "retries",
        "Retries of a failed step before the execution fails.",
        "AWS Step Functions docs: Retry MaxAttempts default 3",
    ),
    service_ms(25.0, "Overhead of one state transition.", MODEL),
)

SPEC = KindSpec(
    "step_functions",
    "Step Functions",
    "Orchestration",
    "regional",
    "A workflow of steps with retries; each step can call a service.",
    (
        "api_gateway",
        "ec2",
        "lambda",
        "sqs",
        "sns",
        "dynamodb",
        "s3",
        "step_functions",
        "external",
    ),
    PROPS,
    accepts_async=True,
)


class StepFunctions(Component):
    spec = SPEC
    is_router = True

    def start(self) -> None:
        self.executions = self.transitions = self.task_retries = self.failed = 0

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        st = self.stats
        self.executions += 1
        steps = max(int(self.props["steps"]), len(self.links))
        d = float(self.props["service_ms"]) / 1000.0 + self.extra_s
        own = 0.0
        for k in range(steps):
            self.transitions += 1
            req.pending += d
            own += d
            if k >= len(self.links):
                continue
            link = self.links[k]
            link.calls += 1
            if link.is_async:
                link.dst.publish(req, link)
                continue
            cause = yield from self._task(req, link)
            if cause is not None:
                self.failed += 1
                st.a_n += own
                return cause
        st.a_n += own
        st.win.add(own)
        st.completed += 1
        return None

    def _task(self, req: Request, link: Any) -> Gen:
        wait = RETRY_INTERVAL_S
        cause = None
        for attempt in range(int(self.props["step_retries"]) + 1):
            if attempt:
                self.task_retries += 1
                req.pending += wait
                wait *= BACKOFF_RATE
            req.pending += link.lat
            cause = yield from link.dst.handle(req)
            req.pending += link.lat
            if cause is None:
                return None
        return cause

    def summary_extra(self) -> dict[str, Any]:
        return {
            "executions": self.executions,
            "transitions": self.transitions,
            "task_retries": self.task_retries,
            "failed_executions": self.failed,
        }

    def usage_cost(self) -> float:
        if self.props["workflow"] == "express":
            return (
                self.executions * USAGE_PRICES["step_functions_express_per_million_requests"] / 1e6
            )
        return self.transitions * USAGE_PRICES["step_functions_per_thousand_transitions"] / 1000.0
