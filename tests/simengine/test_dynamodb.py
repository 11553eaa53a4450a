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


def test_provisioned_capacity_limits_the_table() -> None:
    rep = sim(table(0.0, rate=400, mode="provisioned", wcu=200, rcu=200)).run_to_end()
    db = rep["nodes"]["orders"]
    # 200 WCU/s (+ the first second of burst) serves about 200 of 400 writes a second
    assert 0.4 < db["throttled"] / db["arrivals"] < 0.6
    assert rep["requests"]["by_cause"]["throttled"] > 0
