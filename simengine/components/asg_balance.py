"""An Auto Scaling group's AZ rebalancing (EC2 Auto Scaling User Guide, "Rebalancing
activities"): when its AZs hold uneven numbers of instances (an AZ came back after an outage),
the group launches in the emptiest AZ first and terminates in the fullest only once the new
instance is in service, so capacity never dips. The instance launched above desired is a
"surge" instance until the swap is done. These are the group's own steps (called by its health
sweep), kept here so that `asg.py` is about capacity and replacement.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

if TYPE_CHECKING:
    from simengine.components.asg import Asg
    from simengine.components.compute import Instance


def rebalance(asg: Asg) -> None:
    """Start one launch-before-terminate swap if two AZs differ by more than one instance."""
    active = asg.active()
    if (
        asg.surge
        or len(active) != asg.desired
        or any(i.state == "pending" or not i.alive for i in active)
    ):
        return  # settle first: launches, and replacements of stopped instances
    azs = [a for a in asg.azs if not asg.sim.az_dark(a)]
    if len(azs) < 2:
        return
    count = {a: sum(1 for i in active if i.az == a) for a in azs}
    lo, hi = min(azs, key=count.get), max(azs, key=count.get)
    if count[hi] - count[lo] > 1:
        asg.sim.event(
            "az_rebalance",
            asg.id,
            f"{asg.id}: rebalancing, launching in {lo} "
            f"({count[lo]}) before terminating in {hi} ({count[hi]})",
        )
        new = asg.launch(lo)
        asg.surge.add(new)
        old = min((i for i in active if i.az == hi), key=lambda i: i.launched)
        asg.env.process(_swap(asg, new, old))


def _swap(asg: Asg, new: Instance, old: Instance) -> Generator[Event, Any, None]:
    while new.state == "pending" and new.alive:
        yield Timeout(asg.env, asg.sweep_s)
    if old.state == "in_service" and new.state == "in_service":
        asg.retire(old)
    asg.surge.discard(new)
