"""Application Load Balancer: picks ONE healthy target per request.

Modelled AWS behaviour (AWS ELB documentation, "Health checks for target groups", "Target group
attributes"):
- Targets are the instances of the ec2/asg nodes it has edges to. A target is registered when
  it enters service and starts "initial": it receives traffic after ONE passed check (the first
  runs one `health_interval_s` after registration, then every interval). After
  `unhealthy_threshold` failed checks in a row it leaves rotation, and comes back only after
  `healthy_threshold` passed checks in a row.
  A check fails when the instance is down, or so overloaded that the answer would take longer
  than `health_timeout_s`.
- If every registered target is unhealthy, the ALB routes to all of them ("fail open").
- round_robin (default) or least_outstanding requests; cross-zone on by default (off: traffic is
  split evenly over the AZs, then over the targets of that AZ). With `slow_start_s` a newly
  healthy target's share of round-robin traffic ramps up linearly over that time.
- A deregistered target (scale-in) drains: no new requests, in-flight ones finish, for up to
  `deregistration_delay_s`.
- Sticky sessions (the client's `sticky_sessions`) keep a user on its target while it is in
  rotation; whether a move loses the user's session depends on where the app keeps it (the
  client's `sessions`: none, instance, store; see components/sessions.py).
- A request routed to a target that has stopped (crashed, its AZ dark) but is still in rotation
  (its health checks have not failed yet) gets no answer: after the ALB's 10 s connection
  timeout the user gets 504. Until the target leaves rotation, a crash costs that latency.
- The ALB itself adds `service_ms` to each request and has no queue of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event

from simengine.components.alb_health import drain, health_checks
from simengine.components.base import Component, Gen, Request
from simengine.components.instance_health import stale, tally
from simengine.components.sessions import route
from simengine.spec import KindSpec, bool_prop, enum_prop, int_prop, service_ms

if TYPE_CHECKING:
    from simengine.components.compute import Instance
    from simengine.design import Node


# AWS re:Post Knowledge Center, "How do I troubleshoot 504 errors that I receive when I use an
# Application Load Balancer?" (https://repost.aws/knowledge-center/504-error-alb): "The load
# balancer failed to establish a connection to the target before the 10-second connection
# timeout expired" gives HTTP 504. (502 is a target that resets the connection; 503, no target.)
TARGET_CONNECT_TIMEOUT_S = 10.0

PROPS = (
    enum_prop(
        "algorithm",
        "round_robin",
        ("round_robin", "least_outstanding"),
        "How the ALB picks a healthy target.",
        "AWS ELB docs: round robin by default; least outstanding requests optional",
    ),
    int_prop(
        "health_interval_s",
        30,
        5,
        300,
        "s",
        "Seconds between health checks of each target.",
        "AWS ELB docs: health check interval default 30 s",
    ),
    int_prop(
        "health_timeout_s",
        5,
        2,
        120,
        "s",
        "A health check fails if no answer within this.",
        "AWS ELB docs: health check timeout default 5 s",
    ),
    int_prop(
        "healthy_threshold",
        5,
        2,
        10,
        "checks",
        "Passed checks in a row before an unhealthy target is back in rotation "
        "(a newly registered one needs only one).",
        "AWS ELB docs, Health checks for your target groups: healthy threshold default 5; "
        "a newly registered target must pass one health check",
    ),
    int_prop(
        "unhealthy_threshold",
        2,
        2,
        10,
        "checks",
        "Failed checks in a row before a target stops receiving traffic.",
        "AWS ELB docs: unhealthy threshold default 2",
    ),
    int_prop(
        "deregistration_delay_s",
        300,
        0,
        3600,
        "s",
        "A leaving target finishes its in-flight requests for up to this long.",
        "AWS ELB docs: deregistration delay default 300 s",
    ),
    bool_prop(
        "cross_zone",
        True,
        "Spread requests over targets in every AZ, not only the caller's.",
        "AWS ELB docs: cross-zone load balancing is on by default for ALBs",
    ),
    int_prop(
        "slow_start_s",
        0,
        0,
        900,
        "s",
        "A new target's share ramps up over this long (0 = off, else 30-900).",
        "AWS ELB docs: slow start off by default, 30-900 s when on",
    ),
    service_ms(0.5, "Time the ALB adds to each request."),
)


def _health(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["health_timeout_s"] >= p["health_interval_s"]:
        yield (
            "health_timeout_s",
            (f"must be less than health_interval_s ({p['health_interval_s']} s), as AWS requires"),
        )
    if 0 < p["slow_start_s"] < 30:
        yield "slow_start_s", "must be 0 (off) or between 30 and 900 s"


SPEC = KindSpec(
    "alb",
    "Application Load Balancer",
    "Load balancing",
    "regional",
    "Spreads requests over healthy targets in several AZs, checking their health.",
    ("asg", "ec2", "lambda"),
    PROPS,
    rules=(_health,),
)


class Alb(Component):
    spec = SPEC
    busy_column = False
    is_router = True

    def start(self) -> None:
        p = self.props
        self.delay_s = float(p["service_ms"]) / 1000.0
        self._routing()
        self.rotation: list[Instance] = []
        self.registered: list[Instance] = []
        self.rr = 0
        self.fail_open = False
        self.state = "ok"
        self.sessions: dict[int, Instance] = {}  # user -> the instance that served it last
        self.sessions_lost = 0
        self.link_of: dict[Any, Any] = {lk.dst: lk for lk in self.links}
        self.functions = [lk for lk in self.links if lk.dst.kind == "lambda"]
        for link in self.links:
            for inst in getattr(link.dst, "instances", []):
                if inst.state == "in_service":
                    self.register(inst, initial_healthy=True)

    # --- registration and health ------------------------------------------------------------
    def register(self, inst: Instance, initial_healthy: bool = False) -> None:
        """A new target. Targets present when the run starts are taken as already healthy; a
        target registered later is "initial" and gets its first health check one interval
        after registration (model assumption: registration completes and the ALB's nodes
        check it in their next round), then needs one passed check to get traffic."""
        if inst in self.registered:
            return
        inst.registered = True
        inst.healthy = initial_healthy
        inst.hc_initial = not initial_healthy
        inst.hc_pass = inst.hc_fail = 0
        self.registered.append(inst)
        self.rebuild()
        first = self._phase(inst) if initial_healthy else float(self.props["health_interval_s"])
        self.env.process(health_checks(self, inst, first_delay=first))

    def _phase(self, inst: Instance) -> float:
        return self.sim.uniform() * float(self.props["health_interval_s"])

    def deregister(self, inst: Instance) -> Event:
        """Start draining; the returned process ends when the target may be terminated."""
        if inst in self.registered:
            self.registered.remove(inst)
        if inst.state == "in_service":
            inst.state = "draining"
        self.rebuild()
        return self.env.process(drain(self, inst))

    def rebuild(self) -> None:
        """Rotation: the healthy targets in service, or every one in service (fail open)."""
        healthy = [i for i in self.registered if i.healthy and i.state == "in_service"]
        serving = [i for i in self.registered if i.state == "in_service"]
        state = "ok" if healthy else ("fail_open" if serving else "empty")
        if state != self.state:
            self.fail_open = state == "fail_open"
            self.sim.event(
                "fail_open" if self.fail_open else "targets",
                self.id,
                {
                    "fail_open": f"{self.id}: every target is unhealthy, so the ALB sends traffic "
                    "to all of them (fail open)",
                    "ok": f"{self.id}: a healthy target is back; requests go to healthy targets",
                    "empty": f"{self.id}: no target is registered; requests get 503",
                }[state],
            )
            self.state = state
        self.rotation = healthy or serving

    # --- routing ---------------------------------------------------------------------------
    def apply_props(self, props: dict[str, Any]) -> None:
        super().apply_props(props)
        self._routing()

    def _routing(self) -> None:
        """The routing props as attributes: `pick` reads them for every request."""
        p = self.props
        self.cross_zone = bool(p["cross_zone"])
        self.least_outstanding = p["algorithm"] == "least_outstanding"
        self.slow_start_s = float(p["slow_start_s"])

    def pick(self, req: Request) -> Instance | None:
        rot = self.rotation
        if not rot:
            return None
        if not self.cross_zone:
            azs = sorted({i.az for i in rot if i.az})
            if len(azs) > 1:
                az = azs[self.sim.uniform_index(len(azs))]
                rot = [i for i in rot if i.az == az]
        self.rr += 1
        n = len(rot)
        if self.least_outstanding:
            start = self.rr % n
            best = rot[start]
            for k in range(1, n):
                cand = rot[(start + k) % n]
                if cand.outstanding < best.outstanding:
                    best = cand
            return best
        slow = self.slow_start_s
        if slow > 0:  # a new target's share ramps up linearly over slow_start_s
            now = self.env.now
            for _ in range(n):
                cand = rot[self.rr % n]
                age = now - cand.healthy_at
                if age >= slow or self.sim.uniform() * slow < age:
                    return cand
                self.rr += 1
        return rot[self.rr % n]

    def handle(self, req: Request) -> Gen:
        st = self.stats
        st.arrivals += 1
        st.w_arrivals += 1
        if self.down:
            return self.fail("unavailable")
        client = req.client
        if client is not None and (client.sticky or client.sessions == "instance"):
            inst, lost = route(self, req)
            if lost:
                self.sessions_lost += 1
                return self.fail("5xx")  # the session lived in another instance's memory
        else:  # no session to follow
            inst = self.pick(req)
        if inst is None and self.functions:  # Lambda targets: the function scales itself
            link = self.functions[self.rr % len(self.functions)]
            self.rr += 1
            link.calls += 1
            d = self.delay_s + self.extra_s
            st.a_n += d
            st.win.add(d)
            st.completed += 1
            req.pending += d + link.lat
            cause = yield from link.dst.handle(req)
            req.pending += link.lat
            return cause
        if inst is None:
            return self.fail("unavailable")  # no registered target: HTTP 503
        d = self.delay_s + self.extra_s
        st.a_n += d
        link = self.link_of[inst.owner]
        link.calls += 1
        lat = link.lat
        req.pending += d + lat
        inst.outstanding += 1
        if inst.alive:
            cause = yield from inst.serve(req)
        else:  # stopped, still in rotation until its health checks fail: no answer, 504
            cause = yield from inst.refuse(req, TARGET_CONNECT_TIMEOUT_S, "5xx")
        inst.outstanding -= 1
        req.pending += lat
        st.completed += 1
        st.win.add(d)
        return cause

    def status(self) -> str:
        if self.down or self.state == "empty":
            return "down"
        return "degraded" if self.fail_open else "ok"

    def dns_healthy(self) -> bool:
        """What a Route 53 health check of this ALB sees: some target answers."""
        return not self.down and any(i.alive and i.state == "in_service" for i in self.registered)

    # --- figures ---------------------------------------------------------------------------
    def frame_extra(self) -> dict[str, Any]:
        """Target counts by the same definition as the groups' (`instance_health`): healthy =
        in service, running and passing health checks; `stale` = stopped and still in rotation
        because it has not failed enough checks yet."""
        states = tally(self.registered)
        return {
            "healthy_targets": states["in_service"],
            "targets": len(self.registered),
            "unhealthy_targets": states["unhealthy"],
            "initial_targets": states["pending"],
            "stale": sum(1 for i in self.registered if stale(i)),
            "fail_open": self.fail_open,
        }

    def summary_extra(self) -> dict[str, Any]:
        return {
            "healthy_targets": sum(1 for i in self.registered if i.healthy),
            "targets": len(self.registered),
            "sessions_lost": self.sessions_lost,
        }

    def cost_per_hour(self) -> float:
        from simengine.pricing import USAGE_PRICES

        return 0.0 if self.down else USAGE_PRICES["alb_per_hour"]
