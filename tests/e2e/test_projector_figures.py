"""Projector mode's live figures at both projector sizes (1280x720, and 853x480: 1280x720 at 150%
zoom), on the AZ-outage scenario and on wider designs: at 20 px on screen no figure line runs
into another (of its own node or of a card beside it) and none leaves the canvas."""

import pytest
from e2e_helpers import shot

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (853, 480)]
# The scenario, the simulated time to run past, and nodes whose figures must show (sns-fan-out:
# 8 nodes in 5 columns, three cards stacked closer than a line at 853x480, which show none).
SCENARIOS = [
    ("multi-az-failover", 100, {"users", "lb", "web", "db"}),
    ("sns-fan-out", 20, {"shoppers", "api", "orders", "analytics"}),
]

# Every live figure line with text, as painted: its box on screen, its node and its font size.
BOXES = """() => { const s = window.playground.canvas.committed.s;
    return [...document.querySelectorAll('.pg-live-text, .pg-live-text2')]
      .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
      .map((t) => { const r = t.getBoundingClientRect();
        return { node: t.closest('.pg-live').dataset.node, text: t.textContent,
                 px: parseFloat(getComputedStyle(t).fontSize) * s,
                 x: r.x, y: r.y, width: r.width, height: r.height }; }); }"""


def _overlap(a, b) -> float:
    """The area two boxes share (0 when they only touch)."""
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(0.0, w) * max(0.0, h)


def _inside(inner, outer, slack=1):
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(("slug", "past", "shown"), SCENARIOS)
def test_live_figures_neither_overlap_nor_leave_the_canvas(
    browser, server, width, height, slug, past, shown
):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        pg = ctx.new_page()
        pg.goto(f"{server}/scenarios/{slug}/")
        pg.wait_for_selector("body[data-ready=true]")
        pg.click("[data-testid=start]")
        pg.wait_for_url("**/play/**")
        pg.wait_for_selector("body[data-ready=true]")
        pg.goto(pg.url + "?projector=1")
        pg.wait_for_selector("body[data-ready=true]")
        pg.select_option("[data-testid=speed]", "30")
        pg.click("[data-testid=run]")
        pg.wait_for_function(
            f"window.playground.lastFrame && window.playground.lastFrame.t > {past}",
            timeout=60000,
        )
        pg.wait_for_timeout(0)  # a task turn: the figures of the frame that got us here painted
        pg.wait_for_function(
            "() => [...document.querySelectorAll('.pg-live-text2')].some((t) => t.textContent)"
        )
        boxes = pg.evaluate(BOXES)
        shot(pg, f"projector-figures-{slug}-{width}x{height}")
        assert {b["node"] for b in boxes} >= shown, boxes
        assert min(b["px"] for b in boxes) >= 20 - 0.01, "figures stay 20 px on screen"
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        out = [b for b in boxes if not _inside(b, canvas)]
        assert not out, f"past the canvas edge {canvas}: {out}"
        clashes = [
            (a["node"], a["text"], b["node"], b["text"])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if _overlap(a, b) > 0
        ]
        assert not clashes, f"figure lines overlap: {clashes}"
    finally:
        ctx.close()
