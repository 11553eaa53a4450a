"""Check my design and locked scenario goals, in the browser: a learner starts a scenario, opens
Goals & story and sees the scenario's goal and scheduled failure marked as the scenario's, with
no remove button; adds a goal of their own (removable) and removes it; presses Check my design,
watches the seeds go by, and reads each goal's verdict, pass rate and interval: the same result
`simengine.verify` gives for the design as the server grades it."""

import json

import pytest
from e2e_helpers import shot

from simengine.verify import verify

pytestmark = pytest.mark.e2e

SLUG = "logs-as-streams"  # two goals, one scheduled crash; under a CPU second a seed
DRAWER = "[data-testid=drawer]"


def _start_scenario(page, server: str, query: str = "") -> str:
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    design_id = page.url.split("/play/")[1].split("/")[0]
    if query:
        page.goto(f"{server}/play/{design_id}/{query}")
    page.wait_for_selector("body[data-ready=true]")
    if not page.locator(DRAWER).is_visible():
        page.click("[data-testid=drawer-toggle]")
    return design_id


def _api(page, path: str) -> dict:
    return page.evaluate(f"fetch('{path}').then((r) => r.json())")


def test_a_scenarios_goal_and_failure_are_locked_and_own_goals_come_and_go(page, server):
    design_id = _start_scenario(page, server)
    assert _api(page, f"/api/designs/{design_id}/")["scenario"] == SLUG, "Start keeps the scenario"
    locked = page.locator(f"{DRAWER} [data-testid=goal-locked]")
    assert locked.count() == 2 and "scenario" in locked.first.inner_text()
    assert locked.locator(".goal-remove").count() == 0, "a scenario goal cannot be removed"
    assert "Log lines lost (Web tier)" in locked.first.inner_text(), "goals in the learner's words"
    fault = page.locator(f"{DRAWER} [data-testid=faults-locked] li")
    assert fault.count() == 1 and "Instance crash" in fault.inner_text()

    page.select_option("[data-testid=goal-metric]", "p99_ms")
    page.fill("[data-testid=goal-value]", "800")
    page.click("[data-testid=goal-form] button[type=submit]")
    own = page.locator(f"{DRAWER} [data-testid=goal-own]")
    own.wait_for()
    assert own.count() == 1 and own.locator(".goal-remove").count() == 1
    shot(page, "locked-goals")
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")
    assert len(_api(page, f"/api/designs/{design_id}/")["document"]["goals"]) == 3
    own.locator(".goal-remove").click()
    assert page.locator(f"{DRAWER} [data-testid=goal-own]").count() == 0
    assert page.locator(f"{DRAWER} [data-testid=goal-locked]").count() == 2

    page.click(f"{DRAWER} .drawer-head button")  # close the drawer: the inspector's failures
    page.click("[data-testid=canvas]", position={"x": 60, "y": 60})
    crash = page.locator("[data-testid=fault-locked]")
    assert crash.count() == 1 and crash.locator(".goal-remove").count() == 0


def test_check_my_design_shows_progress_then_the_verdict_verify_gives(page, server):
    design_id = _start_scenario(page, server, query="?check_seeds=4")
    page.locator("[data-testid=check-design]").scroll_into_view_if_needed()
    page.click("[data-testid=check-design]")
    page.wait_for_function(
        "document.querySelector('[data-testid=check-progress] progress')?.value >= 1",
        timeout=60000,
    )
    text = page.locator("[data-testid=check-progress]").inner_text()
    assert " of 4 seeds" in text
    shot(page, "check-in-progress")
    page.wait_for_selector("[data-testid=check-verdict]", timeout=120000)
    page.locator("[data-testid=check-panel]").scroll_into_view_if_needed()
    shot(page, "check-finished")

    result = page.evaluate("window.playground.checkPanel.session.result")
    design = _api(page, f"/api/designs/{design_id}/")["document"]
    expected = json.loads(json.dumps(verify(design, 4, workers=1)))  # the design locks nothing off
    assert result == expected
    rows = page.locator("[data-testid=check-goal]")
    assert rows.count() == 2
    words = rows.nth(1).inner_text()
    assert "Error rate (Shoppers)" in words and "error_rate" not in words  # the learner's words
    goal = expected["goals"][1]
    verdict = {"pass": "Passed", "fail": "Failed"}.get(goal["verdict"], "Not certain")
    met = round(goal["pass_rate"] * expected["seeds"])
    assert verdict in words and f"met on {met} of {expected['seeds']} seeds" in words
    assert "95% interval" in words
    assert (
        page.locator("[data-testid=check-verdict]")
        .inner_text()
        .startswith("Passed" if expected["passed"] else "Not passed")
    )
    assert "Counted in your progress" in page.locator("[data-testid=check-panel]").inner_text()
