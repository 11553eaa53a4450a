"""Auto Scaling policies, strategy objects chosen by name (EC2 Auto Scaling User Guide).

Every policy reads its metric once per `metric_period_s` (CloudWatch's standard one minute, or
10 or 30 s for a high-resolution CPU metric published by the CloudWatch agent) through
`MetricReader` and asks the group for a new desired capacity with a sentence a learner
understands.

- target_tracking: new capacity = ceil(current x metric / target), both ways (AWS: target
  tracking "scales in direct proportion to the actual load", removing capacity only so far as
  the metric stays at or below the target). Scaling out needs 3 datapoints in a row above the
  target, scaling in 15 in a row below it (the alarms target tracking creates: 3 of 3 high,
  15 of 15 low), so scale-in is the slower, more cautious direction: 15 minutes at the standard
  period, 150 s with a 10 s high-resolution metric.
- step: above `step_upper` add `step_adjustment`, below `step_lower` remove it; after each
  activity wait `cooldown_s`.
- scheduled: at `scheduled_at_s` set desired to `scheduled_desired`.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.limits import DEFAULT_LIMITS
from simengine.props import fmt_number
from simengine.spec import HOUR_S, enum_prop, float_prop, int_prop

if TYPE_CHECKING:
    from simengine.components.asg import Asg
    from simengine.design import Node

# AWS EC2 Auto Scaling API Reference, TargetTrackingMetricStat: "Period ... The default value is
# 60. Accepted values are 10, 30, and 60" (Create a target tracking policy using
# high-resolution metrics for faster response:
# https://docs.aws.amazon.com/autoscaling/ec2/userguide/policy-creating-high-resolution-metrics.html)
METRIC_PERIODS_S = (10, 30, 60)
SCALE_OUT_DATAPOINTS = 3  # AWS target tracking: high alarm, 3 datapoints in a row
SCALE_IN_DATAPOINTS = 15  # AWS target tracking: low alarm, 15 datapoints in a row
# The unit a target is read in, for the event texts ("CPU 54% above target 15%").
TARGET_UNITS = {"cpu": "%", "requests_per_target": "", "backlog_per_instance": ""}
LABELS = {
    "cpu": "CPU {:.0f}%",
    "requests_per_target": "{:.0f} requests per target per minute",
    "backlog_per_instance": "{:.1f} messages per instance",
}


SCALING_PROPS = (
    enum_prop(
        "policy",
        "none",
        ("none", "target_tracking", "step", "scheduled"),
        "How the group changes its size during the run.",
    ),
    enum_prop(
        "target_metric",
        "cpu",
        ("cpu", "requests_per_target", "backlog_per_instance"),
        "What target tracking or step scaling watches: cpu is the group's average CPU in %; "
        "requests_per_target is requests per target per MINUTE (AWS ALBRequestCountPerTarget: "
        "600 req/s over 4 instances is 9000); backlog_per_instance is visible SQS messages "
        "per instance.",
        "AWS Auto Scaling docs: predefined metrics ASGAverageCPUUtilization, "
        "ALBRequestCountPerTarget; backlog per instance for SQS workers",
        when=("policy", ("target_tracking", "step")),
    ),
    float_prop(
        "target_value",
        50.0,
        0.0,
        1_000_000.0,
        None,
        "Target tracking keeps the metric near this, in its unit: CPU in %, requests per "
        "target per minute (not per second: 3000 is 50 req/s per instance), or messages per "
        "instance.",
        "AWS Auto Scaling docs: target tracking example keeps average CPU at 50%",
        when=("policy", ("target_tracking",)),
    ),
    float_prop(
        "step_upper",
        70.0,
        0.0,
        1_000_000.0,
        None,
        "Step scaling adds instances while the metric is above this.",
        when=("policy", ("step",)),
    ),
    float_prop(
        "step_lower",
        30.0,
        0.0,
        1_000_000.0,
        None,
        "Step scaling removes instances while the metric is below this.",
        when=("policy", ("step",)),
    ),
    int_prop(
        "step_adjustment",
        1,
        1,
        100,
        "instances",
        "Instances added or removed per step.",
        when=("policy", ("step",)),
    ),
    float_prop(
        "scheduled_at_s",
        300.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the scheduled action sets the desired size.",
        when=("policy", ("scheduled",)),
    ),
    int_prop(
        "scheduled_desired",
        4,
        0,
        1000,
        "instances",
        "Desired size the scheduled action sets (within min..max).",
        when=("policy", ("scheduled",)),
    ),
    int_prop(
        "metric_period_s",
        60,
        10,
        60,
        "s",
        "How often the policy reads its metric: 60 (CloudWatch's standard minute) or 10 or 30 "
        "for a high-resolution CPU metric. Scale-out waits 3 periods, scale-in 15.",
        "AWS Auto Scaling docs: target tracking metric period 10, 30 or 60 s (default 60)",
        when=("policy", ("target_tracking", "step")),
    ),
    float_prop(
        "warmup_s",
        300.0,
        0.0,
        HOUR_S,
        "s",
        "A new instance's metrics are ignored for this long after it is in service.",
        "AWS Auto Scaling docs: with warm-up unset, target tracking uses 300 s",
    ),
    float_prop(
        "cooldown_s",
        300.0,
        0.0,
        HOUR_S,
        "s",
        "After one scaling activity, wait this long before the next (step/simple scaling).",
        "AWS Auto Scaling docs: default cooldown 300 s",
    ),
)


def policy_rule(node: Node) -> Iterator[tuple[str, str]]:
    """The step thresholds must be in order; a CPU target is a percentage."""
    p = node.props
    if p["policy"] == "step" and p["step_lower"] >= p["step_upper"]:
        yield "step_lower", f"must be below step_upper ({fmt_number(p['step_upper'])})"
    tracks_cpu = p["policy"] == "target_tracking" and p["target_metric"] == "cpu"
    if tracks_cpu and not 0 < p["target_value"] <= 100:
        yield "target_value", "is a CPU percentage: between 0 and 100"
    period = p["metric_period_s"]
    if period not in METRIC_PERIODS_S:
        yield "metric_period_s", "must be 10, 30 or 60 s, as AWS accepts"
    elif period < 60 and p["target_metric"] != "cpu" and p["policy"] in ("target_tracking", "step"):
        yield (
            "metric_period_s",
            "only a CPU metric can be high-resolution: ALB and SQS metrics are per minute",
        )


class MetricReader:
    """The group's metric over the last period, from instances past their warm-up (instances
    still warming up are left out of the aggregate, as AWS does)."""

    def __init__(self, asg: Asg) -> None:
        self.asg = asg
        self.last: dict[str, tuple[float, int]] = {}

    def read(self) -> float:
        asg = self.asg
        now = asg.env.now
        warm = float(asg.props["warmup_s"])
        metric = asg.props["target_metric"]
        ready = [
            i
            for i in asg.instances
            if i.state == "in_service"
            and i.alive
            and i.in_service_at is not None
            and now - i.in_service_at >= warm
        ]
        period = float(asg.props["metric_period_s"])
        vals = []
        for inst in ready:
            busy, served = self.last.get(inst.id, (0.0, 0))  # counters start at zero
            vals.append(((inst.busy_s - busy) / (period * inst.cap), inst.served - served))
        self.last = {i.id: (i.busy_s, i.served) for i in asg.instances}
        if metric == "backlog_per_instance":  # ApproximateNumberOfMessagesVisible / instances
            backlog = sum(lk.src.backlog() for lk in asg.in_links)
            return backlog / max(1, len(ready))
        if not vals:
            return 0.0
        if metric == "requests_per_target":  # ALBRequestCountPerTarget: per minute
            return sum(v[1] for v in vals) / len(vals)
        return 100.0 * sum(v[0] for v in vals) / len(vals)  # ASGAverageCPUUtilization, %


class Policy:
    """A scaling policy: `run()` is the simpy process that evaluates it."""

    def __init__(self, asg: Asg) -> None:
        self.asg = asg
        self.props = asg.props

    def run(self) -> Generator[Event, Any, None]:
        while True:
            yield Timeout(self.asg.env, float(self.props["metric_period_s"]))
            value = self.asg.metric_value = self.asg.measure()
            self.evaluate(value, LABELS[self.props["target_metric"]].format(value))

    def evaluate(self, value: float, shown: str) -> None:
        raise NotImplementedError


class TargetTracking(Policy):
    def __init__(self, asg: Asg) -> None:
        super().__init__(asg)
        self.above = self.below = 0

    def evaluate(self, value: float, shown: str) -> None:
        asg = self.asg
        target = max(1e-9, float(self.props["target_value"]))
        unit = TARGET_UNITS[self.props["target_metric"]]
        n_ready = max(1, sum(1 for i in asg.instances if i.state == "in_service" and i.alive))
        want = math.ceil(n_ready * value / target - 1e-9)
        self.above = self.above + 1 if value > target else 0
        self.below = self.below + 1 if value < target else 0
        if self.above >= SCALE_OUT_DATAPOINTS and want > asg.desired:
            asg.set_desired(want, f"{shown} above target {target:g}{unit}")
            self.above = 0
        elif self.below >= SCALE_IN_DATAPOINTS and want < asg.desired and not _warming(asg):
            # proportional, like scale-out: ceil() keeps the metric at or below the target
            span = _duration(self.below * float(self.props["metric_period_s"]))
            asg.set_desired(want, f"{shown} below target {target:g}{unit} for {span}")
            self.below = 0


def _warming(asg: Asg) -> bool:
    """A new instance is still launching or warming up: AWS blocks scale-in until it is done
    (EC2 Auto Scaling User Guide, Set the default instance warmup for an Auto Scaling group:
    https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-default-instance-warmup.html)."""
    now, warm = asg.env.now, float(asg.props["warmup_s"])
    for i in asg.active():
        if i.state == "pending" or (i.in_service_at is not None and now - i.in_service_at < warm):
            return True
    return False


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds % 60 == 0 else f"{seconds:g} s"


class StepScaling(Policy):
    def evaluate(self, value: float, shown: str) -> None:
        asg, p = self.asg, self.props
        if asg.env.now - asg.last_activity < float(p["cooldown_s"]):
            return
        step = int(p["step_adjustment"])
        upper, lower = float(p["step_upper"]), float(p["step_lower"])
        if value > upper:
            asg.set_desired(asg.desired + step, f"{shown} above {upper:g}")
        elif value < lower:
            asg.set_desired(asg.desired - step, f"{shown} below {lower:g}")


class Scheduled(Policy):
    def run(self) -> Generator[Event, Any, None]:
        yield Timeout(self.asg.env, float(self.props["scheduled_at_s"]))
        self.asg.set_desired(int(self.props["scheduled_desired"]), "scheduled action")

    def evaluate(self, value: float, shown: str) -> None:  # pragma: no cover - not periodic
        pass


POLICIES: dict[str, type[Policy]] = {
    "target_tracking": TargetTracking,
    "step": StepScaling,
    "scheduled": Scheduled,
}
