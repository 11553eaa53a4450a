"""The events strip in the learner's words (issue 15), on a web tier in two AZs whose AZ goes dark
under load while it runs: the tier scales out and six instances finish launching at once. No chip
shows an id, snake_case or "->"; the fault injected is one chip (the control's echo and the
engine's event of it are one); the launches are one chip with its count that opens to list them;
a click, or Enter on a chip (they are buttons), selects its component on the canvas and marks its
moment on every chart."""

import json
import re

import pytest
from e2e_helpers import ROOT, open_new_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Violet pixels (the marker's #7c3aed) in a chart's canvas, and where across the plot they are.
MARKER_PIXELS = """(key) => {
    const c = document.querySelector(`[data-testid=chart-${key}] canvas`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const xs = new Set(); let n = 0;
    for (let i = 0; i < d.length; i += 4) {
        const near = (v, want) => Math.abs(v - want) < 12;
        if (near(d[i], 124) && near(d[i + 1], 58) && near(d[i + 2], 237)) {
            n += 1; xs.add((i / 4) % c.width);
        }
    }
    return { n, columns: xs.size, height: c.height }; }"""

MARKED = "(key) => (" + MARKER_PIXELS + ")(key).n > 0"

CHIP_TEXTS = """() => [...document.querySelectorAll('.tl-event .tl-msg, .tl-subevent .tl-msg')]
    .map((m) => m.textContent)"""


def _design() -> dict:
    """The multi-AZ lesson's design, its web tier in both AZs, scaling on CPU to a low target (so
    losing an AZ doubles the survivors' load and the tier scales out), no fault scheduled: the
    test injects it."""
    scenario = json.loads((ROOT / "playground/scenarios/multi-az-failover.json").read_text())
    doc = scenario["document"]
    web = next(n for n in doc["nodes"] if n["id"] == "web")
    web["placement"]["azs"] = ["us-east-1a", "us-east-1b"]
    web["props"].update(
        min=2, desired=2, max=20, launch_s=30, warmup_s=10, cooldown_s=10,
        health_check_grace_s=30, target_value=15,
    )  # fmt: skip
    next(n for n in doc["nodes"] if n["id"] == "users")["props"]["rate"] = 200
    doc["faults"] = []
    doc["run"] = {"duration": 260, "seed": 1, "warmup": 10}
    return doc


def test_events_in_words_folded_once_and_clickable(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server, _design())
    page.select_option("[data-testid=speed]", "10")
    page.click("[data-testid=run]")
    page.wait_for_function(
        "window.playground.lastFrame && window.playground.lastFrame.t > 20", timeout=30000
    )
    # Paused while the fault is chosen (a loaded machine must not end the run first).
    page.click("[data-testid=pause]")
    page.wait_for_function("window.playground.lastFrame.paused === true", timeout=15000)
    az = page.locator('[model-id="@az/us-east-1b"] [joint-selector="body"]').bounding_box()
    page.mouse.click(az["x"] + az["width"] - 20, az["y"] + az["height"] - 20)
    page.click("[data-testid=inject-az_outage]")
    page.select_option("[data-testid=speed]", "60")
    page.click("[data-testid=pause]")  # Resume
    page.wait_for_selector("[data-testid=report]", timeout=90000)
    page.keyboard.press("Escape")  # the report closes; the run's strip and charts stay
    expect(page.locator("[data-testid=report]")).to_have_count(0)

    events = page.locator("[data-testid=events]")
    texts = page.evaluate(CHIP_TEXTS)
    assert len(texts) >= 5, texts
    for text in texts:
        assert not re.search(r"\b(lb|web|db)\b|web-\d|_|->", text), f"an id or snake_case: {text}"
    # One chip for the fault, although the server echoed the control and the engine told it.
    told = [t for t in texts if t.startswith("AZ outage on us-east-1b") and "over" not in t]
    assert len(told) == 1, texts
    fault = events.locator(".tl-event").filter(
        has_text="AZ outage on us-east-1b", has_not_text="over"
    )
    expect(fault).to_have_count(1)
    # The launches of the scale-out: one chip with its count.
    launch = events.locator(".tl-item[data-kind=instance_in_service]").filter(
        has_text=re.compile(r"Web tier: \d+ instances finished launching")
    )
    expect(launch).to_have_count(1)
    count = int(launch.get_attribute("data-count"))
    assert count >= 5, count
    expect(launch.locator(".tl-msg").first).to_have_text(
        f"Web tier: {count} instances finished launching"
    )
    sub = launch.locator(".tl-sub")
    expect(sub).to_be_hidden()
    assert not page.locator('[model-id="web"].is-selected').count()
    assert page.evaluate(MARKER_PIXELS, "throughput")["n"] == 0, "no marker before a click"

    # A click opens the list of launches, selects the web tier and marks the moment on the charts.
    launch.locator(".tl-event").click()
    expect(launch.locator(".tl-event")).to_have_attribute("aria-expanded", "true")
    expect(sub).to_be_visible()
    expect(sub.locator(".tl-subevent")).to_have_count(count)
    expect(sub.locator(".tl-subevent").first).to_contain_text("Web tier: instance #")
    expect(page.locator('[model-id="web"]')).to_have_class(re.compile(r"\bis-selected\b"))
    first_t = launch.evaluate("(li) => window.playground.live.timeline.chips.get(li).items[0].t")
    charts = page.locator(".charts")
    expect(charts).to_have_attribute("data-mark", str(first_t).removesuffix(".0"))
    for key in ("throughput", "latency", "instances", "cost"):
        # A chart scrolled out of the panel is drawn when it comes into view.
        page.locator(f"[data-testid=chart-{key}]").scroll_into_view_if_needed()
        page.wait_for_function(MARKED, arg=key, timeout=5000)
        mark = page.evaluate(MARKER_PIXELS, key)
        assert mark["columns"] <= 6 and mark["n"] >= mark["columns"] * mark["height"] * 0.4, mark
    page.locator("[data-testid=chart-throughput]").scroll_into_view_if_needed()
    shot(page, "events-01-launches-open")

    # Enter on the fault's chip (a button): the AZ selected, the marker moved to its moment.
    before = page.evaluate("document.querySelector('.charts').dataset.mark")
    fault.focus()
    page.keyboard.press("Enter")
    expect(page.locator('[model-id="@az/us-east-1b"]')).to_have_class(
        re.compile(r"\bis-selected\b")
    )
    expect(page.locator('[model-id="web"]')).not_to_have_class(re.compile(r"\bis-selected\b"))
    assert page.evaluate("document.querySelector('.charts').dataset.mark") != before
    # The ALB's health-check chip picks the ALB.
    alb = events.locator(".tl-event", has_text="ALB:").first
    alb.click()
    expect(page.locator('[model-id="lb"]')).to_have_class(re.compile(r"\bis-selected\b"))
    shot(page, "events-02-fault-and-alb")

    # Projector mode keeps the strip (a column beside the canvas): the open chip lists its
    # launches under it, whole.
    page.keyboard.press("p")
    expect(page.locator("body")).to_have_class(re.compile(r"\bis-projector\b"))
    launch.scroll_into_view_if_needed()
    expect(sub).to_be_visible()
    last = sub.locator(".tl-subevent").last
    last.scroll_into_view_if_needed()
    assert last.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1"), "nothing cut"
    shot(page, "events-03-projector")
