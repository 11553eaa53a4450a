"""Invariants over generated valid designs (Hypothesis): in every frame and in the report,
total = ok + failed + in_flight; utilization stays within [0, 1]; no time is negative. And any
wiring validate accepts (cycles, replication both ways) runs without an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st
from sim_helpers import doc, node, sim

from simengine.design import DesignError

FRONT = ("alb_asg", "alb_ec2", "api_lambda", "ec2", "route53_alb", "cloudfront_alb")
BACK = (
    "rds",
    "dynamodb",
    "cache_rds",
    "sqs_asg",
    "s3_lambda",
    "external",
    "sns_sqs_lambda",
    "step_functions",
)


@st.composite
def designs(draw: st.DrawFn) -> dict:
    client = {
        "rate": draw(st.floats(1, 300)),
        "pattern": draw(st.sampled_from(["constant", "poisson", "step", "spike", "diurnal"])),
        "read_ratio": draw(st.floats(0, 1)),
        "timeout_ms": draw(st.sampled_from([50, 500, 5000])),
        "retries": draw(st.integers(0, 3)),
        "backoff": draw(st.sampled_from(["none", "exponential", "exponential_jitter"])),
        "key_skew": draw(st.sampled_from([0.0, 1.2])),
        "circuit_breaker": draw(st.booleans()),
        "idempotency": draw(st.booleans()),
        "sticky_sessions": draw(st.booleans()),
        "spike_at_s": 5,
        "step_at_s": 5,
    }
    svc = {
        "service_ms": draw(st.floats(0.5, 60)),
        "concurrency": draw(st.integers(1, 4)),
        "service_dist": draw(st.sampled_from(["exponential", "constant", "lognormal"])),
    }
    front, back = draw(st.sampled_from(FRONT)), draw(st.sampled_from(BACK))
    nodes = [node("users", "client", **client)]
    edges: list[tuple] = []
    if front.startswith("route53"):
        nodes.append(node("dns", "route53", policy="failover"))
        edges.append(("users", "dns"))
        entry = "dns"
    elif front.startswith("cloudfront"):
        nodes.append(node("cdn", "cloudfront"))
        edges.append(("users", "cdn"))
        entry = "cdn"
    else:
        entry = "users"
    if "alb" in front:
        nodes.append(
            node("lb", "alb", algorithm=draw(st.sampled_from(["round_robin", "least_outstanding"])))
        )
        edges.append((entry, "lb"))
        app_kind = "ec2" if front == "alb_ec2" else "asg"
        extra = (
            {
                "min": 1,
                "max": 4,
                "desired": draw(st.integers(1, 3)),
                "launch_s": 5,
                "policy": draw(st.sampled_from(["none", "target_tracking", "step"])),
            }
            if app_kind == "asg"
            else {}
        )
        nodes.append(node("app", app_kind, **svc, **extra))
        edges.append(("lb", "app"))
    elif front == "api_lambda":
        nodes.append(node("api", "api_gateway", rate_limit=draw(st.floats(5, 500)), burst=20))
        nodes.append(
            node(
                "app",
                "lambda",
                service_ms=svc["service_ms"],
                concurrency_limit=draw(st.integers(1, 50)),
            )
        )
        edges += [("users", "api"), ("api", "app")]
    else:
        nodes.append(node("app", "ec2", **svc))
        edges.append(("users", "app"))
    mode = {"mode": draw(st.sampled_from(["sync", "async"]))}
    if back == "rds":
        nodes.append(
            node(
                "db",
                "rds",
                multi_az=draw(st.booleans()),
                read_replicas=1,
                read_from_replicas=draw(st.booleans()),
            )
        )
        edges.append(("app", "db"))
    elif back == "dynamodb":
        nodes.append(node("db", "dynamodb", partitions=2))
        edges.append(("app", "db"))
    elif back == "cache_rds":
        nodes += [node("cache", "elasticache", cache_by="key"), node("db", "rds")]
        edges += [("app", "cache"), ("cache", "db")]
    elif back == "sqs_asg":
        nodes += [
            node("q", "sqs", visibility_timeout_s=1, max_receives=2),
            node("workers", "asg", min=1, max=2, desired=1, service_ms=100),
        ]
        edges += [("app", "q", {"mode": "async"}), ("q", "workers")]
    elif back == "s3_lambda":
        nodes += [node("bucket", "s3"), node("fn", "lambda")]
        edges += [("app", "bucket"), ("bucket", "fn")]
    elif back == "external":
        nodes.append(node("pay", "external", error_rate=draw(st.floats(0, 0.5))))
        edges.append(("app", "pay", {"p": draw(st.floats(0, 1))}))
    elif back == "sns_sqs_lambda":
        nodes += [node("topic", "sns"), node("q", "sqs"), node("fn", "lambda")]
        edges += [("app", "topic", {"mode": "async"}), ("topic", "q"), ("q", "fn")]
    else:
        nodes += [node("flow", "step_functions"), node("pay", "external", error_rate=0.2)]
        edges += [("app", "flow", mode), ("flow", "pay")]
    faults = []
    if draw(st.booleans()):
        kind = draw(
            st.sampled_from(
                [
                    "az_outage",
                    "dependency_outage",
                    "added_latency",
                    "instance_crash",
                    "region_outage",
                ]
            )
        )
        target = {"az_outage": "us-east-1a", "region_outage": "us-east-1"}.get(kind, "app")
        if kind == "instance_crash":
            crashable = [n["id"] for n in nodes if n["kind"] in ("asg", "ec2", "rds")]
            if crashable:  # the last one: the deepest tier that has instances
                target = crashable[-1]
            else:  # e.g. a Lambda app with a DynamoDB table: nothing has instances to crash
                kind = "dependency_outage"
        faults.append(
            {
                "at": draw(st.floats(0, 5)),
                "kind": kind,
                "target": target,
                "duration": draw(st.sampled_from([None, 3.0, 8.0])),
                **({"ms": 50} if kind == "added_latency" else {}),
            }
        )
    return doc(
        nodes,
        edges,
        duration=draw(st.sampled_from([6, 15])),
        warmup=draw(st.sampled_from([0, 2])),
        seed=draw(st.integers(0, 1000)),
        faults=faults,
    )


def _check_frame(frame: dict) -> None:
    r = frame["global"]["requests"]
    assert r["total"] == r["ok"] + r["failed"] + r["in_flight"]
    assert r["in_flight"] >= 0
    for value in (frame["global"]["p50_ms"], frame["global"]["p99_ms"], frame["global"]["rps"]):
        assert value >= 0
    for nid, fig in frame["nodes"].items():
        if "utilization" in fig:
            assert -1e-9 <= fig["utilization"] <= 1 + 1e-9, (frame["t"], nid, fig)
        assert fig["p99_ms"] >= 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_invariants_hold_in_every_frame_and_in_the_report(document: dict) -> None:
    note(json.dumps(document))
    s = sim(document)
    while not s.done:
        _check_frame(s.advance(1.0))
    rep = s.report()
    req = rep["requests"]
    assert req["total"] == req["ok"] + req["failed"] + req["in_flight"]
    assert sum(req["by_cause"].values()) == req["failed"]
    for c in rep["clients"].values():
        assert c["total"] == c["ok"] + c["failed"] + c["in_flight"]
    for lat in (rep["latency_ms"], *(c["latency_ms"] for c in rep["clients"].values())):
        assert all(v >= 0 for v in lat.values())
        assert lat["p50"] <= lat["p95"] + 1e-9 <= lat["p99"] + 2e-9
    for nid, n in rep["nodes"].items():
        assert -1e-9 <= n["utilization"] <= 1 + 1e-9, (nid, n)
        assert n["mean_ms"] >= 0 and n["p50_ms"] >= 0 and n["mean_in_system"] >= 0
        if rep["warmup"] == 0:  # (a request that arrived in the warmup may fail after it)
            assert n["errors"] <= n["arrivals"] + n.get("bypassed", 0), (nid, n)
    for f in rep["faults"]:
        assert f["rto_s"] is None or f["rto_s"] >= 0
        assert f["rpo_s"] >= 0
    json.dumps(rep, allow_nan=False)  # plain JSON: no NaN or infinity anywhere


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_the_same_design_and_seed_always_give_the_same_report(document: dict) -> None:
    note(json.dumps(document))
    first = json.dumps(sim(document).run_to_end(), sort_keys=True)
    assert json.dumps(sim(document).run_to_end(), sort_keys=True) == first


# --- any wiring validate accepts, cycles included -------------------------------------------

EAST = {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}
WEST = {"id": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}
PLACES = {
    "global": [{}],
    "regional": [{"region": "us-east-1"}, {"region": "us-west-2"}],
    "zonal": [{"region": r["id"], "az": a} for r in (EAST, WEST) for a in r["azs"]],
}


@st.composite
def wirings(draw: st.DrawFn) -> dict:
    """A client and a few nodes of any kind, anywhere: each node called by an earlier one where
    the kinds allow (so requests reach it), then more edges at random, and, half the time, every
    edge also drawn back the other way where that is allowed (replication both ways, cycles).
    Sometimes a kind appears twice, once per Region (global tables, bucket replication)."""
    from simengine.catalogue import KINDS

    kinds = sorted(k for k, spec in KINDS.items() if not spec.is_client)
    picked = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=5))
    if draw(st.booleans()):
        picked.append(draw(st.sampled_from(picked)))  # a twin: the same kind again
    nodes = [node("users", "client", rate=20, read_ratio=draw(st.floats(0, 1)))]
    for i, kind in enumerate(picked):
        place = draw(st.sampled_from(PLACES[KINDS[kind].scope]))
        nodes.append(node(f"n{i}", kind, placement=dict(place)))

    def calls(a: dict, b: dict) -> bool:
        return a is not b and b["kind"] in KINDS[a["kind"]].outputs

    edges: list[tuple[str, str]] = []
    for i, b in enumerate(nodes[1:], start=1):
        callers = [a["id"] for a in nodes[:i] if calls(a, b)]
        if callers:
            edges.append((draw(st.sampled_from(callers)), b["id"]))
    pairs = [(a["id"], b["id"]) for a in nodes for b in nodes if calls(a, b)]
    assume(any(e[0] == "users" for e in edges))
    edges += [e for e in draw(st.lists(st.sampled_from(pairs), max_size=4)) if e not in edges]
    if draw(st.booleans()):
        edges += [(b, a) for a, b in edges if (b, a) in pairs and (b, a) not in edges]
    faults = []
    if draw(st.booleans()):
        kind, target = draw(
            st.sampled_from(
                [("region_outage", "us-east-1"), ("az_outage", "us-east-1a")]
                + [("dependency_outage", n["id"]) for n in nodes[1:]]
            )
        )
        faults.append({"at": 1.0, "kind": kind, "target": target, "duration": 2.0})
    return doc(nodes, edges, duration=4, regions=[EAST, WEST], faults=faults)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(wirings())
def test_every_design_that_validates_runs_without_an_exception(document: dict) -> None:
    note(json.dumps(document))
    try:
        s = sim(document)
    except DesignError:
        assume(False)
    rep = s.run_to_end()
    assert rep["requests"]["total"] >= 0
