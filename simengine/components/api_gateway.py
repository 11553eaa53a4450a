"""API Gateway: the managed front door, with a token-bucket throttle.

Each request takes a token from a bucket that refills at `rate_limit` per second and holds at
most `burst` (AWS API Gateway docs: 10,000 req/s steady, 5,000 burst per account and Region);
with no token the gateway answers 429 ("throttled"). It adds `service_ms`, then calls ONE
backend (round robin over its outgoing edges). A backend slower than `integration_timeout_ms`
(29 s at most) turns into a 504 ("timeout"; the model reports it when the backend answers).
"""

from __future__ import annotations

from typing import Any

from simengine.components.base import Component, Gen, Request
from simengine.components.s3 import Bucket
from simengine.pricing import USAGE_PRICES
from simengine.spec import KindSpec, float_prop, int_prop, service_ms

PROPS = (
    float_prop(
        "rate_limit",
        10_000.0,
        1.0,
        1_000_000.0,
        "req/s",
        "Steady requests per second before it throttles with 429.",
        "AWS API Gateway docs: 10,000 req/s per account and Region",
    ),
    int_prop(
        "burst",
        5000,
        1,
        1_000_000,
        "requests",
        "Token bucket size: requests above the rate it absorbs at once.",
        "AWS API Gateway docs: burst 5,000 requests",
    ),
    service_ms(5.0, "Time the gateway adds to each request."),
    float_prop(
        "integration_timeout_ms",
        29_000.0,
        50.0,
        29_000.0,
        "ms",
        "The gateway answers 504 if the backend takes longer.",
        "AWS API Gateway docs: integration timeout 50 ms to 29 s",
    ),
)

SPEC = KindSpec(
    "api_gateway",
    "API Gateway",
    "Edge & DNS",
    "regional",
    "Managed API front door with a token-bucket throttle (429 when exceeded).",
    ("alb", "ec2", "lambda", "sqs", "sns", "dynamodb", "s3", "step_functions", "external"),
    PROPS,
)


class ApiGateway(Component):
    spec = SPEC
    is_router = True

    def start(self) -> None:
        p = self.props
        self.bucket = Bucket(float(p["rate_limit"]), float(p["burst"]))
        self.rr = 0
        self.calls = self.throttled = 0
        self._warned = -1e9

    def apply_props(self, props: dict[str, Any]) -> None:
        super().apply_props(props)
        self.bucket.rate = float(self.props["rate_limit"])
        self.bucket.size = float(self.props["burst"])

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        now = self.env._now
        if not self.bucket.take(now + req.pending):
            self.throttled += 1
            if now - self._warned > 10:
                self._warned = now
                self.sim.event(
                    "throttling",
                    self.id,
                    f"{self.id}: over {self.bucket.rate:g} "
                    f"req/s (burst {self.bucket.size:g}): answering 429 Too Many Requests",
                )
            return self.fail("throttled")
        self.calls += 1
        self.answer_in(req, float(self.props["service_ms"]))
        sync = [lk for lk in self.links if not lk.is_async]
        for link in self.links:
            if link.is_async:
                link.calls += 1
                link.dst.publish(req, link)
        if not sync:
            return None
        self.rr += 1
        link = sync[self.rr % len(sync)]
        link.calls += 1
        req.pending += link.lat
        t0 = self.env._now + req.pending
        cause = yield from link.dst.handle(req)
        req.pending += link.lat
        if (
            cause is None
            and self.env._now + req.pending - t0
            > float(self.props["integration_timeout_ms"]) / 1000.0
        ):
            return self.fail("timeout")  # 504 Gateway Timeout
        return cause

    def summary_extra(self) -> dict[str, Any]:
        return {"throttled": self.throttled}

    def usage_cost(self) -> float:
        return self.calls * USAGE_PRICES["api_gateway_per_million_requests"] / 1e6
