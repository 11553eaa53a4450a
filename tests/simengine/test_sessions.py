"""Where the app keeps a user's session (the client's Sessions) and the ALB's stickiness: a
session in an instance's memory is lost whenever the user's request lands on another instance;
one in a store is never lost, and a store must be connected."""

from __future__ import annotations

from design_samples import problems, web_app
from sim_helpers import doc, node, run

CRASH = [{"at": 20, "kind": "instance_crash", "target": "web"}]


def web(instances: int, sessions: str, sticky: bool = False, store: bool = False, **kw) -> dict:
    """200 users (keys) at 50 req/s through an ALB to a group of `instances`."""
    nodes = [
        node(
            "users",
            "client",
            rate=50,
            key_count=200,
            retries=0,
            sessions=sessions,
            sticky_sessions=sticky,
        ),
        node("lb", "alb", health_interval_s=5, health_timeout_s=2),
        node("web", "asg", min=instances, max=instances, desired=instances, launch_s=10),
    ]
    edges = [("users", "lb"), ("lb", "web")]
    if store:
        nodes.append(node("cache", "elasticache"))
        edges.append(("web", "cache"))
    return doc(nodes, edges, duration=60, **kw)


def lost(report: dict) -> int:
    return report["nodes"]["lb"]["sessions_lost"]


def test_without_stickiness_sessions_on_the_instance_are_lost_on_other_instances() -> None:
    # Round robin over 2 instances: a returning user lands on the other one about half the time
    # (a model that only loses sessions when an instance leaves would give 0 here).
    two = run(web(2, "instance"))
    returning = two["requests"]["total"] - 200
    assert 0.35 * returning < lost(two) < 0.65 * returning
    assert two["requests"]["failed"] == lost(two)  # each loss is a failed request (5xx)
    four = run(web(4, "instance"))
    assert lost(four) > 0.65 * returning  # about three in four
    assert lost(run(web(1, "instance"))) == 0  # one instance: always the user's own


def test_stickiness_keeps_sessions_on_the_instance_until_it_leaves() -> None:
    assert lost(run(web(3, "instance", sticky=True))) == 0
    crashed = lost(run(web(3, "instance", sticky=True, faults=CRASH)))
    assert 30 < crashed < 120  # the crashed instance's third of the 200 users, once each


def test_sessions_in_a_store_are_never_lost() -> None:
    for sticky in (False, True):
        report = run(web(3, "store", sticky=sticky, store=True, faults=CRASH))
        assert lost(report) == 0
        assert report["nodes"]["cache"]["completed"] > 0  # the web tier does call the store


def test_no_sessions_is_the_default_and_loses_nothing() -> None:
    # The designs written before Sessions existed must run exactly as they did.
    assert run(web(2, "none", faults=CRASH)) == run(
        doc(
            [
                node("users", "client", rate=50, key_count=200, retries=0),
                node("lb", "alb", health_interval_s=5, health_timeout_s=2),
                node("web", "asg", min=2, max=2, desired=2, launch_s=10),
            ],
            [("users", "lb"), ("lb", "web")],
            duration=60,
            faults=CRASH,
        )
    )
    assert lost(run(web(2, "none", sticky=True, faults=CRASH))) == 0


def test_sessions_in_a_store_need_the_web_tier_to_call_one() -> None:
    design = web_app()  # users -> lb -> web -> db (RDS is not a session store)
    design["nodes"][0]["props"]["sessions"] = "store"
    message = problems(design)["nodes[0].props.sessions"]
    assert "users keeps sessions in a store, but web calls no ElastiCache or DynamoDB" in message
    design["nodes"].append(
        {"id": "table", "kind": "dynamodb", "placement": {"region": "us-east-1"}, "props": {}}
    )
    design["edges"].append({"id": "e4", "from": "web", "to": "table", "props": {}})
    assert problems(design) == {}
    design["nodes"][0]["props"]["sessions"] = "instance"  # no store needed
    design["edges"].pop()
    assert problems(design) == {}


def test_sessions_in_a_store_need_a_web_tier_at_all() -> None:
    bucket = doc(
        [node("users", "client", sessions="store"), node("files", "s3")], [("users", "files")]
    )
    assert "reaches no web tier" in problems(bucket)["nodes[0].props.sessions"]
