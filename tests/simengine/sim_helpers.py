"""Building and running small designs for the engine's tests.

Documents are plain dicts parsed by the real `parse_design`, so the catalogue fills every default
exactly as it does for a learner's design.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from simengine.design import Design
from simengine.simulation import Simulation
from simengine.validation import parse_design

EXAMPLES = Path(__file__).parent / "fixtures"
REGION = {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}
PATIENT = {"timeout_ms": 300_000, "retries": 0}  # a client that never gives up nor retries


def node(nid: str, kind: str, placement: dict[str, Any] | None = None, **props: Any) -> dict:
    if placement is None:
        placement = {
            "client": {},
            "external": {},
            "route53": {},
            "cloudfront": {},
            "ec2": {"region": "us-east-1", "az": "us-east-1a"},
            "rds": {"region": "us-east-1", "az": "us-east-1a"},
            "elasticache": {"region": "us-east-1", "az": "us-east-1a"},
        }.get(kind, {"region": "us-east-1"})
    return {"id": nid, "kind": kind, "placement": placement, "props": props}


def doc(
    nodes: list[dict],
    edges: list[tuple],
    duration: float = 60,
    warmup: float = 0,
    seed: int = 1,
    faults: list[dict] | None = None,
    goals: list[dict] | None = None,
    regions: list[dict] | None = None,
) -> dict[str, Any]:
    """edges: (from, to) or (from, to, props)."""
    return {
        "format": 1,
        "name": "test",
        "regions": copy.deepcopy(regions or [REGION]),
        "nodes": nodes,
        "edges": [
            {"id": f"e{i + 1}", "from": e[0], "to": e[1], "props": e[2] if len(e) > 2 else {}}
            for i, e in enumerate(edges)
        ],
        "faults": faults or [],
        "goals": goals or [],
        "run": {"duration": duration, "seed": seed, "warmup": warmup},
    }


def design(document: dict[str, Any]) -> Design:
    return parse_design(document)


def sim(document: dict[str, Any], seed: int | None = None) -> Simulation:
    return Simulation(parse_design(document), seed=seed)


def run(document: dict[str, Any], seed: int | None = None) -> dict[str, Any]:
    return sim(document, seed).run_to_end()


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def events(report_or_sim: Any, kind: str) -> list[dict[str, Any]]:
    evs = report_or_sim["events"] if isinstance(report_or_sim, dict) else report_or_sim.events
    return [e for e in evs if e["kind"] == kind]
