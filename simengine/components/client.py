"""Client: a group of users somewhere in the world, sending requests and judging the answers.

- Arrivals: constant (evenly spaced), poisson, and poisson with a time-varying rate for step,
  spike and diurnal (drawn by thinning a poisson stream at the peak rate).
- Each request reads (`read_ratio`) or writes, and asks for a key drawn from a Zipf law with
  exponent `key_skew` over `key_count` keys (0: uniform; about 1: a few keys are hot).
- The user waits at most `timeout_ms` per attempt; a failed or timed-out attempt is retried up
  to `retries` times after a backoff (none, exponential, or exponential with full jitter, as in
  the AWS SDKs' standard retry mode). A timed-out attempt keeps running in the system (the
  servers do not know the user left), which is how retries amplify load.
- Circuit breaker: after `cb_failure_threshold` failures in a row the client stops calling for
  `cb_reset_s` (calls fail at once, cause "circuit_open"), then lets one trial through.
- Latency is end to end, as the user sees it: network from `location` included, retries and
  backoff included.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine import network
from simengine.components.base import Component, Gen, Link, Request
from simengine.components.breaker import CircuitBreaker
from simengine.limits import DEFAULT_LIMITS
from simengine.metrics import Histogram, Window
from simengine.outcomes import Outcomes
from simengine.spec import (
    HOUR_S,
    MODEL,
    KindSpec,
    PropSpec,
    bool_prop,
    enum_prop,
    float_prop,
    int_prop,
    ratio_prop,
)
from simengine.traffic import peak_rate, rate_at
from simengine.walker import Walker

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

ZIPF_TABLE_MAX = 200_000  # keys beyond this rank share the tail uniformly (model simplification)


PROPS = (
    float_prop(
        "rate",
        10.0,
        0.0,
        DEFAULT_LIMITS.max_client_rate,
        "req/s",
        "Requests per second this group of users sends (the base rate of the pattern).",
    ),
    enum_prop(
        "pattern",
        "poisson",
        ("constant", "poisson", "step", "spike", "diurnal"),
        "How arrivals are spread in time: evenly, at random, or changing over the run.",
    ),
    ratio_prop("read_ratio", 0.8, "Share of requests that read; the rest write."),
    float_prop(
        "timeout_ms",
        5000.0,
        1.0,
        300_000.0,
        "ms",
        "The client gives up on a request after this long and counts it as failed.",
    ),
    int_prop(
        "retries",
        2,
        0,
        10,
        None,
        "How many times a failed or timed-out request is tried again.",
        "AWS SDKs and Tools reference: standard retry mode makes 3 attempts (2 retries)",
    ),
    enum_prop(
        "backoff",
        "exponential_jitter",
        ("none", "exponential", "exponential_jitter"),
        "Wait between retries: none, doubling, or doubling with random jitter.",
        "AWS SDKs and Tools reference: standard retry mode uses exponential backoff with jitter",
    ),
    float_prop(
        "retry_base_ms",
        100.0,
        0.0,
        60_000.0,
        "ms",
        "First retry waits about this long; each later one waits twice as long.",
        MODEL,
    ),
    float_prop(
        "retry_max_ms",
        20_000.0,
        0.0,
        300_000.0,
        "ms",
        "Longest wait between two retries.",
        "AWS SDKs and Tools reference: standard retry mode caps backoff at 20 s",
    ),
    PropSpec(
        "location",
        "region",
        "us-east-1",
        "Where these users are: sets network latency to each Region.",
        MODEL,
    ),
    int_prop(
        "key_count",
        10_000,
        1,
        10_000_000,
        "keys",
        "How many distinct items (users, products) requests ask for.",
    ),
    float_prop(
        "key_skew",
        0.0,
        0.0,
        3.0,
        None,
        "Zipf exponent of key popularity: 0 is uniform, about 1 makes a few keys hot.",
    ),
    bool_prop(
        "circuit_breaker",
        False,
        "Stop calling after repeated failures, then try again after cb_reset_s.",
    ),
    int_prop(
        "cb_failure_threshold",
        5,
        1,
        1000,
        "failures",
        "Consecutive failures that open the circuit breaker.",
        when=("circuit_breaker", (True,)),
    ),
    float_prop(
        "cb_reset_s",
        30.0,
        0.1,
        HOUR_S,
        "s",
        "How long an open breaker waits before letting one trial request through.",
        when=("circuit_breaker", (True,)),
    ),
    bool_prop(
        "idempotency",
        False,
        "Send an idempotency key so a duplicate delivery is ignored instead of applied twice.",
    ),
    bool_prop(
        "sticky_sessions",
        False,
        "Each user keeps going to the same instance (sessions held in that instance's memory).",
    ),
    float_prop(
        "step_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the step pattern raises the rate.",
        when=("pattern", ("step",)),
    ),
    float_prop(
        "step_multiplier",
        2.0,
        0.0,
        1000.0,
        "x",
        "Rate after the step, as a multiple of rate.",
        when=("pattern", ("step",)),
    ),
    float_prop(
        "spike_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the spike starts.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "spike_duration_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "How long the spike lasts.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "spike_multiplier",
        10.0,
        0.0,
        1000.0,
        "x",
        "Rate during the spike, as a multiple of rate.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "diurnal_period_s",
        600.0,
        1.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "Length of one simulated day (a compressed day-night cycle).",
        when=("pattern", ("diurnal",)),
    ),
    ratio_prop(
        "diurnal_amplitude",
        0.5,
        "How far the rate swings above and below rate (0..1).",
        when=("pattern", ("diurnal",)),
    ),
)


def _pattern(node: Node) -> Iterator[tuple[str, str]]:
    if node.props["pattern"] == "spike" and node.props["spike_duration_s"] <= 0:
        yield "spike_duration_s", "must be more than 0 s for a spike to happen"


SPEC = KindSpec(
    "client",
    "Users",
    "Clients",
    "global",
    "People or devices sending requests from somewhere in the world.",
    ("route53", "cloudfront", "api_gateway", "alb", "ec2", "lambda", "s3"),
    PROPS,
    is_client=True,
    limited_props=(("rate", "max_client_rate"),),
    rules=(_pattern,),
)


class Client(Component):
    spec = SPEC
    is_router = True

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        p = self.props
        self.location = p["location"]
        self.region = self.location
        self.outcomes = sim.shared("outcomes", Outcomes)
        self.arr = sim.stream(self.id, "arrivals")
        self.mix = sim.stream(self.id, "mix")
        self.keys = sim.stream(self.id, "keys")
        self.jitter = sim.stream(self.id, "retry")
        self.total = self.ok = self.failed = 0  # every request since t = 0 (frames)
        self.m_total = self.m_ok = self.m_failed = 0  # born after the warmup (report)
        self.m_cause: dict[str, int] = {}
        self.hist = Histogram()  # latency of measured requests (seconds)
        self.win = Histogram()  # latency of requests finished in the current slice
        self.w_total = self.w_ok = self.w_failed = 0
        self.w_t = 0.0  # start of the current slice
        self.window = Window(sim.window_s)  # closed slices: the last window of a frame
        self.retries_sent = 0
        self.pending_t: deque[tuple[float, Request]] = deque()  # attempts by deadline
        self._compact_at = 4096
        self._configure()

    def _configure(self) -> None:
        p = self.props
        self.rate = float(p["rate"])
        self.pattern = p["pattern"]
        self.read_ratio = float(p["read_ratio"])
        self.timeout_s = float(p["timeout_ms"]) / 1000.0
        self.retries = int(p["retries"])
        self.sticky = bool(p["sticky_sessions"])
        self.idempotent = bool(p["idempotency"])
        old = getattr(self, "breaker", None)
        self.breaker = None
        if p["circuit_breaker"]:  # a live prop change keeps the breaker's state
            self.breaker = old or CircuitBreaker(0, 0.0, self._breaker_event)
            self.breaker.threshold = int(p["cb_failure_threshold"])
            self.breaker.reset_s = float(p["cb_reset_s"])
        n = int(p["key_count"])
        skew = float(p["key_skew"])
        self.key_count = n
        self.zipf: list[float] | None = None
        if skew > 0:
            m = min(n, ZIPF_TABLE_MAX)
            acc, cdf = 0.0, []
            for k in range(1, m + 1):
                acc += k**-skew
                cdf.append(acc)
            self.zipf = [c / acc for c in cdf]

    def apply_props(self, props: dict[str, Any]) -> None:
        super().apply_props(props)
        self._configure()

    def latency_to(self, dst: Component) -> float:
        """From the users' location over the internet to a regional or zonal node; the last
        mile only to a global one (an edge location or DNS is near every user)."""
        if not dst.region:
            return network.LAST_MILE_S
        return network.one_way(self.location, None, dst.region, dst.az, from_internet=True)

    def start(self) -> None:
        self.first = [lk for lk in self.links if not lk.is_async]
        self.weights = [max(0, lk.weight) for lk in self.first]
        if self.first:
            self.env.process(self._arrivals())
            self.env.process(self._sweeper())

    # --- arrivals ---------------------------------------------------------------------------
    def rate_at(self, t: float) -> float:
        return rate_at(self.pattern, self.rate, self.props, t)

    def _arrivals(self) -> Generator[Event, Any, None]:
        env = self.env
        exp = self.arr.exp
        uni = self.arr.uniform
        spawn = self.spawn
        while True:
            rate = self.rate
            if rate <= 0:
                yield Timeout(env, 1.0)
                continue
            pattern = self.pattern
            if pattern == "poisson":
                yield Timeout(env, exp() / rate)
            elif pattern == "constant":
                yield Timeout(env, 1.0 / rate)
            else:
                peak = peak_rate(self.pattern, self.rate, self.props)
                yield Timeout(env, exp() / peak)
                if uni() * peak >= self.rate_at(env._now):
                    continue
            spawn()

    def spawn(self) -> None:
        """A user sends a new request now."""
        now = self.env._now
        req = Request(self.sim.next_id(), self, now, self.mix.uniform() >= self.read_ratio)
        self.total += 1
        self.w_total += 1
        if now >= self.sim.warmup:
            self.m_total += 1
        Walker(self._attempt(req))

    def key_of(self, req: Request) -> int:
        if req.key < 0:
            u = self.keys.uniform()
            if self.zipf is None:
                req.key = int(u * self.key_count)
            else:
                req.key = bisect.bisect_left(self.zipf, u)
        return req.key

    def spawn_message(self, req: Request) -> Request:
        """A copy of the request travelling on an async edge (nobody waits for it). Each copy
        is a delivery of its own (a new id); redeliveries of the same copy keep its id."""
        msg = Request(self.sim.next_id(), self, self.env._now, req.write)
        msg.key = req.key
        msg.done = True
        return msg

    # --- one attempt ------------------------------------------------------------------------
    def _pick(self) -> Link:
        if len(self.first) == 1:
            return self.first[0]
        total = sum(self.weights)
        if total <= 0:
            return self.first[0]
        x = self.mix.uniform() * total
        for link, w in zip(self.first, self.weights, strict=True):
            x -= w
            if x < 0:
                return link
        return self.first[-1]

    def _attempt(self, req: Request) -> Gen:
        env = self.env
        if self.breaker is not None and not self.breaker.admit(req, env._now):
            self._finish(req, "circuit_open", env._now)
            return None
        q = self.pending_t
        q.append((env._now + self.timeout_s, req))
        if len(q) > self._compact_at:  # answered attempts behind a slow one: drop them
            live = [entry for entry in q if not entry[1].done]
            q.clear()
            q.extend(live)
            self._compact_at = max(4096, 2 * len(q))
        link = self._pick()
        link.calls += 1
        req.pending += link.lat
        cause = yield from link.dst.handle(req)
        # The answer still has to travel back (req.pending). Nothing in the system depends on
        # it any more, so the outcome is settled now and dated when it reaches the user.
        t_back = env._now + req.pending + link.lat
        if not req.done and t_back <= self.pending_deadline(req):
            self._finish(req, cause, t_back)
        return None

    def pending_deadline(self, req: Request) -> float:
        return req.born + self.timeout_s

    def _breaker_event(self, state: str, why: str) -> None:
        if state == "open":
            self.sim.event(
                "circuit_open",
                self.id,
                f"{self.id}: circuit breaker opened ({why});"
                f" calls fail fast for {self.breaker.reset_s:g} s",
            )
        else:
            self.sim.event("circuit_closed", self.id, f"{self.id}: {why}; circuit breaker closed")

    def _sweeper(self) -> Generator[Event, Any, None]:
        """Times out attempts. Deadlines arrive in order (one timeout per client), so one
        process sleeping until the oldest unfinished deadline does for every request."""
        env = self.env
        q = self.pending_t
        while True:
            while q and q[0][1].done:
                q.popleft()
            if not q:
                yield Timeout(env, self.timeout_s)
                continue
            deadline, req = q[0]
            if deadline > env._now:
                yield Timeout(env, deadline - env._now)
                continue
            q.popleft()
            self._finish(req, "timeout", env._now)

    def _finish(self, req: Request, cause: str | None, now: float) -> None:
        """An attempt ended (its answer reaches the user at `now`, which may be a little after
        the simulation clock): success, retry, or final failure of the logical request."""
        req.done = True  # this attempt is over (an abandoned attempt may still be running)
        origin = req.origin
        if self.breaker is not None and cause != "circuit_open":
            self.breaker.record(req, cause is None, now)
        if cause is None:
            self._outcome(origin, now, None)
            return
        if req.attempt < self.retries and cause != "circuit_open":
            self.retries_sent += 1
            Walker(self._retry(req, now - self.env._now + self._backoff(req.attempt)))
            return
        self._outcome(origin, now, cause)

    def _backoff(self, attempt: int) -> float:
        p = self.props
        mode = p["backoff"]
        if mode == "none":
            return 0.0
        cap = float(p["retry_max_ms"]) / 1000.0
        d = min(cap, float(p["retry_base_ms"]) / 1000.0 * 2**attempt)
        return d * self.jitter.uniform() if mode == "exponential_jitter" else d

    def _retry(self, req: Request, delay: float) -> Gen:
        if delay > 0:
            yield Timeout(self.env, delay)
        yield from self._attempt(req.retry(self.env._now))
        return None

    def _outcome(self, origin: Request, now: float, cause: str | None) -> None:
        origin.done = True
        measured = origin.born >= self.sim.warmup
        if cause is None:
            self.ok += 1
            self.w_ok += 1
            lat = now - origin.born
            self.win.add(lat)
            if measured:
                self.m_ok += 1
                self.hist.add(lat)
        else:
            self.failed += 1
            self.w_failed += 1
            if measured:
                self.m_failed += 1
                self.m_cause[cause] = self.m_cause.get(cause, 0) + 1
        self.outcomes.record(now, cause is None)

    # --- figures ----------------------------------------------------------------------------
    def handle(self, req: Request) -> Gen:  # pragma: no cover - a client is never a target
        return self.fail("unavailable")
        yield

    def close(self, now: float) -> None:
        """Close the current slice of the frame counters at `now` (see `metrics.Window`)."""
        self.window.push(self.w_t, now, (self.w_total, self.w_ok, self.w_failed), self.win.take())
        self.w_t = now
        self.w_total = self.w_ok = self.w_failed = 0

    def frame(self) -> dict[str, Any]:
        span, sums, win = self.window.last()
        total, ok, failed = sums or (0, 0, 0)
        p50, p95, p99 = win.quantiles((0.5, 0.95, 0.99))
        return {
            "status": "ok",
            "rps": total / span if span > 0 else 0.0,
            "ok_rps": ok / span if span > 0 else 0.0,
            "errors": failed,
            "p50_ms": p50 * 1000.0,
            "p95_ms": p95 * 1000.0,
            "p99_ms": p99 * 1000.0,
            "in_flight": self.total - self.ok - self.failed,
        }

    def summary(self) -> dict[str, Any]:
        h = self.hist
        span = max(1e-9, self.env.now - self.sim.warmup)
        done = self.m_ok + self.m_failed
        return {
            "total": self.m_total,
            "ok": self.m_ok,
            "failed": self.m_failed,
            "in_flight": self.m_total - self.m_ok - self.m_failed,
            "by_cause": dict(sorted(self.m_cause.items())),
            "latency_ms": {
                "mean": h.mean * 1000.0,
                "p50": h.quantile(0.5) * 1000.0,
                "p95": h.quantile(0.95) * 1000.0,
                "p99": h.quantile(0.99) * 1000.0,
            },
            "error_rate": self.m_failed / done if done else 0.0,
            "throughput_rps": self.m_ok / span,
            "retries": self.retries_sent,
            "circuit_opens": self.breaker.opens if self.breaker is not None else 0,
            "location": self.location,
        }
