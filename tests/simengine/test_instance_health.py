"""Instances by state per AZ in the frames, and the ALB's target counts agreeing with the group's
on every frame (simengine/components/instance_health.py): the AZ-outage lesson
(multi-az-failover, as shipped and solved) and a scale-out of scale-up-or-out's server."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from simengine.components.instance_health import STATES, health_of, tally, tally_by_az
from simengine.simulation import Simulation
from simengine.validation import parse_design

SCENARIOS = Path(__file__).resolve().parents[2] / "playground" / "scenarios"


def scenario(slug: str, solved: bool = False) -> dict[str, Any]:
    data = json.loads((SCENARIOS / f"{slug}.json").read_text())
    doc = copy.deepcopy(data["document"])
    if solved:
        nodes = {n["id"]: n for n in doc["nodes"]}
        for nid, placement in data["solution"].get("placement", {}).items():
            nodes[nid]["placement"].update(placement)
        for nid, props in data["solution"].get("props", {}).items():
            nodes[nid].setdefault("props", {}).update(props)
    return doc


def scaled_out() -> dict[str, Any]:
    """scale-up-or-out's server, scaled out: an ALB in front of a group over both AZs that
    target tracking grows from 1 instance under the scenario's load."""
    doc = scenario("scale-up-or-out")
    app = next(n for n in doc["nodes"] if n["id"] == "app")
    app["kind"] = "asg"
    app["placement"] = {"region": "us-east-1"}
    app["props"] = {
        "instance_type": "t3.small",
        "service_ms": 12,
        "service_dist": "exponential",
        "min": 1,
        "max": 8,
        "desired": 1,
        "policy": "target_tracking",
        "launch_s": 30,
    }
    doc["nodes"].append(
        {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}, "ui": {}}
    )
    doc["edges"] = [
        {"id": "e1", "from": "users", "to": "lb", "props": {}},
        {"id": "e2", "from": "lb", "to": "app", "props": {}},
    ]
    return doc


def frames(doc: dict[str, Any], step: float = 1.0) -> list[tuple[Simulation, dict[str, Any]]]:
    design = parse_design(doc)
    s = Simulation(design, design.run.seed)
    out = []
    while not s.done:
        out.append((s, s.advance(step)))
    return out


def check_agreement(frame: dict[str, Any], lb: str, group: str) -> None:
    alb, asg = frame["nodes"][lb], frame["nodes"][group]
    inst = asg["instances"]
    t = frame["t"]
    # one truth: the ALB's healthy targets are the group's healthy instances
    assert alb["healthy_targets"] == inst["in_service"], t
    assert alb["unhealthy_targets"] <= inst["unhealthy"], t
    assert alb["stale"] == asg["stale"], t
    # the ALB's targets are the group's registered instances: healthy, unhealthy or initial
    assert (
        alb["targets"] == alb["healthy_targets"] + alb["unhealthy_targets"] + alb["initial_targets"]
    )
    # the per-AZ counts add up to the group's counts, state by state
    for state in STATES:
        assert sum(z.get(state, 0) for z in asg["zones"].values()) == inst[state], (t, state)


def test_every_frame_of_the_az_outage_agrees_and_the_dark_az_loses_its_healthy_instances() -> None:
    for solved in (False, True):
        run = frames(scenario("multi-az-failover", solved))
        outage = [f for _, f in run if 95 <= f["t"] < 270]
        before = [f for _, f in run if 35 <= f["t"] < 90]
        for _, f in run:
            check_agreement(f, "lb", "web")
        # before the outage, the dark-to-be AZ has healthy instances (both AZs when solved)
        zones = before[-1]["nodes"]["web"]["zones"]
        assert zones["us-east-1b"].get("in_service", 0) > 0
        if solved:
            assert zones["us-east-1a"].get("in_service", 0) > 0
        # the moment the AZ is dark, its instances are unhealthy: none reads healthy there
        for f in outage:
            assert f["nodes"]["web"]["zones"].get("us-east-1b", {}).get("in_service", 0) == 0
        first = outage[0]["nodes"]["web"]
        assert first["zones"]["us-east-1b"]["unhealthy"] > 0
        assert first["stale"] > 0  # still in the ALB's rotation: its checks have not failed yet
        assert outage[-1]["nodes"]["web"]["stale"] == 0  # found out and replaced by then
        if solved:  # the other AZ carries on, and the replacements land there
            assert all(f["nodes"]["web"]["zones"]["us-east-1a"]["in_service"] > 0 for f in outage)
            assert outage[-1]["nodes"]["web"]["zones"]["us-east-1a"]["in_service"] >= 6


def test_every_frame_of_a_scale_out_agrees_and_new_instances_spread_over_both_azs() -> None:
    run = frames(scaled_out())
    for _, f in run:
        check_agreement(f, "lb", "app")
    pending = [f for _, f in run if f["nodes"]["app"]["instances"]["pending"] > 0]
    assert pending, "the group launched instances"
    last = run[-1][1]["nodes"]["app"]
    assert last["instances"]["in_service"] > 1
    assert {az for az, z in last["zones"].items() if z.get("in_service")} == {
        "us-east-1a",
        "us-east-1b",
    }


def test_each_instance_is_in_exactly_one_state() -> None:
    design = parse_design(scenario("multi-az-failover", solved=True))
    s = Simulation(design, design.run.seed)
    s.advance(40)
    group = s.components["web"]
    a, b, c, d = group.instances[:4]
    assert {health_of(i) for i in group.instances} == {"in_service"}
    b.alive = False  # stopped, its last check passed: unhealthy, and still in rotation
    c.healthy = False  # failed by its load balancer
    d.state = "draining"
    assert [health_of(i) for i in (a, b, c, d)] == [
        "in_service",
        "unhealthy",
        "unhealthy",
        "draining",
    ]
    c.hc_initial = True  # registered, its first check not passed: "initial", no traffic yet
    assert health_of(c) == "pending"
    counts = tally(group.instances)
    assert sum(counts.values()) == len(group.instances)
    assert counts["unhealthy"] == 1 and counts["pending"] == 1 and counts["draining"] == 1
    zones = tally_by_az(group.instances)
    assert sum(sum(z.values()) for z in zones.values()) == len(group.instances)
