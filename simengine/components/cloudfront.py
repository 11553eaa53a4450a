"""CloudFront: a CDN answering cached reads at an edge location near the user.

A request reaches the nearest edge (the user's access network only) and takes `edge_ms` there.
A read hits either with probability `hit_ratio`, or by key: an object fetched less than `ttl_s`
ago is still at the edge (CloudFront Developer Guide: default TTL 86,400 s). Misses and writes go
to the origin (the first outgoing edge) from the edge, across Regions if the origin is far
away; a missed object is then kept at the edge. One shared cache stands for all edge locations.
"""

from __future__ import annotations

from typing import Any

from simengine import network
from simengine.components.base import Component, Gen, Request
from simengine.pricing import USAGE_PRICES
from simengine.spec import KindSpec, enum_prop, float_prop, int_prop, ratio_prop

PROPS = (
    enum_prop(
        "cache_by",
        "hit_ratio",
        ("hit_ratio", "key"),
        "Decide hits by a fixed ratio, or by key and TTL (skewed keys then hit more).",
    ),
    ratio_prop(
        "hit_ratio",
        0.8,
        "Share of reads served at the edge (when cache_by is hit_ratio).",
        when=("cache_by", ("hit_ratio",)),
    ),
    int_prop(
        "ttl_s",
        86_400,
        0,
        31_536_000,
        "s",
        "How long the edge keeps an object.",
        "CloudFront Developer Guide: default TTL 86,400 s (one day)",
    ),
    float_prop("edge_ms", 10.0, 0.0, 10_000.0, "ms", "Time to answer from the edge location."),
)

SPEC = KindSpec(
    "cloudfront",
    "CloudFront",
    "Edge & DNS",
    "global",
    "CDN: answers cached reads at an edge near the user; misses go to the origin.",
    ("api_gateway", "alb", "ec2", "lambda", "s3", "external"),
    PROPS,
)


class CloudFront(Component):
    spec = SPEC
    paths_out = True  # the edge location near each user calls the origin
    is_router = True

    def start(self) -> None:
        self.rng = self.sim.stream(self.id, "hits")
        self.cache: dict[int, float] = {}
        self.hits = self.misses = 0
        self.lat: dict[tuple[str, str], float] = {}
        self.origins = [lk for lk in self.links if not lk.is_async]

    def _hit(self, req: Request) -> bool:
        if req.write:
            return False
        if self.props["cache_by"] != "key":
            return self.rng.uniform() < float(self.props["hit_ratio"])
        key = req.client.key_of(req) if req.client is not None else req.id
        expiry = self.cache.get(key)
        return expiry is not None and expiry >= self.env.now

    def _to_origin(self, location: str, link: Any) -> float:
        key = (location, link.id)
        if key not in self.lat:
            dst = link.dst
            self.lat[key] = (
                network.between_regions(location, dst.region) + network.REGIONAL_S
                if dst.region
                else network.LAST_MILE_S
            )
        return self.lat[key]

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        self.answer_in(req, float(self.props["edge_ms"]))
        if self._hit(req):
            self.hits += 1
            return None
        self.misses += 1
        if not self.origins:
            return self.fail("unavailable")
        link = self.origins[0]
        link.calls += 1
        lat = self._to_origin(getattr(req.client, "location", None) or "us-east-1", link)
        req.pending += lat
        cause = yield from link.dst.handle(req)
        req.pending += lat
        if cause is None and not req.write and self.props["cache_by"] == "key":
            key = req.client.key_of(req) if req.client is not None else req.id
            self.cache[key] = self.env.now + float(self.props["ttl_s"])
            if len(self.cache) > 1_000_000:  # forget what has expired
                now = self.env.now
                self.cache = {k: t for k, t in self.cache.items() if t >= now}
        return cause

    def hit_ratio(self) -> float:
        n = self.hits + self.misses
        return self.hits / n if n else 0.0

    def frame_extra(self) -> dict[str, Any]:
        return {"hit_ratio": self.hit_ratio()}

    def summary_extra(self) -> dict[str, Any]:
        return {"hits": self.hits, "misses": self.misses, "hit_ratio": self.hit_ratio()}

    def usage_cost(self) -> float:
        return (self.hits + self.misses) * USAGE_PRICES["cloudfront_per_10k_https_requests"] / 1e4
