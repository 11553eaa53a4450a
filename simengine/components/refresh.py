"""An Auto Scaling group's instance refresh (EC2 Auto Scaling User Guide, "instance refresh"):
at `refresh_at_s` every instance is replaced by a new one, never patched in place, in batches
small enough to keep `min_healthy_pct` of the group in service; the next batch waits until
the new instances pass their health checks and have warmed up."""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.limits import DEFAULT_LIMITS
from simengine.spec import float_prop, int_prop

if TYPE_CHECKING:
    from simengine.components.asg import Asg
    from simengine.components.compute import Instance

REFRESH_PROPS = (
    float_prop(
        "refresh_at_s",
        0.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When an instance refresh replaces every instance with a new one (0 = never).",
        "AWS Auto Scaling docs: instance refresh (immutable replacement)",
    ),
    int_prop(
        "min_healthy_pct",
        90,
        0,
        100,
        "%",
        "During a refresh, keep at least this share of the group in service.",
        "AWS Auto Scaling docs: instance refresh MinHealthyPercentage default 90",
    ),
)


def refresh(asg: Asg, at: float) -> Generator[Event, Any, None]:
    """The refresh, as a simpy process that starts `at` seconds from now."""
    yield Timeout(asg.env, at)
    asg.refreshing = True
    old = list(asg.active())
    pct = int(asg.props["min_healthy_pct"])
    batch = max(1, asg.desired - math.ceil(asg.desired * pct / 100.0))
    asg.sim.event(
        "instance_refresh",
        asg.id,
        f"{asg.id}: instance refresh started: replacing {len(old)} instances, {batch} at a time",
    )
    while True:
        todo = [i for i in old if i.state in ("pending", "in_service") and i.alive]
        if not todo:
            break
        for inst in todo[:batch]:
            asg.retire(inst)
        asg.reconcile()  # launches the replacements
        yield Timeout(asg.env, asg.sweep_s)
        while any(i.state == "pending" for i in asg.instances) or not _new_healthy(asg, old):
            yield Timeout(asg.env, asg.sweep_s)
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
