"""RDS: a relational database with a primary, an optional Multi-AZ standby and read replicas.

Modelled AWS behaviour (Amazon RDS User Guide):
- The primary serves reads (`service_ms`) and writes (`write_service_ms`) with `concurrency`
  queries at once (default: its vCPUs); a request beyond `max_connections` open at once is
  refused ("dropped": too many connections).
- Read replicas copy the primary asynchronously, `replica_lag_ms` behind (ReplicaLag). With
  `read_from_replicas`, reads go to the replicas (round robin) and writes to the primary; a read
  of a key written less than the lag ago is counted as stale.
- Multi-AZ: a synchronous standby in another AZ (a write waits one cross-AZ round trip for
  its acknowledgement). What happens when the primary is lost (failover, restart, promotion,
  restore, and the writes lost) is in `rds_recovery`.
- An edge rds -> rds makes the target the source's cross-Region standby: a read replica that
  serves reads locally, or snapshot copies only (`cross_region`). If the source's Region fails,
  its runbook (`simengine.dr`: detection, decision, promotion or restore, compute) brings it up.
- Service times follow `service_dist` with `service_cv` (lognormal), like the other compute.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from simengine import network, pricing
from simengine.components.base import Gen, Request
from simengine.components.compute import Compute, Instance
from simengine.components.rds_recovery import primary_lost
from simengine.dr import DR_PROPS, failover
from simengine.ledger import WriteLedger
from simengine.rng import sampler
from simengine.spec import (
    MODEL,
    SERVICE_CV,
    SERVICE_DIST,
    SERVICE_MS_MAX,
    KindSpec,
    bool_prop,
    enum_prop,
    float_prop,
    int_prop,
    service_ms,
)

if TYPE_CHECKING:
    from simengine.design import Node
    from simengine.simulation import Simulation

ACK_MEMORY_S = 600.0  # how far back acknowledged write times are kept (>= lag and log period)


PROPS = (
    enum_prop(
        "instance_class",
        "db.t3.medium",
        tuple(pricing.DATABASE_CLASSES),
        "Database instance size: vCPUs, memory, connections and price per hour.",
        f"AWS RDS on-demand pricing, us-east-1, {pricing.PRICES_AS_OF}",
    ),
    bool_prop(
        "multi_az",
        False,
        "Keep a synchronous standby in another AZ that takes over on failure.",
        "AWS RDS docs: Multi-AZ is optional",
    ),
    float_prop(
        "failover_s",
        90.0,
        1.0,
        600.0,
        "s",
        "Time for the standby to take over.",
        "AWS RDS docs: Multi-AZ failover typically completes in 60-120 s",
        when=("multi_az", (True,)),
    ),
    int_prop(
        "read_replicas",
        0,
        0,
        15,
        "replicas",
        "Asynchronous copies that can serve reads (they lag behind the primary).",
        "AWS RDS docs: up to 15 read replicas (MySQL, PostgreSQL)",
    ),
    float_prop(
        "replica_lag_ms",
        100.0,
        0.0,
        3_600_000.0,
        "ms",
        "How far replicas trail the primary (ReplicaLag).",
        MODEL,
    ),
    bool_prop(
        "read_from_replicas", False, "Send reads to the replicas; writes always go to the primary."
    ),
    int_prop(
        "max_connections",
        None,
        1,
        100_000,
        "connections",
        "Connections open at once; more are refused. Default: the instance class's limit.",
        "AWS RDS docs: MySQL default max_connections = DBInstanceClassMemory/12582880",
        default_from="instance_class.max_connections",
    ),
    int_prop(
        "concurrency",
        None,
        1,
        1024,
        "queries",
        "Queries executed at once. Default: its vCPUs.",
        default_from="instance_class.vcpus",
    ),
    # model assumption: an indexed point query on a small RDS instance runs in about 1-2 ms;
    # with 5 ms the benchmark's three-tier reference (400 req/s) saturated a 2-vCPU primary.
    service_ms(2.0, "Mean time of one read query at no load."),
    SERVICE_DIST,
    SERVICE_CV,
    float_prop(
        "write_service_ms",
        4.0,
        0.001,
        SERVICE_MS_MAX,
        "ms",
        "Mean time of one write at no load (a Multi-AZ write also waits for the standby).",
    ),
    *DR_PROPS,
)


def _replicas(node: Node) -> Iterator[tuple[str, str]]:
    if node.props["read_from_replicas"] and node.props["read_replicas"] == 0:
        yield "read_from_replicas", "needs at least one read replica (read_replicas)"


SPEC = KindSpec(
    "rds",
    "RDS database",
    "Data",
    "zonal",
    "Relational database: one primary for writes, optional standby and read replicas. "
    "An edge to another RDS node makes that one its cross-Region standby (replica or snapshots).",
    ("rds",),
    PROPS,
    rules=(_replicas,),
    delivers=True,
)


class Rds(Compute):
    spec = SPEC

    def __init__(self, sim: Simulation, node: Node) -> None:
        super().__init__(sim, node)
        self.ledger = sim.shared("writes", WriteLedger)
        self.primary = self._server("primary", self.az)
        self.replicas = [
            self._server(f"replica{k + 1}", self.other_az(k))
            for k in range(int(self.props["read_replicas"]))
        ]
        self.standby_az = self.other_az(0) if self.props["multi_az"] else None
        self.open = 0  # connections in use
        self.acked: deque[float] = deque()  # times of acknowledged writes, recent first out
        self.last_write: dict[int, float] = {}
        self.writes = self.stale_reads = self.failovers = self.refused = 0
        self.recovering: str | None = None
        self.source: Rds | None = None  # set when this node is a cross-Region replica
        self.promoted = False  # a cross-Region standby that became a writable primary
        self.snapshot_phase = sim.stream(self.id, "snapshot").uniform()
        self.restored_from = 0.0  # when the snapshot a restore used was taken
        self.ack_memory = ACK_MEMORY_S
        self.rr = 0

    def _configure(self) -> None:
        p = self.props
        self.price = pricing.DATABASE_CLASSES[p["instance_class"]].usd_per_hour
        self.concurrency = int(p["concurrency"])
        self.max_conn = int(p["max_connections"])
        self.queue_limit = 0
        self.mean_s = float(p["service_ms"]) / 1000.0
        dist, cv = p["service_dist"], float(p["service_cv"])
        sigma = math.sqrt(math.log(1.0 + cv * cv))  # lognormal: cv^2 = exp(sigma^2) - 1
        self.sample = sampler(dist, self.mean_s, self.sim.stream(self.id, "read"), sigma)
        self.sample_write = sampler(
            dist, float(p["write_service_ms"]) / 1000.0, self.sim.stream(self.id, "write"), sigma
        )
        self.lag_s = float(p["replica_lag_ms"]) / 1000.0

    def _server(self, name: str, az: str | None) -> Instance:
        inst = Instance(self, f"{self.id}-{name}", az, self.concurrency)
        self.instances.append(inst)
        inst.enter_service()
        if az is not None and self.sim.faults_ready and self.sim.az_dark(az):
            inst.crash()
        return inst

    def other_az(self, k: int) -> str | None:
        others = [a for a in self.sim.region_azs(self.region) if a != self.az]
        return others[k % len(others)] if others else self.az

    def connect(self) -> None:
        super().connect()
        self.deps = False
        for link in self.links:
            if link.dst.kind == "rds":
                link.dst.source = self
                if link.dst.props["cross_region"] == "snapshot_copy":  # remember since a snapshot
                    gap = float(link.dst.props["snapshot_interval_s"])
                    self.ack_memory = max(self.ack_memory, gap)

    # --- requests ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Gen:
        if self.down or self.recovering or not self.primary.alive:
            if req.write or not self._readable():
                return (yield from self.unavailable())
        if self.open >= self.max_conn:
            self.stats.arrivals += 1
            self.stats.w_arrivals += 1
            self.refused += 1
            return self.fail("dropped")  # "Too many connections"
        if self.source is not None and not self.promoted:
            if req.write or self.props["cross_region"] == "snapshot_copy":
                return (yield from self.unavailable())  # read-only replica, or no database yet
        target = self._target(req)
        self.open += 1
        cause = yield from target.serve(req)
        self.open -= 1
        if cause is None and req.write:
            now = self.env.now
            self.writes += 1
            self.ledger.apply(self.id, req, now)
            if self.props["multi_az"]:
                req.pending += 2 * network.CROSS_AZ_S  # the standby acknowledges synchronously
            self.acked.append(now)
            while self.acked and self.acked[0] < now - self.ack_memory:
                self.acked.popleft()
            if self.replicas or self.in_links:
                self.last_write[req.client.key_of(req) if req.client else -1] = now
                if len(self.last_write) > 100_000:  # only writes within the lag matter
                    self.last_write = {
                        k: t for k, t in self.last_write.items() if now - t < self.lag_s
                    }
        return cause

    def _readable(self) -> bool:
        return any(r.alive for r in self.replicas) and bool(self.props["read_from_replicas"])

    def _target(self, req: Request) -> Instance:
        if req.write or not self.replicas:
            return self.primary
        live = [r for r in self.replicas if r.alive]
        use_primary = self.primary.alive and not self.recovering and not self.down
        if req.write or not live or not (self.props["read_from_replicas"] or not use_primary):
            return self.primary
        self.rr += 1
        if req.client is not None:
            key = req.client.key_of(req)
            t = self.last_write.get(key)
            if t is not None and self.env.now - t < self.lag_s:
                self.stale_reads += 1
        return live[self.rr % len(live)]

    # --- failures and recovery ---------------------------------------------------------------
    def set_fault(self, kind: str, on: bool, fault: Any) -> None:
        if kind == "instance_crash":
            if on:
                primary_lost(self, "the primary instance crashed", zone_down=False)
            elif self.recovering == "restart":
                self.recovered("the primary restarted")
        else:
            super().set_fault(kind, on, fault)

    def on_zone(self, az: str, up: bool) -> None:
        for r in self.replicas:
            if r.az == az:
                r.crash() if not up else r.revive()
        if self.primary.az == az:
            if not up:
                primary_lost(self, f"AZ {az} is down", zone_down=True)
            elif self.recovering in ("restore", "wait"):
                self.recovered(f"AZ {az} is back with the database intact")

    def on_region(self, region: str, up: bool) -> None:
        if self.region == region:
            for r in self.replicas:
                r.crash() if not up else r.revive()
            if not up:
                primary_lost(self, f"Region {region} is down", zone_down=True, region=True)
            elif self.recovering in ("restore", "wait"):
                self.recovered(f"Region {region} is back with the database intact")
        for link in self.links:  # cross-Region replicas watch their source
            if link.dst.kind == "rds" and not up and region == self.region:
                # the fault is captured now: current_fault is cleared before the process runs
                link.dst.env.process(failover(link.dst, self, self.sim.current_fault))

    def replace_primary(self, az: str | None) -> None:
        self.primary.terminate()
        self.instances.remove(self.primary)
        self.primary = self._server("primary", az)

    def recovered(self, why: str) -> None:
        if self.recovering in ("restore", "wait", "restart"):
            self.primary.revive()
        self.recovering = None
        self.sim.event("recovered", self.id, f"{self.id}: available again: {why}")

    # --- figures ------------------------------------------------------------------------------
    def status(self) -> str:
        if self.down or not self.primary.alive or self.recovering:
            return "down"
        return "ok"

    def frame_extra(self) -> dict[str, Any]:
        return {
            "connections": self.open,
            "replica_lag_ms": self.lag_s * 1000.0,
            "primary_az": self.primary.az,
        }

    def summary_extra(self) -> dict[str, Any]:
        return {
            "writes": self.writes,
            "stale_reads": self.stale_reads,
            "failovers": self.failovers,
            "refused_connections": self.refused,
            "replicas": len(self.replicas),
            "replica_lag_ms": self.lag_s * 1000.0,
            "primary_az": self.primary.az,
            "instance_class": self.props["instance_class"],
            **self.ledger.summary(self.id),
        }

    def cost_per_hour(self) -> float:
        if self.source and not self.promoted and self.props["cross_region"] == "snapshot_copy":
            return 0.0  # snapshot copies only: no instance runs until one is restored
        copies = 1 + (1 if self.props["multi_az"] else 0) + len(self.replicas)
        return self.price * copies
