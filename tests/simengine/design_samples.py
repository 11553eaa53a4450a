"""Small design documents for tests: a valid starting point each story changes one thing in."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from simengine.limits import Limits
from simengine.validation import validate

FIXTURES = Path(__file__).parent / "fixtures"


def problems(doc: object, limits: Limits | None = None) -> dict[str, str]:
    """path -> message of every problem (a test asserts the one it is about)."""
    found = validate(doc, limits) if limits else validate(doc)
    return {p.path: p.message for p in found}


def example(name: str) -> dict[str, Any]:
    """An example design from the team's shared notes, kept here as a fixture."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def web_app() -> dict[str, Any]:
    """Users -> ALB -> web ASG -> RDS in one Region with two AZs: valid as it stands."""
    return copy.deepcopy(
        {
            "format": 1,
            "name": "Web app",
            "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
            "nodes": [
                {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 50}},
                {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}},
                {
                    "id": "web",
                    "kind": "asg",
                    "placement": {"region": "us-east-1"},
                    "props": {"min": 2, "max": 6, "desired": 2},
                },
                {
                    "id": "db",
                    "kind": "rds",
                    "placement": {"region": "us-east-1", "az": "us-east-1a"},
                    "props": {},
                },
            ],
            "edges": [
                {"id": "e1", "from": "users", "to": "lb", "props": {}},
                {"id": "e2", "from": "lb", "to": "web", "props": {}},
                {"id": "e3", "from": "web", "to": "db", "props": {}},
            ],
            "faults": [],
            "goals": [],
            "run": {"duration": 300, "seed": 1, "warmup": 30},
        }
    )


def node(doc: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in doc["nodes"] if n["id"] == node_id)
