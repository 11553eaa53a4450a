"""What an RDS database does when its primary is lost (Amazon RDS User Guide):

- Multi-AZ: the synchronous standby in another AZ takes over after `failover_s`; no
  acknowledged write is lost (RPO 0).
- Single-AZ, the instance crashed: RDS restarts it (after `failover_s`, or when the fault ends).
- Single-AZ, its AZ is down: a read replica elsewhere is promoted after PROMOTE_S, losing the
  writes within the replica lag; with no replica, the database is restored from backup into a
  healthy AZ after RESTORE_S (or returns intact if its AZ comes back first), losing the writes
  since the last transaction log upload.
- Its Region is down: the standby, replicas and backups are in that Region too, so it waits; a
  cross-Region standby of it is brought up meanwhile by its runbook (`simengine.dr`).
RPO is measured from the acknowledged writes actually lost, and reported to the fault.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from simengine.dr import PROMOTE_S  # AWS RDS docs: promotion takes "several minutes or longer"

if TYPE_CHECKING:
    from simengine.components.rds import Rds

RESTORE_S = 1800.0  # model assumption: a point-in-time restore of a small database, ~30 min
LOG_UPLOAD_S = 300.0  # AWS RDS docs: transaction logs are uploaded to S3 every five minutes


def primary_lost(db: Rds, why: str, zone_down: bool, region: bool = False) -> None:
    if not db.primary.alive:
        return
    db.primary.crash()
    fault = db.sim.current_fault
    standby_ok = db.standby_az and not db.sim.az_dark(db.standby_az) and not region
    if standby_ok:
        db.recovering = "failover"
        db.sim.event(
            "failover",
            db.id,
            f"{db.id}: {why}; failing over to the standby "
            f"in {db.standby_az} (about {db.props['failover_s']:g} s)",
        )
        db.env.process(_failover(db, fault))
    elif region:
        # AWS keeps the standby, in-Region replicas and automated backups in the same Region:
        # nothing in it can take over, so the database waits for the Region (a cross-Region
        # replica, if the design has one, is promoted meanwhile: `promote_cross_region`).
        db.recovering = "wait"
        db.sim.event(
            "db_down",
            db.id,
            f"{db.id}: {why}; its standby, replicas and "
            "backups are in that Region too, so it is down until the Region returns",
        )
    elif not zone_down:
        db.recovering = "restart"
        db.sim.event(
            "db_down",
            db.id,
            f"{db.id}: {why}; single-AZ, so the database is down until the instance restarts",
        )
        db.env.process(_restart(db))
    else:
        survivors = [r for r in db.replicas if r.alive]
        db.recovering = "wait"
        db.env.process(_rebuild(db, fault, why, bool(survivors)))


def _failover(db: Rds, fault: Any) -> Generator[Event, Any, None]:
    yield Timeout(db.env, float(db.props["failover_s"]))
    if db.standby_az is None or db.sim.az_dark(db.standby_az):
        db.recovering = "wait"  # the standby's AZ went dark meanwhile: wait for one back
        db.sim.event(
            "db_down",
            db.id,
            f"{db.id}: the standby's AZ is down too; the "
            "database stays down until an AZ comes back",
        )
        return
    old_az = db.primary.az
    db.replace_primary(db.standby_az)
    db.standby_az = old_az
    db.failovers += 1
    db.sim.faults.record_loss(fault, db.id, 0.0, 0)
    db.recovered("the standby is now the primary (no writes lost: it was synchronous)")


def _restart(db: Rds) -> Generator[Event, Any, None]:
    # RDS restarts a stopped instance itself; the fault's end restarts it earlier.
    yield Timeout(db.env, float(db.props["failover_s"]))
    if db.recovering == "restart":
        db.recovered("the primary restarted (no writes lost)")


def _rebuild(db: Rds, fault: Any, why: str, promote: bool) -> Generator[Event, Any, None]:
    t_fault = db.env.now
    wait = PROMOTE_S if promote else RESTORE_S
    how = (
        f"promoting a read replica (about {PROMOTE_S:g} s)"
        if promote
        else f"restoring from backup into another AZ (about {RESTORE_S:g} s)"
    )
    db.sim.event("db_down", db.id, f"{db.id}: {why}; no Multi-AZ standby, {how}")
    db.recovering = "restore"
    yield Timeout(db.env, wait)
    if db.recovering != "restore":
        return  # the AZ came back first
    window = db.lag_s if promote else t_fault - math.floor(t_fault / LOG_UPLOAD_S) * LOG_UPLOAD_S
    lost = [t for t in db.acked if t_fault - window < t <= t_fault]
    rpo = t_fault - lost[0] if lost else 0.0
    db.sim.faults.record_loss(fault, db.id, rpo, len(lost))
    target_az = db.other_az(0)
    if promote:
        promoted = next(r for r in db.replicas if r.alive)
        db.replicas.remove(promoted)
        target_az = promoted.az
        promoted.terminate()
        db.stats.touch(db.env.now)
    db.replace_primary(target_az)
    db.recovered(
        f"{'replica promoted' if promote else 'restored from backup'}; "
        f"{len(lost)} acknowledged writes lost (RPO {rpo:.1f} s)"
    )
