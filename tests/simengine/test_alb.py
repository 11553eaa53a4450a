"""The ALB follows AWS's documented behaviour (ELB docs: health checks, target groups)."""

from __future__ import annotations

import pytest
from design_samples import node as node_of
from design_samples import problems, web_app
from sim_helpers import PATIENT, doc, events, node, sim

TWO_AZ = ("us-east-1a", "us-east-1b")


def two_instances(**alb: object) -> dict:
    return doc(
        [
            node("users", "client", rate=100, **PATIENT),
            node("lb", "alb", **alb),
            node("a", "ec2", placement={"region": "us-east-1", "az": "us-east-1a"}),
            node("b", "ec2", placement={"region": "us-east-1", "az": "us-east-1b"}),
        ],
        [("users", "lb"), ("lb", "a"), ("lb", "b")],
        duration=300,
        faults=[{"at": 100, "kind": "instance_crash", "target": "a", "duration": 100}],
    )


def test_an_unhealthy_target_leaves_rotation_after_unhealthy_threshold_checks() -> None:
    interval, threshold = 10, 3
    s = sim(two_instances(health_interval_s=interval, unhealthy_threshold=threshold))
    s.advance(100)
    a = s.components["a"]
    before = a.stats.arrivals
    s.advance(interval * threshold + 1)
    left = [e for e in events(s, "target_unhealthy") if "a-1" in e["message"]]
    assert len(left) == 1
    took = left[0]["t"] - 100
    assert (threshold - 1) * interval <= took <= threshold * interval
    # until then it still got its share (and answered 502s); after, nothing
    assert a.stats.arrivals > before
    frozen = a.stats.arrivals
    s.advance(30)
    assert a.stats.arrivals == frozen
    assert s.components["b"].stats.errors == 0


def test_a_recovered_target_returns_after_healthy_threshold_passed_checks() -> None:
    interval, healthy = 10, 4
    s = sim(two_instances(health_interval_s=interval, healthy_threshold=healthy))
    s.run_to_end()
    back = [e for e in events(s, "target_healthy") if "a-1" in e["message"]]
    assert len(back) == 1
    took = back[0]["t"] - 200  # the crash fault ended at t=200
    assert (healthy - 1) * interval <= took <= healthy * interval


def test_a_replacement_gets_traffic_after_one_passed_check_not_the_healthy_threshold() -> None:
    # AWS ELB docs, Health checks for your target groups: "After your target is registered, it
    # must pass one health check to be considered healthy" (the healthy threshold, default 5,
    # is for a target coming back from unhealthy):
    # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
    d = doc(
        [
            node("users", "client", rate=50, **PATIENT),
            node("lb", "alb"),  # AWS defaults: checks every 30 s, healthy threshold 5
            node("web", "asg", min=2, max=2, desired=2, launch_s=60),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=400,
        faults=[{"at": 30, "kind": "instance_crash", "target": "web"}],
    )
    s = sim(d)
    s.run_to_end()
    in_service = events(s, "instance_in_service")[0]
    new_id = in_service["message"].split("instance ")[1].split(" ")[0]
    healthy = [e for e in events(s, "target_healthy") if new_id in e["message"]]
    assert len(healthy) == 1 and "first health check" in healthy[0]["message"]
    waited = healthy[0]["t"] - in_service["t"]
    assert waited == pytest.approx(30, abs=1)  # one interval, not five (150 s)
    new = next(i for i in s.components["web"].instances if i.id == new_id)
    assert new.served > 0


def test_a_dead_target_still_in_rotation_answers_504_after_the_10_s_connect_timeout() -> None:
    # AWS re:Post, "How do I troubleshoot 504 errors that I receive when I use an Application
    # Load Balancer?": the load balancer failed to establish a connection to the target before
    # the 10-second connection timeout expired (https://repost.aws/knowledge-center/504-error-alb)
    s = sim(two_instances(health_interval_s=10, unhealthy_threshold=3))
    users = s.components["users"]
    s.advance(109.5)
    early = users.failed
    assert early <= 2  # only what was inside it at the crash; the rest routed there waits
    s.advance(1)
    assert users.failed - early > 20  # 504 ten seconds after each was sent
    rep = s.run_to_end()
    causes = {c for c, n in rep["requests"]["by_cause"].items() if n}
    assert causes == {"5xx"}  # the ALB's 504s (and the 502s of what was inside at the crash)


def test_with_retries_a_crash_costs_the_users_latency_until_the_target_leaves_rotation() -> None:
    # the SDK's standard retry mode: 5 s timeout, 2 retries; the retry goes to the live target
    d = two_instances(health_interval_s=10, unhealthy_threshold=3)
    d["nodes"][0]["props"].update({"rate": 50, "timeout_ms": 5000, "retries": 2})
    rep = sim(d).run_to_end()
    assert rep["requests"]["failed"] < 0.01 * rep["requests"]["total"]
    assert rep["latency_ms"]["p99"] > 5000  # waited out the dead target first


def test_when_every_target_is_unhealthy_the_alb_fails_open() -> None:
    d = two_instances(health_interval_s=5, health_timeout_s=2)
    d["faults"].append({"at": 100, "kind": "instance_crash", "target": "b", "duration": 100})
    s = sim(d)
    s.advance(130)
    assert events(s, "fail_open")
    lb = s.components["lb"]
    assert lb.fail_open and len(lb.rotation) == 2  # routes to all of them, not to none
    before = s.components["b"].stats.arrivals
    s.advance(5)
    assert s.components["b"].stats.arrivals > before


def test_least_outstanding_requests_sends_less_to_a_slow_target() -> None:
    def share(algorithm: str) -> float:
        d = doc(
            [
                node("users", "client", rate=150, **PATIENT),
                node("lb", "alb", algorithm=algorithm),
                node("fast", "ec2", concurrency=4, service_ms=5),
                node("slow", "ec2", concurrency=4, service_ms=40),
            ],
            [("users", "lb"), ("lb", "fast"), ("lb", "slow")],
            duration=60,
        )
        rep = sim(d).run_to_end()["nodes"]
        return rep["slow"]["arrivals"] / (rep["slow"]["arrivals"] + rep["fast"]["arrivals"])

    assert share("round_robin") == pytest.approx(0.5, abs=0.01)
    assert share("least_outstanding") < 0.4


def test_cross_zone_off_splits_traffic_per_az_first() -> None:
    def lone_share(cross_zone: bool) -> float:
        d = doc(
            [
                node("users", "client", rate=200, **PATIENT),
                node("lb", "alb", cross_zone=cross_zone),
                node("lone", "ec2", placement={"region": "us-east-1", "az": "us-east-1a"}),
                *[
                    node(f"b{k}", "ec2", placement={"region": "us-east-1", "az": "us-east-1b"})
                    for k in range(3)
                ],
            ],
            [("users", "lb"), ("lb", "lone"), *[("lb", f"b{k}") for k in range(3)]],
            duration=60,
        )
        rep = sim(d).run_to_end()["nodes"]
        total = sum(rep[n]["arrivals"] for n in ("lone", "b0", "b1", "b2"))
        return rep["lone"]["arrivals"] / total

    assert lone_share(True) == pytest.approx(0.25, abs=0.01)
    assert lone_share(False) == pytest.approx(0.5, abs=0.03)


def test_scale_in_drains_a_target_within_the_deregistration_delay() -> None:
    d = doc(
        [
            node("users", "client", rate=0.3, pattern="constant", **PATIENT),
            node("lb", "alb", deregistration_delay_s=300),
            node(
                "web",
                "asg",
                min=1,
                max=3,
                desired=3,
                service_ms=20_000,
                service_dist="constant",
                concurrency=4,
            ),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=200,
    )
    s = sim(d)
    s.advance(50)
    s.set_props("web", {"desired": 2})
    draining = [i for i in s.components["web"].instances if i.state == "draining"]
    assert len(draining) == 1
    leaving = draining[0]
    served = leaving.served
    s.advance(1)
    assert leaving.state == "draining" and leaving.outstanding > 0  # in-flight work continues
    s.advance(30)  # its 20 s requests finish well within the 300 s delay
    assert leaving.state == "terminated"
    assert leaving.served > served  # the in-flight requests completed (no errors)
    assert s.report()["nodes"]["web"]["errors"] == 0


def test_sticky_sessions_on_the_instance_are_lost_when_it_goes_away() -> None:
    def run(sessions: str) -> dict:
        d = doc(
            [
                node(
                    "users",
                    "client",
                    rate=50,
                    key_count=200,
                    sticky_sessions=True,
                    sessions=sessions,
                    retries=0,
                ),
                node("lb", "alb", health_interval_s=5, health_timeout_s=2),
                node("web", "asg", min=3, max=3, desired=3, launch_s=10),
            ],
            [("users", "lb"), ("lb", "web")],
            duration=120,
            faults=[{"at": 30, "kind": "instance_crash", "target": "web"}],
        )
        return sim(d).run_to_end()

    # Same stickiness, so the same routing: only where the app keeps the session differs.
    on_instance, no_state = run("instance"), run("none")
    assert on_instance["nodes"]["lb"]["sessions_lost"] > 30  # about a third of 200 users
    assert no_state["nodes"]["lb"]["sessions_lost"] == 0  # stickiness alone loses nothing
    assert on_instance["requests"]["failed"] > no_state["requests"]["failed"]


def test_slow_start_ramps_a_new_target_up_linearly() -> None:
    def first_minute_share(slow_start: int) -> float:
        d = two_instances(health_interval_s=10, healthy_threshold=2, slow_start_s=slow_start)
        s = sim(d)
        s.advance(200)  # a is healthy again at about 210 s
        a, b = s.components["a"].stats, s.components["b"].stats
        a0, b0 = a.arrivals, b.arrivals
        s.advance(60)
        return (a.arrivals - a0) / ((a.arrivals - a0) + (b.arrivals - b0))

    assert first_minute_share(0) > 0.3  # healthy again after ~10-20 s of the minute: full share
    assert 0.02 < first_minute_share(120) < 0.2  # ramping up from 0 towards its half share


# --- its rules, as validation applies them ----------------------------------------------


def test_alb_health_check_timeout_must_be_shorter_than_the_interval():
    doc = web_app()
    node_of(doc, "lb")["props"].update({"health_interval_s": 5, "health_timeout_s": 5})
    assert "must be less than health_interval_s" in problems(doc)["nodes[1].props.health_timeout_s"]
