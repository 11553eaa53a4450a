"""Every kind in one design, with faults: it runs, every kind sees traffic, and the run is
deterministic to the byte (also across processes with different hash seeds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sim_helpers import REGION, doc, node, run

from simengine.catalogue import KINDS

WEST = {"id": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}


def everything(duration: float = 120) -> dict:
    nodes = [
        node("users", "client", rate=80, key_skew=1.0, read_ratio=0.7, location="eu-west-1"),
        node("mobile", "client", rate=20, location="us-west-2", sticky_sessions=True),
        node(
            "dns", "route53", policy="failover", ttl_s=10, health_interval_s=10, failure_threshold=1
        ),
        node("cdn", "cloudfront", cache_by="key", ttl_s=60),
        node("api", "api_gateway", rate_limit=80, burst=20),
        node("lb", "alb"),
        node(
            "web",
            "asg",
            min=2,
            max=4,
            desired=2,
            policy="target_tracking",
            target_value=40,
            launch_s=30,
            warmup_s=30,
        ),
        node("lb2", "alb", placement={"region": "us-west-2"}),
        node("web2", "ec2", placement={"region": "us-west-2", "az": "us-west-2a"}),
        node("cache", "elasticache", cache_by="key"),
        node("db", "rds", multi_az=True, read_replicas=1, read_from_replicas=True),
        node("fn", "lambda"),
        node("q", "sqs"),
        node("topic", "sns"),
        node("tbl", "dynamodb"),
        node("bucket", "s3"),
        node("flow", "step_functions"),
        node("pay", "external", error_rate=0.01),
        node("drdb", "rds", placement={"region": "us-west-2", "az": "us-west-2b"}),
    ]
    edges = [
        ("users", "dns"),
        ("dns", "lb", {"role": "primary"}),
        ("dns", "lb2", {"role": "secondary"}),
        ("lb", "web"),
        ("lb2", "web2"),
        ("mobile", "cdn"),
        ("cdn", "api"),
        ("api", "fn"),
        ("web", "cache"),
        ("cache", "db"),
        ("web", "topic", {"mode": "async"}),
        ("topic", "q"),
        ("topic", "fn"),
        ("q", "fn"),
        ("fn", "tbl"),
        ("web", "bucket", {"p": 0.1}),
        ("bucket", "fn"),
        ("web", "flow", {"p": 0.05}),
        ("flow", "pay"),
        ("flow", "tbl"),
        ("db", "drdb"),
        ("web2", "pay"),
    ]
    faults = [
        {"at": 10, "kind": "added_latency", "target": "pay", "duration": 20, "ms": 200},
        {"at": 20, "kind": "instance_crash", "target": "web"},
        {"at": 30, "kind": "az_outage", "target": "us-east-1a", "duration": 20},
        {"at": 60, "kind": "region_outage", "target": "us-east-1", "duration": 50},
    ]
    return doc(nodes, edges, duration=duration, warmup=10, faults=faults, regions=[REGION, WEST])


def test_every_kind_runs_and_sees_traffic() -> None:
    rep = run(everything())
    kinds = {n["kind"] for n in everything()["nodes"]}
    assert kinds == set(KINDS)
    quiet = [
        nid
        for nid, n in rep["nodes"].items()
        if n["arrivals"] == 0 and n["kind"] not in ("sqs", "sns", "rds")
    ]
    assert quiet == []
    assert rep["nodes"]["q"]["sent"] > 0 and rep["nodes"]["topic"]["published"] > 0
    assert len(rep["faults"]) == 4 and rep["events_total"] > 10
    req = rep["requests"]
    assert req["total"] == req["ok"] + req["failed"] + req["in_flight"]


def test_same_seed_same_bytes_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    path = tmp_path / "everything.json"
    path.write_text(json.dumps(everything(120)))
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-m", "simengine", "run", str(path), "--json"],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, out.stderr
        outs.append(out.stdout)
    assert outs[0] == outs[1]
    assert json.dumps(run(everything(120)), sort_keys=True) == outs[0].strip()
