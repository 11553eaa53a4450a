"""Every scenario is a level a learner can lose and win (the beatability harness,
`playground.scenarios.harness`): on each of a few seeds the starting design fails a goal and the
solution meets every one, each hint's change does what its words claim, and seed 1's reports
are the golden ones. `make bench` runs the same harness on 20 seeds and prints the table.

The harness is itself tested on a scenario whose fix does not fix, whose hint claims the wrong
effect and whose hint's change makes an invalid design: each is reported, not passed."""

import dataclasses
import json

import pytest

from playground.scenarios import SCENARIO_DIR, ScenarioFileError, read_scenario, scenario_files
from playground.scenarios.harness import check_scenario, make_pool, table
from tests.scenarios.golden import assert_matches_golden

SCENARIOS = scenario_files()
SEEDS = (1, 2, 3)
HINT_SEEDS = (1,)


@pytest.fixture(scope="module")
def pool():
    with make_pool() as p:
        yield p


def backlogs(report):
    """Queues still holding more than 1% of what was sent when the run ends: a design that is
    meant to work must keep up with its queues, not hide an ever-growing backlog."""
    return {
        nid: (n["depth"], n["sent"])
        for nid, n in report["nodes"].items()
        if n["kind"] == "sqs" and n["depth"] > 0.01 * max(n["sent"], 1)
    }


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.slug for s in SCENARIOS])
def test_every_scenario_is_lost_as_shipped_and_won_by_its_solution_on_every_seed(scenario, pool):
    assert scenario.solution, "an exploration: nothing to lose or win, so its lesson is ungraded"
    row = check_scenario(scenario, SEEDS, HINT_SEEDS, pool, keep_reports=True)
    assert_matches_golden(scenario.slug, row.reports["start"])
    assert_matches_golden(f"{scenario.slug}.solved", row.reports["solution"])
    assert row.ok, "\n" + table([row])
    assert backlogs(row.reports["solution"]) == {}


def _variant(**changes):
    return dataclasses.replace(read_scenario(SCENARIO_DIR / "scale-up-or-out.json"), **changes)


def test_the_harness_reports_a_fix_that_does_not_fix_and_hints_that_say_what_is_not_so(pool):
    base = _variant()
    app = next(n for n in base.document["nodes"] if n["id"] == "app")
    same = {"props": {"app": {"instance_type": app["props"]["instance_type"]}}}
    wrong = dataclasses.replace(base.hint_checks[0], change=base.solution, on="start")
    wrong = dataclasses.replace(
        wrong, expect=[{"metric": "p99_ms", "scope": "users", "moves": "up"}]
    )
    broken = dataclasses.replace(
        wrong, change={"props": {"app": {"instance_type": "no-such-type"}}}
    )
    row = check_scenario(_variant(solution=same, hint_checks=[wrong, broken]), (1,), (1,), pool)
    assert (row.start_failed, row.solution_passed, row.ok) == (1, 0, False)
    assert [held for _, held, _ in row.hints] == [False, False]
    assert "p99_ms(users) up not on seeds [1]" in row.hints[0][2]
    assert "invalid design" in row.hints[1][2]
    assert "NOT BEATABLE" in table([row])


def test_an_exploration_is_not_a_challenge(pool):
    row = check_scenario(_variant(solution=None), (1,), (1,), pool)
    assert row.exploration and not row.ok
    assert "NOT A CHALLENGE" in table([row])


def _write(tmp_path, change):
    data = json.loads((SCENARIO_DIR / "scale-up-or-out.json").read_text())
    change(data)
    path = tmp_path / "scale-up-or-out.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: d.update(solution={"props": {"ghost": {"rate": 1}}}), "lacks"),
        (lambda d: d.update(solution={"app": {"max": 3}}), "unknown keys"),
        (lambda d: d.update(solution=["fast"]), "must be an object"),
        (lambda d: d.update(solution={"props": {"users": {"rate": 1}}}), "users.rate"),
        (lambda d: d.update(hints=["a bare string"]), r"hints\[0\] must be an object"),
        (lambda d: d.update(hints=[]), "at least one hint"),
        (lambda d: d["hints"][0].update(text=" "), "non-empty"),
        (lambda d: d["hints"][0].update(on="elsewhere"), "on must be"),
        (
            lambda d: d["hints"][0].update(change={"props": {"app": {"max": 2}}}, expect=[]),
            "must say what it does",
        ),
        (
            lambda d: d["hints"][0].update(
                expect=[{"metric": "joy", "scope": None, "moves": "up"}]
            ),
            "known goal metrics",
        ),
        (
            lambda d: d["hints"][0].update(
                expect=[{"metric": "p99_ms", "scope": None, "moves": "sideways"}]
            ),
            "expect must be",
        ),
    ],
)
def test_a_scenario_file_with_a_bad_solution_or_hint_gets_a_clear_message(
    tmp_path, change, message
):
    with pytest.raises(ScenarioFileError, match=message):
        read_scenario(_write(tmp_path, change))
