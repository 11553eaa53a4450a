"""DynamoDB: per-partition limits (3,000 RCU / 1,000 WCU), a hot key throttles its partition."""

from __future__ import annotations

from sim_helpers import doc, events, node, sim


def table(skew: float, rate: float = 3000, **db: object) -> dict:
    return doc(
        [
            node(
                "users",
                "client",
                rate=rate,
                read_ratio=0.0,
                key_skew=skew,
                key_count=1000,
                retries=0,
            ),
            node("api", "api_gateway"),
            node("fn", "lambda", service_ms=5),
            node("orders", "dynamodb", **db),
        ],
        [("users", "api"), ("api", "fn"), ("fn", "orders")],
        duration=12,
    )


def test_a_hot_key_throttles_its_partition_while_spread_keys_do_not() -> None:
    # 3,000 writes/s over 4 partitions: 750 WCU each when spread, about 2,000 on the hot one
    spread = sim(table(0.0)).run_to_end()["nodes"]["orders"]
    hot_run = sim(table(2.0)).run_to_end()
    hot = hot_run["nodes"]["orders"]
    assert spread["throttled"] == 0
    assert hot["throttled"] > 0.2 * hot["arrivals"]
    by_part = hot["throttled_by_partition"]
    assert max(by_part) > 0.9 * sum(by_part)  # one partition takes (almost) all of it
    assert (
        events(hot_run, "throttling") and "hot key" in events(hot_run, "throttling")[0]["message"]
    )


def test_write_sharding_spreads_a_hot_keys_writes_over_partitions() -> None:
    # the hot key of table(2.0) takes about 2,000 writes/s: over 1,000 WCU on one partition
    # unsharded; with 4 random suffixes each suffix gets about 500, on 4 different partitions
    hot = sim(table(2.0)).run_to_end()["nodes"]["orders"]
    sharded = sim(table(2.0, write_shards=4)).run_to_end()["nodes"]["orders"]
    assert hot["throttled"] > 0.2 * hot["arrivals"]
    assert sharded["throttled"] == 0  # a sharding that kept the key on one partition fails here
    assert sharded["writes"] == sharded["arrivals"]  # a write still costs one write


def test_a_read_of_a_sharded_key_queries_every_suffix() -> None:
    reads = table(0.0, rate=200)
    reads["nodes"][0]["props"]["read_ratio"] = 1.0
    plain = sim(reads).run_to_end()["nodes"]["orders"]
    reads["nodes"][3]["props"]["write_shards"] = 5
    sharded_rep = sim(reads).run_to_end()
    sharded = sharded_rep["nodes"]["orders"]
    assert plain["reads"] == plain["arrivals"]
    assert sharded["reads"] == 5 * sharded["arrivals"]  # one query per suffix, billed each
    assert sharded["usage_cost"] > 4 * plain["usage_cost"]


def test_provisioned_capacity_limits_the_table() -> None:
    rep = sim(table(0.0, rate=400, mode="provisioned", wcu=200, rcu=200)).run_to_end()
    db = rep["nodes"]["orders"]
    # 200 WCU/s (+ the first second of burst) serves about 200 of 400 writes a second
    assert 0.4 < db["throttled"] / db["arrivals"] < 0.6
    assert rep["requests"]["by_cause"]["throttled"] > 0


EAST = {"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}
WEST = {"id": "us-west-2", "azs": ["us-west-2a", "us-west-2b"]}


def global_table(fault_at: float | None = None, **db: object) -> dict:
    """Writers in each Region write their local replica; the replicas replicate both ways."""
    west = {"region": "us-west-2"}
    faults = [{"at": fault_at, "kind": "region_outage", "target": "us-east-1"}] if fault_at else []
    return doc(
        [
            node("east_users", "client", rate=200, read_ratio=0.0, retries=0),
            node("east_fn", "lambda"),
            node("east_db", "dynamodb", **db),
            node("west_users", "client", rate=100, read_ratio=0.0, retries=0, location="us-west-2"),
            node("west_fn", "lambda", placement=west),
            node("west_db", "dynamodb", placement=west, **db),
        ],
        [
            ("east_users", "east_fn"),
            ("east_fn", "east_db"),
            ("west_users", "west_fn"),
            ("west_fn", "west_db"),
            ("east_db", "west_db"),
            ("west_db", "east_db"),
        ],
        regions=[EAST, WEST],
        duration=30,
        faults=faults,
    )


def test_a_global_table_replicated_both_ways_copies_each_write_once_and_never_back() -> None:
    # Drawn both ways this used to recurse without end (RecursionError) although it validates.
    rep = sim(global_table()).run_to_end()["nodes"]
    east, west = rep["east_db"], rep["west_db"]
    # every write lands once on the other side (less the last second still in flight), and a
    # replicated write is not replicated again: the counts would double or explode otherwise
    assert 0.95 * east["writes"] <= west["replicated_writes_in"] <= east["writes"]
    assert 0.95 * west["writes"] <= east["replicated_writes_in"] <= west["writes"]


def test_a_region_outage_loses_the_writes_that_had_not_replicated_yet() -> None:
    # AWS DynamoDB docs (Global tables: How it works; Monitoring global tables, ReplicationLatency):
    # replication is asynchronous, typically within a second. 200 writes/s in us-east-1 with a
    # mean lag of 0.5 s (+ ~35 ms of network to us-west-2): about 100 acknowledged writes are
    # still on their way when the Region fails, and they are lost. Not an RPO of 0.
    fault = sim(global_table(fault_at=20)).run_to_end()["faults"][0]
    assert 60 <= fault["writes_lost"] <= 160
    assert 0.5 < fault["rpo_s"] < 6.0  # the oldest copy in flight: the lag's tail
    assert fault["data_loss"][0]["node"] == "east_db"
    slow = sim(global_table(fault_at=20, replication_lag_ms=5000)).run_to_end()["faults"][0]
    assert slow["writes_lost"] > 5 * fault["writes_lost"]  # a longer lag, more writes lost


def one_key(rate: float) -> dict:
    """Every write goes to one key (so one partition) of a provisioned table of 2,000 WCU over
    4 partitions: an even split would give that partition 500 WCU."""
    d = table(0.0, rate=rate, mode="provisioned", wcu=2000, rcu=2000, partitions=4)
    d["nodes"][0]["props"]["key_count"] = 1
    return d


def test_adaptive_capacity_lets_a_hot_key_use_the_tables_unused_capacity() -> None:
    # AWS DynamoDB docs, "Burst and adaptive capacity": a hot partition may use the capacity the
    # others leave unused, up to 1,000 WCU. 800 writes/s on one key: above an even share (500)
    # but within the partition's limit and the table's 2,000: nothing throttles (it did: ~37%).
    calm = sim(one_key(800)).run_to_end()["nodes"]["orders"]
    assert calm["throttled"] == 0
    # 1,200 writes/s on one key: the partition's 1,000 WCU limit throttles about 1/6 of them,
    # though the table still has 800 WCU unused. The key, not the table, is the problem.
    hot_run = sim(one_key(1200)).run_to_end()
    hot = hot_run["nodes"]["orders"]
    assert 0.10 < hot["throttled"] / hot["arrivals"] < 0.22
    assert max(hot["throttled_by_partition"]) == hot["throttled"]  # one partition, all of it
