"""One definition of an instance's health, read by the group's figures AND its load balancer's.

Before this module the two disagreed in the same frame: the group counted an instance whose AZ
had gone dark as unhealthy at once (it had stopped), while the ALB still counted it healthy (its
last health check had passed; it takes `unhealthy_threshold` failed checks to notice), and an
instance the ALB had failed counted both "in service" and "unhealthy". Now every instance is in
exactly one of these states, whoever reads it:

- ``pending``: launching, or registered with its load balancer and not yet through its first
  health check (AWS target health state "initial": it gets no traffic yet);
- ``in_service``: in service, running, and healthy by its load balancer's health checks (or not
  behind a load balancer): AWS target health state "healthy";
- ``unhealthy``: stopped (crashed, its AZ dark) or failed by its load balancer's health checks
  (AWS "unhealthy"); one that stopped but has not failed enough checks yet is still in the ALB's
  rotation (`stale`): requests sent to it time out;
- ``draining``: deregistering before it is terminated (AWS "draining").

AWS target health states:
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simengine.components.compute import Instance

STATES = ("in_service", "pending", "unhealthy", "draining")


def health_of(inst: Instance) -> str:
    """The instance's one state (see the module docstring); None-free: terminated is 'gone'."""
    state = inst.state
    if state == "terminated":
        return "gone"
    if state == "draining":
        return "draining"
    if not inst.alive:
        return "unhealthy"
    if state == "pending":
        return "pending"
    if inst.registered and not inst.healthy:
        return "pending" if inst.hc_initial else "unhealthy"
    return "in_service"


def stale(inst: Instance) -> bool:
    """Stopped, yet still healthy to its load balancer: in rotation until its checks fail."""
    return inst.registered and inst.healthy and not inst.alive and inst.state == "in_service"


def tally(instances: Iterable[Instance]) -> dict[str, int]:
    """How many instances are in each state (every state present, zeros too)."""
    out = dict.fromkeys(STATES, 0)
    for inst in instances:
        h = health_of(inst)
        if h in out:
            out[h] += 1
    return out


def tally_by_az(instances: Iterable[Instance]) -> dict[str, dict[str, int]]:
    """Per AZ, the states with at least one instance: {"use1-az1": {"in_service": 2}}. Bounded
    by the group's AZs whatever its size (a frame stays small with 100 instances)."""
    out: dict[str, dict[str, int]] = {}
    for inst in instances:
        h = health_of(inst)
        if h == "gone" or not inst.az:
            continue
        zone = out.setdefault(inst.az, {})
        zone[h] = zone.get(h, 0) + 1
    return out
