"""The gallery and the scenario page: open a scenario, read it, Start it into your own design."""
import pytest

from e2e_helpers import shot

pytestmark = pytest.mark.e2e


def test_gallery_scenario_start_into_a_new_design(page, server):
    page.goto(f"{server}/")
    cards = page.locator("[data-testid=scenarios] a.card")
    cards.first.wait_for()
    if cards.count() == 0:
        pytest.skip("no scenarios loaded")
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
    page.goto(f"{server}/s/no-such-token/")
    page.wait_for_selector("[role=alert]")
    assert "share link" in page.locator("[role=alert]").inner_text()
