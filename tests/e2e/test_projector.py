"""Projector mode (issue 14) at the two projector sizes, 1280x720 and 853x480 (1280x720 at 150%
zoom): the toggle, its key and the URL parameter turn it on and off; during a run the canvas and
the charts are both on screen, with the editing chrome gone; the live figures are at least 20 px
on screen; text is WCAG AA on its background; leaving it gives the editor back."""

import pytest
from e2e_helpers import example, last_toast, open_new_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SIZES = [(1280, 720), (853, 480)]
CHROME = [
    "#palette",
    "#inspector",
    "#undo",
    "#file-btn",
    "#check",
    "#share",
    "#drawer-btn",
    "[data-testid=account]",
    "[data-testid=share-live]",
    "[data-testid=save-state]",
]

# Every live figure on the canvas with text: its font size in diagram units, the scale the
# diagram is drawn at, and the height of the text's box on screen.
FIGURES = """() => { const s = window.playground.canvas.committed.s;
    return [...document.querySelectorAll('.pg-live-text, .pg-live-text2')]
      .filter((t) => t.textContent.trim())
      .map((t) => ({ text: t.textContent, unit: parseFloat(getComputedStyle(t).fontSize), s,
                     height: t.getBoundingClientRect().height })); }"""

# Text on its background, as painted: the first ancestor with an opaque-ish background (the
# canvas's for SVG text, whose colour is its fill), through projector-prefs.js's contrastRatio.
CONTRASTS = """async (selectors) => {
    const { contrastRatio, meetsAA } = await import('/static/js/projector-prefs.js');
    const back = (el) => { for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && c !== 'transparent' && !c.endsWith(', 0)')) return c; }
        return 'rgb(255, 255, 255)'; };
    const out = [];
    for (const sel of selectors) for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || !el.textContent.trim()) continue;
      const cs = getComputedStyle(el);
      const svg = el instanceof SVGElement;
      const fg = svg ? cs.fill : cs.color;
      const bg = svg ? back(el.closest('.canvas')) : back(el);
      const px = parseFloat(cs.fontSize) * (svg ? window.playground.canvas.committed.s : 1);
      const ratio = contrastRatio(fg, bg);
      const bold = Number(cs.fontWeight) >= 700;
      out.push({ sel, text: el.textContent.slice(0, 30), fg, bg, ratio,
                 ok: ratio !== null && meetsAA(ratio, { px, bold }) });
    }
    return out; }"""

# The throughput chart drawn for its box: as wide as the box, and the box whole on screen.
CHART_FITS_ITS_BOX = """() => { const c = document.querySelector('[data-testid=chart-throughput]');
    const r = c.getBoundingClientRect();
    return Math.abs(c.querySelector('canvas').getBoundingClientRect().width - c.clientWidth) < 6
        && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }"""

TEXTS = [
    ".doc-name",
    ".kpi-label",
    ".kpi-value",
    ".kpi-sub",
    ".chart-title span",
    ".tl-msg",
    ".tl-t",
    ".tl-clock",
    ".pg-live-text",
    ".pg-live-text2",
    "#run",
    "#pause",
    "#projector-btn span",
    "#fullscreen-btn span",
]


def _inside(inner, outer, slack=1):
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def _start_scenario(pg, server, query=""):
    """The AZ-outage scenario's starting design, as a learner's own (Start), on /play/<id>/."""
    pg.goto(f"{server}/scenarios/multi-az-failover/")
    pg.wait_for_selector("body[data-ready=true]")
    pg.click("[data-testid=start]")
    pg.wait_for_url("**/play/**")
    pg.wait_for_selector("body[data-ready=true]")
    if query:
        pg.goto(pg.url + query)
        pg.wait_for_selector("body[data-ready=true]")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_run_in_projector_mode_shows_the_canvas_and_the_charts_in_large_type(
    browser, server, width, height
):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        pg = ctx.new_page()
        _start_scenario(pg, server, "?projector=1")
        assert pg.evaluate("document.body.classList.contains('is-projector')")
        for sel in CHROME:
            expect(pg.locator(sel)).to_be_hidden()
        expect(pg.locator("[data-testid=projector-toggle]")).to_have_attribute(
            "aria-pressed", "true"
        )
        pg.select_option("[data-testid=speed]", "30")
        pg.click("[data-testid=run]")
        # Past the outage at 90 s: events, a dark AZ and the figures it changes.
        pg.wait_for_function(
            "window.playground.lastFrame && window.playground.lastFrame.t > 100", timeout=60000
        )
        pg.wait_for_selector(".tl-event")
        screen = {"x": 0, "y": 0, "width": width, "height": height}
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        assert _inside(canvas, screen), canvas
        assert canvas["width"] >= 0.6 * width and canvas["height"] >= 0.5 * height, canvas
        for node in ("users", "lb", "web", "db"):
            box = pg.locator(f'[model-id="{node}"] [joint-selector="body"]').bounding_box()
            assert box and _inside(box, canvas), (node, box, canvas)
        for key in ("throughput", "latency", "errors", "instances"):
            chart = pg.locator(f"[data-testid=chart-{key}]")
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert _inside(box, screen), (key, box)
            assert box["y"] >= canvas["y"] + canvas["height"] - 1, "the charts are beside, not over"
            plot = chart.locator("canvas").bounding_box()
            assert plot["height"] >= 40 and plot["width"] >= 150, (key, plot)
        kpis = pg.locator("[data-testid=global-figures]").bounding_box()
        assert _inside(kpis, screen), kpis
        events = pg.locator("[data-testid=events]").bounding_box()
        assert _inside(events, screen) and events["height"] >= 30, events

        figures = pg.evaluate(FIGURES)
        assert len(figures) >= 4, figures
        for f in figures:
            assert f["unit"] * f["s"] >= 20 - 0.01, f"drawn under 20 px on screen: {f}"
            assert f["height"] >= 20, f
        kpi_px = pg.evaluate(
            """() => [...document.querySelectorAll('.kpi-value')]
                .map((e) => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert kpi_px and min(kpi_px) >= 20, kpi_px

        # A resize draws the charts again for their new boxes, with the data they had.
        other = (853, 480) if width > 853 else (1280, 720)
        points = pg.evaluate("window.playground.live.charts.charts[0].data[0].length")
        pg.set_viewport_size({"width": other[0], "height": other[1]})
        pg.wait_for_function(CHART_FITS_ITS_BOX)
        assert pg.evaluate("window.playground.live.charts.charts[0].data[0].length") >= points
        pg.set_viewport_size({"width": width, "height": height})
        pg.wait_for_function(CHART_FITS_ITS_BOX)

        checked = pg.evaluate(CONTRASTS, TEXTS)
        assert {c["sel"] for c in checked} >= {".kpi-value", ".pg-live-text", ".tl-msg"}
        bad = [c for c in checked if not c["ok"]]
        assert not bad, f"under WCAG AA: {bad}"
        shot(pg, f"projector-run-{width}x{height}")
    finally:
        ctx.close()


def test_the_toggle_the_key_and_the_address_turn_it_on_and_back(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, example("three-tier"))
        toggle = pg.locator("[data-testid=projector-toggle]")
        expect(toggle).to_have_text("Projector")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(pg.locator("[data-testid=fullscreen]")).to_be_hidden()
        normal = pg.evaluate("window.playground.canvas.view.s")

        pg.keyboard.press("p")
        assert pg.evaluate("document.body.classList.contains('is-projector')")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        for sel in CHROME:
            expect(pg.locator(sel)).to_be_hidden()
        expect(pg.locator("[data-testid=fullscreen]")).to_be_visible()
        assert "projector=1" in pg.url
        assert pg.evaluate("localStorage.getItem('playground:projector')") == "1"
        # Fitted again to the canvas, which now has the whole width.
        pg.wait_for_function(f"window.playground.canvas.view.s > {normal} + 0.05")
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        assert canvas["width"] >= 1270, canvas
        # And again when the window changes size (a projector plugged in, full screen).
        wide = pg.evaluate("window.playground.canvas.view.s")
        pg.set_viewport_size({"width": 853, "height": 480})
        pg.wait_for_function(f"window.playground.canvas.view.s < {wide} - 0.05")
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        for node in ("users", "lb", "web", "db"):
            box = pg.locator(f'[model-id="{node}"] [joint-selector="body"]').bounding_box()
            assert _inside(box, canvas), (node, box, canvas)
        pg.set_viewport_size({"width": 1280, "height": 720})

        base = pg.url.split("?")[0]
        pg.goto(base)  # remembered on this browser
        pg.wait_for_selector("body[data-ready=true]")
        assert pg.evaluate("document.body.classList.contains('is-projector')")
        pg.goto(f"{base}?projector=0")  # the address wins, and changes no choice
        pg.wait_for_selector("body[data-ready=true]")
        assert not pg.evaluate("document.body.classList.contains('is-projector')")
        expect(pg.locator("#palette")).to_be_visible()
        assert pg.evaluate("localStorage.getItem('playground:projector')") == "1"

        pg.goto(base)
        pg.wait_for_selector("body[data-ready=true]")
        pg.click("[data-testid=projector-toggle]")  # back to the editor
        assert not pg.evaluate("document.body.classList.contains('is-projector')")
        for sel in ("#palette", "#inspector", "#undo", "#file-btn", "#share", "#drawer-btn"):
            expect(pg.locator(sel)).to_be_visible()
        expect(pg.locator("[data-testid=fullscreen]")).to_be_hidden()
        assert "projector" not in pg.url
        assert pg.evaluate("localStorage.getItem('playground:projector')") == "0"
        pg.wait_for_function(f"Math.abs(window.playground.canvas.view.s - {normal}) < 0.01")

        # A P typed into a field is a letter, not the shortcut.
        name = pg.locator("[data-testid=design-name]")
        name.fill("")
        name.type("Prod plan")
        expect(name).to_have_value("Prod plan")
        assert not pg.evaluate("document.body.classList.contains('is-projector')")
    finally:
        ctx.close()


def test_full_screen_is_entered_left_and_a_refusal_says_what_to_press(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        design = open_new_design(pg, server, example("three-tier"))
        pg.goto(f"{server}/play/{design}/?projector=1")
        pg.wait_for_selector("body[data-ready=true]")
        full = pg.locator("[data-testid=fullscreen]")
        full.click()
        pg.wait_for_function("!!document.fullscreenElement")
        expect(full).to_have_attribute("aria-pressed", "true")
        expect(full).to_have_attribute("aria-label", "Exit full screen")
        full.click()
        pg.wait_for_function("!document.fullscreenElement")
        expect(full).to_have_attribute("aria-label", "Full screen")
        full.click()
        pg.wait_for_function("!!document.fullscreenElement")
        pg.keyboard.press("p")  # leaving projector mode leaves full screen too
        pg.wait_for_function("!document.fullscreenElement")
        expect(full).to_be_hidden()
        pg.keyboard.press("p")
        pg.evaluate(
            """() => { window.asked = 0; document.documentElement.requestFullscreen = () => {
                window.asked += 1; return Promise.reject(new TypeError('refused')); }; }"""
        )
        pg.click("[data-testid=fullscreen]")
        pg.wait_for_function("window.asked === 1")
        expect(pg.locator("[data-testid=toast]").last).to_contain_text("F11")
        assert "full screen" in last_toast(pg)
        expect(pg.locator("[data-testid=fullscreen]")).to_have_attribute("aria-pressed", "false")
    finally:
        ctx.close()


def test_the_scenario_page_in_projector_mode_gives_the_canvas_the_screen(browser, server):
    ctx = browser.new_context(viewport={"width": 853, "height": 480})
    try:
        pg = ctx.new_page()
        pg.goto(f"{server}/scenarios/multi-az-failover/?projector=1")
        pg.wait_for_selector("body[data-ready=true]")
        assert pg.evaluate("document.body.classList.contains('is-projector')")
        for sel in ("#palette", "#inspector", "#start", "#banner", "#drawer"):
            expect(pg.locator(sel)).to_be_hidden()
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        assert canvas["width"] >= 850 and canvas["height"] >= 400, canvas
        for node in ("users", "lb", "web", "db"):
            box = pg.locator(f'[model-id="{node}"] [joint-selector="body"]').bounding_box()
            assert box and _inside(box, canvas), (node, box)
        top = pg.evaluate(
            """() => [...document.querySelectorAll('.topbar > *')]
            .map((e) => e.getBoundingClientRect().right)"""
        )
        assert max(top) <= 853, top
    finally:
        ctx.close()


def test_a_viewer_projects_a_watch_link(page, server, browser):
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 3, "warmup": 0}
    open_new_design(page, server, doc)
    page.select_option("[data-testid=speed]", "5")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    url = page.locator("[data-testid=watch-url]").input_value()
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        viewer = other.new_page()
        viewer.goto(f"{url}?projector=1")
        viewer.wait_for_function(
            "window.playground && window.playground.lastFrame && window.playground.lastFrame.t > 2",
            timeout=30000,
        )
        assert viewer.evaluate("document.body.classList.contains('is-projector')")
        screen = {"x": 0, "y": 0, "width": 1280, "height": 720}
        canvas = viewer.locator("[data-testid=canvas]").bounding_box()
        assert _inside(canvas, screen) and canvas["width"] >= 768, canvas
        for key in ("throughput", "latency", "errors"):
            assert _inside(viewer.locator(f"[data-testid=chart-{key}]").bounding_box(), screen)
        viewer.wait_for_function(
            "[...document.querySelectorAll('.pg-live-text')].some((t) => t.textContent)"
        )
        assert all(f["unit"] * f["s"] >= 20 - 0.01 for f in viewer.evaluate(FIGURES))
        shot(viewer, "projector-watch-1280x720")
    finally:
        other.close()
    page.click("[data-testid=stop]")
