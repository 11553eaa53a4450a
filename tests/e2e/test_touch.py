"""A tablet: a finger drags components in and moves them, draws an edge from a port, pans the
view; two fingers pinch to zoom about the point between them and pan. Touch arrives through
Chrome's DevTools protocol (Input.dispatchTouchEvent), as a real finger's events would."""

import pytest
from e2e_helpers import client_point, example, open_new_design

pytestmark = pytest.mark.e2e


def test_touch_drag_from_palette_and_move(browser, server):
    """A tablet: a finger drags a component in from the palette, then moves it."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server)
        cdp = ctx.new_cdp_session(pg)

        def finger(x0, y0, x1, y1, steps=10):
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]},
            )
            for i in range(1, steps + 1):
                cdp.send(
                    "Input.dispatchTouchEvent",
                    {
                        "type": "touchMove",
                        "touchPoints": [
                            {"x": x0 + (x1 - x0) * i / steps, "y": y0 + (y1 - y0) * i / steps}
                        ],
                    },
                )
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        item = pg.locator("[data-testid=palette-alb]").bounding_box()
        band = client_point(
            pg, "(l) => ({x: l.regions[0].band.x + 120, y: l.regions[0].band.y + 50})"
        )
        finger(item["x"] + 40, item["y"] + 20, band[0], band[1])
        nodes = pg.evaluate("window.playground.getDesign().nodes")
        assert [n["id"] for n in nodes] == ["alb"]
        before = nodes[0]["ui"]
        card = pg.locator('[model-id="alb"] [joint-selector="body"]').bounding_box()
        finger(card["x"] + 40, card["y"] + 20, card["x"] + 100, card["y"] + 50)
        assert pg.evaluate("window.playground.getDesign().nodes[0].ui") != before
    finally:
        ctx.close()


def test_touch_pinch_zooms_about_the_fingers_and_two_fingers_pan(browser, server):
    """A tablet: two fingers spread apart zoom in about the point between them (the diagram under
    the fingers stays under them), moving both pans, and lifting them leaves the view there."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, example("three-tier"))  # ready: drawn at its fit
        cdp = ctx.new_cdp_session(pg)
        box = pg.locator("[data-testid=canvas]").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        view = (
            "() => { const c = window.playground.canvas; return [c.view.s, c.view.tx, c.view.ty]; }"
        )
        under = """([x, y]) => { const c = window.playground.canvas;
            const r = c.host.getBoundingClientRect();
            return [(x - r.left - c.view.tx) / c.view.s, (y - r.top - c.view.ty) / c.view.s]; }"""
        # One finger on the empty canvas drags the view (it used to turn the view into NaN: the
        # finger arrives as a TouchEvent, which has no clientX).
        blank = pg.evaluate(
            """(b) => {
            for (let y = b.y + 20; y < b.y + b.height - 80; y += 20) {
                for (let x = b.x + 20; x < b.x + b.width - 20; x += 20) {
                    const el = document.elementFromPoint(x, y);
                    const blank = el && el.closest('.joint-paper') && !el.closest('[model-id]');
                    if (blank) return [x, y];
                }
            }
            return null; }""",
            box,
        )
        assert blank, "the canvas has empty space to drag"
        before = pg.evaluate(view)
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": blank[0], "y": blank[1]}]},
        )
        for i in range(1, 9):
            cdp.send(
                "Input.dispatchTouchEvent",
                {
                    "type": "touchMove",
                    "touchPoints": [{"x": blank[0] + 5 * i, "y": blank[1] + 3 * i}],
                },
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        after = pg.evaluate(view)
        assert after == pytest.approx([before[0], before[1] + 40, before[2] + 24], abs=0.5)
        s0 = pg.evaluate(view)[0]
        p0 = pg.evaluate(under, [cx, cy])

        def fingers(kind, spread, dx=0.0, dy=0.0):
            pts = [
                {"x": cx + dx - spread, "y": cy + dy, "id": 1},
                {"x": cx + dx + spread, "y": cy + dy, "id": 2},
            ]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": pts})

        fingers("touchStart", 50)
        for i in range(1, 11):
            fingers("touchMove", 50 + 5 * i)  # 100 px apart -> 200 px apart: twice the scale
        s1 = pg.evaluate(view)[0]
        assert s1 == pytest.approx(2 * s0, rel=0.02)
        p1 = pg.evaluate(under, [cx, cy])
        assert p1 == pytest.approx(p0, abs=1.0), (
            "the diagram point between the fingers stays between them"
        )
        for i in range(1, 11):
            fingers("touchMove", 100, dx=8 * i, dy=-4 * i)  # both fingers move 80 px right, 40 up
        assert pg.evaluate(view)[0] == pytest.approx(s1, rel=0.01)
        assert pg.evaluate(under, [cx + 80, cy - 40]) == pytest.approx(p0, abs=1.0), (
            "the diagram follows the fingers"
        )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        # The view is committed (the diagram redrawn at it) when the gesture ends.
        pg.wait_for_function(
            """() => { const c = window.playground.canvas;
            return c.committed.s === c.view.s && c.committed.tx === c.view.tx
                && c.committed.ty === c.view.ty; }"""
        )
        s2, tx2, ty2 = pg.evaluate(view)
        assert s2 == pytest.approx(s1, rel=0.01)
        assert pg.evaluate("window.playground.canvas.committed.s") == s2
        assert pg.evaluate(under, [cx + 80, cy - 40]) == pytest.approx(p0, abs=1.0)
        assert pg.evaluate("window.playground.getDesign().nodes.length") == 4, (
            "a pinch moves no component"
        )
    finally:
        ctx.close()


def test_touch_connects_two_components(browser, server):
    """A tablet: a finger dragged from a component's port to another component connects them."""
    doc = {
        "format": 1,
        "name": "Touch",
        "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
        "nodes": [
            {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 10}},
            {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}},
        ],
        "edges": [],
        "faults": [],
        "goals": [],
        "run": {"duration": 60, "seed": 1, "warmup": 0},
    }
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, doc)  # ready: drawn at its fit
        cdp = ctx.new_cdp_session(pg)
        h = pg.locator('[model-id="users"] .pg-handle').bounding_box()
        d = pg.locator('[model-id="lb"] [joint-selector="body"]').bounding_box()
        x0, y0 = h["x"] + h["width"] / 2, h["y"] + h["height"] / 2
        x1, y1 = d["x"] + d["width"] / 2, d["y"] + d["height"] / 2
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]}
        )
        for i in range(1, 13):
            cdp.send(
                "Input.dispatchTouchEvent",
                {
                    "type": "touchMove",
                    "touchPoints": [{"x": x0 + (x1 - x0) * i / 12, "y": y0 + (y1 - y0) * i / 12}],
                },
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        pg.wait_for_function("window.playground.getDesign().edges.length === 1")
        edge = pg.evaluate("window.playground.getDesign().edges[0]")
        assert (edge["from"], edge["to"]) == ("users", "lb")
    finally:
        ctx.close()
