"""Sharing (a read-only link another browser opens and forks) and a stale-version conflict, which
is shown to the learner as a choice and never overwritten silently."""

import pytest
from e2e_helpers import example, open_new_design, save_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_share_open_in_second_browser_and_fork(page, server, browser):
    open_new_design(page, server, example("three-tier"))
    page.click("[data-testid=share]")
    url = page.locator("[data-testid=share-url]").input_value()
    assert "/s/" in url
    page.click("[data-testid=share-done]")

    other = browser.new_context(
        viewport={"width": 1440, "height": 900}
    )  # another learner, another session
    try:
        viewer = other.new_page()
        viewer.goto(url)
        viewer.wait_for_selector("body[data-ready=true]")
        assert viewer.locator("[data-testid=fork]").is_visible()
        assert viewer.locator("[data-testid=share]").is_hidden()
        assert len(viewer.evaluate("window.playground.getDesign().nodes")) == 4
        # Read-only: a change is refused with the reason.
        viewer.locator('[model-id="db"] [joint-selector="body"]').click()
        assert (
            viewer.locator("[data-testid=field-instance_class]").is_disabled()
            or viewer.locator("[data-testid=inspector] input:disabled").count() > 0
        )
        shot(viewer, "07-shared-readonly")
        viewer.click("[data-testid=fork]")
        viewer.wait_for_url("**/play/**")
        viewer.wait_for_selector("body[data-ready=true]")
        assert viewer.locator("[data-testid=fork]").is_hidden()
        forked = viewer.evaluate("window.playground.getDesign()")
        assert [n["id"] for n in forked["nodes"]] == ["users", "lb", "web", "db"]
        original = page.evaluate("window.playground.getDesign().name")
        expect(viewer.locator("[data-testid=design-name]")).to_have_value(f"Copy of {original}")
        viewer.goto(f"{server}/")
        expect(viewer.locator("[data-testid=design-card] h3").first).to_have_text(
            f"Copy of {original}"
        )
        viewer.go_back()
        viewer.wait_for_selector("body[data-ready=true]")
        assert viewer.url.split("/play/")[1].strip("/") != page.url.split("/play/")[1].strip("/")
    finally:
        other.close()


def _save_elsewhere(page, design_id: str, name: str):
    """Another tab saves a newer version behind this page's back: the design as a page has it
    (laid out: every node has its position), renamed."""
    save_design(page, design_id, {**page.evaluate("window.playground.getDesign()"), "name": name})


def test_stale_version_conflict_asks_and_load_theirs(page, server):
    design_id = open_new_design(page, server, example("three-tier"))
    _save_elsewhere(page, design_id, "Theirs")
    page.fill("[data-testid=design-name]", "Mine")
    page.wait_for_selector("[data-testid=conflict-dialog]")
    assert page.locator("[data-testid=save-state]").get_attribute("data-state") == "conflict"
    shot(page, "08-conflict")
    fetch = f"fetch('/api/designs/{design_id}/').then(r => r.json())"
    theirs = page.evaluate(fetch)
    page.click("[data-testid=conflict-load-theirs]")
    # Loading theirs saves nothing: a save would first have shown "unsaved" (and the autosave
    # delay), so once the page says saved, the server must still have their version.
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")
    assert page.evaluate("window.playground.getDesign().name") == "Theirs"
    assert page.evaluate("window.playground.persistence.version") == theirs["version"]
    assert page.evaluate(fetch)["version"] == theirs["version"]
    assert page.evaluate("localStorage.length") == 0, "no draft left behind"
    # Loading theirs is a step in the history: undo brings mine back and saves it over theirs.
    page.keyboard.press("Control+z")  # focus was in the name field when the conflict came up
    assert page.evaluate("window.playground.getDesign().name") == "Mine"
    page.wait_for_function(f"{fetch}.then(d => d.document.name === 'Mine')", timeout=10000)
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")
    assert page.evaluate(fetch)["version"] == theirs["version"] + 1
    # Redo loads theirs again; the server has "Mine" now, so that is a change to save.
    page.click("[data-testid=redo]")
    assert page.evaluate("window.playground.getDesign().name") == "Theirs"
    page.wait_for_function(
        f"{fetch}.then(d => d.document.name === 'Theirs' && d.version === {theirs['version'] + 2})",
        timeout=10000,
    )


def test_stale_version_conflict_keep_mine_overwrites_as_new_version(page, server):
    design_id = open_new_design(page, server, example("three-tier"))
    _save_elsewhere(page, design_id, "Theirs")
    page.fill("[data-testid=design-name]", "Mine")
    page.click("[data-testid=conflict-keep-mine]")
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")
    server_copy = page.evaluate(f"fetch('/api/designs/{design_id}/').then(r => r.json())")
    assert server_copy["document"]["name"] == "Mine"
