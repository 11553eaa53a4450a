"""What the design is checked against, in the browser: problems the server finds show on the node
and stop Run; a goal added in the drawer; an AZ outage scheduled in the design."""

import pytest
from e2e_helpers import example, open_new_design, shot

pytestmark = pytest.mark.e2e


def test_validation_problems_show_on_the_node(page, server):
    doc = {
        "format": 1,
        "name": "Broken",
        "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
        "nodes": [
            {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 10}},
            {
                "id": "web",
                "kind": "asg",
                "placement": {"region": "us-east-1"},
                "props": {"min": 5, "max": 2},
            },
        ],
        "edges": [{"id": "e1", "from": "users", "to": "web", "props": {}}],
        "faults": [],
        "goals": [],
        "run": {"duration": 60, "seed": 1, "warmup": 0},
    }
    open_new_design(page, server, doc)
    page.click("[data-testid=check]")
    page.wait_for_selector('[model-id="web"].has-problem')
    assert "max" in page.locator('[model-id="web"]').get_attribute("data-problems")
    # Run refuses to start while there are problems, and says why.
    page.click("[data-testid=run]")
    page.wait_for_selector("text=before Run")
    assert page.evaluate("window.playground.lastFrame") is None
    page.locator('[model-id="web"] [joint-selector="body"]').click()
    assert page.locator("[data-testid=problems]").first.is_visible()
    shot(page, "03-problems")


def test_add_a_goal_in_the_drawer(page, server):
    open_new_design(page, server, example("three-tier"))
    page.click("[data-testid=drawer-toggle]")
    page.select_option("[data-testid=goal-metric]", "error_rate")
    page.fill("[data-testid=goal-value]", "0.01")
    page.click("[data-testid=goal-form] button")
    goals = page.evaluate("window.playground.getDesign().goals")
    assert goals[-1] == {"metric": "error_rate", "scope": None, "op": "<=", "value": 0.01}
    page.click("[data-testid=check]")
    page.wait_for_selector("text=No problems")


def test_schedule_an_az_outage_in_the_design(page, server):
    # An empty design has no component to crash: the form says so instead of offering nothing.
    open_new_design(page, server)
    assert (
        page.locator("[data-testid=fault-target]").is_disabled()
        and page.locator("[data-testid=fault-add]").is_disabled()
    )
    assert page.locator("[data-testid=fault-target]").inner_text().strip() == "no component yet"
    page.select_option("[data-testid=fault-kind]", "az_outage")  # the AZs are there already
    assert page.locator("[data-testid=fault-add]").is_enabled()

    open_new_design(page, server, example("three-tier"))
    page.select_option("[data-testid=fault-kind]", "az_outage")
    page.select_option("[data-testid=fault-target]", "us-east-1b")
    page.click("[data-testid=fault-form] button")
    assert page.evaluate("window.playground.getDesign().faults") == [
        {"at": 60, "kind": "az_outage", "target": "us-east-1b", "duration": 120}
    ]
    assert "us-east-1b" in page.locator("[data-testid=faults]").inner_text()
