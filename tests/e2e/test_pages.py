"""The gallery and the scenario page: open a scenario, read it, Start it into your own design."""

import pytest
from e2e_helpers import shot

pytestmark = pytest.mark.e2e


def test_gallery_scenario_start_into_a_new_design(page, server):
    page.goto(f"{server}/")
    cards = page.locator("[data-testid=scenarios] a.card")
    cards.first.wait_for()
    assert cards.count() >= 17, "the server fixture loads the scenario library"
    assert "PUZZLE" in page.locator("[data-testid=scenario-scale-up-or-out]").inner_text().upper()
    assert "PUZZLE" in page.locator("[data-testid=scenario-three-tier]").inner_text().upper()
    shot(page, "00-home")
    cards.first.click()
    page.wait_for_selector("body[data-ready=true]")
    assert "/scenarios/" in page.url
    assert page.locator("[data-testid=drawer]").is_visible()
    assert page.locator("[data-testid=palette-ec2]").count() == 1
    scenario_nodes = [n["id"] for n in page.evaluate("window.playground.getDesign().nodes")]
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    assert [n["id"] for n in page.evaluate("window.playground.getDesign().nodes")] == scenario_nodes
    assert page.locator("[data-testid=drawer] .goal").count() >= 1
    page.goto(f"{server}/")
    page.locator("[data-testid=design-card]").first.wait_for()


def test_a_design_that_is_not_yours_says_so(page, server):
    page.goto(f"{server}/play/00000000-0000-4000-8000-000000000000/")
    page.wait_for_selector("[role=alert]")
    assert "does not exist" in page.locator("[role=alert]").inner_text()
    # A share link that does not open is the product's 404 page, from the server (no player).
    response = page.goto(f"{server}/s/no-such-token/")
    assert response.status == 404
    assert "This share link does not open" in page.locator("h1").inner_text()


def test_a_puzzle_reveals_its_fix_only_when_asked_and_applies_it_undoably(page, server):
    page.goto(f"{server}/scenarios/scale-up-or-out/")
    page.wait_for_selector("body[data-ready=true]")
    drawer = page.locator("[data-testid=drawer]")
    assert drawer.is_visible()
    assert "Error rate (Users) ≤ 1%" in drawer.inner_text(), (
        "an error-rate goal reads as a percentage"
    )
    assert page.locator("[data-testid=fix-lines]").count() == 0, (
        "the answer stays hidden until asked for"
    )
    page.click("[data-testid=show-fix]")
    assert (
        "App server · Instance type: t3.small → c5.xlarge"
        in page.locator("[data-testid=fix-lines]").inner_text()
    )
    assert page.locator("[data-testid=apply-fix]").count() == 0, (
        "the preview is read-only: nothing to apply"
    )
    shot(page, "11-scenario-fix")

    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    if not drawer.is_visible():
        page.click("[data-testid=drawer-toggle]")
    page.click("[data-testid=show-fix]")
    page.click("[data-testid=apply-fix]")
    app = "window.playground.getDesign().nodes.find((n) => n.id === 'app').props"
    assert page.evaluate(app)["instance_type"] == "c5.xlarge"
    assert "already set" in page.locator("[data-testid=fix-lines]").inner_text()
    assert page.locator("[data-testid=apply-fix]").count() == 0
    page.click("[data-testid=undo]")
    assert page.evaluate(app)["instance_type"] == "t3.small"
    assert page.locator("[data-testid=apply-fix]").count() == 1
