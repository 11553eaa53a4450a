"""Faults, goals and run settings: targets that exist and fit the fault, known metrics and
operators, and run settings within the deployment's limits."""

from __future__ import annotations

from design_samples import problems, web_app

from simengine.validation import parse_design


def test_fault_targets_must_exist_and_fit_the_fault():
    doc = web_app()
    doc["faults"] = [
        {"at": 60, "kind": "az_outage", "target": "us-east-1c", "duration": 120},
        {"at": 60, "kind": "region_outage", "target": "us-east-1"},
        {"at": 60, "kind": "instance_crash", "target": "lb"},
        {"at": 60, "kind": "added_latency", "target": "db"},
        {"at": 60, "kind": "meteor", "target": "db"},
        {"at": 900, "kind": "dependency_outage", "target": "dbb"},
    ]
    found = problems(doc)
    assert "needs an AZ declared in regions" in found["faults[0].target"]
    assert "faults[1].target" not in found
    assert "instance_crash cannot hit lb" in found["faults[2].target"]
    assert "needs ms" in found["faults[3].ms"]
    assert found["faults[4].kind"].startswith('unknown fault kind "meteor"')
    assert "after the run ends" in found["faults[5].at"]
    assert 'there is no node "dbb" (did you mean "db"?)' in found["faults[5].target"]


def test_goals_name_a_known_metric_op_and_scope():
    doc = web_app()
    doc["goals"] = [
        {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 300},
        {"metric": "p98_ms", "op": "<=", "value": 1},
        {"metric": "p99_ms", "op": "=<", "value": 1, "scope": "userz"},
        {"metric": "rto_s", "scope": "db", "op": "<=", "value": 60},
        {"metric": "error_rate", "op": "<=", "value": 2},
    ]
    found = problems(doc)
    assert "goals[0].metric" not in found
    assert 'did you mean "p99_ms"' in found["goals[1].metric"]
    assert found["goals[2].op"].startswith("must be one of <= < >= > ==")
    assert 'there is no node "userz"' in found["goals[2].scope"]
    assert found["goals[3].scope"].startswith("rto_s is measured per fault")
    assert found["goals[4].value"] == "must be at most 1, not 2"


def test_a_goal_is_refused_where_its_metric_cannot_be_measured():
    doc = web_app()
    doc["faults"] = [{"at": 60, "kind": "region_outage", "target": "us-east-1"}]
    doc["goals"] = [
        {"metric": "dead_lettered", "scope": "web", "op": "==", "value": 0},
        {"metric": "sessions_lost", "scope": "lb", "op": "==", "value": 0},
        {"metric": "requests_throttled", "scope": "users", "op": "==", "value": 0},
        {"metric": "executions_failed", "scope": "db", "op": "==", "value": 0},
        {"metric": "rto_s", "scope": "us-east-1", "op": "<=", "value": 300},
        {"metric": "rpo_s", "scope": "us-east-2", "op": "<=", "value": 5},
        {"metric": "cost_per_hour", "scope": "web", "op": "<=", "value": 1},
        {"metric": "work_dropped", "scope": "lb", "op": "==", "value": 0},
    ]
    found = problems(doc)
    assert found["goals[0].scope"] == (
        "dead_lettered (messages in the dead-letter queue) is counted only at sqs nodes; web is asg"
    )
    assert {"goals[1].scope", "goals[2].scope", "goals[4].scope"}.isdisjoint(found)
    assert found["goals[3].scope"].endswith("counted only at step_functions nodes; db is rds")
    assert found["goals[5].scope"] == (
        "rpo_s is measured per fault: name the Region, AZ or node a fault hits (us-east-1), "
        'or leave scope null for the worst fault (did you mean "us-east-1"?)'
    )
    assert (
        found["goals[6].scope"]
        == "cost_per_hour is measured for the whole design: leave scope null"
    )
    assert "only at sqs or sns or lambda nodes; lb is alb" in found["goals[7].scope"]


def test_run_settings_stay_within_limits():
    doc = web_app()
    doc["run"] = {"duration": 100_000, "seed": 1.5, "warmup": 10, "speed": 2}
    found = problems(doc)
    assert found["run.duration"].startswith("must be at most 86,400 s")
    assert found["run.seed"].startswith("must be a whole number")
    assert found["run.speed"].startswith('unknown prop "speed"')
    doc["run"] = {"duration": 60, "warmup": 60}
    assert problems(doc) == {"run.warmup": "must be less than the run's duration (60 s)"}


def test_run_settings_default_when_left_out():
    doc = web_app()
    del doc["run"]
    run = parse_design(doc).run
    assert (run.duration, run.seed, run.warmup) == (300.0, 1, 0.0)
