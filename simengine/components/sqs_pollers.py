"""The consumers of an SQS queue, polling it (Amazon SQS Developer Guide; AWS Lambda Developer
Guide, "Using Lambda with Amazon SQS").

Each instance of an asg/ec2 consumer runs `concurrency` pollers; a poller receives up to
`batch_size` messages, waiting up to `long_poll_s` for one (long polling) or pausing
SHORT_POLL_PAUSE_S between empty receives (short polling), and processes them on its instance,
deleting each one it processed successfully. A Lambda consumer is an event source mapping
(`LambdaFn.sqs_pollers`): pollers start at LAMBDA_START_POLLERS and grow by up to
LAMBDA_POLLERS_PER_MIN a minute while there is a backlog. These are the queue's own processes
(started by `Sqs.start`), kept here so that the queue's module is about the queue.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

if TYPE_CHECKING:
    from simengine.components.compute import Instance
    from simengine.components.sqs import Sqs

LAMBDA_START_POLLERS = 5  # AWS Lambda docs: SQS event source starts with 5 concurrent batches
LAMBDA_POLLERS_PER_MIN = 300  # AWS Lambda docs: scales up by up to 300 per minute
SHORT_POLL_PAUSE_S = 1.0  # model assumption: a short-polling consumer retries after 1 s


def supervise(queue: Sqs) -> Generator[Event, Any, None]:
    """Give every consumer instance its pollers (instances come and go with scaling)."""
    lambdas = [lk for lk in queue.links if lk.dst.kind == "lambda"]
    for link in lambdas:
        queue.env.process(link.dst.sqs_pollers(queue, link))
    while True:
        for link in queue.links:
            for inst in getattr(link.dst, "instances", []):
                if inst not in queue.polled and inst.state == "in_service" and inst.alive:
                    queue.polled.add(inst)
                    for _ in range(inst.cap):
                        queue.env.process(poll(queue, inst, link))
        yield Timeout(queue.env, 1.0)


def poll(queue: Sqs, inst: Instance, link: Any) -> Generator[Event, Any, None]:
    batch = int(queue.props["batch_size"])
    wait_s = float(queue.props["long_poll_s"])
    gen = inst.gen
    while inst.state == "in_service" and inst.alive and inst.gen == gen:
        msgs = queue.receive(batch) if not queue.down else []
        if not msgs:
            if wait_s > 0:
                ev = queue.wait_for_message()
                yield ev | Timeout(queue.env, wait_s)
                if not ev.triggered:
                    queue.waiters.remove(ev)
            else:
                yield Timeout(queue.env, SHORT_POLL_PAUSE_S)
            continue
        for msg in msgs:
            link.calls += 1
            req = msg.req.retry(queue.env.now) if msg.receives > 1 else msg.req
            req.pending = link.lat
            cause = yield from inst.serve(req)
            if cause is None:
                queue.delete(msg)
    queue.polled.discard(inst)
