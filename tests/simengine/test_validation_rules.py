"""The rule that belongs to no one kind: calls a request waits on must not go round in a
circle (each kind's own rules are tested beside the kind)."""

from __future__ import annotations

from design_samples import problems, web_app


def test_calls_that_go_round_in_a_circle_are_refused():
    doc = web_app()
    doc["nodes"].append(
        {"id": "api", "kind": "ec2", "placement": {"region": "us-east-1", "az": "us-east-1b"}}
    )
    doc["edges"] += [
        {"id": "e4", "from": "web", "to": "api"},
        {"id": "e5", "from": "api", "to": "lb"},
    ]
    found = problems(doc)
    circles = [m for m in found.values() if "go round in a circle" in m]
    assert circles and "lb -> web -> api -> lb" in circles[0]
    doc["edges"][-1]["props"] = {"mode": "async"}  # an ALB cannot take async calls either
    assert "go round" not in " ".join(problems(doc).values())
