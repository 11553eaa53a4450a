"""ElastiCache: an in-memory cache in front of a slower store (cache-aside).

A read is looked up on the cache node (a small queue: `concurrency` commands at once, each
`service_ms`). A hit answers at once; a miss goes on along the outgoing edges (the database)
and the answer is stored. Hits are decided either by a fixed `hit_ratio`, or by key: a key is
present if it was stored less than `ttl_s` ago and not evicted; with `capacity_keys` full the
eviction policy drops one (lru; lfu and random approximated like Redis, by sampling 5 keys).
AWS ElastiCache docs: default maxmemory-policy volatile-lru.

Writes go on to the store and delete the cached key (cache-aside invalidation). When the cache
node is down, the application falls back to the store directly ("bypassed"), so the store takes
the whole load; after a crash the node comes back empty (a cold cache).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from simengine import pricing
from simengine.components.base import Gen, Request
from simengine.components.compute import Compute
from simengine.rng import sampler
from simengine.spec import KindSpec, enum_prop, int_prop, ratio_prop, service_ms

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

SAMPLE = 5  # Redis maxmemory-samples default


PROPS = (
    enum_prop(
        "node_type",
        "cache.t3.medium",
        tuple(pricing.CACHE_NODE_TYPES),
        "Cache node size: vCPUs, memory and price per hour.",
        f"AWS ElastiCache on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    enum_prop(
        "cache_by",
        "hit_ratio",
        ("hit_ratio", "key"),
        "Decide hits by a fixed ratio, or by key, TTL and capacity (skewed keys hit more).",
    ),
    ratio_prop(
        "hit_ratio",
        0.8,
        "Share of reads answered from the cache (when cache_by is hit_ratio).",
        when=("cache_by", ("hit_ratio",)),
    ),
    int_prop(
        "ttl_s",
        300,
        1,
        31_536_000,
        "s",
        "A cached key expires after this long.",
        when=("cache_by", ("key",)),
    ),
    int_prop(
        "capacity_keys",
        100_000,
        1,
        100_000_000,
        "keys",
        "Keys that fit in memory; beyond that the eviction policy drops some.",
        when=("cache_by", ("key",)),
    ),
    enum_prop(
        "eviction",
        "lru",
        ("lru", "lfu", "random"),
        "Which key goes when the cache is full.",
        "AWS ElastiCache docs: default maxmemory-policy volatile-lru",
        when=("cache_by", ("key",)),
    ),
    int_prop(
        "concurrency",
        None,
        1,
        1024,
        "requests",
        "Commands served at once. Default: its vCPUs.",
        default_from="node_type.vcpus",
    ),
    service_ms(0.2, "Time to answer one command from memory."),
)

SPEC = KindSpec(
    "elasticache",
    "ElastiCache",
    "Data",
    "zonal",
    "In-memory cache: hits answer fast, misses go on to the next edge (the database).",
    ("rds", "dynamodb", "s3", "external"),
    PROPS,
)


class ElastiCache(Compute):
    spec = SPEC

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        self.server = self.new_instance(self.az)
        self.server.enter_service()
        self.store: OrderedDict[int, float] = OrderedDict()
        self.freq: dict[int, int] = {}
        self.rng = sim.stream(self.id, "hits")
        self.hits = self.misses = self.evictions = self.bypassed = 0

    def _configure(self) -> None:
        p = self.props
        self.price = pricing.CACHE_NODE_TYPES[p["node_type"]].usd_per_hour
        self.concurrency = int(p["concurrency"])
        self.queue_limit = 0
        self.mean_s = float(p["service_ms"]) / 1000.0
        self.sample = sampler("exponential", self.mean_s, self.sim.stream(self.id, "service"))
        self.sample_write = self.sample

    def connect(self) -> None:
        super().connect()
        self.deps = False  # misses call the store from `handle`, hits do not

    def handle(self, req: Request) -> Gen:
        if self.down or not self.server.alive:
            self.bypassed += 1
            return (yield from self.call_links(req))
        cause = yield from self.server.serve(req)
        if cause is not None:
            return cause
        key = req.client.key_of(req) if req.client is not None else req.id
        if req.write:
            self.store.pop(key, None)
            return (yield from self.call_links(req))
        if self._hit(key):
            self.hits += 1
            return None
        self.misses += 1
        cause = yield from self.call_links(req)
        if cause is None and self.props["cache_by"] == "key":
            self._put(key)
        return cause

    def _hit(self, key: int) -> bool:
        if self.props["cache_by"] != "key":
            return self.rng.uniform() < float(self.props["hit_ratio"])
        expiry = self.store.get(key)
        if expiry is None:
            return False
        if expiry < self.env.now:
            del self.store[key]
            return False
        self.store.move_to_end(key)
        self.freq[key] = self.freq.get(key, 0) + 1
        return True

    def _put(self, key: int) -> None:
        self.store[key] = self.env.now + float(self.props["ttl_s"])
        self.store.move_to_end(key)
        self.freq[key] = self.freq.get(key, 0) + 1
        if len(self.store) > int(self.props["capacity_keys"]):
            self._evict()

    def _evict(self) -> None:
        policy = self.props["eviction"]
        if policy == "lru":
            victim, _ = self.store.popitem(last=False)
        else:
            it = iter(self.store)
            cands = [next(it) for _ in range(min(SAMPLE, len(self.store)))]
            if policy == "lfu":
                victim = min(cands, key=lambda k: self.freq.get(k, 0))
            else:
                victim = cands[self.sim.uniform_index(len(cands))]
            del self.store[victim]
        self.freq.pop(victim, None)
        self.evictions += 1

    def set_fault(self, kind: str, on: bool, fault: Any) -> None:
        if kind == "instance_crash":
            if on:
                self.server.crash()
                self.store.clear()
                self.sim.event(
                    "instance_crash",
                    self.id,
                    f"{self.id}: the cache node failed; "
                    "requests go straight to the store and the cache restarts empty",
                )
            else:
                self.server.revive()
                self.sim.event("recovered", self.id, f"{self.id}: cache node back (cold)")
        else:
            super().set_fault(kind, on, fault)

    def on_zone(self, az: str, up: bool) -> None:
        if self.az == az:
            self.set_fault("instance_crash", not up, None)

    def on_region(self, region: str, up: bool) -> None:
        if self.region == region:
            self.set_fault("instance_crash", not up, None)

    def hit_ratio(self) -> float:
        n = self.hits + self.misses
        return self.hits / n if n else 0.0

    def frame_extra(self) -> dict[str, Any]:
        return {"hit_ratio": self.hit_ratio(), "keys": len(self.store)}

    def summary_extra(self) -> dict[str, Any]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "hit_ratio": self.hit_ratio(),
            "evictions": self.evictions,
            "bypassed": self.bypassed,
            "keys": len(self.store),
        }

    def cost_per_hour(self) -> float:
        return self.price
