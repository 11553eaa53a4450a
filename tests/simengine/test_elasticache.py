"""ElastiCache: hits by ratio or by key/TTL/capacity; misses and writes reach the store; a
failed cache node sends everything to the store and comes back cold."""

from __future__ import annotations

import pytest
from sim_helpers import PATIENT, doc, events, node, sim


def cached(
    duration: float = 60, faults=None, read_ratio: float = 1.0, skew: float = 0.0, **cache: object
) -> dict:
    return doc(
        [
            node(
                "users",
                "client",
                rate=200,
                read_ratio=read_ratio,
                key_count=1000,
                key_skew=skew,
                **PATIENT,
            ),
            node("app", "ec2", concurrency=16, service_ms=1),
            node("cache", "elasticache", **cache),
            node("db", "rds", concurrency=8),
        ],
        [("users", "app"), ("app", "cache"), ("cache", "db")],
        duration=duration,
        faults=faults,
    )


def test_a_configured_hit_ratio_sends_only_misses_to_the_store() -> None:
    rep = sim(cached(hit_ratio=0.75)).run_to_end()["nodes"]
    assert rep["cache"]["hit_ratio"] == pytest.approx(0.75, abs=0.02)
    assert rep["db"]["arrivals"] == pytest.approx(0.25 * rep["cache"]["arrivals"], rel=0.08)


def test_by_key_popular_keys_hit_more_and_small_caches_evict() -> None:
    uniform = sim(cached(cache_by="key", capacity_keys=100)).run_to_end()["nodes"]["cache"]
    skewed = sim(cached(cache_by="key", capacity_keys=100, skew=1.2)).run_to_end()["nodes"]["cache"]
    roomy = sim(cached(cache_by="key", capacity_keys=10_000)).run_to_end()["nodes"]["cache"]
    assert uniform["hit_ratio"] == pytest.approx(0.1, abs=0.03)  # 100 of 1,000 keys fit
    assert skewed["hit_ratio"] > 0.6  # the hot keys stay cached
    assert uniform["evictions"] > 1000 and roomy["evictions"] == 0
    assert roomy["hit_ratio"] > 0.9  # everything fits: only first reads miss


def test_keys_expire_after_their_ttl() -> None:
    short = sim(cached(cache_by="key", ttl_s=1)).run_to_end()["nodes"]["cache"]
    assert short["hit_ratio"] < 0.25  # 200 reads/s over 1,000 keys: few repeats within 1 s


def test_a_failed_cache_node_sends_everything_to_the_store_and_restarts_cold() -> None:
    s = sim(
        cached(
            cache_by="key",
            duration=120,
            faults=[{"at": 60, "kind": "instance_crash", "target": "cache", "duration": 20}],
        )
    )
    s.advance(59)
    assert s.components["cache"].hit_ratio() > 0.8
    s.advance(20)
    assert s.components["cache"].bypassed > 3000 and len(s.components["cache"].store) == 0
    rep = s.run_to_end()
    # the application fell back to the database: only what was inside the node failed
    assert rep["requests"]["failed"] <= 5
    assert events(rep, "instance_crash")
