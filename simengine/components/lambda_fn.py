"""Lambda: runs the function once per call in an execution environment started on demand.

Modelled AWS behaviour (AWS Lambda Developer Guide):
- Concurrency (`lambda_capacity.py`): executions running at once. All functions of a Region
  share the account's `concurrency_limit` (1,000 by default); `reserved_concurrency` gives one
  function executions of its own, which are also its cap and are carved out of what the
  Region's other functions share. A function adds at most 1,000 execution environments per
  10 s (its scaling rate). A synchronous call beyond either is throttled (429, "throttled");
  an asynchronous one (events from S3, SNS, async edges) waits in Lambda's internal queue and
  is retried with backoff.
- Cold starts: a call that finds no idle environment starts a new one (`cold_start_ms` extra);
  idle environments are reclaimed after `idle_s` (AWS does not document this; model assumption).
- The call runs `service_ms` on average (drawn from `service_dist`, `service_cv` for a lognormal),
  then calls the function's outgoing edges, holding its concurrency until the handler returns
  (waiting on a database counts, and is billed). An async event that ages out or fails is lost.
  It fails with "timeout" if it runs longer than `timeout_s`.
- Billed per request and per GB-second; as an SQS consumer it polls batches of `batch_size`.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.components.base import Component, Gen, Request
from simengine.components.lambda_capacity import (
    Capacity,
    region_reservations_rule,
    reservation_rule,
)
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

ASYNC_RETRY_MAX_S = 300.0  # model assumption: backoff cap for throttled async events
ASYNC_MAX_AGE_S = 21_600.0  # AWS Lambda docs: async events are kept up to 6 hours


PROPS = (
    int_prop(
        "memory_mb",
        128,
        128,
        10_240,
        "MB",
        "Memory per environment: what each GB-second costs. In AWS CPU grows with memory "
        "(1,769 MB is one vCPU); here Service (ms) is the time at the memory you set, so "
        "more memory only costs more.",
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
        "Executions kept for this function alone and also its cap, taken out of what the "
        "Region's other functions share (AWS keeps 100 unreserved); 0 means not reserved.",
        "AWS Lambda docs, Configuring reserved concurrency: reserved concurrency is the most "
        "the function may run, and no other function can use it",
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


SPEC = KindSpec(
    "lambda",
    "Lambda function",
    "Compute",
    "regional",
    "Runs code per request in environments that start on demand (cold starts).",
    APP_TARGETS,
    PROPS,
    accepts_async=True,
    rules=(reservation_rule,),
    wiring_rules=(region_reservations_rule,),
)


class LambdaFn(Component):
    spec = SPEC

    def connect(self) -> None:
        super().connect()
        # before any start(): every reservation of the Region is known when functions start
        self.cap = Capacity(self)

    def start(self) -> None:
        p = self.props
        self.limit = self.cap.limit
        self.idle: list[float] = []  # times environments became idle (most recent last)
        mean = float(p["service_ms"]) / 1000.0
        cv = float(p["service_cv"])
        sigma = math.sqrt(math.log(1.0 + cv * cv))  # lognormal: cv^2 = exp(sigma^2) - 1
        self.sample = sampler(p["service_dist"], mean, self.sim.stream(self.id, "duration"), sigma)
        self.invocations = self.cold_starts = self.throttles = 0
        self.async_failed = 0  # asynchronous events that never ran, or ran and failed
        self.gb_seconds = 0.0
        self.envs = 0
        self.stats.cap = self.limit
        self._warned = -1e9

    @property
    def running(self) -> int:
        return self.cap.running

    def has_room(self) -> bool:
        return self.cap.has_room()

    def _environment(self) -> bool | None:
        """An execution environment for a call now: False for an idle (warm) one, True for a
        new one (a cold start), None when the function may not add one yet (scaling rate)."""
        now = self.env.now
        self._reclaim(now)
        if self.idle:
            self.idle.pop()
            return False
        if not self.cap.new_environment(now):
            return None
        self.cold_starts += 1
        self.envs += 1
        return True

    def _reclaim(self, now: float) -> None:
        """Environments idle longer than `idle_s` are gone."""
        idle_s = float(self.props["idle_s"])
        while self.idle and now - self.idle[0] > idle_s:
            self.idle.pop(0)
            self.envs -= 1

    def _can_start(self) -> bool:
        """Would `_environment` find or start one now (without taking it)?"""
        self._reclaim(self.env.now)
        return bool(self.idle) or self.cap.can_add(self.env.now)

    def _admit(self) -> bool | None:
        """Room and an environment for one more execution (taken now), or None."""
        if self.down or not self.cap.has_room():
            return None
        cold = self._environment()
        if cold is not None:
            self.cap.take()
        return cold

    # --- invocations ------------------------------------------------------------------------
    def handle(self, req: Request) -> Gen:
        st = self.stats
        if self.down:
            return (yield from self.unavailable())
        cold = self._admit()
        if cold is None:
            st.arrivals += 1
            st.w_arrivals += 1
            self.throttles += 1
            if self.env.now - self._warned > 10:
                self._warned = self.env.now
                self.sim.event("throttling", self.id, self._throttle_reason())
            return self.fail("throttled")
        return (yield from self.invoke(req, 1, cold))

    def _throttle_reason(self) -> str:
        if not self.cap.has_room():
            return (
                f"{self.id}: {self.running} executions running, at its concurrency limit "
                f"({self.cap.limit}): calls are throttled (429)"
            )
        return (
            f"{self.id}: adding execution environments faster than Lambda's scaling rate "
            "(1,000 per 10 s per function): calls are throttled (429)"
        )

    def invoke(self, req: Request, batch: int, cold: bool) -> Gen:
        """Run one invocation in an execution taken with `_admit`."""
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
        cold_s = float(self.props["cold_start_ms"]) / 1000.0 if cold else 0.0
        scale = req.client.task.factor(1.0) if req.client is not None else 1.0  # no GPU
        work = sum(self.sample() for _ in range(batch)) * scale + cold_s
        limit = float(self.props["timeout_s"])
        cause = None
        if work > limit:
            work, cause = limit, "timeout"
        yield float(work)  # a sleep (simengine.kernel)
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
        self.cap.release()
        self.idle.append(end)
        self.gb_seconds += (end - t0) * float(self.props["memory_mb"]) / 1024.0
        return cause

    def publish(self, req: Request, link: Any) -> None:
        """An asynchronous invocation: queued inside Lambda, retried while throttled."""
        msg = req.client.spawn_message(req) if req.client is not None else req
        msg.pending = link.lat
        Walker(self.env, self._async(msg))

    def _async(self, req: Request) -> Gen:
        born = self.env.now
        wait = 1.0
        while (cold := self._admit()) is None:
            if self.env.now - born > ASYNC_MAX_AGE_S:
                self.async_failed += 1
                return self.fail("dropped")
            yield wait
            wait = min(ASYNC_RETRY_MAX_S, wait * 2)
        cause = yield from self.invoke(req, 1, cold)
        if cause is not None:  # the event ran and failed: nobody waits to see it
            self.async_failed += 1
        return cause

    # --- SQS event source mapping -------------------------------------------------------------
    def sqs_pollers(self, queue: Sqs, link: Any) -> Generator[Event, Any, None]:
        """Scale pollers with the backlog, as the SQS event source does."""
        pollers = 0
        target = LAMBDA_START_POLLERS
        while True:
            target = min(self.cap.limit, target)
            while pollers < target:
                pollers += 1
                self.env.process(self._poll(queue, link))
            yield Timeout(self.env, 60.0)
            if queue.backlog() > 0:
                target += LAMBDA_POLLERS_PER_MIN

    def _poll(self, queue: Sqs, link: Any) -> Generator[Event, Any, None]:
        batch = int(self.props["batch_size"])
        while True:
            if not self.has_room() or self.down or not self._can_start():
                yield Timeout(self.env, 1.0)  # no room, or no environment yet (scaling rate)
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
            cold = self._admit()  # checked above, with no wait since: it succeeds
            assert cold is not None
            cause = yield from self.invoke(req, len(msgs), cold)
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
            "async_failed": self.async_failed,
            "concurrency_limit": self.cap.limit,
            "gb_seconds": self.gb_seconds,
        }

    def usage_cost(self) -> float:
        return (
            self.invocations * USAGE_PRICES["lambda_per_million_requests"] / 1e6
            + self.gb_seconds * USAGE_PRICES["lambda_per_gb_second"]
        )
