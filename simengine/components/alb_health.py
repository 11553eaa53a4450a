"""An ALB's health checks of its targets and the draining of a deregistered one (AWS ELB
documentation, "Health checks for your target groups", "Deregistration delay").

Every `health_interval_s` a registered target is checked: it passes when it is up, in service
(or draining) and not so overloaded that the answer would take longer than `health_timeout_s`.
A newly registered target (scale-out, a replacement) is "initial": ONE passed check puts it in
rotation (AWS ELB docs, "Health checks for your target groups": "After your target is
registered, it must pass one health check to be considered healthy",
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
`healthy_threshold` passes in a row bring back a target that was unhealthy; `unhealthy_threshold`
failures in a row take a target out (or make an initial one unhealthy). These are the ALB's own
processes (started by `Alb.register` and `Alb.deregister`), kept here so that the ALB's module
is about routing.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

if TYPE_CHECKING:
    from simengine.components.alb import Alb
    from simengine.components.compute import Instance


def drain(alb: Alb, inst: Instance) -> Generator[Event, Any, None]:
    # AWS ELB docs: deregistration delay default 300 s; ends early once nothing is in flight.
    end = alb.env.now + float(alb.props["deregistration_delay_s"])
    while inst.outstanding > 0 and inst.alive and alb.env.now < end:
        yield Timeout(alb.env, min(1.0, end - alb.env.now))


def passes(alb: Alb, inst: Instance) -> bool:
    if not inst.alive or inst.owner.down or inst.state not in ("in_service", "draining"):
        return False
    # An overloaded instance answers its health check too late and fails it.
    wait_s = len(inst.queue) * inst.owner.mean_s / max(1, inst.cap)
    return wait_s < float(alb.props["health_timeout_s"])


def health_checks(alb: Alb, inst: Instance, first_delay: float) -> Generator[Event, Any, None]:
    p = alb.props
    if first_delay:
        yield Timeout(alb.env, first_delay)
    while inst in alb.registered:
        if passes(alb, inst):
            inst.hc_pass += 1
            inst.hc_fail = 0
            # AWS ELB docs: a registered target must pass ONE check; the healthy threshold
            # applies to a target coming back from unhealthy
            needed = 1 if inst.hc_initial else int(p["healthy_threshold"])
            if not inst.healthy and inst.hc_pass >= needed:
                _healthy(alb, inst)
        else:
            inst.hc_fail += 1
            inst.hc_pass = 0
            if inst.hc_initial and inst.hc_fail >= int(p["unhealthy_threshold"]):
                inst.hc_initial = False  # initial -> unhealthy: back needs the threshold
            if inst.healthy and inst.hc_fail >= int(p["unhealthy_threshold"]):
                inst.healthy = False
                alb.rebuild()
                alb.sim.event(
                    "target_unhealthy",
                    alb.id,
                    f"{alb.id}: target {inst.id} "
                    f"failed {inst.hc_fail} health checks and left rotation",
                )
        yield Timeout(alb.env, float(p["health_interval_s"]))


def _healthy(alb: Alb, inst: Instance) -> None:
    """The target enters rotation; the event says whether it was new or coming back."""
    was_new = inst.hc_initial
    inst.healthy = True
    inst.hc_initial = False
    inst.healthy_at = alb.env.now
    alb.rebuild()
    how = (
        "passed its first health check"
        if was_new
        else f"passed {inst.hc_pass} health checks in a row"
    )
    alb.sim.event(
        "target_healthy", alb.id, f"{alb.id}: target {inst.id} {how} and receives traffic"
    )
