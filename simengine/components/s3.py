"""S3: object storage that can announce each write.

Gets and puts take `service_ms` (no queue a design can fill: S3 scales out). A bucket prefix
accepts about 3,500 PUT and 5,500 GET requests per second (AWS S3 performance guidelines); above
that S3 answers "503 Slow Down" (counted as throttled). With `events` on, every write sends an
event notification along each outgoing edge (Lambda, SQS, SNS) and an edge to another bucket
replicates the object there.
"""

from __future__ import annotations

from typing import Any

from simengine.components.base import Component, Gen, Request
from simengine.pricing import USAGE_PRICES
from simengine.spec import KindSpec, bool_prop, service_ms

PUT_PER_S = 3500.0  # AWS S3 docs: 3,500 PUT/COPY/POST/DELETE per second per prefix
GET_PER_S = 5500.0  # AWS S3 docs: 5,500 GET/HEAD per second per prefix


PROPS = (
    service_ms(30.0, "Time to get or put one object."),
    bool_prop(
        "events", True, "On each write, send an event notification along the outgoing edges."
    ),
)

SPEC = KindSpec(
    "s3",
    "S3 bucket",
    "Data",
    "regional",
    "Object storage; can notify a queue, topic or function on each write. "
    "An edge to another bucket replicates to it.",
    ("lambda", "sqs", "sns", "s3"),
    PROPS,
    delivers=True,
)


class Bucket:
    """A token bucket: `rate` tokens a second, at most `size` saved."""

    __slots__ = ("rate", "size", "tokens", "t")

    def __init__(self, rate: float, size: float, start: float | None = None) -> None:
        self.rate = rate
        self.size = size
        self.tokens = size if start is None else start
        self.t = 0.0

    def refill(self, now: float) -> None:
        if now > self.t:
            self.tokens = min(self.size, self.tokens + (now - self.t) * self.rate)
            self.t = now

    def take(self, now: float, n: float = 1.0) -> bool:
        self.refill(now)
        if self.tokens >= n:
            self.tokens -= n
            return True
        return False


class S3(Component):
    spec = SPEC
    is_router = True

    def start(self) -> None:
        self.puts = Bucket(PUT_PER_S, PUT_PER_S)
        self.gets = Bucket(GET_PER_S, GET_PER_S)
        self.n_get = self.n_put = self.notified = self.throttled = 0

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        t = self.env._now + req.pending
        if not (self.puts if req.write else self.gets).take(t):
            self.throttled += 1
            return self.fail("throttled")
        self.answer_in(req, float(self.props["service_ms"]))
        if req.write:
            self.n_put += 1
            if self.props["events"]:
                for link in self.links:
                    link.calls += 1
                    self.notified += 1
                    link.dst.publish(req, link)
        else:
            self.n_get += 1
        return None
        yield  # pragma: no cover

    def summary_extra(self) -> dict[str, Any]:
        return {
            "gets": self.n_get,
            "puts": self.n_put,
            "event_notifications": self.notified,
            "throttled": self.throttled,
        }

    def usage_cost(self) -> float:
        return (
            self.n_get * USAGE_PRICES["s3_per_thousand_gets"]
            + self.n_put * USAGE_PRICES["s3_per_thousand_puts"]
        ) / 1000.0
