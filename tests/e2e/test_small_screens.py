"""A small screen: on a projector-sized viewport the inspector floats over the canvas, and the
design is fitted into the part of the canvas it leaves free."""

import pytest
from e2e_helpers import example, open_new_design, shot

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
