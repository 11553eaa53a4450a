"""Lambda: runs the function once per call in an execution environment started on demand.

Modelled AWS behaviour (AWS Lambda Developer Guide):
- Concurrency: executions running at once. All functions of a Region share the account's
  `concurrency_limit` (1,000 by default); `reserved_concurrency` caps (and reserves) one
  function. A synchronous call beyond the limit is throttled (429, "throttled"); an
  asynchronous one (events from S3, SNS, async edges) waits in Lambda's internal queue and is
  retried with backoff.
- Cold starts: a call that finds no idle environment starts a new one (`cold_start_ms` extra);
  idle environments are reclaimed after `idle_s` (AWS does not document this; model assumption).
- The call runs `service_ms` (its own work), then calls the function's outgoing edges, holding
  its concurrency until the handler returns (waiting on a database counts, and is billed).
  It fails with "timeout" if it runs longer than `timeout_s`.
- Billed per request and per GB-second (memory x duration).
- As an SQS consumer (an edge sqs -> lambda) it polls with batches of `batch_size`.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.components.base import Component, Gen, Request
from simengine.components.sqs_pollers import LAMBDA_POLLERS_PER_MIN, LAMBDA_START_POLLERS
from simengine.pricing import USAGE_PRICES
from simengine.rng import sampler
from simengine.spec import (
    APP_TARGETS,
    SERVICE_CV,
    SERVICE_DIST,
    KindSpec,
    float_prop,
    int_prop,
    service_ms,
)
from simengine.walker import Walker

if TYPE_CHECKING:
    from simengine.components.sqs import Sqs
    from simengine.design import Node

ASYNC_RETRY_MAX_S = 300.0  # model assumption: backoff cap for throttled async events
ASYNC_MAX_AGE_S = 21_600.0  # AWS Lambda docs: async events are kept up to 6 hours


PROPS = (
    int_prop(
        "memory_mb",
        128,
        128,
        10_240,
        "MB",
        "Memory per environment; CPU grows with it (1,769 MB is one vCPU).",
        "AWS Lambda docs: default memory 128 MB, up to 10,240 MB; 1,769 MB = 1 vCPU",
    ),
    int_prop(
        "concurrency_limit",
        1000,
        1,
        100_000,
        "executions",
        "Environments running at once in this Region; beyond it calls are throttled (429).",
        "AWS Lambda docs: 1,000 concurrent executions per Region by default",
    ),
    int_prop(
        "reserved_concurrency",
        0,
        0,
        100_000,
        "executions",
        "Executions kept for this function alone and also its cap; 0 means not reserved.",
    ),
    float_prop(
        "cold_start_ms",
        250.0,
        0.0,
        60_000.0,
        "ms",
        "Extra time when a call needs a new execution environment.",
    ),
    float_prop(
        "idle_s",
        600.0,
        0.0,
        7200.0,
        "s",
        "An idle environment is reclaimed after this long, so the next call starts cold.",
    ),
    service_ms(50.0, "Mean time the function runs per call (warm)."),
    SERVICE_DIST,
    SERVICE_CV,
    float_prop(
        "timeout_s",
        3.0,
        1.0,
        900.0,
        "s",
        "The call fails after running this long.",
        "AWS Lambda docs: default timeout 3 s, maximum 900 s",
    ),
    int_prop(
        "batch_size",
        10,
        1,
        10_000,
        "messages",
        "Messages per invocation when the function reads from SQS.",
        "AWS Lambda docs: SQS event source default batch size 10",
    ),
)


def _concurrency(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["reserved_concurrency"] > p["concurrency_limit"]:
        yield (
            "reserved_concurrency",
            (f"must be at most the Region's concurrency_limit ({p['concurrency_limit']})"),
        )


SPEC = KindSpec(
    "lambda",
    "Lambda function",
    "Compute",
    "regional",
    "Runs code per request in environments that start on demand (cold starts).",
    APP_TARGETS,
    PROPS,
    accepts_async=True,
    rules=(_concurrency,),
)


class LambdaFn(Component):
    spec = SPEC

    def start(self) -> None:
        p = self.props
        # reserved_concurrency 0 means none reserved: the function shares the Region's limit
        self.limit = int(p["reserved_concurrency"]) or int(p["concurrency_limit"])
        self.running = 0
        self.idle: list[float] = []  # times environments became idle (most recent last)
        mean = float(p["service_ms"]) / 1000.0
        self.sample = sampler(p["service_dist"], mean, self.sim.stream(self.id, "duration"))
        self.invocations = self.cold_starts = self.throttles = 0
        self.gb_seconds = 0.0
        self.envs = 0
        self.stats.cap = self.limit
        self._warned = -1e9
        # executions running in each Region: its concurrency_limit is shared by its functions
        self.by_region: dict[str | None, int] = self.sim.shared("lambda_running", dict)

    def _region_running(self) -> int:
        return self.by_region.get(self.region, 0)

    def _region_add(self, k: int) -> None:
        self.by_region[self.region] = self._region_running() + k

    def has_room(self) -> bool:
        regional = int(self.props["concurrency_limit"])
        return self.running < self.limit and self._region_running() < regional

    # --- invocations ------------------------------------------------------------------------
    def handle(self, req: Request) -> Gen:
        st = self.stats
        if self.down:
            return (yield from self.unavailable())
        if not self.has_room():
            st.arrivals += 1
            st.w_arrivals += 1
            self.throttles += 1
            if self.env.now - self._warned > 10:
                self._warned = self.env.now
                self.sim.event(
                    "throttling",
                    self.id,
                    f"{self.id}: {self.running} executions "
                    f"running, at its concurrency limit: calls are throttled (429)",
                )
            return self.fail("throttled")
        self._reserve()
        return (yield from self.invoke(req, 1))

    def _reserve(self) -> None:
        """Take one execution of the concurrency limit (before any waiting, so two calls
        arriving together cannot both take the last one)."""
        self.running += 1
        self._region_add(1)

    def invoke(self, req: Request, batch: int) -> Gen:
        """Run one invocation in an execution reserved with `_reserve`."""
        env = self.env
        st = self.stats
        yield from self.settle(req)
        t0 = env.now
        st.touch(t0)
        st.arrivals += 1
        st.w_arrivals += 1
        st.n += 1
        st.busy += 1
        self.invocations += 1
        now = t0
        idle_s = float(self.props["idle_s"])
        while self.idle and now - self.idle[0] > idle_s:
            self.idle.pop(0)
            self.envs -= 1
        cold = 0.0
        if self.idle:
            self.idle.pop()
        else:
            self.cold_starts += 1
            self.envs += 1
            cold = float(self.props["cold_start_ms"]) / 1000.0
        work = sum(self.sample() for _ in range(batch)) + cold
        limit = float(self.props["timeout_s"])
        cause = None
        if work > limit:
            work, cause = limit, "timeout"
        yield Timeout(env, work)
        now = env.now
        st.touch(now)
        st.n -= 1
        st.win.add(now - t0)
        if cause is None:
            st.completed += 1
            if self.links:
                cause = yield from self.call_links(req)
                if cause is None and env.now - t0 > limit:
                    cause = "timeout"
        else:
            self.fail(cause)
        end = env.now
        st.touch(end)
        st.busy -= 1
        self.running -= 1
        self._region_add(-1)
        self.idle.append(end)
        self.gb_seconds += (end - t0) * float(self.props["memory_mb"]) / 1024.0
        return cause

    def publish(self, req: Request, link: Any) -> None:
        """An asynchronous invocation: queued inside Lambda, retried while throttled."""
        msg = req.client.spawn_message(req) if req.client is not None else req
        msg.pending = link.lat
        Walker(self._async(msg))

    def _async(self, req: Request) -> Gen:
        born = self.env.now
        wait = 1.0
        while not self.has_room() or self.down:
            if self.env.now - born > ASYNC_MAX_AGE_S:
                return self.fail("dropped")
            yield Timeout(self.env, wait)
            wait = min(ASYNC_RETRY_MAX_S, wait * 2)
        self._reserve()
        return (yield from self.invoke(req, 1))

    # --- SQS event source mapping -------------------------------------------------------------
    def sqs_pollers(self, queue: Sqs, link: Any) -> Generator[Event, Any, None]:
        """Scale pollers with the backlog, as the SQS event source does."""
        pollers = 0
        target = LAMBDA_START_POLLERS
        while True:
            target = min(self.limit, target)
            while pollers < target:
                pollers += 1
                self.env.process(self._poll(queue, link))
            yield Timeout(self.env, 60.0)
            if queue.backlog() > 0:
                target += LAMBDA_POLLERS_PER_MIN

    def _poll(self, queue: Sqs, link: Any) -> Generator[Event, Any, None]:
        batch = int(self.props["batch_size"])
        while True:
            if not self.has_room() or self.down:
                yield Timeout(self.env, 1.0)
                continue
            msgs = queue.receive(min(batch, 10))
            if not msgs:
                ev = queue.wait_for_message()
                yield ev | Timeout(self.env, 20.0)
                if not ev.triggered:
                    queue.waiters.remove(ev)
                continue
            link.calls += len(msgs)
            req = msgs[0].req.retry(self.env.now)
            req.pending = link.lat
            self._reserve()
            cause = yield from self.invoke(req, len(msgs))
            if cause is None:
                for msg in msgs:
                    queue.delete(msg)

    # --- figures ----------------------------------------------------------------------------
    def frame_extra(self) -> dict[str, Any]:
        return {"running": self.running, "environments": self.envs}

    def summary_extra(self) -> dict[str, Any]:
        return {
            "invocations": self.invocations,
            "cold_starts": self.cold_starts,
            "throttles": self.throttles,
            "concurrency_limit": self.limit,
            "gb_seconds": self.gb_seconds,
        }

    def usage_cost(self) -> float:
        return (
            self.invocations * USAGE_PRICES["lambda_per_million_requests"] / 1e6
            + self.gb_seconds * USAGE_PRICES["lambda_per_gb_second"]
        )
