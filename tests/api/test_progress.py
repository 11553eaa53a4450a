"""Progress on the scenario library: one row per owner and scenario, counting attempts,
keeping the best result, passed once any result met every goal, and carried over on login."""

import pytest
from django.contrib.auth import get_user_model

from playground.models import Progress
from playground.owners import Owner
from playground.progress import progress_adopt, progress_list, progress_record

pytestmark = pytest.mark.django_db

ANON = Owner(session_key="s" * 32)


def test_attempts_count_and_the_best_result_is_kept():
    progress_record(owner=ANON, scenario="caching", goals_passed=1, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="caching", goals_passed=2, goals_total=2, source="check")
    row = progress_record(
        owner=ANON, scenario="caching", goals_passed=0, goals_total=2, source="run"
    )
    assert (row.attempts, row.passed) == (3, True)
    assert row.best["goals_passed"] == 2 and row.best["source"] == "check"
    assert Progress.objects.count() == 1


def test_owners_see_only_their_own_progress():
    other = Owner(session_key="t" * 32)
    progress_record(owner=ANON, scenario="caching", goals_passed=0, goals_total=2, source="run")
    assert progress_list(owner=other) == []
    assert [p.scenario for p in progress_list(owner=ANON)] == ["caching"]


@pytest.mark.parametrize(
    "scenario,passed,total", [("", 1, 2), ("caching", 3, 2), ("caching", -1, 2), ("caching", 0, 0)]
)
def test_an_impossible_result_is_refused_and_records_nothing(scenario, passed, total):
    with pytest.raises(ValueError):
        progress_record(
            owner=ANON, scenario=scenario, goals_passed=passed, goals_total=total, source="run"
        )
    assert Progress.objects.count() == 0


def test_logging_in_merges_the_sessions_progress_into_the_users():
    user = get_user_model().objects.create_user("ada", password="x" * 12)
    mine = Owner(user_id=user.id)
    progress_record(owner=mine, scenario="caching", goals_passed=0, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="caching", goals_passed=2, goals_total=2, source="run")
    progress_record(owner=ANON, scenario="sns-fan-out", goals_passed=1, goals_total=3, source="run")
    progress_adopt(session_key=ANON.session_key, user_id=user.id)
    rows = {p.scenario: p for p in progress_list(owner=mine)}
    assert rows["caching"].attempts == 2 and rows["caching"].passed
    assert rows["sns-fan-out"].best["goals_passed"] == 1
    assert progress_list(owner=ANON) == []


# -- what a finished run counts (progress_from_run: live runs and services.run_finish) ----------

GOALS = [
    {"metric": "p99_ms", "scope": "users", "op": "<=", "value": 250},
    {"metric": "error_rate", "scope": "users", "op": "<=", "value": 0.01},
]


def _row(goal, passed):
    return {**goal, "value": float(goal["value"]), "actual": 1.0, "passed": passed}


def _scenario_design(owner=ANON, slug="three-tier"):
    from playground.models import Design, Scenario

    Scenario.objects.update_or_create(slug=slug, defaults={"title": "T", "goals": GOALS})
    return Design.objects.create(name="d", document={"format": 1}, scenario=slug, **owner.fields())


def test_a_complete_graded_run_counts_the_scenario_goals_it_passed():
    from playground.progress import progress_from_run

    design = _scenario_design()
    mine = {"metric": "cost_per_hour", "scope": None, "op": "<=", "value": 9, "passed": True}
    report = {"graded": True, "goals": [_row(GOALS[0], True), _row(GOALS[1], False), mine]}
    row = progress_from_run(owner=ANON, design_id=design.pk, report=report)
    assert row.best["goals_passed"] == 1 and row.best["goals_total"] == 2, "own goals do not count"
    assert row.best["source"] == "run" and not row.passed
    report["goals"][1]["passed"] = True
    assert progress_from_run(owner=ANON, design_id=design.pk, report=report).passed


@pytest.mark.parametrize(
    "report",
    [
        {"graded": False, "not_graded": "the run stopped at 31 of 300 s", "goals": []},
        {"goals": []},  # a report from before grading existed says nothing: it is not graded
    ],
)
def test_a_run_stopped_early_or_not_graded_counts_nothing(report):
    from playground.progress import progress_from_run

    design = _scenario_design()
    report["goals"] = [_row(g, True) for g in GOALS]
    assert progress_from_run(owner=ANON, design_id=design.pk, report=report) is None
    assert Progress.objects.count() == 0


def test_runs_of_no_scenario_count_nothing():
    from playground.models import Design
    from playground.progress import progress_from_run

    report = {"graded": True, "goals": [_row(g, True) for g in GOALS]}
    own = Design.objects.create(name="mine", document={"format": 1}, **ANON.fields())
    gone = _scenario_design(slug="retired")
    gone_scenario = gone.scenario
    from playground.models import Scenario

    Scenario.objects.filter(slug=gone_scenario).delete()
    for design_id in (None, own.pk, gone.pk):
        assert progress_from_run(owner=ANON, design_id=design_id, report=report) is None
    assert Progress.objects.count() == 0


def test_a_scenario_goal_the_learner_edited_or_deleted_counts_as_missed():
    from playground.progress import scenario_goals_met

    easier = {**GOALS[0], "value": 5000, "passed": True}  # edited: not the scenario's goal
    assert scenario_goals_met(scenario_goals=GOALS, results=[easier]) == 0
    assert scenario_goals_met(scenario_goals=GOALS, results=[]) == 0
    one = [_row(GOALS[0], True)]
    assert scenario_goals_met(scenario_goals=GOALS + GOALS[:1], results=one) == 1, "used once"
    global_scope = {"metric": "rto_s", "op": "<=", "value": 60}  # no scope in the file
    judged = {**global_scope, "scope": None, "value": 60.0, "passed": True}
    assert scenario_goals_met(scenario_goals=[global_scope], results=[judged]) == 1
