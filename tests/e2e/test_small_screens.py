"""A small screen: on a projector-sized viewport the inspector floats over the canvas, and the
design is fitted into the part of the canvas it leaves free."""

import pytest
from e2e_helpers import example, open_new_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_projector_sized_screen_fits_the_design_beside_the_panel(browser, server):
    """1280x720 at 150% zoom is 853x480 CSS pixels: the inspector floats over the canvas there,
    and zoom-to-fit must put the whole design in the part of the canvas it leaves free."""
    ctx = browser.new_context(viewport={"width": 853, "height": 480})
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, example("three-tier"))  # ready: drawn at its fit
        panel = pg.locator(".rightpanel").bounding_box()
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        assert panel["x"] < canvas["x"] + canvas["width"], (
            "the panel lies over the canvas at this width"
        )
        for node in ("users", "lb", "web", "db"):
            box = pg.locator(f'[model-id="{node}"] [joint-selector="body"]').bounding_box()
            assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"], (
                node,
                box,
                panel,
            )
            assert (
                canvas["y"] <= box["y"]
                and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
            ), (node, box)
        top = pg.evaluate(
            """() => [...document.querySelector('.topbar').children]
            .map((el) => el.getBoundingClientRect().right)"""
        )
        assert max(top) <= 853, f"every top-bar control is on screen: {top}"
        shot(pg, "10-projector-853x480")
    finally:
        ctx.close()


def test_a_1280x720_editor_keeps_the_name_the_watch_link_label_and_whole_events(browser, server):
    """Issue 14 at 1280x720, out of projector mode: the design's name had shrunk to one letter,
    the watch-link label was gone and events were cut off with no way to read them."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        pg.goto(f"{server}/scenarios/multi-az-failover/")
        pg.wait_for_selector("body[data-ready=true]")
        pg.click("[data-testid=start]")
        pg.wait_for_url("**/play/**")
        pg.wait_for_selector("body[data-ready=true]")
        if pg.locator("[data-testid=drawer]").is_visible():  # a scenario's story, opened once
            pg.click("[data-testid=drawer-toggle]")
        expect(pg.locator("[data-testid=drawer]")).to_be_hidden()
        name = pg.locator("[data-testid=design-name]").bounding_box()
        assert name["width"] >= 150, name
        expect(pg.locator(".live-toggle span")).to_have_text("Watch link")
        expect(pg.locator("[data-testid=projector-toggle]")).to_have_text("Projector")
        top = pg.evaluate(
            """() => [...document.querySelectorAll('.topbar > *')]
            .map((el) => el.getBoundingClientRect().right)"""
        )
        assert max(top) <= 1280, f"every top-bar control is on screen: {top}"

        pg.select_option("[data-testid=speed]", "30")
        pg.click("[data-testid=run]")
        pg.wait_for_function(
            "window.playground.lastFrame && window.playground.lastFrame.t > 135", timeout=60000
        )
        pg.click("[data-testid=pause]")
        pg.wait_for_function("window.playground.lastFrame.paused === true", timeout=15000)
        events = pg.evaluate(
            """() => [...document.querySelectorAll('.tl-event')].map((li) => {
                const m = li.querySelector('.tl-msg');
                return { title: li.title, text: m.textContent, lines: m.clientHeight /
                         parseFloat(getComputedStyle(m).lineHeight) }; })"""
        )
        for ev in events:
            assert ev["title"] == ev["text"], "the whole text is in the title"
            assert ev["lines"] <= 2.05, ev
        longest = max(range(len(events)), key=lambda i: len(events[i]["text"]))
        assert events[longest]["lines"] > 1.5, f"a long event wraps: {events[longest]}"
        long = pg.locator(".tl-event").nth(longest)
        msg = long.locator(".tl-msg")
        long.scroll_into_view_if_needed()
        long.click()
        expect(long).to_have_attribute("aria-expanded", "true")
        assert msg.evaluate("(m) => m.scrollWidth <= m.clientWidth + 1"), "opened: nothing is cut"
        assert msg.evaluate("(m) => m.getBoundingClientRect().height") < 40, "on one line"
        long.focus()
        pg.keyboard.press("Enter")
        expect(long).to_have_attribute("aria-expanded", "false")
        shot(pg, "11-editor-1280x720-events")
    finally:
        ctx.close()
