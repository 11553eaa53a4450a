"""Only a complete run of the design as drawn grades it: a run stopped early would pass a puzzle
whose fault comes later, and users whose traffic was changed live are not the design's users.
The goals are still measured (the learner sees the numbers); the report says it is not graded
and why."""

from __future__ import annotations

from sim_helpers import doc, node, sim


def shop() -> dict:
    return doc(
        [node("users", "client", rate=50), node("web", "ec2"), node("db", "rds")],
        [("users", "web"), ("web", "db")],
        duration=120,
        goals=[{"metric": "error_rate", "scope": None, "op": "<=", "value": 0.01}],
        faults=[{"at": 90, "kind": "dependency_outage", "target": "db"}],
    )


def test_a_complete_run_grades_the_design() -> None:
    report = sim(shop()).run_to_end()
    assert report["graded"] is True and report["not_graded"] is None
    assert report["goals"][0]["passed"] is False  # the outage at 90 s fails a quarter of it


def test_a_run_stopped_before_its_fault_is_not_graded() -> None:
    s = sim(shop())
    s.advance(61)
    report = s.report()
    assert report["goals"][0]["passed"] is True  # measured so far: nothing failed yet
    assert report["graded"] is False
    assert report["not_graded"] == "the run stopped at 61 of 120 s"


def test_changing_the_users_live_is_not_graded_but_changing_the_design_is() -> None:
    s = sim(shop())
    s.advance(10)
    s.set_props("web", {"concurrency": 4})  # the design: a change a learner may make
    assert s.run_to_end()["graded"] is True
    s = sim(shop())
    s.advance(10)
    s.set_props("users", {"rate": 5})
    report = s.run_to_end()
    assert report["graded"] is False
    assert report["not_graded"] == "the traffic of users was changed during the run"
