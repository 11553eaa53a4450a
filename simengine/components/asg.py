"""Auto Scaling group: a fleet of identical EC2 instances over several AZs.

Modelled AWS behaviour (Amazon EC2 Auto Scaling User Guide):
- The group keeps `desired` instances (min <= desired <= max), launched into the AZ with the
  fewest instances (AZ balancing); scale-in terminates from the AZ with the most, oldest first.
  A terminating instance first drains from its load balancers (deregistration delay).
- A new instance is pending for `launch_s` (boot and start), then in service; its load
  balancers send it traffic once it passes ONE health check. For `warmup_s` after that its
  metrics are left out of the group's aggregate, and scale-in waits (instance warm-up).
- Policies (`scaling.py`: target tracking on cpu, requests per target or backlog per instance;
  step; scheduled) are evaluated every `metric_period_s` (one minute, or 10/30 s for a
  high-resolution CPU metric); target tracking scales out after 3 datapoints and in, in
  proportion, after 15.
- Instances that stop (crash, AZ outage) are replaced once an EC2 status check (every minute)
  has seen them stopped: the group terminates the instance and launches its replacement at
  that moment, as the event log says. With `health_check_type: elb` so are instances the ALB
  finds unhealthy, after the grace period. When an AZ comes back the group
  rebalances (`asg_balance.py`): launch in the emptiest AZ first, then terminate in the fullest.
- Instance refresh (`refresh_at_s`, after a new launch template version): replace every
  instance with a new one, never patching in place, in batches that keep `min_healthy_pct` of
  the group in service and, with `max_healthy_pct` over 100, launch before they terminate.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.components.asg_balance import rebalance
from simengine.components.base import Gen, Request
from simengine.components.compute import Compute, Instance
from simengine.components.ec2 import PROPS as EC2_PROPS
from simengine.components.instance_health import stale, tally, tally_by_az
from simengine.components.refresh import REFRESH_PROPS, refresh, refresh_rule
from simengine.components.scaling import POLICIES, SCALING_PROPS, MetricReader, policy_rule
from simengine.spec import APP_TARGETS, HOUR_S, KindSpec, enum_prop, float_prop, int_prop

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

HEALTH_SWEEP_S = 10.0  # model assumption: how often the group looks at its instances
STATUS_CHECK_S = 60.0  # AWS EC2 docs: status checks run every minute; a stopped instance is
# replaced once a check has seen it down


PROPS = (
    EC2_PROPS
    + (
        int_prop("min", 1, 0, 1000, "instances", "Fewest instances the group keeps running."),
        int_prop("max", 4, 0, 1000, "instances", "Most instances the group may run."),
        int_prop("desired", 2, 0, 1000, "instances", "Instances the group starts with (min..max)."),
    )
    + SCALING_PROPS
    + (
        float_prop(
            "launch_s",
            90.0,
            0.0,
            HOUR_S,
            "s",
            "Time from launch until a new instance can serve (boot and start the app).",
            "model assumption (AWS: instances typically take 60-120 s to boot and start)",
        ),
        enum_prop(
            "health_check_type",
            "ec2",
            ("ec2", "elb"),
            "EC2: replace only instances that stop; ELB: also replace those failing the ALB check.",
            "AWS Auto Scaling docs: default health check type EC2",
        ),
        float_prop(
            "health_check_grace_s",
            300.0,
            0.0,
            7200.0,
            "s",
            "A new instance is not replaced for failing health checks during this time.",
            "AWS Auto Scaling docs: health check grace period default 300 s",
        ),
    )
    + REFRESH_PROPS
)


def _size(node: Node) -> Iterator[tuple[str, str]]:
    p = node.props
    if p["min"] > p["max"]:
        yield "max", f"must be at least min ({p['min']})"
    elif p["desired"] < p["min"]:
        yield "desired", f"must be at least min ({p['min']})"
    elif p["desired"] > p["max"]:
        yield "desired", f"must be at most max ({p['max']})"
    if p["policy"] == "scheduled" and not p["min"] <= p["scheduled_desired"] <= p["max"]:
        yield "scheduled_desired", f"must be between min ({p['min']}) and max ({p['max']})"


SPEC = KindSpec(
    "asg",
    "Auto Scaling group",
    "Compute",
    "regional",
    "A fleet of identical EC2 instances over AZs that grows and shrinks with load.",
    APP_TARGETS,
    PROPS,
    rules=(_size, policy_rule, refresh_rule),
)


class Asg(Compute):
    spec = SPEC
    sweep_s = HEALTH_SWEEP_S

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        p = self.props
        self.min = int(p["min"])
        self.max = int(p["max"])
        self.desired = max(self.min, min(self.max, int(p["desired"])))
        self.rr = 0
        self.last_activity = -math.inf
        self.reader = MetricReader(self)
        self.metric_value = 0.0
        self.refreshing = False
        self.surge: set[Instance] = set()  # launched above desired to rebalance AZs
        for _ in range(self.desired):
            inst = self.new_instance(self.emptiest_az())
            inst.enter_service()
            inst.in_service_at = -math.inf  # running before the run began: already warm

    # --- requests (only when the group is called directly, without an ALB) -----------------
    def handle(self, req: Request) -> Gen:
        if self.down:
            return (yield from self.unavailable())
        rot = [i for i in self.instances if i.state == "in_service" and i.alive]
        if not rot:
            return (yield from self.unavailable())
        self.rr += 1
        return (yield from rot[self.rr % len(rot)].serve(req))

    def targets(self) -> list[Instance]:
        return [i for i in self.instances if i.state == "in_service"]

    def calling_azs(self) -> tuple[str, ...]:
        return self.azs

    def start(self) -> None:
        self.env.process(self._health_sweep())
        policy = POLICIES.get(self.props["policy"])
        if policy is not None:
            self.env.process(policy(self).run())
        at = float(self.props["refresh_at_s"])
        if at > 0:
            self.env.process(refresh(self, at))

    # --- capacity ---------------------------------------------------------------------------
    def balancers(self) -> list[Any]:
        return [lk.src for lk in self.in_links if lk.src.kind == "alb"]

    def emptiest_az(self) -> str | None:
        azs = [a for a in self.azs if not self.sim.az_dark(a)]
        if not azs:
            return None  # nowhere to launch: every AZ of the group is down
        live = self.live()
        return min(azs, key=lambda a: (sum(1 for i in live if i.az == a), azs.index(a)))

    def active(self) -> list[Instance]:
        """The instances that count towards desired: a stopped one still counts until a status
        check has seen it (`_health_sweep`), so its replacement is launched then, not before."""
        return [
            i
            for i in self.instances
            if i.state in ("pending", "in_service") and i not in self.surge
        ]

    def set_desired(self, n: int, why: str) -> None:
        n = max(self.min, min(self.max, n))
        if n == self.desired:
            return
        kind = "scale_out" if n > self.desired else "scale_in"
        self.sim.event(kind, self.id, f"{self.id}: desired {self.desired} -> {n} ({why})")
        self.desired = n
        self.last_activity = self.env.now
        self.reconcile()

    def start_standby(self, n: int, why: str) -> None:
        """A DR runbook sets this standby group to at least `n` instances (within max), as
        min and desired, so its own policy does not scale it back in (`simengine.dr`)."""
        self.min = max(self.min, min(self.max, n))
        self.set_desired(max(self.desired, self.min), why)

    def reconcile(self) -> None:
        active = self.active()
        for _ in range(self.desired - len(active)):
            az = self.emptiest_az()
            if az is None and self.azs:
                break
            self.launch(az)
        extra = len(active) - self.desired
        if extra > 0:
            # pending or stopped first (cheapest to give up), then the fullest AZ, oldest first
            order = sorted(
                active,
                key=lambda i: (
                    i.state != "pending" and i.alive,
                    -sum(1 for j in active if j.az == i.az),
                    i.launched,
                ),
            )
            for inst in order[:extra]:
                self.retire(inst)

    def launch(self, az: str | None) -> Instance:
        inst = self.new_instance(az)
        self.env.process(self._boot(inst))
        return inst

    def _boot(self, inst: Instance) -> Generator[Event, Any, None]:
        yield Timeout(self.env, float(self.props["launch_s"]))
        if inst.state != "pending" or not inst.alive:
            return
        inst.enter_service()
        self.sim.event(
            "instance_in_service",
            self.id,
            f"{self.id}: instance {inst.id} in {inst.az} finished launching",
        )
        for lb in self.balancers():
            lb.register(inst)

    def retire(self, inst: Instance) -> None:
        """Drain from every load balancer, then terminate."""
        if inst.state == "pending":
            inst.terminate()
            return
        drains = [lb.deregister(inst) for lb in self.balancers()]
        if inst.state == "in_service":
            inst.state = "draining"
        self.env.process(self._retire(inst, drains))

    def _retire(self, inst: Instance, drains: list[Event]) -> Generator[Event, Any, None]:
        # simpy sends each event's value into the process, and a list iterator has no send():
        for d in drains:  # noqa: UP028 - so not `yield from drains`
            yield d
        inst.terminate()

    # --- health: replace what stopped, rebalance AZs ----------------------------------------
    def _health_sweep(self) -> Generator[Event, Any, None]:
        grace = float(self.props["health_check_grace_s"])
        while True:
            yield Timeout(self.env, HEALTH_SWEEP_S)
            now = self.env.now
            for inst in list(self.instances):
                if inst.state == "terminated":
                    continue
                dead = not inst.alive and now - inst.down_since >= STATUS_CHECK_S
                elb_bad = (
                    self.props["health_check_type"] == "elb"
                    and inst.registered
                    and not inst.healthy
                    and inst.hc_fail > 0
                    and now - inst.launched >= grace
                )
                if dead or elb_bad:
                    why = (
                        "stopped (seen by its EC2 status check)"
                        if dead
                        else "failed its load balancer health checks"
                    )
                    self.sim.event(
                        "replace_unhealthy",
                        self.id,
                        f"{self.id}: instance {inst.id} {why}; terminating it and "
                        "launching a replacement",
                    )
                    for lb in self.balancers():
                        lb.deregister(inst)
                    inst.terminate()
            self.instances = [i for i in self.instances if i.state != "terminated"]
            self.reconcile()
            rebalance(self)

    # --- scaling ---------------------------------------------------------------------------
    def measure(self) -> float:
        """The scaling metric over the last minute (see `scaling.MetricReader`)."""
        return self.reader.read()

    # --- faults and figures -----------------------------------------------------------------
    def set_fault(self, kind: str, on: bool, fault: Any) -> None:
        if kind == "instance_crash":
            if on:
                live = [i for i in self.instances if i.alive and i.state == "in_service"]
                if live:
                    victim = live[self.sim.uniform_index(len(live))]
                    victim.crash()
                    self.sim.event(
                        "instance_crash",
                        self.id,
                        f"{self.id}: instance {victim.id} in {victim.az} crashed",
                    )
        else:
            super().set_fault(kind, on, fault)

    def apply_props(self, props: dict[str, Any]) -> None:
        super().apply_props(props)
        self.min = int(self.props["min"])
        self.max = int(self.props["max"])
        if "desired" in props:
            self.set_desired(int(props["desired"]), "changed by hand")
        else:
            self.set_desired(max(self.min, min(self.max, self.desired)), "min/max changed")
        at = float(props.get("refresh_at_s", 0) or 0)
        if at > 0 and not self.refreshing:  # a deploy requested while running
            self.env.process(refresh(self, max(0.0, at - self.env.now)))

    def frame_extra(self) -> dict[str, Any]:
        live = self.live()
        return {
            "instances": tally(live),
            "zones": tally_by_az(live),  # per AZ, for the instances drawn in their AZ columns
            "stale": sum(1 for i in live if stale(i)),
            "desired": self.desired,
        }

    def summary_extra(self) -> dict[str, Any]:
        out = super().summary_extra()
        out["desired"] = self.desired
        return out
