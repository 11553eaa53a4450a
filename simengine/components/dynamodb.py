"""DynamoDB: a key-value table split over partitions, each with its own capacity.

Modelled AWS behaviour (Amazon DynamoDB Developer Guide):
- A key lives on one partition (a hash of the key). Each partition serves at most 3,000 read
  units and 1,000 write units per second; a request beyond that is throttled
  (ProvisionedThroughputExceededException), however much capacity the table has in total.
  So a hot key throttles its partition while the others idle.
- Provisioned mode: the table's `rcu`/`wcu` are shared by its partitions, with unused capacity
  saved as burst credit for up to 300 s. Adaptive capacity lets a hot partition use the capacity
  the others leave unused, up to the per-partition limits, so a hot key throttles only when its
  partition passes 3,000 RCU / 1,000 WCU or the whole table runs out, not when it passes an
  even share. On-demand mode: only the per-partition limits apply (the table adapts to
  traffic; the model skips its slower table-level ramp).
- Write sharding (`write_shards` N > 1, the table's key design): the application appends a
  random suffix 1..N to the partition key of each write, so one hot key's writes spread over N
  keys, hence over several partitions. Reading the key back means querying every suffix: a read
  costs N reads (N x the read units, billed N times), sent in parallel, so it takes one
  `service_ms`. The model reads all suffixes rather than one random shard, because the items
  of a key are split over the shards and a read needs them all (AWS's random-suffix pattern).
- An eventually consistent read costs half a read unit, a strongly consistent one a full unit;
  a write costs one write unit (items up to 4 KB / 1 KB).
- Requests take `service_ms` (single-digit milliseconds). An edge to a Lambda is a stream: each
  write is delivered to it.
- An edge to another table makes the two replicas of a global table: each write is copied to the
  other after `replication_lag_ms` (asynchronous, multi-active). A replicated write reaches the
  replica's streams but is never replicated again, so tables may replicate both ways. A Region
  outage loses the writes not yet copied out of it (`simengine.replication`): the fault's RPO.
"""

from __future__ import annotations

from typing import Any

from simengine.components.base import Component, Gen, Link, Request
from simengine.components.s3 import Bucket
from simengine.ledger import WriteLedger
from simengine.pricing import USAGE_PRICES
from simengine.replication import region_lost, replications
from simengine.spec import KindSpec, bool_prop, enum_prop, float_prop, int_prop, service_ms

# AWS DynamoDB docs, "Burst and adaptive capacity" (https://docs.aws.amazon.com/amazondynamodb/
# latest/developerguide/burst-adaptive-capacity.html): adaptive capacity lets a partition use
# unused throughput of the table, but a partition can never exceed its limits of 3,000 RCU and
# 1,000 WCU per second.
PARTITION_RCU = 3000.0  # AWS DynamoDB docs: per-partition maximum read capacity
PARTITION_WCU = 1000.0  # AWS DynamoDB docs: per-partition maximum write capacity
BURST_S = 300.0  # AWS DynamoDB docs: up to 300 seconds of unused capacity kept as burst
WARN_EVERY_S = 10.0


PROPS = (
    enum_prop(
        "mode",
        "on_demand",
        ("on_demand", "provisioned"),
        "On-demand pays per request; provisioned sets read and write capacity.",
        "AWS DynamoDB docs: capacity modes",
    ),
    int_prop(
        "rcu",
        1000,
        1,
        1_000_000,
        "RCU",
        "Provisioned reads per second (4 KB, strongly consistent).",
        "model assumption (the console's default is 5)",
        when=("mode", ("provisioned",)),
    ),
    int_prop(
        "wcu",
        500,
        1,
        1_000_000,
        "WCU",
        "Provisioned writes per second (1 KB).",
        "model assumption (the console's default is 5)",
        when=("mode", ("provisioned",)),
    ),
    int_prop(
        "partitions",
        4,
        1,
        1000,
        "partitions",
        "Keys are spread over partitions; each serves at most 3,000 RCU and 1,000 WCU.",
        "AWS DynamoDB docs: per-partition limit 3,000 RCU and 1,000 WCU",
    ),
    bool_prop(
        "consistent_reads",
        False,
        "Strongly consistent reads cost a full RCU; eventual ones half.",
        "AWS DynamoDB docs: reads are eventually consistent by default",
    ),
    int_prop(
        "write_shards",
        1,
        1,
        100,
        "shards",
        "Write sharding: each write's key gets a random suffix 1..N, spreading a hot key over "
        "N keys (and partitions); a read of the key then queries all N suffixes (N reads).",
        "AWS DynamoDB docs, Using write sharding to distribute workloads evenly "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "bp-partition-key-sharding.html): random suffixes spread the writes; reading a key's "
        "items means querying every suffix and merging the results",
    ),
    service_ms(5.0, "Time of one read or write (single-digit milliseconds)."),
    float_prop(
        "replication_lag_ms",
        500.0,
        0.0,
        600_000.0,
        "ms",
        "Global tables: mean time for a write to reach the other replicas (beyond the network).",
        "AWS DynamoDB docs, Global tables: How it works "
        "(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "V2globaltables_HowItWorks.html): replication is asynchronous, typically within a "
        "second (ReplicationLatency, Monitoring global tables)",
    ),
)

SPEC = KindSpec(
    "dynamodb",
    "DynamoDB table",
    "Data",
    "regional",
    "Key-value table split over partitions; a hot key throttles its partition. "
    "An edge to another table replicates to it (global tables); to Lambda, a stream.",
    ("lambda", "dynamodb"),
    PROPS,
    delivers=True,
)


class DynamoDb(Component):
    spec = SPEC
    is_router = True

    def start(self) -> None:
        p = self.props
        self.ledger = self.sim.shared("writes", WriteLedger)
        self.parts = int(p["partitions"])
        provisioned = p["mode"] == "provisioned"
        self.provisioned = provisioned
        hard_r = [Bucket(PARTITION_RCU, PARTITION_RCU) for _ in range(self.parts)]
        hard_w = [Bucket(PARTITION_WCU, PARTITION_WCU) for _ in range(self.parts)]
        self.limits_r = [[b] for b in hard_r]
        self.limits_w = [[b] for b in hard_w]
        if provisioned:  # one table-wide bucket each, shared: adaptive capacity
            r, w = float(p["rcu"]), float(p["wcu"])
            table_r = Bucket(r, r * BURST_S, start=r)
            table_w = Bucket(w, w * BURST_S, start=w)
            for k in range(self.parts):
                self.limits_r[k].append(table_r)
                self.limits_w[k].append(table_w)
        self.read_cost = 1.0 if p["consistent_reads"] else 0.5
        self.shards = int(p["write_shards"])
        self.suffix = self.sim.stream(self.id, "shards")
        self.reads = self.writes = self.throttled = 0
        self.part_throttles = [0] * self.parts
        self._warned = [-1e9] * self.parts
        self.replicated_in = 0
        lag_s = float(p["replication_lag_ms"]) / 1000.0
        draw = self.sim.stream(self.id, "replication").exp
        self.replicas = replications(self, lambda: lag_s * draw())
        self.streams = [lk for lk in self.links if lk.id not in self.replicas]

    def partition(self, key: int) -> int:
        return (key * 2654435761 & 0xFFFFFFFF) % self.parts  # Knuth's multiplicative hash

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        key = req.client.key_of(req) if req.client is not None else req.id
        t = self.env._now + req.pending
        if self.shards > 1:
            refused = self._take_sharded(key, req.write, t)
        else:
            refused = self._take(self.partition(key), req.write, t)
        if refused is not None:
            return self._throttle(refused, key)
        self.answer_in(req, float(self.props["service_ms"]))
        if req.write:
            self.writes += 1
            self.ledger.apply(self.id, req, self.env.now)
            self._to_streams(req)
            for rep in self.replicas.values():  # global tables: copy to the other replicas
                rep.send(req)
        else:
            self.reads += self.shards
        return None
        yield  # pragma: no cover

    def _take(self, k: int, write: bool, t: float) -> int | None:
        """Spend one request's units on partition `k`, or return `k` if it must throttle."""
        buckets = self.limits_w[k] if write else self.limits_r[k]
        units = 1.0 if write else self.read_cost
        for b in buckets:
            b.refill(t)
        if any(b.tokens < units for b in buckets):
            return k
        for b in buckets:
            b.tokens -= units
        return None

    def _take_sharded(self, key: int, write: bool, t: float) -> int | None:
        """Write sharding: a write goes to one random suffix of its key, a read to all of them
        (all or nothing: a read missing a shard's items is throttled). Returns the partition
        that refused, if any."""
        n = self.shards
        if write:
            return self._take(self.partition(key * n + int(self.suffix.uniform() * n)), True, t)
        need: dict[int, list[Any]] = {}  # bucket id -> [bucket, units, partition]
        for s in range(n):
            k = self.partition(key * n + s)
            for b in self.limits_r[k]:
                entry = need.setdefault(id(b), [b, 0.0, k])
                entry[1] += self.read_cost
        for b, units, k in need.values():
            b.refill(t)
            if b.tokens < units:
                return k
        for b, units, _ in need.values():
            b.tokens -= units
        return None

    def _to_streams(self, req: Request) -> None:
        for link in self.streams:  # DynamoDB Streams -> Lambda
            link.calls += 1
            link.dst.publish(req, link)

    def apply_replicated(self, req: Request, link: Link) -> None:
        """A write copied from another replica of the global table: applied and streamed here,
        not replicated on (DynamoDB replicates only the writes an application made locally)."""
        self.replicated_in += 1
        self.ledger.apply(self.id, req, self.env.now)
        self._to_streams(req)

    def on_region(self, region: str, up: bool) -> None:
        super().on_region(region, up)
        if not up:
            region_lost(self, self.replicas, region)

    def _throttle(self, k: int, key: int) -> str:
        self.throttled += 1
        self.part_throttles[k] += 1
        now = self.env.now
        if now - self._warned[k] > WARN_EVERY_S:
            self._warned[k] = now
            self.sim.event(
                "throttling",
                self.id,
                f"{self.id}: partition {k} is over its "
                f"capacity (hot key {key}?): requests are throttled",
            )
        return self.fail("throttled")

    def summary_extra(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reads": self.reads,
            "writes": self.writes,
            "throttled": self.throttled,
            "throttled_by_partition": list(self.part_throttles),
            "partitions": self.parts,
            **self.ledger.summary(self.id),
        }
        if any(lk.src.kind == self.kind for lk in self.in_links):  # a replica
            out["replicated_writes_in"] = self.replicated_in
        return out

    def cost_per_hour(self) -> float:
        if not self.provisioned:
            return 0.0
        return (
            float(self.props["rcu"]) * USAGE_PRICES["dynamodb_per_rcu_hour"]
            + float(self.props["wcu"]) * USAGE_PRICES["dynamodb_per_wcu_hour"]
        )

    def usage_cost(self) -> float:
        if self.provisioned:
            return 0.0
        return (
            self.reads * USAGE_PRICES["dynamodb_on_demand_per_million_reads"]
            + self.writes * USAGE_PRICES["dynamodb_on_demand_per_million_writes"]
        ) / 1e6
