"""S3: object storage that can announce each write.

Gets and puts take `service_ms` (no queue a design can fill: S3 scales out). A bucket prefix
accepts about 3,500 PUT and 5,500 GET requests per second (AWS S3 performance guidelines); above
that S3 answers "503 Slow Down" (counted as throttled). With `events` on, every write sends an
event notification along each outgoing edge (Lambda, SQS, SNS).

An edge to another bucket is a replication rule (Cross-Region Replication): each new object is
copied there asynchronously, after a lag drawn from a lognormal. Without Replication Time Control
S3 replicates most objects within 15 minutes, with a long tail; with it (`replication_time_control`)
most objects in seconds and 99.99% within 15 minutes. A replica is not replicated again (so rules
may run both ways) and a Region outage loses the objects not yet copied out of it
(`simengine.replication`): the fault's RPO.
"""

from __future__ import annotations

import math
from typing import Any

from simengine.components.base import Component, Gen, Link, Request
from simengine.pricing import USAGE_PRICES
from simengine.replication import region_lost, replications
from simengine.spec import KindSpec, bool_prop, service_ms

PUT_PER_S = 3500.0  # AWS S3 docs: 3,500 PUT/COPY/POST/DELETE per second per prefix
GET_PER_S = 5500.0  # AWS S3 docs: 5,500 GET/HEAD per second per prefix
# Replication lag, lognormal (median s, 1-in-N tail beyond 15 minutes):
# - with RTC: AWS S3 docs, "Meeting compliance requirements with S3 Replication Time Control"
#   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html):
#   "replicates most objects ... in seconds, and 99.99 percent of those objects within 15
#   minutes". Model: median 5 s, P(lag > 900 s) = 1e-4.
# - without: AWS S3 docs, "Replicating objects within and across Regions": most objects within
#   15 minutes, sometimes longer (no SLA). Model assumption: median 10 s, P(lag > 900 s) = 1%.
RTC_MEDIAN_S, RTC_Z = 5.0, 3.719  # z of the 99.99th percentile
CRR_MEDIAN_S, CRR_Z = 10.0, 2.326  # z of the 99th percentile
FIFTEEN_MIN_S = 900.0


PROPS = (
    service_ms(30.0, "Time to get or put one object."),
    bool_prop(
        "events", True, "On each write, send an event notification along the outgoing edges."
    ),
    bool_prop(
        "replication_time_control",
        False,
        "Replication to another bucket: S3 RTC copies 99.99% of objects within 15 minutes.",
        "AWS S3 docs: S3 Replication Time Control (S3 RTC)",
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
        self.n_get = self.n_put = self.notified = self.throttled = self.replicated_in = 0
        rtc = bool(self.props["replication_time_control"])
        median, z = (RTC_MEDIAN_S, RTC_Z) if rtc else (CRR_MEDIAN_S, CRR_Z)
        mu, sigma = math.log(median), math.log(FIFTEEN_MIN_S / median) / z
        normal = self.sim.stream(self.id, "replication").normal
        self.replicas = replications(self, lambda: math.exp(mu + sigma * normal()))
        self.notify = [lk for lk in self.links if lk.id not in self.replicas]

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
            self._notify(req)
            for rep in self.replicas.values():
                rep.send(req)
        else:
            self.n_get += 1
        return None
        yield  # pragma: no cover

    def _notify(self, req: Request) -> None:
        if self.props["events"]:
            for link in self.notify:
                link.calls += 1
                self.notified += 1
                link.dst.publish(req, link)

    def apply_replicated(self, req: Request, link: Link) -> None:
        """An object copied here by a replication rule: stored and announced, never replicated
        on (S3 does not replicate replicas, so two-way rules do not loop)."""
        self.replicated_in += 1
        self._notify(req)

    def on_region(self, region: str, up: bool) -> None:
        super().on_region(region, up)
        if not up:
            region_lost(self, self.replicas, region)

    def summary_extra(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "gets": self.n_get,
            "puts": self.n_put,
            "event_notifications": self.notified,
            "throttled": self.throttled,
        }
        if any(lk.src.kind == self.kind for lk in self.in_links):  # a replica
            out["replicated_objects_in"] = self.replicated_in
        return out

    def usage_cost(self) -> float:
        return (
            self.n_get * USAGE_PRICES["s3_per_thousand_gets"]
            + self.n_put * USAGE_PRICES["s3_per_thousand_puts"]
        ) / 1000.0
