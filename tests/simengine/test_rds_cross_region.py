"""RDS cross-Region replica: it serves reads while its source Region is down; its runbook detects
the failure (here no Route 53 watches it: a CloudWatch alarm, DETECT_ALARM_S), promotes it
(PROMOTE_S), then it takes writes; the writes within the replication lag are lost and the
report's fault says so (RPO > 0)."""

from __future__ import annotations

from sim_helpers import PATIENT, doc, events, node, sim

from simengine.dr import DETECT_ALARM_S, PROMOTE_S

EAST = {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}
WEST = {"id": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}


def west_users_and_app() -> list[dict]:
    """Users in us-west-2 and the app server there that serves them."""
    return [
        node("users", "client", rate=40, read_ratio=0.5, location="us-west-2", **PATIENT),
        node(
            "app",
            "ec2",
            placement={"region": "us-west-2", "az": "us-west-2a"},
            concurrency=8,
            service_ms=2,
        ),
    ]


def west_reads_and_writes(fault_at: float = 60, duration: float = 600) -> dict:
    """A client in us-west-2 whose app reads and writes the west replica; the primary is east."""
    return doc(
        [
            *west_users_and_app(),
            node(
                "east",
                "rds",
                placement={"region": "us-east-1", "az": "us-east-1a"},
                replica_lag_ms=1000,
            ),
            node("west", "rds", placement={"region": "us-west-2", "az": "us-west-2a"}),
            node("east_writer", "client", rate=40, read_ratio=0.0, location="us-east-1", **PATIENT),
            node(
                "east_app",
                "ec2",
                placement={"region": "us-east-1", "az": "us-east-1b"},
                concurrency=8,
                service_ms=2,
            ),
        ],
        [
            ("users", "app"),
            ("app", "west"),
            ("east", "west"),
            ("east_writer", "east_app"),
            ("east_app", "east"),
        ],
        regions=[EAST, WEST],
        duration=duration,
        faults=[{"at": fault_at, "kind": "region_outage", "target": "us-east-1"}],
    )


def test_a_promoted_cross_region_replica_serves_reads_throughout_and_writes_after_promotion():
    s = sim(west_reads_and_writes())
    rep = s.run_to_end()
    promoted = [e for e in events(rep, "recovered") if e["node"] == "west"]
    assert promoted and promoted[0]["t"] == 60 + DETECT_ALARM_S + PROMOTE_S
    west = rep["nodes"]["west"]
    # before promotion only its writes fail (read-only replica); afterwards nothing fails
    down_s = DETECT_ALARM_S + PROMOTE_S
    writes_per_s, refused_window_s = 20, down_s + 60  # 60 s of normal writes before the fault
    assert 0 < west["errors"] <= writes_per_s * refused_window_s * 1.2
    assert west["writes"] > writes_per_s * (600 - 60 - down_s) * 0.8


def test_the_writes_within_the_lag_are_lost_and_the_fault_reports_them():
    rep = sim(west_reads_and_writes()).run_to_end()
    fault = rep["faults"][0]
    assert fault["writes_lost"] > 0
    assert 0 < fault["rpo_s"] <= 1.0 + 0.2  # the replica lag plus the cross-Region hop


def test_a_region_outage_takes_the_multi_az_standby_with_it_until_the_region_returns():
    d = doc(
        [
            node("users", "client", rate=20, read_ratio=0.5, **PATIENT),
            node("app", "ec2", placement={"region": "us-west-2", "az": "us-west-2a"}, service_ms=2),
            node("db", "rds", multi_az=True),
        ],
        [("users", "app"), ("app", "db")],
        regions=[EAST, WEST],
        duration=900,
        faults=[{"at": 100, "kind": "region_outage", "target": "us-east-1", "duration": 400}],
    )
    rep = sim(d).run_to_end()
    down = [e for e in events(rep, "db_down") if e["node"] == "db"]
    assert down and "until the Region returns" in down[0]["message"]
    assert not events(rep, "failover")  # the standby is in the dark Region too
    back = [e for e in events(rep, "recovered") if e["node"] == "db"]
    assert [e["t"] for e in back] == [500]
    assert rep["faults"][0]["rpo_s"] == 0  # the database comes back intact


def split_reads_and_writes(carries: tuple[str, str] | None) -> dict:
    """The app in us-west-2 reads from the west replica and writes to the east primary, over
    two connections that carry only reads and only writes (`carries`); None: both carry all."""
    reads, writes = carries or ("all", "all")
    return doc(
        [
            *west_users_and_app(),
            node("east", "rds", placement={"region": "us-east-1", "az": "us-east-1a"}),
            node("west", "rds", placement={"region": "us-west-2", "az": "us-west-2a"}),
        ],
        [
            ("users", "app"),
            ("app", "west", {"carries": reads}),
            ("app", "east", {"carries": writes}),
            ("east", "west"),
        ],
        regions=[EAST, WEST],
        duration=60,
    )


def test_connections_that_carry_only_reads_or_writes_send_writes_to_the_primary():
    rep = sim(split_reads_and_writes(("reads", "writes"))).run_to_end()
    nodes = rep["nodes"]
    # every write reached the primary and none the read-only replica, every read the replica
    assert rep["requests"]["failed"] == 0
    assert nodes["west"]["errors"] == 0 and nodes["west"]["writes"] == 0
    assert nodes["east"]["arrivals"] - 2 <= nodes["east"]["writes"] > 0  # 1-2 still in flight
    db_calls = nodes["west"]["arrivals"] + nodes["east"]["arrivals"]
    assert abs(db_calls - nodes["app"]["arrivals"]) <= 2  # one database call per request


def test_without_the_split_the_read_only_replica_fails_every_write():
    """The design that forgets the split: writes reach the replica and fail; every request
    also calls the primary (a read-all and write-all connection each)."""
    rep = sim(split_reads_and_writes(None)).run_to_end()
    nodes = rep["nodes"]
    assert nodes["west"]["errors"] > 0.4 * rep["requests"]["total"]
    assert nodes["east"]["arrivals"] < nodes["app"]["arrivals"]  # failed writes stop first
