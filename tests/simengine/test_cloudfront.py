"""CloudFront: reads hit at the edge near the user, misses go to the origin, and objects
live there for their TTL."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, node, sim


def test_cloudfront_serves_hits_at_the_edge_and_sends_misses_to_the_origin() -> None:
    d = doc(
        [
            node("users", "client", rate=100, read_ratio=1.0, location="ap-southeast-2", **PATIENT),
            node("cdn", "cloudfront", hit_ratio=0.9),
            node("origin", "ec2"),
        ],
        [("users", "cdn"), ("cdn", "origin")],
        duration=60,
    )
    rep = sim(d).run_to_end()
    assert rep["nodes"]["cdn"]["hit_ratio"] == pytest.approx(0.9, abs=0.02)
    assert rep["nodes"]["origin"]["arrivals"] == pytest.approx(600, rel=0.15)
    # most users are answered from a nearby edge, far faster than a trip to Virginia
    assert rep["latency_ms"]["p50"] < 40 < 150 < rep["latency_ms"]["p99"]


def test_cloudfront_by_key_keeps_objects_for_their_ttl() -> None:
    def origin_hits(ttl: int) -> int:
        d = doc(
            [
                node("users", "client", rate=100, read_ratio=1.0, key_count=50, **PATIENT),
                node("cdn", "cloudfront", cache_by="key", ttl_s=ttl),
                node("origin", "ec2"),
            ],
            [("users", "cdn"), ("cdn", "origin")],
            duration=100,
        )
        return sim(d).run_to_end()["nodes"]["origin"]["arrivals"]

    assert origin_hits(1000) <= 60  # about one miss per key
    assert origin_hits(5) > 500  # objects expire every 5 s
