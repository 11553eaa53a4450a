"""Route 53: DNS that sends each user to ONE target, and away from unhealthy ones.

Modelled AWS behaviour (Amazon Route 53 Developer Guide):
- Routing policies: simple (any target), weighted (by each edge's `weight`), latency (the
  target in the Region nearest the user), failover (the `role: primary` edge while it is
  healthy, else a secondary).
- Health checks probe each target every `health_interval_s` (30 s, or 10 s); after
  `failure_threshold` failures in a row (default 3) a target is unhealthy, and after as many
  passes healthy again. Simple routing does not use health checks.
- Resolvers cache an answer for `ttl_s`: a user keeps going where the cached answer says until
  it expires, so failover reaches users gradually over one TTL after Route 53 changed its answer.
  Modelled by letting each request use the answer as it was at a uniformly random age in
  [0, ttl).
- Its health checks are also how a DR runbook learns that a Region failed (`dr.RegionWatch`).
- DNS adds no time to a request (answers are cached); the user then connects straight to the
  target, paying the network latency from the user's location to the target's Region.
"""

from __future__ import annotations

import bisect
from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine import network
from simengine.components.base import Component, Gen, Link, Request
from simengine.dr import RegionWatch
from simengine.pricing import HOURS_PER_MONTH, USAGE_PRICES
from simengine.spec import Add, KindSpec, PropSpec, enum_prop, int_prop

if TYPE_CHECKING:
    from simengine.design import Design, Node

PROPS = (
    enum_prop(
        "policy",
        "simple",
        ("simple", "weighted", "latency", "failover"),
        "How Route 53 picks a target: any, by edge weight, lowest latency, or primary first.",
        "AWS Route 53 docs: routing policies",
    ),
    PropSpec(
        "health_interval_s",
        "int",
        30,
        "Seconds between health checks of each target (standard 30 or fast 10).",
        "AWS Route 53 docs: health check request interval 30 s (or 10 s)",
        "s",
        10,
        30,
        choices=(10, 30),
    ),
    int_prop(
        "failure_threshold",
        3,
        1,
        10,
        "checks",
        "Failed checks in a row before a target counts as unhealthy.",
        "AWS Route 53 docs: failure threshold 1-10, default 3",
    ),
    int_prop(
        "ttl_s",
        60,
        0,
        172_800,
        "s",
        "Resolvers cache an answer this long, which delays failover.",
        "AWS Route 53 docs: recommend a TTL of 60 s or less for health-checked records",
    ),
)


def _routing_edges(design: Design, node: Node, paths: Mapping[str, str], add: Add) -> None:
    """Failover needs one primary; weighted needs some weight (AWS Route 53 routing policies)."""
    edges = design.out_edges(node.id)
    path = paths.get(node.id, "nodes")
    policy = node.props["policy"]
    if policy == "failover" and edges:
        primaries = sum(1 for e in edges if e.props["role"] == "primary")
        if primaries != 1:
            add(
                f"{path}.props.policy",
                "failover routing needs exactly one outgoing edge with "
                f"role primary (found {primaries})",
            )
    if policy == "weighted" and edges and not any(e.props["weight"] > 0 for e in edges):
        add(f"{path}.props.policy", "weighted routing needs an outgoing edge with weight above 0")


SPEC = KindSpec(
    "route53",
    "Route 53",
    "Edge & DNS",
    "global",
    "DNS: sends each user to one target and moves them away from unhealthy ones.",
    ("cloudfront", "api_gateway", "alb", "ec2", "s3", "external"),
    PROPS,
    wiring_rules=(_routing_edges,),
)


class Route53(Component):
    spec = SPEC
    paths_out = paths_in = True  # it answers each user with that user's own path
    busy_column = False
    is_router = True

    def start(self) -> None:
        self.targets = [lk for lk in self.links if not lk.is_async]
        self.healthy = {lk.id: True for lk in self.targets}
        self.fails = {lk.id: 0 for lk in self.targets}
        self.passes = {lk.id: 0 for lk in self.targets}
        self.history_t: list[float] = [0.0]
        self.history: list[frozenset[str]] = [frozenset(self.healthy)]
        self.rng = self.sim.stream(self.id, "dns")
        self.lat: dict[tuple[str, str], float] = {}
        self.queries = 0
        self.watch = self.sim.shared("region_watch", RegionWatch)
        if self.props["policy"] != "simple":
            for lk in self.targets:
                if lk.dst.region:
                    self.watch.watch(lk.dst.region)
            self.env.process(self._checks())

    # --- health checks ----------------------------------------------------------------------
    def _alive(self, link: Link) -> bool:
        dst = link.dst
        if dst.down or (dst.region and self.sim.dark_regions.get(dst.region, 0) > 0):
            return False
        probe = getattr(dst, "dns_healthy", None)
        return probe() if probe else True

    def _checks(self) -> Generator[Event, Any, None]:
        p = self.props
        threshold = int(p["failure_threshold"])
        while True:
            yield Timeout(self.env, float(p["health_interval_s"]))
            changed = False
            for link in self.targets:
                ok = self._alive(link)
                if ok:
                    self.passes[link.id] += 1
                    self.fails[link.id] = 0
                else:
                    self.fails[link.id] += 1
                    self.passes[link.id] = 0
                was = self.healthy[link.id]
                if was and self.fails[link.id] >= threshold:
                    self.healthy[link.id] = False
                    changed = True
                    if link.dst.region:
                        self.watch.mark(link.dst.region, healthy=False)
                    self.sim.event(
                        "dns_unhealthy",
                        self.id,
                        f"{self.id}: {link.dst.id} failed "
                        f"{threshold} health checks; DNS answers change now, users "
                        f"follow within the {p['ttl_s']} s TTL",
                    )
                elif not was and self.passes[link.id] >= threshold:
                    self.healthy[link.id] = True
                    changed = True
                    if link.dst.region:
                        self.watch.mark(link.dst.region, healthy=True)
                    self.sim.event(
                        "dns_healthy",
                        self.id,
                        f"{self.id}: {link.dst.id} is healthy again and back in DNS answers",
                    )
            if changed:
                self.history_t.append(self.env.now)
                self.history.append(frozenset(k for k, v in self.healthy.items() if v))

    # --- answering --------------------------------------------------------------------------
    def _healthy_as_seen(self) -> frozenset[str]:
        ttl = float(self.props["ttl_s"])
        t = self.env.now - self.rng.uniform() * ttl
        i = bisect.bisect_right(self.history_t, t) - 1
        return self.history[max(0, i)]

    def _choose(self, req: Request) -> Link | None:
        policy = self.props["policy"]
        if not self.targets:
            return None
        if policy == "simple":
            return self.targets[
                min(len(self.targets) - 1, int(self.rng.uniform() * len(self.targets)))
            ]
        seen = self._healthy_as_seen()
        live = [lk for lk in self.targets if lk.id in seen] or self.targets  # all unhealthy: all
        if policy == "failover":
            primary = [lk for lk in live if lk.role == "primary"]
            return (primary or live)[0]
        if policy == "latency":
            loc = getattr(req.client, "location", None) or "us-east-1"
            return min(live, key=lambda lk: self._latency(loc, lk))
        total = sum(lk.weight for lk in live)
        x = self.rng.uniform() * total
        for lk in live:
            x -= lk.weight
            if x < 0:
                return lk
        return live[-1]

    def _latency(self, location: str, link: Link) -> float:
        key = (location, link.id)
        if key not in self.lat:
            dst = link.dst
            self.lat[key] = (
                network.one_way(location, None, dst.region, dst.az, from_internet=True)
                if dst.region
                else network.LAST_MILE_S
            )
        return self.lat[key]

    def handle(self, req: Request) -> Gen:
        st = self.stats
        st.arrivals += 1
        st.w_arrivals += 1
        self.queries += 1
        link = self._choose(req)
        if link is None or self.down:
            return self.fail("unavailable")
        st.completed += 1
        st.win.add(0.0)
        link.calls += 1
        loc = getattr(req.client, "location", None) or "us-east-1"
        lat = self._latency(loc, link)
        req.pending += lat
        cause = yield from link.dst.handle(req)
        req.pending += lat
        return cause

    def frame_extra(self) -> dict[str, Any]:
        return {"healthy_targets": sorted(lk.dst.id for lk in self.targets if self.healthy[lk.id])}

    def summary_extra(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "policy": self.props["policy"],
            "healthy_targets": sorted(lk.dst.id for lk in self.targets if self.healthy[lk.id]),
        }

    def cost_per_hour(self) -> float:
        checks = len(self.targets) if self.props["policy"] != "simple" else 0
        return checks * USAGE_PRICES["route53_health_check_per_month"] / HOURS_PER_MONTH

    def usage_cost(self) -> float:
        return self.queries * USAGE_PRICES["route53_per_million_queries"] / 1e6
