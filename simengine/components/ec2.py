"""EC2: one virtual server in one AZ, modelled as a queue in front of `concurrency` workers.

An instance serves `concurrency` requests at once (default: its vCPUs, from the pricing table);
more wait in its accept queue, up to `queue_limit`, beyond which it refuses them ("dropped").
Each request takes a service time drawn from `service_dist` with mean `service_ms`; then the
instance calls its dependencies (its outgoing edges) one after the other, releasing its worker
first (CPU work is done; waiting on a database does not hold a vCPU). A lone ec2 behind a
poisson client with exponential service is therefore exactly an M/M/c queue.

An instance that crashes fails everything queued or in service on it ("5xx": the load balancer
answers 502) and answers nothing until it is replaced (asg) or the fault ends (ec2). A caller
that calls a crashed instance directly (no load balancer) hears nothing back: its attempt hangs
until the user's client gives up (`timeout_ms`), then fails "timeout".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simengine import pricing
from simengine.components.base import Gen, Request
from simengine.components.compute import Compute, Instance, patience_s
from simengine.components.logs import LOGS_PROP
from simengine.spec import (
    APP_TARGETS,
    SERVICE_CV,
    SERVICE_DIST,
    KindSpec,
    enum_prop,
    int_prop,
    service_ms,
)

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation


PROPS = (
    enum_prop(
        "instance_type",
        "t3.medium",
        tuple(pricing.INSTANCE_TYPES),
        "Instance size: vCPUs, relative speed and price per hour.",
        f"AWS EC2 on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    int_prop(
        "concurrency",
        None,
        1,
        1024,
        "requests",
        "Requests served at once; more wait in the instance's queue. Default: its vCPUs.",
        default_from="instance_type.vcpus",
    ),
    service_ms(20.0, "Mean time one request takes on this instance at no load."),
    SERVICE_DIST,
    SERVICE_CV,
    int_prop(
        "queue_limit",
        1000,
        0,
        1_000_000,
        "requests",
        "Requests that may wait for a free slot; beyond that the instance refuses them.",
    ),
    LOGS_PROP,
)

SPEC = KindSpec(
    "ec2",
    "EC2 instance",
    "Compute",
    "zonal",
    "One virtual server in one AZ: a queue in front of a few workers.",
    APP_TARGETS,
    PROPS,
)


class Ec2(Compute):
    """A single EC2 instance in one AZ (no replacement: that is what an ASG adds)."""

    spec = SPEC

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        inst = self.new_instance(self.az)
        inst.enter_service()
        self.instance = inst

    def handle(self, req: Request) -> Gen:
        if self.down:
            return (yield from self.unavailable())
        inst = self.instance
        if not inst.alive:  # called directly: the caller waits until its own timeout
            return (yield from inst.refuse(req, patience_s(req, self.env.now), "timeout"))
        return (yield from inst.serve(req))

    def targets(self) -> list[Instance]:
        return [self.instance]

    def dns_healthy(self) -> bool:
        return not self.down and self.instance.alive

    def set_fault(self, kind: str, on: bool, fault: Any) -> None:
        if kind == "instance_crash":
            if on:
                self.instance.crash()
                self.sim.event(
                    "instance_crash", self.id, f"{self.id}: instance {self.instance.id} crashed"
                )
            else:
                self.instance.revive()
                self.sim.event(
                    "instance_recovered",
                    self.id,
                    f"{self.id}: instance {self.instance.id} is running again",
                )
        else:
            super().set_fault(kind, on, fault)
