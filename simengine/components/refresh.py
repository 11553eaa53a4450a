"""An Auto Scaling group's instance refresh (EC2 Auto Scaling User Guide, "instance refresh"):
at `refresh_at_s` the group's launch template has a new version (a new image), and every
instance is replaced by a new one launched from it, never patched in place. It goes in
batches: `min_healthy_pct` is how far below desired capacity the group may dip while it
replaces, `max_healthy_pct` how far above it may grow. With room above (over 100%), the
new instances of a batch are launched first and the old ones terminated only once the new
ones are in service (launch before terminate); with none, old instances are terminated first
and their replacements launched (terminate and launch). The next batch waits until the new
instances pass their health checks and have warmed up."""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.limits import DEFAULT_LIMITS
from simengine.spec import float_prop, int_prop

if TYPE_CHECKING:
    from simengine.components.asg import Asg
    from simengine.components.compute import Instance
    from simengine.design import Node

# AWS EC2 Auto Scaling API Reference, RefreshPreferences
# (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html):
# MinHealthyPercentage 0-100, default 90; MaxHealthyPercentage 100-200, default 100, and "the
# difference between them cannot be greater than 100. A larger range increases the number of
# instances that can be replaced at the same time."
MAX_RANGE_PCT = 100

REFRESH_PROPS = (
    float_prop(
        "refresh_at_s",
        0.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the launch template gets a new version and an instance refresh replaces every "
        "instance with one launched from it (0 = never).",
        "AWS Auto Scaling docs: instance refresh (immutable replacement)",
    ),
    int_prop(
        "min_healthy_pct",
        90,
        0,
        100,
        "%",
        "During a refresh, keep at least this share of the desired capacity in service.",
        "AWS Auto Scaling API, RefreshPreferences: MinHealthyPercentage default 90",
    ),
    int_prop(
        "max_healthy_pct",
        100,
        100,
        200,
        "%",
        "During a refresh, the group may grow to this share of the desired capacity: above "
        "100, new instances are launched before old ones are terminated.",
        "AWS Auto Scaling API, RefreshPreferences: MaxHealthyPercentage 100-200, default 100",
    ),
)


def refresh_rule(node: Node) -> Iterator[tuple[str, str]]:
    """AWS refuses a maximum more than 100 points above the minimum."""
    p = node.props
    if p["max_healthy_pct"] - p["min_healthy_pct"] > MAX_RANGE_PCT:
        yield (
            "max_healthy_pct",
            f"must be at most {MAX_RANGE_PCT} points above min_healthy_pct "
            f"({p['min_healthy_pct']}), as AWS requires",
        )


def batch_sizes(desired: int, min_pct: int, max_pct: int) -> tuple[int, int]:
    """(launched first, terminated first) per batch: the room above desired capacity, and the
    room below it (at least one instance in all, as AWS replaces one at a time at worst)."""
    up = max(0, math.floor(desired * max_pct / 100.0) - desired)
    down = max(0, desired - math.ceil(desired * min_pct / 100.0))
    if up + down == 0:
        down = 1
    return up, down


def refresh(asg: Asg, at: float) -> Generator[Event, Any, None]:
    """The refresh, as a simpy process that starts `at` seconds from now."""
    yield Timeout(asg.env, at)
    asg.refreshing = True
    old = list(asg.active())
    up, down = batch_sizes(
        asg.desired, int(asg.props["min_healthy_pct"]), int(asg.props["max_healthy_pct"])
    )
    how = f"launching {up} before terminating" if up else "terminating and launching"
    asg.sim.event(
        "instance_refresh",
        asg.id,
        f"{asg.id}: launch template updated, instance refresh started: replacing {len(old)} "
        f"instances, {up + down} at a time ({how})",
    )
    while True:
        todo = [i for i in old if i.state in ("pending", "in_service") and i.alive]
        if not todo:
            break
        early = [asg.launch(asg.emptiest_az()) for _ in range(min(up, len(todo)))]
        asg.surge.update(early)
        for inst in todo[len(early) : len(early) + down]:
            asg.retire(inst)
        asg.reconcile()  # launches the replacements of those terminated
        yield Timeout(asg.env, asg.sweep_s)
        while any(i.state == "pending" for i in asg.instances) or not _new_healthy(asg, old):
            yield Timeout(asg.env, asg.sweep_s)
        for new, inst in zip(early, todo, strict=False):  # the new ones serve: retire as many
            asg.surge.discard(new)
            asg.retire(inst)
    asg.refreshing = False
    asg.sim.event(
        "instance_refresh_done",
        asg.id,
        f"{asg.id}: instance refresh finished; every instance is new",
    )


def _new_healthy(asg: Asg, old: list[Instance]) -> bool:
    lbs = asg.balancers()
    warm = float(asg.props["warmup_s"])
    new = [i for i in asg.instances if i not in old and i.state == "in_service"]
    return all((not lbs or i.healthy) and asg.env.now - (i.in_service_at or 0) >= warm for i in new)
