"""A live run in a real browser against the real websocket: frames arrive and paint the canvas, a
chart draws, an AZ outage injected by clicking the AZ shows on the canvas, the report arrives."""

import json

import pytest
from e2e_helpers import example, open_new_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Probes run in the page (functions: the CSP forbids eval).
BLUE_PIXELS_ON_THE_THROUGHPUT_CHART = """() => {
    const c = document.querySelector('[data-testid=chart-throughput] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 100 && d[i + 3] > 0) n += 1;
    return n; }"""

FLOW_OFFSET = "document.querySelector('.pg-flow-layer g').style.strokeDashoffset"

# [node, status, the first three words of the visible status shape's path] for each node.
STATUS_MARK_OF_EACH_NODE = """() => [...document.querySelectorAll('.pg-live[data-status]')]
    .map((l) => [l.dataset.node, l.dataset.status,
        l.querySelector('.pg-status-icon > g[visibility="visible"] .pg-status-shape')
            .getAttribute('d').split(' ').slice(0, 3).join(' ')])"""

# A pixel of a far-zoom bitmap at (dx, dy) from a node's corner, in diagram units.
_PIXEL_AT = """const pixel = (ctx, id, dx, dy) => {
        const c = window.playground.canvas;
        const p = c.graph.getCell(id).position(); const v = c.committed; const k = devicePixelRatio;
        const x = Math.round((v.tx + (p.x + dx) * v.s) * k);
        const y = Math.round((v.ty + (p.y + dy) * v.s) * k);
        return [...ctx.getImageData(x, y, 1, 1).data]; };"""

FAR_BITMAP_PIXELS = (
    """() => { """
    + _PIXEL_AT
    + """
    const far = document.querySelector('.pg-live-far');
    const px = (id, dx, dy) => pixel(far.getContext('2d'), id, dx, dy);
    const shown = (el) => getComputedStyle(el).display !== 'none';
    return { svgShown: shown(document.querySelector('.pg-live-layer')), farShown: shown(far),
        db: px('db', 88 + 10, 27), users: px('users', 88 + 10, 27),
        dbCorner: px('db', 88 + 15, 27 + 15), usersCorner: px('users', 88 + 15, 27 + 15),
        dbTint: px('db', 20, 20) }; }"""
)

# The bitmap of the web tier alone, drawn plain and then as the bottleneck: a pixel of the ring.
FAR_RING_PLAIN_AND_HOT = (
    """() => { """
    + _PIXEL_AT
    + """
    const o = window.playground.live.overlay;
    const p = window.playground.canvas.graph.getCell('web').position();
    const vis = o.visibleRect();
    o.drawFar([{ x: p.x, y: p.y, status: 'ok', bar: null, hot: false }], vis);
    const plain = pixel(o.far.ctx, 'web', -20, 32);
    o.drawFar([{ x: p.x, y: p.y, status: 'ok', bar: null, hot: true }], vis);
    const hot = pixel(o.far.ctx, 'web', -20, 32);
    return { plain, hot }; }"""
)


def test_run_inject_az_outage_and_report(page, server):
    doc = example("three-tier")
    doc["run"] = {"duration": 240, "seed": 1, "warmup": 10}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "30")
    page.click("[data-testid=run]")
    page.wait_for_function(
        "window.playground.lastFrame && window.playground.lastFrame.t > 25", timeout=30000
    )
    frame = page.evaluate("window.playground.lastFrame")
    assert frame["type"] == "frame" and "global" in frame and "web" in frame["nodes"]
    # The charts have points and the canvas shows live figures on the nodes.
    assert page.evaluate("window.playground.live.charts.charts[0].data[0].length") > 3
    assert page.locator("[data-testid=chart-throughput] canvas").count() == 1
    inked = page.evaluate(BLUE_PIXELS_ON_THE_THROUGHPUT_CHART)
    assert inked > 50, "the throughput line is drawn in blue on the chart"
    page.wait_for_selector('.pg-live[data-node="web"].is-on')
    assert "rps" in page.locator('.pg-live[data-node="web"] .pg-live-text').text_content()
    shot(page, "04-running")
    # Traffic moves along the busiest edges: the flow layer's dash offset steps on.
    assert page.locator(".pg-flow").count() >= 1
    offset = page.evaluate(FLOW_OFFSET)
    page.wait_for_function(f"{FLOW_OFFSET} !== {json.dumps(offset)}", timeout=5000)

    # Click the AZ: the fault menu offers an AZ outage; inject it.
    az = page.locator('[model-id="@az/us-east-1a"] [joint-selector="body"]').bounding_box()
    page.mouse.click(az["x"] + az["width"] - 20, az["y"] + az["height"] - 20)
    page.click("[data-testid=inject-az_outage]")
    page.wait_for_selector('[model-id="@az/us-east-1a"].is-dark')
    t0 = page.evaluate("window.playground.lastFrame.t")
    page.wait_for_function(f"window.playground.lastFrame.t > {t0 + 20}", timeout=30000)
    page.wait_for_selector('.pg-live[data-node="db"][data-status="down"]')
    # Down reads without colour too: the status mark is a square (a circle while OK).
    shown = '.pg-status-icon > g[visibility="visible"] .pg-status-shape'
    square = page.locator(f'.pg-live[data-node="db"] {shown}').get_attribute("d")
    assert square.startswith("M -8.5 -8.5 H 8.5"), square
    marks = page.evaluate(STATUS_MARK_OF_EACH_NODE)
    shapes = {"M -9 0": "circle", "M 0 -11": "triangle", "M -8.5 -8.5": "square"}
    want = {
        "ok": "circle",
        "idle": "circle",
        "degraded": "triangle",
        "throttled": "triangle",
        "down": "square",
    }
    assert len(marks) == 4 and all(shapes[d] == want[st] for _, st, d in marks), marks
    # The events say the outage happened where it was injected, once (the server's echo of the
    # control and the engine's own event for it are one chip: test_events.py).
    events = page.locator("[data-testid=events]")
    expect(events.locator(".tl-event", has_text="AZ outage on us-east-1a")).to_have_count(1)
    shot(page, "05-az-down")
    # Zoomed far out (level of detail), the figures are one bitmap: each card tinted in its status
    # colour, the status shape drawn large in its middle (the corner mark would be a few pixels).
    page.evaluate(
        "() => { const c = window.playground.canvas; c.setView(0.28, c.view.tx, c.view.ty);"
        " c.commitView(); }"
    )
    page.wait_for_selector('.pg-live-far[data-scale="0.28"]')  # the bitmap is drawn at that zoom
    far = page.evaluate(FAR_BITMAP_PIXELS)
    assert far["farShown"] and not far["svgShown"], far

    def red(c):  # #b91c1c
        return c[0] > 150 and c[1] < 60 and c[2] < 60 and c[3] > 200

    def green(c):  # #15803d
        return c[0] < 60 and c[1] > 100 and c[2] < 90 and c[3] > 200

    assert red(far["db"]), f"a red square in the middle of the dark DB: {far}"
    assert green(far["users"]), f"a green circle on the healthy users: {far}"
    assert far["dbCorner"][0] > 150 and far["dbCorner"][3] > 150 and far["usersCorner"][3] < 100, (
        f"square and circle differ, not only in colour: {far}"
    )
    assert far["dbTint"][0] > 150 and far["dbTint"][3] > 0 and far["dbTint"][3] < 100, (
        f"the card tinted red: {far}"
    )
    # The bottleneck stays visible far out: a dashed orange ring around its card in the bitmap.
    ring = page.evaluate(FAR_RING_PLAIN_AND_HOT)
    assert ring["plain"][3] == 0, ring
    assert (
        ring["hot"][0] > 200
        and 60 < ring["hot"][1] < 130
        and ring["hot"][2] < 60
        and ring["hot"][3] > 150
    ), ring
    page.evaluate(
        "window.playground.live.paint && window.playground.live.paint(window.playground.lastFrame)"
    )
    shot(page, "05b-az-down-far")
    page.evaluate("window.playground.canvas.fit()")

    page.wait_for_selector("[data-testid=report]", timeout=60000)
    assert page.locator("[data-testid=share-live-now]").is_hidden(), (
        "no watch link is offered for a run that is over"
    )
    report = page.evaluate("window.playground.lastReport")
    assert report["requests"]["total"] >= report["requests"]["ok"]
    assert page.locator("[data-testid=report] .rtable").count() >= 1
    shot(page, "06-report")
    page.click("[data-testid=report-close]")
    page.wait_for_selector("[data-testid=inspector]:visible")


def _run_three_tier_slowly(page, server, *, seed: int, share: bool) -> None:
    """The reference design, ten simulated minutes at 5x (long enough to join and watch)."""
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": seed, "warmup": 0}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "5")
    if share:
        page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")


def test_watch_along_link_streams_to_a_second_browser(page, server, browser):
    _run_three_tier_slowly(page, server, seed=2, share=True)
    url = page.locator("[data-testid=watch-url]").input_value()
    assert "/w/" in url, "the short link is shown (it redirects to /live/<token>/)"
    page.wait_for_function(
        "window.playground.lastFrame && window.playground.lastFrame.t > 6", timeout=30000
    )
    other = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    try:
        watcher = other.new_page()
        watcher.goto(url)
        watcher.wait_for_function(
            "window.playground && window.playground.lastFrame && window.playground.lastFrame.t > 1",
            timeout=30000,
        )
        assert [n["id"] for n in watcher.evaluate("window.playground.getDesign().nodes")] == [
            "users",
            "lb",
            "web",
            "db",
        ]
        assert (
            watcher.locator("[data-testid=run]").is_disabled()
            or watcher.locator("[data-testid=run]").is_hidden()
        )
        canvas = watcher.locator("[data-testid=canvas]").bounding_box()
        assert canvas and canvas["width"] > 600, f"viewers must see the diagram, got {canvas}"
        # Viewers get the charts too, not only the canvas.
        watcher.wait_for_function(
            "window.playground.live.charts.charts[0].data[0].length > 3", timeout=15000
        )
        # Joined six simulated seconds in, the viewer's charts still start at the run's beginning.
        assert watcher.evaluate("window.playground.live.charts.charts[0].data[0][0]") <= 1
        xs = watcher.evaluate("window.playground.live.charts.charts[0].data[0]")
        assert all(a < b for a, b in zip(xs, xs[1:], strict=False)), (
            "history and live frames join without a repeated point"
        )
        shot(watcher, "09-watch-along")
        # This viewer asked for reduced motion: the busy edges are drawn, nothing moves along them.
        watcher.wait_for_selector(".pg-flow")
        assert (
            watcher.evaluate("document.querySelector('.pg-flow-layer g').style.strokeDashoffset")
            == ""
        )
    finally:
        other.close()
    # Pause holds simulated time; resume carries on.
    page.click("[data-testid=pause]")
    page.wait_for_function("window.playground.lastFrame.paused === true", timeout=15000)
    t, seq = page.evaluate("[window.playground.lastFrame.t, window.playground.lastFrame.seq]")
    # A paused run sends no frames, except to acknowledge a control: a speed change brings one
    # later frame, which must show the same time.
    page.select_option("[data-testid=speed]", "2")
    page.wait_for_function(f"window.playground.lastFrame.seq > {seq}", timeout=15000)
    assert page.evaluate("window.playground.lastFrame.t") == t
    assert page.evaluate("window.playground.lastFrame.paused") is True
    page.click("[data-testid=pause]")
    page.wait_for_function(f"window.playground.lastFrame.t > {t}", timeout=15000)
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)


def test_a_watch_link_can_be_had_while_the_run_plays(page, server, browser):
    """The instructor forgot to tick "Watch link" before Run: the run panel offers one."""
    _run_three_tier_slowly(page, server, seed=3, share=False)
    page.wait_for_function(
        "window.playground.lastFrame && window.playground.lastFrame.t > 1", timeout=30000
    )
    assert page.locator("[data-testid=watch-url]").count() == 0
    page.click("[data-testid=share-live-now]")
    url = page.locator("[data-testid=watch-url]").input_value()
    assert "/w/" in url and page.locator("[data-testid=share-live-now]").count() == 0
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        watcher = other.new_page()
        watcher.goto(url)
        watcher.wait_for_function(
            "window.playground && window.playground.lastFrame && window.playground.lastFrame.t > 2",
            timeout=30000,
        )
    finally:
        other.close()
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)


def test_stop_sharing_lets_viewers_go_and_closes_the_link(page, server, browser):
    """At 1280x720 the run panel's "Stop sharing" is on screen; after it, the viewer is told and
    the link opens a page that says the run is no longer shared (410)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    _run_three_tier_slowly(page, server, seed=4, share=True)
    url = page.locator("[data-testid=watch-url]").input_value()
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        watcher = other.new_page()
        watcher.goto(url)
        watcher.wait_for_function(
            "window.playground && window.playground.lastFrame && window.playground.lastFrame.t > 1",
            timeout=30000,
        )
        button = page.locator("[data-testid=stop-sharing]")
        box = button.bounding_box()
        assert box and box["y"] + box["height"] <= 720 and box["x"] + box["width"] <= 1280, box
        shot(page, "10-stop-sharing")
        button.click()
        page.wait_for_selector("[data-testid=watch-closed]")
        assert "Sharing stopped" in page.locator("[data-testid=watch-closed]").text_content()
        watcher.wait_for_function("document.body.dataset.run === 'ended'", timeout=15000)
        response = watcher.goto(url)
        assert response.status == 410
        assert watcher.locator("[data-testid=watch-gone]").get_attribute("data-reason") == "revoked"
        shot(watcher, "11-watch-revoked")
    finally:
        other.close()
    assert page.evaluate("window.playground.lastFrame.t") > 0, "the owner's run plays on"
    page.click("[data-testid=stop]")
    page.wait_for_selector("[data-testid=report]", timeout=30000)
