"""SQS (standard queue): holds messages until consumers poll, at least once.

Modelled AWS behaviour (Amazon SQS Developer Guide):
- A producer sends (an async edge in, or a sync edge taking `service_ms`); the message becomes
  visible after `delay_s`. Order is best effort.
- Consumers are the queue's outgoing edges. Each instance of an asg/ec2 consumer runs
  `concurrency` pollers; a poller receives up to `batch_size` messages (at most 10), waiting up
  to `long_poll_s` for one to arrive (long polling), and processes them on its instance. A
  Lambda consumer is an event source mapping: pollers start at 5 and grow by up to 300 a minute
  while there is a backlog, each invoking the function with a batch.
- A received message is invisible for `visibility_timeout_s`. Deleted after successful
  processing; if not deleted in time (processing failed, or took too long) it becomes visible
  again and is delivered again (so a slow consumer processes duplicates). Each receive counts;
  a message received more than `max_receives` times moves to the dead-letter queue.
- A message older than `retention_s` is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.components.base import Component, Gen, Request
from simengine.components.sqs_pollers import supervise
from simengine.pricing import USAGE_PRICES
from simengine.props import fmt_number
from simengine.spec import Add, KindSpec, int_prop, service_ms

if TYPE_CHECKING:
    from simengine.design import Design, Node

DLQ_WARN_EVERY_S = 30.0


PROPS = (
    int_prop(
        "visibility_timeout_s",
        30,
        0,
        43_200,
        "s",
        "A received message stays hidden this long; not deleted by then, it is delivered again.",
        "AWS SQS docs: visibility timeout default 30 s, maximum 12 h",
    ),
    int_prop(
        "max_receives",
        10,
        1,
        1000,
        "receives",
        "After this many receives a message moves to the dead-letter queue.",
        "AWS SQS console: redrive policy maximum receives default 10",
    ),
    int_prop(
        "batch_size",
        10,
        1,
        10,
        "messages",
        "Messages a consumer takes per receive.",
        "AWS SQS docs: at most 10 messages per ReceiveMessage",
    ),
    int_prop(
        "long_poll_s",
        20,
        0,
        20,
        "s",
        "A receive waits up to this long for a message (0 = short polling).",
        "AWS SQS docs: long polling up to 20 s (queue default 0; consumers usually use 20)",
    ),
    int_prop(
        "retention_s",
        345_600,
        60,
        1_209_600,
        "s",
        "Messages older than this are deleted.",
        "AWS SQS docs: retention default 4 days, 60 s to 14 days",
    ),
    int_prop(
        "delay_s",
        0,
        0,
        900,
        "s",
        "New messages stay invisible this long.",
        "AWS SQS docs: delivery delay default 0, maximum 15 min",
    ),
    service_ms(10.0, "Time to send or receive one message."),
)


def _feeds_lambda(design: Design, node: Node, paths: Mapping[str, str], add: Add) -> None:
    """AWS refuses an SQS event source whose visibility timeout is shorter than the function's
    timeout (AWS Lambda docs, "Using Lambda with Amazon SQS")."""
    for edge in design.out_edges(node.id):
        function = design.node(edge.target)
        if function.kind != "lambda":
            continue
        if node.props["visibility_timeout_s"] < function.props["timeout_s"]:
            add(
                paths[edge.id],
                f"{node.id}'s visibility_timeout_s ({node.props['visibility_timeout_s']} s) must "
                f"be at least {function.id}'s timeout_s ({fmt_number(function.props['timeout_s'])}"
                " s): AWS refuses this event source",
            )


SPEC = KindSpec(
    "sqs",
    "SQS queue",
    "Messaging",
    "regional",
    "Holds messages until a consumer polls; at-least-once, with a dead-letter queue.",
    ("asg", "ec2", "lambda"),
    PROPS,
    accepts_async=True,
    wiring_rules=(_feeds_lambda,),
    delivers=True,
)


class Message:
    __slots__ = ("req", "sent", "receives", "receipt", "deleted", "processed", "visible")

    def __init__(self, req: Request, sent: float) -> None:
        self.req = req
        self.sent = sent
        self.receives = 0
        self.receipt = 0
        self.deleted = False
        self.processed = 0
        self.visible = False


class Sqs(Component):
    spec = SPEC
    ends_user_path = True

    @classmethod
    def summary_row(cls, nid: str, n: Mapping[str, Any]) -> tuple[str, str]:
        """A queue serves nobody: its figures are messages, told in a line after the table."""
        row = f"{nid[:17]:<18}{n['kind']:<15}{n['sent']:>10,}{n['errors']:>8,}"
        line = (
            f"queue {nid}: {n['sent']:,} messages sent, {n['deleted']:,} processed, "
            f"{n['redelivered']:,} delivered again, {n['dead_lettered']:,} to the "
            f"dead-letter queue; {n['depth']:,} waiting at the end "
            f"(oldest {n['oldest_age_s']:.1f} s)"
        )
        if n["lost"]:
            line += f"; {n['lost']:,} lost, sent while the queue was down"
        return row, line

    is_router = True

    def start(self) -> None:
        self.queue: deque[Message] = deque()
        self.visible = 0
        self.inflight = 0
        self.waiters: deque[Event] = deque()
        self.sent = self.received = self.deleted = self.redelivered = self.to_dlq = 0
        self.expired = self.dup_applied = self.dup_ignored = 0
        self.lost = 0  # sent while the queue was down (an outage of it, its AZ or its Region)
        self.dlq: list[Message] = []
        self._dlq_warned = -1e9
        self.polled: set[Any] = set()
        self.env.process(supervise(self))

    # --- producers --------------------------------------------------------------------------
    def publish(self, req: Request, link: Any) -> None:
        msg_req = req.client.spawn_message(req) if req.client is not None else req
        self.enqueue(msg_req)

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        self.answer_in(req, float(self.props["service_ms"]))
        copy = req.client.spawn_message(req) if req.client is not None else req
        self.enqueue(copy)
        return None
        yield  # pragma: no cover

    def enqueue(self, req: Request) -> None:
        if self.down:  # the producer's send failed: the message is never stored
            self.lost += 1
            return
        self.sent += 1
        msg = Message(req, self.env.now)
        delay = float(self.props["delay_s"])
        if delay > 0:
            Timeout(self.env, delay).callbacks.append(lambda _e: self._show(msg))
        else:
            self._show(msg)

    def _show(self, msg: Message) -> None:
        if msg.deleted:
            return
        msg.visible = True
        self.visible += 1
        self.queue.append(msg)
        while self.waiters:
            ev = self.waiters.popleft()
            if not ev.triggered:
                ev.succeed()
                break

    # --- consumers --------------------------------------------------------------------------
    def receive(self, n: int) -> list[Message]:
        out: list[Message] = []
        now = self.env.now
        vt = float(self.props["visibility_timeout_s"])
        max_rx = int(self.props["max_receives"])
        retention = float(self.props["retention_s"])
        while self.queue and len(out) < n:
            msg = self.queue.popleft()
            if msg.deleted or not msg.visible:
                continue
            msg.visible = False
            self.visible -= 1
            if now - msg.sent > retention:
                msg.deleted = True
                self.expired += 1
                continue
            if msg.receives >= max_rx:
                self._dead_letter(msg, max_rx)
                continue
            msg.receives += 1
            msg.receipt += 1
            self.received += 1
            self.inflight += 1
            receipt = msg.receipt
            Timeout(self.env, vt).callbacks.append(lambda _e, m=msg, r=receipt: self._expire(m, r))
            out.append(msg)
        return out

    def _dead_letter(self, msg: Message, max_rx: int) -> None:
        msg.deleted = True
        self.to_dlq += 1
        self.dlq.append(msg)
        if self.env.now - self._dlq_warned > DLQ_WARN_EVERY_S:
            self._dlq_warned = self.env.now
            self.sim.event(
                "dlq",
                self.id,
                f"{self.id}: a message was received {max_rx} times "
                f"without being deleted and moved to the dead-letter queue "
                f"({self.to_dlq} there now)",
            )

    def _expire(self, msg: Message, receipt: int) -> None:
        if msg.deleted or msg.receipt != receipt:
            return
        self.inflight -= 1
        self.redelivered += 1
        self._show(msg)

    def delete(self, msg: Message) -> None:
        """A consumer processed the message; duplicates are counted here."""
        msg.processed += 1
        if msg.processed > 1:
            if msg.req.client is not None and msg.req.client.idempotent:
                self.dup_ignored += 1
            else:
                self.dup_applied += 1
        if not msg.deleted:
            msg.deleted = True
            self.deleted += 1
            if not msg.visible:
                self.inflight -= 1
            else:
                msg.visible = False
                self.visible -= 1

    def wait_for_message(self) -> Event:
        ev = Event(self.env)
        self.waiters.append(ev)
        return ev

    def backlog(self) -> int:
        return self.visible

    def oldest_age(self) -> float:
        now = self.env.now
        for msg in self.queue:
            if msg.visible and not msg.deleted:
                return now - msg.sent
        return 0.0

    # --- figures ----------------------------------------------------------------------------
    def frame_extra(self) -> dict[str, Any]:
        return {
            "depth": self.visible,
            "in_flight": self.inflight,
            "oldest_age_s": self.oldest_age(),
            "dlq": self.to_dlq,
        }

    def summary_extra(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "received": self.received,
            "deleted": self.deleted,
            "redelivered": self.redelivered,
            "dead_lettered": self.to_dlq,
            "expired": self.expired,
            "lost": self.lost,
            "depth": self.visible,
            "in_flight": self.inflight,
            "oldest_age_s": self.oldest_age(),
            "duplicates_applied": self.dup_applied,
            "duplicates_ignored": self.dup_ignored,
        }

    def saturation(self) -> float:
        return 1.0 if self.visible > 1000 and self.oldest_age() > 60 else 0.0

    def usage_cost(self) -> float:
        # sends, receives and deletes are each a request
        return (
            (self.sent + self.received + self.deleted)
            * USAGE_PRICES["sqs_per_million_requests"]
            / 1e6
        )
