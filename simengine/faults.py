"""Faults: what breaks, when, and what it cost (RTO and RPO, measured from the run).

- instance_crash (a node): one instance stops (an ec2, one member of an asg, a database primary,
  a cache node).
- az_outage (an AZ id): everything zonal in the AZ stops; regional services lose that AZ.
- region_outage (a Region id): everything in the Region stops.
- dependency_outage (a node): every call to the node fails "unavailable".
- added_latency (a node, `ms`): the node answers `ms` later.

A fault starts at `at` (scheduled in the design) or now (injected) and ends after `duration`
seconds (never, when None).

RTO is measured, not looked up: from the fault's start until service is restored, i.e. over a
RTO_WINDOW_S sliding window the users' success rate is back at or above 99% AND their latency is
back within the bound (the start of the first good window after the service dipped). The bound
is the design's latency goal (its value, at its percentile: a p99_ms goal of 300 allows 1% of
the successes above 300 ms), or, with no latency goal, RTO_LATENCY_BOUND_MS at p99. So a
saturated standby that answers, but slowly, has not recovered. If the service never dipped, RTO
is 0; if it had not recovered when the run ended, RTO is None. RPO is the age of the oldest
acknowledged write the fault destroyed (0 when none was lost), reported by the data stores that
lost writes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simpy.events import Timeout

from simengine.catalogue import FAULT_KINDS
from simengine.design import DesignError, Fault, Goal, Problem
from simengine.outcomes import Outcomes

if TYPE_CHECKING:
    from simengine.simulation import Simulation

RTO_WINDOW_S = 10  # seconds of outcomes the success rate is measured over
RTO_TARGET = 0.99
# The stated bound when the design has no latency goal: a user-facing request answered within a
# second at p99 (model assumption; a saturated queue answers in many seconds).
RTO_LATENCY_BOUND_MS = 1000.0
QUANTILES = {"p99_ms": 0.99, "p95_ms": 0.95, "p50_ms": 0.50, "mean_ms": 0.50}
IMPACT_GRACE_S = 60  # a dip this long after the fault ends still counts (DNS TTL, retries)


@dataclass
class FaultRecord:
    fault: Fault
    start: float
    end: float | None = None
    losses: list[tuple[str, float, int]] = field(default_factory=list)


class FaultManager:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.records: list[FaultRecord] = []
        self.outcomes = sim.shared("outcomes", Outcomes)
        users = {c.id for c in sim.clients}
        bound_ms, self.slow_allowed = latency_bound(sim.design.goals, users)
        self.outcomes.slow_s = bound_ms / 1000.0

    def schedule(self, fault: Fault) -> None:
        Timeout(self.sim.env, max(0.0, fault.at)).callbacks.append(lambda _e: self.begin(fault))

    def check(self, fault: Fault) -> None:
        sim = self.sim
        azs = {a for r in sim.design.regions for a in r.azs}
        regions = {r.id for r in sim.design.regions}
        spec = FAULT_KINDS.get(fault.kind)
        targets: dict[str, Collection[str]] = {"node": sim.components, "az": azs, "region": regions}
        ok = spec is not None and fault.target in targets[spec.target]
        if not ok:
            raise DesignError(
                [
                    Problem(
                        "fault.target",
                        f'"{fault.target}" is not something a '
                        f"{fault.kind} can target in this design",
                    )
                ]
            )

    def begin(self, fault: Fault) -> FaultRecord:
        sim = self.sim
        rec = FaultRecord(fault, sim.env.now)
        self.records.append(rec)
        how_long = f" for {fault.duration:g} s" if fault.duration else ""
        extra = f" (+{fault.ms:g} ms)" if FAULT_KINDS[fault.kind].needs_ms and fault.ms else ""
        sim.event(
            "fault",
            fault.target,
            f"fault: {fault.kind.replace('_', ' ')} on {fault.target}{extra}{how_long}",
        )
        self._apply(rec, on=True)
        if fault.duration:
            Timeout(sim.env, fault.duration).callbacks.append(lambda _e: self.end(rec))
        return rec

    def end(self, rec: FaultRecord) -> None:
        if rec.end is not None:
            return
        rec.end = self.sim.env.now
        self.sim.event(
            "fault_end",
            rec.fault.target,
            f"fault over: {rec.fault.kind.replace('_', ' ')} on {rec.fault.target}",
        )
        self._apply(rec, on=False)

    def _apply(self, rec: FaultRecord, on: bool) -> None:
        sim, f = self.sim, rec.fault
        sim.current_fault = rec
        try:
            target = FAULT_KINDS[f.kind].target
            if target == "az":
                sim.dark_azs[f.target] = sim.dark_azs.get(f.target, 0) + (1 if on else -1)
                for comp in sim.components.values():
                    comp.on_zone(f.target, up=not on)
            elif target == "region":
                sim.dark_regions[f.target] = sim.dark_regions.get(f.target, 0) + (1 if on else -1)
                for comp in sim.components.values():
                    comp.on_region(f.target, up=not on)
            else:
                sim.components[f.target].set_fault(f.kind, on, f)
        finally:
            sim.current_fault = None

    def record_loss(self, rec: Any, node_id: str, rpo_s: float, writes_lost: int) -> None:
        if isinstance(rec, FaultRecord):
            rec.losses.append((node_id, rpo_s, writes_lost))

    # --- measuring --------------------------------------------------------------------------
    def rto(
        self, rec: FaultRecord, sums: tuple[list[int], list[int], list[int]] | None = None
    ) -> float | None:
        ok_sum, bad_sum, slow_sum = sums or self._prefix_sums()
        last = len(ok_sum) - 1
        s0 = int(rec.start)
        horizon = last if rec.end is None else min(last, int(rec.end) + IMPACT_GRACE_S)
        later = [r.start for r in self.records if r.start > rec.start]
        if later:  # a dip after the next fault started belongs to that fault
            horizon = min(horizon, int(min(later)))

        allowed = self.slow_allowed

        def restored(t: int) -> bool | None:
            """Is the service restored over the window from `t` (None: no outcomes in it)?"""
            end = min(last, t + RTO_WINDOW_S)
            good = ok_sum[end] - ok_sum[t]
            n = good + bad_sum[end] - bad_sum[t]
            if not n:
                return None
            return good >= RTO_TARGET * n and slow_sum[end] - slow_sum[t] <= allowed * n

        dip = next((t for t in range(s0, horizon) if restored(t) is False), None)
        if dip is None:
            return 0.0
        for t in range(dip + 1, last - RTO_WINDOW_S + 1):
            if restored(t):
                return max(0.0, t - rec.start)
        return None

    def _prefix_sums(self) -> tuple[list[int], list[int], list[int]]:
        return self.outcomes.prefix_sums()

    def summary(self) -> list[dict[str, Any]]:
        out = []
        sums = self._prefix_sums()
        for rec in self.records:
            f = rec.fault
            rto = self.rto(rec, sums)
            rpo = max((loss[1] for loss in rec.losses), default=0.0)
            out.append(
                {
                    "at": rec.start,
                    "kind": f.kind,
                    "target": f.target,
                    "duration": f.duration,
                    "ms": f.ms,
                    "ended": rec.end,
                    "rto_s": None if rto is None else round(rto, 3),
                    "recovered": rto is not None,
                    "rpo_s": round(rpo, 3),
                    "writes_lost": sum(loss[2] for loss in rec.losses),
                    "data_loss": [
                        {"node": n, "rpo_s": round(r, 3), "writes_lost": k}
                        for n, r, k in rec.losses
                    ],
                }
            )
        return out


def latency_bound(goals: Collection[Goal], users: Collection[str]) -> tuple[float, float]:
    """The latency (ms) a restored service answers within, and the share of its successes
    allowed above it: the design's highest-percentile latency goal on the users (all of them,
    or one client), else RTO_LATENCY_BOUND_MS at p99."""
    mine = [
        g
        for g in goals
        if g.metric in QUANTILES and g.op in ("<=", "<") and (g.scope is None or g.scope in users)
    ]
    if not mine:
        return RTO_LATENCY_BOUND_MS, 1.0 - QUANTILES["p99_ms"]
    g = max(mine, key=lambda g: (QUANTILES[g.metric], -g.value))
    return float(g.value), 1.0 - QUANTILES[g.metric] + 1e-9
