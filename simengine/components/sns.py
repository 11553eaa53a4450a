"""SNS: publish once, deliver a copy to every subscriber (fan-out).

A publish (an async edge in, or a sync edge taking `service_ms`) is copied to every outgoing
edge: into an SQS queue, as an asynchronous Lambda invocation, or as an HTTP call to anything
else. A failed HTTP delivery is retried `delivery_retries` times, `retry_delay_s` apart (AWS SNS
docs: the default HTTP/S delivery policy), then dropped.
"""

from __future__ import annotations

from typing import Any

from simpy.events import Timeout

from simengine.components.base import Component, Gen, Link, Request
from simengine.pricing import USAGE_PRICES
from simengine.spec import HOUR_S, KindSpec, float_prop, int_prop, service_ms
from simengine.walker import Walker

PROPS = (
    int_prop(
        "delivery_retries",
        3,
        0,
        100,
        "retries",
        "Retries of a failed delivery to one subscriber before it is dropped.",
        "AWS SNS docs: default HTTP/S delivery policy retries 3 times",
    ),
    float_prop(
        "retry_delay_s",
        20.0,
        1.0,
        HOUR_S,
        "s",
        "Wait before retrying a failed delivery.",
        "AWS SNS docs: default HTTP/S delivery policy minimum delay 20 s",
    ),
    service_ms(20.0, "Time to accept a publish and hand copies to subscribers."),
)

SPEC = KindSpec(
    "sns",
    "SNS topic",
    "Messaging",
    "regional",
    "Publish once, deliver a copy to every subscriber (fan-out).",
    ("sqs", "lambda", "external"),
    PROPS,
    accepts_async=True,
    delivers=True,
)


class Sns(Component):
    spec = SPEC
    ends_user_path = True
    is_router = True

    def start(self) -> None:
        self.published = self.delivered = self.failed_deliveries = self.retried = 0
        self.lost = 0  # asynchronous publishes made while the topic was down

    def publish(self, req: Request, link: Any) -> None:
        if self.down:  # the publish failed: no subscriber gets a copy
            self.lost += 1
        else:
            self.fan_out(req)

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        self.answer_in(req, float(self.props["service_ms"]))
        self.fan_out(req)
        return None
        yield  # pragma: no cover

    def fan_out(self, req: Request) -> None:
        self.published += 1
        for link in self.links:
            link.calls += 1
            if link.dst.kind in ("sqs", "lambda"):
                self.delivered += 1
                link.dst.publish(req, link)
            else:
                msg = req.client.spawn_message(req) if req.client is not None else req
                Walker(self.env, self._deliver(msg, link))

    def _deliver(self, req: Request, link: Link) -> Gen:
        retries = int(self.props["delivery_retries"])
        for attempt in range(retries + 1):
            if attempt:
                self.retried += 1
                yield Timeout(self.env, float(self.props["retry_delay_s"]))
            req.pending = link.lat
            cause = yield from link.dst.handle(req)
            if cause is None:
                self.delivered += 1
                return None
        self.failed_deliveries += 1
        return self.fail("dropped")

    def summary_extra(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "delivered": self.delivered,
            "failed_deliveries": self.failed_deliveries,
            "retried": self.retried,
            "lost": self.lost,
            "subscribers": len(self.links),
        }

    def usage_cost(self) -> float:
        return self.published * USAGE_PRICES["sns_per_million_publishes"] / 1e6
