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
- Sessions: where the app keeps them (`sessions`) and the ALB's stickiness, in sessions.py.
- Latency is end to end, as the user sees it: network from `location` included, retries and
  backoff included.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine import network
from simengine.components.base import Component, Gen, Link, Request
from simengine.components.breaker import BREAKER_PROPS, CircuitBreaker
from simengine.components.client_figures import ClientFigures
from simengine.components.keys import KEY_PROPS, KeyPicker
from simengine.components.retry import RETRY_PROPS, backoff_s
from simengine.components.sessions import SESSION_PROPS, store_rule
from simengine.components.tasks import TASK_PROPS, Task
from simengine.limits import DEFAULT_LIMITS
from simengine.metrics import Histogram, Window
from simengine.outcomes import Outcomes
from simengine.spec import (
    MODEL,
    KindSpec,
    PropSpec,
    bool_prop,
    enum_prop,
    float_prop,
    ratio_prop,
)
from simengine.traffic import PATTERN_PROPS, pattern_rule, peak_rate, rate_at
from simengine.walker import Walker

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

_TRAFFIC = (
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
)
_LOCATION = PropSpec(
    "location",
    "region",
    "us-east-1",
    "Where these users are: sets network latency to each Region.",
    MODEL,
)
_IDEMPOTENCY = (
    bool_prop(
        "idempotency",
        False,
        "Send an idempotency key so a duplicate delivery is ignored instead of applied twice.",
    ),
)
# In the inspector's order; tasks, retries, keys, the breaker and the patterns beside their code.
PROPS = _TRAFFIC + TASK_PROPS + RETRY_PROPS + (_LOCATION,) + KEY_PROPS + BREAKER_PROPS
PROPS += _IDEMPOTENCY + SESSION_PROPS + PATTERN_PROPS
# What the users do, as opposed to how the calling code behaves (timeout, retries, breaker,
# idempotency keys, sessions): a lesson's fix may change the code, never the users.
USER_PROPS = frozenset(
    p.name
    for p in (*_TRAFFIC, *TASK_PROPS, _LOCATION, *KEY_PROPS, *PATTERN_PROPS)
    if p.name != "timeout_ms"
)


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
    rules=(pattern_rule,),
    wiring_rules=(store_rule,),
)


class Client(ClientFigures, Component):
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
        self.task = Task.of(p)  # the work each request asks of app servers
        self.timeout_s = float(p["timeout_ms"]) / 1000.0
        self.retries = int(p["retries"])
        self.sticky = bool(p["sticky_sessions"])
        self.sessions = p["sessions"]  # where the app keeps a user's session (sessions.py)
        self.idempotent = bool(p["idempotency"])
        old = getattr(self, "breaker", None)
        self.breaker = None
        if p["circuit_breaker"]:  # a live prop change keeps the breaker's state
            self.breaker = old or CircuitBreaker(0, 0.0, self._breaker_event)
            self.breaker.threshold = int(p["cb_failure_threshold"])
            self.breaker.reset_s = float(p["cb_reset_s"])
        self.picker = KeyPicker(self.keys, int(p["key_count"]), float(p["key_skew"]))

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
            Walker(self.env, self._arrivals())  # sleeps by yielding floats: see kernel
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
                yield 1.0
                continue
            pattern = self.pattern
            if pattern == "poisson":
                yield exp() / rate
            elif pattern == "constant":
                yield 1.0 / rate
            else:
                peak = peak_rate(self.pattern, self.rate, self.props)
                yield exp() / peak
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
        Walker(self.env, self._attempt(req))

    def key_of(self, req: Request) -> int:
        """The key the request asks for, drawn by the first component that needs it."""
        if req.key < 0:
            req.key = self.picker.draw()
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
        link = self.first[0] if len(self.first) == 1 else self._pick()
        link.calls += 1
        req.pending += link.lat
        cause = yield from link.dst.handle(req)
        # The answer still has to travel back (req.pending). Nothing in the system depends on
        # it any more, so the outcome is settled now and dated when it reaches the user.
        t_back = env._now + req.pending + link.lat
        if not req.done and t_back <= req.born + self.timeout_s:  # self.pending_deadline(req)
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
            Walker(
                self.env,
                self._retry(
                    req, now - self.env._now + backoff_s(self.props, req.attempt, self.jitter)
                ),
            )
            return
        self._outcome(origin, now, cause)

    def _retry(self, req: Request, delay: float) -> Gen:
        if delay > 0:
            yield delay
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
        self.outcomes.record(now, cause is None, now - origin.born)

    def handle(self, req: Request) -> Gen:  # pragma: no cover - a client is never a target
        return self.fail("unavailable")
        yield
