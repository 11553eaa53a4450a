"""Every scenario teaches what its story says: run as shipped, a scenario with a solution fails a
goal and passes them all once the solution is applied (but the goals `SOLVED_BUT_FAILING` names);
a scenario without one is an exploration whose goals are met as shipped. Each run is the full
simulation, as a learner would press Run."""

import pytest

from playground.scenarios import scenario_files
from simengine.simulation import Simulation
from simengine.validation import parse_design
from tests.scenarios.golden import assert_matches_golden

SCENARIOS = scenario_files()
PUZZLES = [s for s in SCENARIOS if s.solution]
EXPLORATIONS = [s for s in SCENARIOS if not s.solution]

# Reference solutions that fail a goal since latency goals count failed requests (issue 11: a
# failure is slower than any target). They used to pass by failing requests fast; the lesson
# needs a new design (issue 12), not a weaker goal. Each names the goal it fails and why.
SOLVED_BUT_FAILING = {
    # Tokyo's writes (10% of requests) reach the read-only cross-Region replica and fail
    "global-latency": ["p99_ms"],
}


def run(document):
    design = parse_design(document)
    return Simulation(design, design.run.seed).run_to_end()


def failed_goals(report):
    return [g for g in report["goals"] if not g["passed"]]


def backlogs(report):
    """Queues still holding more than 1% of what was sent when the run ends: a design that is
    meant to work must keep up with its queues, not hide an ever-growing backlog."""
    return {
        nid: (n["depth"], n["sent"])
        for nid, n in report["nodes"].items()
        if n["kind"] == "sqs" and n["depth"] > 0.01 * max(n["sent"], 1)
    }


@pytest.mark.slow
@pytest.mark.parametrize("scenario", PUZZLES, ids=[s.slug for s in PUZZLES])
def test_a_puzzle_fails_as_shipped_and_its_solution_meets_every_goal(scenario):
    shipped = run(scenario.document)
    assert failed_goals(shipped), "the shipped design already meets every goal"
    solved = run(scenario.solved_document())
    expected = SOLVED_BUT_FAILING.get(scenario.slug, [])
    assert [g["metric"] for g in failed_goals(solved)] == expected
    assert backlogs(solved) == {}
    assert_matches_golden(scenario.slug, shipped)
    assert_matches_golden(f"{scenario.slug}.solved", solved)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", EXPLORATIONS, ids=[s.slug for s in EXPLORATIONS])
def test_an_exploration_meets_its_goals_as_shipped(scenario):
    report = run(scenario.document)
    assert failed_goals(report) == []
    assert backlogs(report) == {}
    assert_matches_golden(scenario.slug, report)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["three-tier", "video-spike"])
def test_the_shared_examples_report_as_they_always_have(name):
    from tests.simengine.design_samples import example

    assert_matches_golden(f"example.{name}", run(example(name)))


def test_a_solution_naming_a_missing_node_is_refused(tmp_path):
    import json

    from playground.scenarios import SCENARIO_DIR, ScenarioFileError, read_scenario

    data = json.loads((SCENARIO_DIR / "circuit-breaker.json").read_text())
    data["solution"] = {"ghost": {"rate": 1}}
    path = tmp_path / "circuit-breaker.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ScenarioFileError, match="solution names nodes the design lacks"):
        read_scenario(path)


@pytest.mark.parametrize("solution", [["breaker"], {"api": 3}, "fast"])
def test_a_solution_that_is_not_node_to_props_is_refused(tmp_path, solution):
    import json

    from playground.scenarios import SCENARIO_DIR, ScenarioFileError, read_scenario

    data = json.loads((SCENARIO_DIR / "circuit-breaker.json").read_text())
    data["solution"] = solution
    path = tmp_path / "circuit-breaker.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ScenarioFileError, match="solution must map node ids to prop changes"):
        read_scenario(path)
