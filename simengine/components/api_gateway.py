"""API Gateway: the managed front door, with token-bucket throttles.

Each request takes a token from this API's bucket, which refills at `rate_limit` per second and
holds at most `burst`, and one from the account's bucket for the Region, which every API of the
Region shares: 10,000 req/s with a 5,000 burst in most Regions, 2,500 req/s with a 1,250 burst
in the Regions AWS lists as lower (ACCOUNT_THROTTLE). With no token in either the gateway
answers 429 ("throttled"). It adds `service_ms`, then calls ONE
backend (round robin over its outgoing edges). A backend slower than `integration_timeout_ms`
(29 s at most) turns into a 504 ("timeout"; the model reports it when the backend answers).
"""

from __future__ import annotations

from typing import Any

from simengine.components.base import Component, Gen, Request
from simengine.components.s3 import Bucket
from simengine.pricing import USAGE_PRICES
from simengine.spec import KindSpec, float_prop, int_prop, service_ms

# Amazon API Gateway quotas, "API Gateway account-level quotas, per Region"
# (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html): 10,000 RPS with a
# token bucket of 5,000; "For the following Regions, the default throttle quota is 2500 RPS and
# the default burst quota is 1250 RPS": Africa (Cape Town), Europe (Milan), Asia Pacific
# (Jakarta), Middle East (UAE), Asia Pacific (Hyderabad), Asia Pacific (Melbourne), Europe
# (Spain), Europe (Zurich), Israel (Tel Aviv), Canada West (Calgary), Asia Pacific (Malaysia),
# Asia Pacific (Thailand) and Mexico (Central).
ACCOUNT_THROTTLE = (10_000.0, 5_000.0)
LOW_THROTTLE = (2_500.0, 1_250.0)
LOW_THROTTLE_REGIONS = frozenset(
    {
        "af-south-1",
        "eu-south-1",
        "ap-southeast-3",
        "me-central-1",
        "ap-south-2",
        "ap-southeast-4",
        "eu-south-2",
        "eu-central-2",
        "il-central-1",
        "ca-west-1",
        "ap-southeast-5",
        "ap-southeast-7",
        "mx-central-1",
    }
)


def account_throttle(region: str | None) -> tuple[float, float]:
    """The account's default (rate, burst) for API Gateway in `region`."""
    return LOW_THROTTLE if region in LOW_THROTTLE_REGIONS else ACCOUNT_THROTTLE


PROPS = (
    float_prop(
        "rate_limit",
        10_000.0,
        1.0,
        1_000_000.0,
        "req/s",
        "This API's steady requests per second before it throttles with 429. The Region's "
        "account quota applies too: 10,000 req/s, or 2,500 in some Regions (Milan, Cape Town).",
        "AWS API Gateway quotas: 10,000 req/s per account and Region (2,500 in some Regions)",
    ),
    int_prop(
        "burst",
        5000,
        1,
        1_000_000,
        "requests",
        "Token bucket size: requests above the rate it absorbs at once (the Region's "
        "account burst, 5,000 or 1,250, applies too).",
        "AWS API Gateway quotas: burst 5,000 requests (1,250 in some Regions)",
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
        accounts: dict[str | None, Bucket] = self.sim.shared("api_gateway_accounts", dict)
        if self.region not in accounts:  # one per Region, shared by the Region's APIs
            accounts[self.region] = Bucket(*account_throttle(self.region))
        self.account = accounts[self.region]
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
        t = now + req.pending
        over: Bucket | None = None  # the bucket that had no token: this API's, or the account's
        if not self.bucket.take(t):
            over = self.bucket
        elif not self.account.take(t):
            over = self.account
        if over is not None:
            self.throttled += 1
            if now - self._warned > 10:
                self._warned = now
                whose = "the Region's account quota, " if over is self.account else ""
                self.sim.event(
                    "throttling",
                    self.id,
                    f"{self.id}: over {whose}{over.rate:g} "
                    f"req/s (burst {over.size:g}): answering 429 Too Many Requests",
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
