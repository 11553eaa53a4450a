"""Disaster recovery: the runbook that brings a standby Region into service when its primary
Region fails, as a sequence a learner can see and time in the event log.

An RDS node on the end of an edge from another RDS node is that database's cross-Region standby:
a read replica (asynchronous, `replica_lag_ms` behind), or, with `cross_region: snapshot_copy`,
only snapshots copied to its Region every `snapshot_interval_s` (backup and restore: there is no
database in the standby Region until one is restored). When the source's Region fails:

1. Detection. Route 53 health checks notice the primary's endpoint failing after
   `failure_threshold` checks `health_interval_s` apart (`RegionWatch`, told by route53). With no
   Route 53 health check on that Region, a CloudWatch alarm on the primary: three one-minute
   datapoints (DETECT_ALARM_S).
2. Decision. `runbook: automated` starts failover at once; `manual` after `decision_s` (an
   operator is paged, confirms the outage and decides).
3. Data. The replica is promoted (`promote_s`; its writes within the lag are lost), or a database
   is restored from the last snapshot copy (RESTORE_BASE_S + RESTORE_S_PER_GB x `data_gb`;
   everything written since that snapshot is lost: RPO = the snapshot's age).
4. Compute. Each Auto Scaling group that uses this database is set to at least
   `runbook_scale_to` instances (pilot light: started from 0; warm standby: scaled up) and then
   takes its launch time. Route 53 moves users within its TTL once it sees the standby healthy.

The four strategies of the AWS whitepaper "Disaster Recovery of Workloads on AWS: Recovery in
the Cloud" (https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/
disaster-recovery-options-in-the-cloud.html) follow from what is drawn: backup and restore (a
snapshot_copy standby, compute at 0), pilot light (a replica, compute at 0), warm standby (a
replica, a small running fleet), multi-site active/active (both Regions serving, no runbook).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.spec import MODEL, enum_prop, float_prop, int_prop

if TYPE_CHECKING:
    from simpy import Environment

    from simengine.components.rds import Rds

DETECT_ALARM_S = 180.0  # model assumption: a CloudWatch alarm, 3 datapoints of 60 s
# AWS RDS docs, "Promoting a read replica to be a standalone DB instance"
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html): "The
# promotion process can take several minutes or longer to complete, depending on the size of
# the read replica." Model: 300 s.
PROMOTE_S = 300.0
RESTORE_BASE_S = 600.0  # model assumption: creating the DB instance from a snapshot, ~10 min
RESTORE_S_PER_GB = 10.0  # model assumption: ~100 MB/s restored (AWS: restore time grows with size)

WHEN_STANDBY = "Used when an edge from another RDS node makes this one its cross-Region standby."

DR_PROPS = (
    enum_prop(
        "cross_region",
        "read_replica",
        ("read_replica", "snapshot_copy"),
        "What an edge from another RDS node makes this one: a cross-Region read replica, or "
        "only snapshot copies to restore from (backup and restore).",
        "AWS RDS docs: cross-Region read replicas; copying a DB snapshot to another Region",
    ),
    float_prop(
        "snapshot_interval_s",
        3600.0,
        60.0,
        604_800.0,
        "s",
        "How often a snapshot is copied to this Region: the RPO of backup and restore.",
        "AWS DR whitepaper: for backup and restore, RPO is the time since the last backup",
        when=("cross_region", ("snapshot_copy",)),
    ),
    float_prop(
        "data_gb",
        100.0,
        1.0,
        65_536.0,
        "GB",
        "Size of the database: restoring a snapshot takes longer for more data.",
        MODEL,
        when=("cross_region", ("snapshot_copy",)),
    ),
    enum_prop(
        "runbook",
        "automated",
        ("automated", "manual"),
        "How failover to this standby starts once the failure is detected: at once, or when "
        "an operator decides. " + WHEN_STANDBY,
        "AWS DR whitepaper: failover can be automated or started by a person",
    ),
    float_prop(
        "decision_s",
        900.0,
        0.0,
        86_400.0,
        "s",
        "Manual runbook: time to page an operator, confirm the outage and decide to fail over.",
        MODEL,
        when=("runbook", ("manual",)),
    ),
    float_prop(
        "promote_s",
        PROMOTE_S,
        1.0,
        7200.0,
        "s",
        "Time to promote this cross-Region read replica to a writable primary.",
        "AWS RDS docs: promotion can take several minutes or longer, depending on size",
    ),
    int_prop(
        "runbook_scale_to",
        0,
        0,
        1000,
        "instances",
        "On failover, set each Auto Scaling group using this database to at least this many "
        "instances (pilot light: start from 0; warm standby: scale up). 0 leaves them be.",
        "AWS DR whitepaper: pilot light and warm standby scale the standby up on failover",
    ),
)


class RegionWatch:
    """Route 53's verdict on each Region's endpoints, for the runbooks waiting on it. One per
    run (`Simulation.shared("region_watch", RegionWatch)`)."""

    def __init__(self) -> None:
        self.watched: set[str] = set()  # Regions with a Route 53 health-checked endpoint
        self.failing: set[str] = set()
        self.waiters: dict[str, list[Event]] = {}

    def watch(self, region: str) -> None:
        self.watched.add(region)

    def mark(self, region: str, healthy: bool) -> None:
        """Route 53 found an endpoint in `region` unhealthy (or healthy again)."""
        if healthy:
            self.failing.discard(region)
            return
        self.failing.add(region)
        for ev in self.waiters.pop(region, []):
            ev.succeed()

    def detection(self, env: Environment, region: str) -> tuple[Event, str]:
        """An event for when the failure of `region` is detected, and by what."""
        if region in self.watched:
            if region in self.failing:
                return Timeout(env, 0.0), "Route 53 health checks"
            ev = Event(env)
            self.waiters.setdefault(region, []).append(ev)
            return ev, "Route 53 health checks"
        return Timeout(env, DETECT_ALARM_S), "a CloudWatch alarm (3 one-minute datapoints)"


def snapshot_times(db: Rds, t: float) -> float:
    """When the last snapshot copy before `t` was taken (a phase drawn per run: the schedule
    ran before the run began)."""
    interval = float(db.props["snapshot_interval_s"])
    phase = db.snapshot_phase * interval - interval
    return phase + math.floor((t - phase) / interval) * interval


def failover(db: Rds, source: Rds, fault: Any) -> Generator[Event, Any, None]:
    """The runbook of `db`, the standby of `source`, whose Region failed now."""
    env, sim, p = db.env, db.sim, db.props
    t_fault = env.now
    lost, rpo = _loss_at_fault(db, source, t_fault)
    sim.faults.record_loss(fault, db.id, rpo, lost)  # the standby lacks them from now on
    detected, how = sim.shared("region_watch", RegionWatch).detection(env, str(source.region))
    yield detected
    sim.event(
        "dr_detected",
        db.id,
        f"{db.id}: {how} detected the failure of {source.region} "
        f"{env.now - t_fault:g} s after it began",
    )
    if p["runbook"] == "manual":
        yield Timeout(env, float(p["decision_s"]))
        sim.event("dr_decision", db.id, f"{db.id}: an operator decided to fail over (manual)")
    else:
        sim.event("dr_decision", db.id, f"{db.id}: the automated runbook starts failover")
    snapshot = p["cross_region"] == "snapshot_copy"
    took = restore_s(db) if snapshot else float(p["promote_s"])
    what = (
        f"restoring the snapshot copied at t={db.restored_from:g} s "
        f"({p['data_gb']:g} GB, about {took:g} s)"
        if snapshot
        else f"promoting the cross-Region read replica (about {took:g} s)"
    )
    sim.event("db_down", db.id, f"{db.id}: {what}")
    yield Timeout(env, took)
    db.promoted = True
    done = "restored from the snapshot" if snapshot else "promoted"
    sim.event(
        "recovered",
        db.id,
        f"{db.id}: {done}, now a writable primary; {lost} writes lost (RPO {rpo:.1f} s)",
    )
    _scale_compute(db)


def restore_s(db: Rds) -> float:
    return RESTORE_BASE_S + RESTORE_S_PER_GB * float(db.props["data_gb"])


def _loss_at_fault(db: Rds, source: Rds, t_fault: float) -> tuple[int, float]:
    """The acknowledged writes the standby does not have when the source's Region fails."""
    if db.props["cross_region"] == "snapshot_copy":
        db.restored_from = snapshot_times(db, t_fault)
        window = t_fault - db.restored_from
    else:
        window = source.lag_s + db.sim.latency_between(source, db)  # one of its replicas
    lost = [t for t in source.acked if t_fault - window < t <= t_fault]
    if db.props["cross_region"] == "snapshot_copy":
        return len(lost), (window if lost else 0.0)  # RPO: the snapshot's age
    return len(lost), (t_fault - lost[0] if lost else 0.0)


def _scale_compute(db: Rds) -> None:
    n = int(db.props["runbook_scale_to"])
    if n <= 0:
        return
    for link in db.in_links:
        group: Any = link.src
        if group.kind == "asg":
            group.start_standby(n, f"the DR runbook of {db.id} starts the standby")
