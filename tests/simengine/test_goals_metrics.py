"""Goals on what the lessons teach: each metric is met by one design and missed by a changed one,
with the number the learner reads in the goal's row."""

from __future__ import annotations

from typing import Any

import pytest
from sim_helpers import PATIENT, doc, node, run

from simengine.goals import COUNTS


def verdicts(document: dict[str, Any], goals: list[tuple]) -> list[tuple[bool, Any]]:
    """(passed, actual) of each goal (metric, scope, op, value) run on `document`."""
    document["goals"] = [{"metric": m, "scope": s, "op": o, "value": v} for m, s, o, v in goals]
    return [(g["passed"], g["actual"]) for g in run(document)["goals"]]


def gateway(rate_limit: float) -> dict:
    return doc(
        [
            node("users", "client", rate=300, retries=0),
            node("api", "api_gateway", rate_limit=rate_limit, burst=10),
            node("fn", "lambda"),
        ],
        [("users", "api"), ("api", "fn")],
        duration=30,
    )


def test_requests_throttled_counts_the_users_429s() -> None:
    goals = [
        ("requests_throttled", None, "<=", 0),
        ("requests_throttled", "users", "<=", 0),
        ("requests_throttled", "api", "<=", 0),
    ]
    tight = verdicts(gateway(100), goals)
    assert [p for p, _ in tight] == [False, False, False]
    assert tight[0][1] == tight[1][1] == tight[2][1] == pytest.approx(200 * 30, rel=0.05)
    assert verdicts(gateway(1_000), goals) == [(True, 0.0)] * 3


def pipeline(worker_ms: float, rate: float, vt: int = 30, store: bool = False, **client) -> dict:
    """Users -> an API -> an SQS queue (async) -> workers -> a payment provider (and a ledger
    table when `store`)."""
    workers = [("workers", "pay")] + ([("workers", "ledger")] if store else [])
    return doc(
        [
            node(
                "users", "client", rate=rate, read_ratio=0, pattern="constant", **PATIENT, **client
            ),
            node("api", "ec2", service_ms=5),
            node("jobs", "sqs", visibility_timeout_s=vt, max_receives=3, batch_size=1),
            node("workers", "ec2", service_ms=worker_ms, service_dist="constant", concurrency=4),
            node("pay", "external", latency_ms=1),
            *([node("ledger", "dynamodb")] if store else []),
        ],
        [("users", "api"), ("api", "jobs", {"mode": "async"}), ("jobs", "workers"), *workers],
        duration=300,
    )


def test_duplicates_applied_until_the_client_sends_idempotency_keys() -> None:
    # processing takes 12 s, the visibility timeout is 10 s: every job is processed twice
    goals = [("duplicates_applied", None, "==", 0), ("duplicates_applied", "jobs", "==", 0)]
    (g_pass, g_dups), (n_pass, n_dups) = verdicts(pipeline(12_000, 0.1, vt=10), goals)
    assert not g_pass and not n_pass and g_dups == n_dups > 5
    assert verdicts(pipeline(12_000, 0.1, vt=10, idempotency=True), goals) == [(True, 0.0)] * 2


def test_duplicates_are_counted_once_where_they_land() -> None:
    goals = [
        ("duplicates_applied", None, "==", 0),
        ("duplicates_applied", "jobs", "==", 0),
        ("duplicates_applied", "ledger", "==", 0),
    ]
    (_, overall), (_, queue), (_, table) = verdicts(pipeline(12_000, 0.1, 10, True), goals)
    assert overall == table > 5  # the table's count, not the queue's and the table's summed
    assert queue == pytest.approx(table, abs=2)


def test_sessions_lost_when_sessions_live_on_an_instance_that_crashes() -> None:
    def web(sessions: str) -> dict:
        return doc(
            [
                node(
                    "users",
                    "client",
                    rate=50,
                    key_count=200,
                    sticky_sessions=True,
                    sessions=sessions,
                    retries=0,
                ),
                node("lb", "alb", health_interval_s=5, health_timeout_s=2),
                node("web", "asg", min=3, max=3, desired=3, launch_s=10),
            ],
            [("users", "lb"), ("lb", "web")],
            duration=120,
            faults=[{"at": 30, "kind": "instance_crash", "target": "web"}],
        )

    goals = [("sessions_lost", None, "==", 0), ("sessions_lost", "lb", "<=", 10)]
    sticky = verdicts(web("instance"), goals)
    assert [p for p, _ in sticky] == [False, False] and sticky[0][1] > 30
    assert verdicts(web("none"), goals) == [(True, 0.0)] * 2


def test_a_queue_that_keeps_up_leaves_no_backlog_and_no_old_messages() -> None:
    goals = [
        ("backlog_end", None, "<=", 10),
        ("backlog_end", "jobs", "<=", 10),
        ("oldest_message_age_s", None, "<=", 30),
        ("oldest_message_age_s", "jobs", "<=", 30),
    ]
    behind = verdicts(pipeline(5_000, 2), goals)  # 0.8 jobs/s of capacity for 2 jobs/s
    assert [p for p, _ in behind] == [False] * 4
    assert behind[0][1] > 300 and behind[2][1] > 100
    keeping_up = verdicts(pipeline(500, 2), goals)
    assert [p for p, _ in keeping_up] == [True] * 4
    assert keeping_up[2][1] < 1.0


def test_dead_lettered_and_dropped_work_when_every_job_fails() -> None:
    broken = pipeline(50, 1)
    broken["faults"] = [{"at": 0, "kind": "dependency_outage", "target": "pay"}]
    goals = [
        ("dead_lettered", None, "==", 0),
        ("dead_lettered", "jobs", "==", 0),
        ("work_dropped", None, "==", 0),
        ("work_dropped", "jobs", "==", 0),
    ]
    failing = verdicts(broken, goals)
    assert [p for p, _ in failing] == [False] * 4
    assert failing[0][1] == failing[2][1] > 200  # received 3 times, then moved aside
    assert verdicts(pipeline(50, 1), goals) == [(True, 0.0)] * 4


def test_work_dropped_counts_messages_sent_while_the_queue_was_down() -> None:
    # 2 jobs/s; the queue is out for a minute: the API's sends in that minute are never stored
    outage = pipeline(50, 2)
    outage["faults"] = [{"at": 60, "kind": "dependency_outage", "target": "jobs", "duration": 60}]
    goals = [("work_dropped", None, "==", 0), ("work_dropped", "jobs", "==", 0)]
    (g_pass, g_lost), (n_pass, n_lost) = verdicts(outage, goals)
    assert not g_pass and not n_pass and g_lost == n_lost == pytest.approx(120, abs=2)
    report = run(outage)
    assert report["nodes"]["jobs"]["lost"] == n_lost
    assert verdicts(pipeline(50, 2), goals) == [(True, 0.0)] * 2


def test_work_dropped_counts_publishes_made_while_the_topic_was_down() -> None:
    design = doc(
        [
            node("users", "client", rate=5, pattern="constant", **PATIENT),
            node("shop", "ec2", service_ms=10),
            node("orders", "sns"),
            node("mailer", "external", latency_ms=20),
        ],
        [("users", "shop"), ("shop", "orders", {"mode": "async"}), ("orders", "mailer")],
        duration=120,
        faults=[{"at": 30, "kind": "dependency_outage", "target": "orders", "duration": 30}],
    )
    (passed, lost), *_ = verdicts(design, [("work_dropped", "orders", "==", 0)])
    assert not passed and lost == pytest.approx(150, abs=2)  # 30 s of 5 publishes a second


def test_work_dropped_counts_deliveries_a_topic_gave_up() -> None:
    def fan_out(faults: list) -> dict:
        return doc(
            [
                node("users", "client", rate=10, **PATIENT),
                node("shop", "ec2", service_ms=10),
                node("orders", "sns"),
                node("mailer", "external", latency_ms=20),
            ],
            [("users", "shop"), ("shop", "orders"), ("orders", "mailer")],
            duration=120,
            faults=faults,
        )

    goals = [("work_dropped", None, "==", 0), ("work_dropped", "orders", "==", 0)]
    dark = [{"at": 0, "kind": "dependency_outage", "target": "mailer"}]
    (g_pass, lost), (n_pass, _) = verdicts(fan_out(dark), goals)
    # 1,200 messages published; those past their last retry are lost, the rest still retrying
    assert not g_pass and not n_pass and 500 < lost < 1200
    assert verdicts(fan_out([]), goals) == [(True, 0.0)] * 2


def test_work_dropped_counts_uploads_whose_thumbnail_function_failed() -> None:
    def thumbnails(faults: list) -> dict:
        return doc(
            [
                node("users", "client", rate=4, read_ratio=0, pattern="constant", **PATIENT),
                node("uploads", "s3"),
                node("resize", "lambda", service_ms=50),
                node("store", "dynamodb"),
            ],
            [("users", "uploads"), ("uploads", "resize", {"mode": "async"}), ("resize", "store")],
            duration=120,
            faults=faults,
        )

    goals = [("work_dropped", None, "==", 0), ("work_dropped", "resize", "==", 0)]
    dark = [{"at": 30, "kind": "dependency_outage", "target": "store", "duration": 30}]
    (g_pass, g_lost), (n_pass, n_lost) = verdicts(thumbnails(dark), goals)
    # the users' uploads all succeed; the 30 s of thumbnails whose write failed are lost
    assert not g_pass and not n_pass and g_lost == n_lost == pytest.approx(120, abs=3)
    assert verdicts(thumbnails([]), goals) == [(True, 0.0)] * 2


def test_work_dropped_reads_what_each_kind_lost() -> None:
    read = COUNTS["work_dropped"][0]
    assert read({"kind": "lambda", "async_failed": 7, "errors_by_cause": {"dropped": 3}}) == 7
    assert read({"kind": "sqs", "dead_lettered": 2, "expired": 1, "lost": 5}) == 8
    assert read({"kind": "sns", "failed_deliveries": 4, "lost": 1}) == 5


def test_executions_failed_when_a_task_keeps_failing() -> None:
    def orders(error_rate: float) -> dict:
        return doc(
            [
                node("users", "client", rate=20, retries=0, timeout_ms=60_000),
                node("api", "api_gateway"),
                node("flow", "step_functions", steps=3, step_retries=2),
                node("pay", "external", error_rate=error_rate, latency_ms=10),
            ],
            [("users", "api"), ("api", "flow"), ("flow", "pay")],
            duration=60,
        )

    goals = [("executions_failed", None, "<=", 5), ("executions_failed", "flow", "<=", 5)]
    flaky = verdicts(orders(0.3), goals)  # 0.3^3 = 2.7% of 1,200 executions fail
    assert [p for p, _ in flaky] == [False, False] and 15 < flaky[0][1] < 60
    assert verdicts(orders(0.0), goals) == [(True, 0.0)] * 2


def test_cost_per_hour_is_the_whole_designs() -> None:
    def fleet(instance_type: str) -> dict:
        return doc(
            [
                node("users", "client", rate=10),
                node("app", "ec2", instance_type=instance_type),
            ],
            [("users", "app")],
            duration=60,
        )

    goals = [("cost_per_hour", None, "<=", 0.05)]
    small, large = verdicts(fleet("t3.micro"), goals), verdicts(fleet("m5.2xlarge"), goals)
    assert small[0][0] and small[0][1] < 0.02
    assert not large[0][0] and large[0][1] > 0.3


def test_every_goal_can_be_set_wherever_validation_allows_it() -> None:
    """Each metric at the whole design and at every node of a kind it is counted at (every
    kind drawn once) is judged with a number or a reason, never a crash."""
    from dataclasses import replace

    from test_all_kinds import everything

    from simengine.catalogue import GOAL_METRICS, KINDS
    from simengine.limits import DEFAULT_LIMITS
    from simengine.simulation import Simulation
    from simengine.validation import parse_design

    document = everything()
    faults = {f["target"] for f in document["faults"]}
    goals = []
    for spec in GOAL_METRICS.values():
        assert set(spec.kinds) <= set(KINDS), spec.metric
        scopes = [None] if "global" in spec.scopes else []
        if "fault" in spec.scopes:
            scopes += sorted(faults)
        if "node" in spec.scopes:
            scopes += [n["id"] for n in document["nodes"] if n["kind"] in (spec.kinds or KINDS)]
        goals += [{"metric": spec.metric, "scope": s, "op": ">=", "value": 0} for s in scopes]
    document["goals"] = goals
    design = parse_design(document, replace(DEFAULT_LIMITS, max_goals=len(goals)))
    judged = Simulation(design).run_to_end()["goals"]
    assert len(judged) == len(goals) > 60
    counted = [g for g in judged if g["metric"] in COUNTS]
    assert all(isinstance(g["actual"], float) and g["passed"] for g in counted)
