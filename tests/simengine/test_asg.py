"""The Auto Scaling group follows the EC2 Auto Scaling User Guide's documented behaviour."""

from __future__ import annotations

from design_samples import node as node_of
from design_samples import problems, web_app
from sim_helpers import PATIENT, doc, events, node, sim


def web(
    rate: float = 100, faults: list | None = None, duration: float = 600, **asg: object
) -> dict:
    props = {"min": 2, "max": 6, "desired": 2, "service_ms": 20, "concurrency": 2, "launch_s": 60}
    props.update(asg)
    return doc(
        [
            node("users", "client", rate=rate, **PATIENT),
            node("lb", "alb", health_interval_s=10, healthy_threshold=3),
            node("web", "asg", **props),
        ],
        [("users", "lb"), ("lb", "web")],
        duration=duration,
        faults=faults,
    )


def test_new_instances_serve_only_after_launch_and_passing_health_checks() -> None:
    s = sim(web(duration=300))
    s.advance(20)
    s.set_props("web", {"desired": 3})
    new = [i for i in s.components["web"].instances if i.state == "pending"]
    assert len(new) == 1
    inst = new[0]
    s.advance(59)  # launch_s is 60
    assert inst.state == "pending" and inst.served == 0
    s.advance(2)
    assert inst.state == "in_service" and inst.served == 0  # registered, health check pending
    s.advance(10 - 4)  # its first check runs one interval (10 s) after registration
    assert inst.served == 0
    s.advance(5)
    assert inst.served > 0  # one passed check is enough for a new target (not 3)
    ready = [e for e in events(s, "target_healthy") if inst.id in e["message"]][0]["t"]
    assert ready == 20 + 60 + 10


def test_warming_instances_are_left_out_of_the_scaling_metric() -> None:
    s = sim(web(rate=150, warmup_s=300))
    asg = s.components["web"]
    s.advance(10)
    s.set_props("web", {"desired": 3})
    s.advance(90)  # the new instance is in service (and serving) from about t=70..100
    asg.measure()
    before = {i.id: i.busy_s for i in asg.instances}
    s.advance(60)
    warm = [i for i in asg.instances if s.now - i.in_service_at < 300]
    assert len(warm) == 1 and warm[0].busy_s > before[warm[0].id]  # it works, but...
    old = [i for i in asg.instances if i not in warm]
    expect = 100 * sum(i.busy_s - before[i.id] for i in old) / (60 * 2 * len(old))
    assert abs(asg.measure() - expect) < 1e-9  # ...only the warmed-up ones count


def test_target_tracking_scales_out_after_three_minutes_above_target() -> None:
    s = sim(web(rate=180, policy="target_tracking", target_value=50))  # CPU about 90%
    rep = s.run_to_end()
    outs = events(rep, "scale_out")
    assert outs and outs[0]["t"] == 180.0  # three one-minute datapoints above the target
    assert "above target 50%" in outs[0]["message"] and "CPU" in outs[0]["message"]
    assert "desired 2 -> 4" in outs[0]["message"]  # ceil(2 x 90 / 50)
    assert not events(rep, "scale_in")


def test_requests_per_target_is_counted_per_minute_and_the_event_says_so() -> None:
    s = sim(
        web(
            rate=180,
            policy="target_tracking",
            target_metric="requests_per_target",
            target_value=3000,
        )
    )  # 90 req/s per instance: 5400 a minute
    outs = events(s.run_to_end(), "scale_out")
    assert outs[0]["t"] == 180.0
    assert "requests per target per minute above target 3000" in outs[0]["message"]
    assert "desired 2 -> 4" in outs[0]["message"]  # ceil(2 x 5400 / 3000)


def test_target_tracking_scales_in_after_fifteen_minutes_below_in_proportion() -> None:
    # AWS EC2 Auto Scaling User Guide, Target tracking scaling policies: the scale-in alarm
    # needs 15 datapoints below the target (3 above for scale-out), and capacity follows the
    # load in proportion: https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html
    s = sim(
        web(rate=40, desired=6, policy="target_tracking", target_value=50, duration=1000, max=6)
    )  # 0.8 erlangs of work: CPU about 7% on 6 instances of 2 workers
    ins = events(s.run_to_end(), "scale_in")
    assert ins and ins[0]["t"] == 15 * 60  # fifteen one-minute datapoints, not sooner
    assert "desired 6 -> 2" in ins[0]["message"]  # ceil(6 x 7 / 50), the min: not 6 -> 5
    assert "for 15 minutes" in ins[0]["message"]


def test_a_high_resolution_metric_shows_scale_out_and_scale_in_within_minutes() -> None:
    # Create a target tracking policy using high-resolution metrics for faster response (AWS
    # EC2 Auto Scaling User Guide): a metric period of 10 s; the same 3 and 15 datapoints.
    # Scale-in also waits for new instances to finish warming up (Set the default instance
    # warmup for an Auto Scaling group).
    def run(period: int) -> dict:
        spike = {"pattern": "spike", "spike_at_s": 60, "spike_duration_s": 240}
        d = web(rate=20, policy="target_tracking", target_value=50, max=8, warmup_s=30)
        d["nodes"][2]["props"]["metric_period_s"] = period
        d["nodes"][0]["props"].update(spike, spike_multiplier=9)  # 20 -> 180 req/s, 60-300 s
        return sim(d).run_to_end()

    rep = run(10)
    outs, ins = events(rep, "scale_out"), events(rep, "scale_in")
    assert outs[0]["t"] == 60 + 30  # 3 datapoints of 10 s above the target
    last_out = outs[-1]["t"]
    assert len(ins) == 1 and last_out + 150 <= ins[0]["t"] <= 300 + 30  # 15 of 10 s below
    assert "for 150 s" in ins[0]["message"] and "-> 2" in ins[0]["message"]  # straight to min
    standard = run(60)  # one-minute datapoints: 3 minutes out, 15 minutes in
    assert events(standard, "scale_out")[0]["t"] == 240  # datapoints at 120, 180, 240 s
    assert not events(standard, "scale_in")  # a 10-minute run never sees it


def test_a_high_resolution_period_is_only_for_a_cpu_metric() -> None:
    doc = web_app()
    node_of(doc, "web")["props"].update(
        {"policy": "target_tracking", "target_metric": "requests_per_target", "metric_period_s": 10}
    )
    assert "only a CPU metric" in problems(doc)["nodes[2].props.metric_period_s"]
    node_of(doc, "web")["props"].update({"target_metric": "cpu", "metric_period_s": 20})
    assert "10, 30 or 60" in problems(doc)["nodes[2].props.metric_period_s"]


def test_step_scaling_waits_for_its_cooldown() -> None:
    # 3.4 erlangs of work: CPU 85% on 2 instances, 57% on 3, 42% on 4
    rep = sim(
        web(
            rate=170,
            policy="step",
            step_upper=50,
            step_lower=10,
            step_adjustment=1,
            cooldown_s=300,
            max=10,
            duration=700,
        )
    ).run_to_end()
    times = [e["t"] for e in events(rep, "scale_out")]
    assert times == [60.0, 360.0]  # nothing during the 300 s cooldown, then the next step


def test_scheduled_action_sets_desired() -> None:
    rep = sim(
        web(policy="scheduled", scheduled_at_s=120, scheduled_desired=5, duration=200)
    ).run_to_end()
    out = events(rep, "scale_out")
    assert out[0]["t"] == 120 and "desired 2 -> 5" in out[0]["message"]


def test_crashed_instance_is_replaced_and_azs_stay_balanced() -> None:
    s = sim(
        web(
            desired=4,
            faults=[{"at": 30, "kind": "az_outage", "target": "us-east-1a", "duration": 200}],
            duration=600,
        )
    )
    s.advance(29)
    azs = sorted(i.az for i in s.components["web"].live())
    assert azs == ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"]
    s.advance(50)
    assert not events(s, "replace_unhealthy")  # an EC2 status check runs once a minute
    s.advance(30)  # replacements launch in the AZ that still works
    live = s.components["web"].live()
    assert sum(1 for i in live if i.az == "us-east-1b") == 4
    assert events(s, "replace_unhealthy")
    s.run_to_end()  # the AZ is back at 230 s: the group rebalances, launching first
    live = [i for i in s.components["web"].live() if i.state == "in_service"]
    assert sorted(i.az for i in live) == ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"]
    assert events(s, "az_rebalance")


def test_a_crashed_instance_is_replaced_when_the_status_check_sees_it_as_the_log_says() -> None:
    # AWS EC2 Auto Scaling User Guide, Health checks for instances in an Auto Scaling group:
    # an instance whose EC2 status check fails is unhealthy and replaced; status checks run
    # every minute (AWS EC2 docs, Status checks for your instances).
    s = sim(web(faults=[{"at": 30, "kind": "instance_crash", "target": "web"}], duration=200))
    asg = s.components["web"]
    s.advance(29)
    first = {i.id for i in asg.instances}
    s.advance(171)
    replacing = events(s, "replace_unhealthy")
    assert len(replacing) == 1
    seen = replacing[0]["t"]
    assert 30 + 60 <= seen <= 30 + 60 + 10  # the minute's check, on the group's 10 s sweep
    assert "launching a replacement" in replacing[0]["message"]
    new = [i for i in asg.instances if i.id not in first]
    assert len(new) == 1 and new[0].launched == seen  # launched when the log says, not at 30 s
    assert new[0].in_service_at == seen + 60  # then launch_s to boot


def test_instance_refresh_replaces_every_instance_keeping_most_in_service() -> None:
    s = sim(
        web(desired=4, refresh_at_s=60, min_healthy_pct=75, launch_s=30, warmup_s=0, duration=900)
    )
    old = {i.id for i in s.components["web"].instances}
    lowest = 4
    while not s.done:
        frame = s.advance(5)
        if s.now > 60:
            lowest = min(lowest, frame["nodes"]["web"]["instances"]["in_service"])
    now = {i.id for i in s.components["web"].live()}
    assert now and not (now & old)  # immutable: every instance is new, none patched
    assert lowest >= 3  # 75% of 4 kept in service
    assert events(s, "instance_refresh_done")


def test_a_refresh_with_room_above_launches_before_it_terminates() -> None:
    # max_healthy_pct 125 on 4: one new instance first, an old one retired once it serves, so
    # the group never has fewer than 4 in service (healthy); at the default (100) it dips to 3.
    # `high` counts the new one while it launches and awaits its first health check (pending).
    def lowest_in_service(**refresh: object) -> tuple[int, int, set[str]]:
        s = sim(web(desired=4, refresh_at_s=60, launch_s=30, warmup_s=0, duration=900, **refresh))
        old = {i.id for i in s.components["web"].instances}
        low, high = 4, 4
        while not s.done:
            c = s.advance(5)["nodes"]["web"]["instances"]
            if s.now > 60:
                low, high = min(low, c["in_service"]), max(high, c["in_service"] + c["pending"])
        assert events(s, "instance_refresh_done")
        assert not {i.id for i in s.components["web"].live()} & old  # every instance is new
        return low, high, old

    assert lowest_in_service(min_healthy_pct=100, max_healthy_pct=125)[:2] == (4, 5)
    assert lowest_in_service(min_healthy_pct=75)[0] == 3


def test_refresh_batches_follow_the_healthy_range() -> None:
    from simengine.components.refresh import batch_sizes

    assert batch_sizes(4, 90, 100) == (0, 1)  # AWS's defaults: one at a time, terminate first
    assert batch_sizes(4, 100, 100) == (0, 1)
    assert batch_sizes(4, 100, 150) == (2, 0)  # two launched before two are terminated
    assert batch_sizes(10, 80, 120) == (2, 2)


# --- its rules, as validation applies them ----------------------------------------------


def test_max_healthy_is_at_most_100_points_above_min():
    doc = web_app()
    node_of(doc, "web")["props"].update({"min_healthy_pct": 50, "max_healthy_pct": 200})
    assert problems(doc) == {
        "nodes[2].props.max_healthy_pct": "must be at most 100 points above min_healthy_pct (50),"
        " as AWS requires"
    }


def test_asg_sizes_must_agree():
    doc = web_app()
    node_of(doc, "web")["props"].update({"min": 2, "desired": 1, "max": 6})
    assert problems(doc) == {"nodes[2].props.desired": "must be at least min (2)"}
    node_of(doc, "web")["props"].update({"desired": 7})
    assert problems(doc) == {"nodes[2].props.desired": "must be at most max (6)"}
