"""Route 53: health checks, failover routing, and DNS TTL delaying failover."""

from __future__ import annotations

import pytest
from design_samples import problems, web_app
from sim_helpers import REGION, doc, events, node, sim

WEST = {"id": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}


def dr(ttl: int, policy: str = "failover", location: str = "us-east-1") -> dict:
    return doc(
        [
            node("users", "client", rate=100, retries=0, timeout_ms=2000, location=location),
            node(
                "dns",
                "route53",
                policy=policy,
                ttl_s=ttl,
                health_interval_s=10,
                failure_threshold=3,
            ),
            node("east", "ec2"),
            node("west", "ec2", placement={"region": "us-west-2", "az": "us-west-2a"}),
        ],
        [
            ("users", "dns"),
            ("dns", "east", {"role": "primary"}),
            ("dns", "west", {"role": "secondary"}),
        ],
        duration=400,
        regions=[REGION, WEST],
        faults=[{"at": 100, "kind": "region_outage", "target": "us-east-1", "duration": 200}],
    )


def test_failover_follows_failure_threshold_checks_then_the_ttl() -> None:
    short, long_ = sim(dr(ttl=10)).run_to_end(), sim(dr(ttl=120)).run_to_end()
    change = events(short, "dns_unhealthy")[0]["t"]
    assert 100 + 2 * 10 <= change <= 100 + 3 * 10  # 3 failed checks, 10 s apart
    rto_short, rto_long = short["faults"][0]["rto_s"], long_["faults"][0]["rto_s"]
    assert rto_short == pytest.approx(change - 100 + 10, abs=11)  # answers expire within the TTL
    assert rto_long > rto_short + 90  # a long TTL keeps users on the dead Region
    assert short["nodes"]["west"]["arrivals"] > 10_000


def test_the_primary_gets_everything_while_healthy() -> None:
    d = dr(ttl=10)
    d["faults"] = []
    rep = sim(d).run_to_end()
    assert rep["nodes"]["west"]["arrivals"] == 0


def test_latency_routing_picks_the_nearest_region() -> None:
    d = dr(ttl=10, policy="latency", location="us-west-1")
    d["faults"] = []
    rep = sim(d).run_to_end()
    assert rep["nodes"]["east"]["arrivals"] == 0 and rep["nodes"]["west"]["arrivals"] > 0


def test_weighted_routing_splits_by_weight() -> None:
    d = dr(ttl=10, policy="weighted")
    d["faults"] = []
    d["edges"][1]["props"] = {"weight": 3}
    d["edges"][2]["props"] = {"weight": 1}
    rep = sim(d).run_to_end()["nodes"]
    share = rep["east"]["arrivals"] / (rep["east"]["arrivals"] + rep["west"]["arrivals"])
    assert share == pytest.approx(0.75, abs=0.02)


# --- its rules, as validation applies them ----------------------------------------------


def test_route53_failover_needs_one_primary():
    doc = web_app()
    doc["nodes"].append(
        {"id": "dns", "kind": "route53", "placement": {}, "props": {"policy": "failover"}}
    )
    doc["edges"].append({"id": "e4", "from": "dns", "to": "lb", "props": {"role": "secondary"}})
    assert "exactly one outgoing edge with role primary" in problems(doc)["nodes[4].props.policy"]
