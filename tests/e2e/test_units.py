"""Units everywhere (issue 15): every number a learner reads in the report says its unit (goals'
targets and actuals: "0 sessions", "120 ms", "$0.3/h"), the charts' titles and y-axis ticks say
theirs, and the run settings' seed range does not show 2^53 - 1. Screenshots in test-artifacts/
(units-*.png)."""

from __future__ import annotations

import re

from tests.e2e.e2e_helpers import shot

SLUG = "stateless-web-tier"  # goals on sessions lost (a count), p99 latency and cost per hour

# A number followed (or, for dollars, preceded) by its unit.
UNIT = re.compile(
    r"^(≤|≥|<|>|=)?\s*(\$[\d.,]+k?/h|[\d.,]+k?\s?(ms|s|%|req/s|sessions?|requests?|messages?)$)"
)


def _start(page, server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")


def test_the_report_says_the_unit_of_every_goal_number(page, server):
    _start(page, server)
    page.select_option("[data-testid=speed]", "max")
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=report]", timeout=60000)
    rows = page.locator("[data-testid=report] .rtable tbody tr")
    rows.first.wait_for()
    goals = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        if len(cells) == 4 and cells[0].strip().startswith(("✓", "✕")):
            goals.append(cells)
    assert len(goals) >= 3, goals
    for _mark, name, target, actual in goals:
        assert UNIT.match(target.strip()), (name, target)
        # The measured number has its unit too (or, with no number, a sentence saying why).
        assert UNIT.match(actual.strip()) or len(actual.split()) > 3, (name, actual)
    by_name = {name.split(" · ")[0]: (target, actual) for _, name, target, actual in goals}
    assert by_name["Sessions lost"][0] == "≤ 0 sessions"
    assert by_name["Cost per hour"][0] == "≤ $0.3/h"
    assert by_name["p99 latency"][0] == "≤ 120 ms"
    shot(page, "units-01-report")

    # Back to the design: every chart's title names its unit.
    page.click("[data-testid=report-close]")
    titles = page.locator(".chart .chart-title span:first-child").all_inner_texts()
    assert "Throughput, req/s" in titles and "Cost per hour, $/h" in titles, titles
    assert "Error rate, %" in titles and "Queue depth, messages" in titles, titles
    # The report reopened draws the run's kept charts: theirs too. (uPlot draws the ticks on a
    # canvas: their words are tested in figures.test.js and seen in the screenshot.)
    page.wait_for_selector("body:not(.is-live)")
    page.click("[data-testid=reopen-report]")
    past = page.locator("[data-testid=past-report]")
    past.locator("[data-testid=past-chart-cost] canvas").wait_for()
    kept = past.locator(".chart-title span:first-child").all_inner_texts()
    assert "Latency p99 (each 1 s), ms" in kept and "Cost per hour, $/h" in kept, kept
    past.locator("[data-testid=past-chart-latency]").scroll_into_view_if_needed()
    shot(page, "units-03-kept-charts")


def test_the_run_settings_show_ranges_with_units_and_no_2_53(page, server):
    _start(page, server)
    page.keyboard.press("Escape")  # nothing selected: the inspector shows the design
    if page.locator("[data-testid=drawer]").is_visible():  # the scenario's story covers it
        page.click("[data-testid=drawer-toggle]")
        page.wait_for_selector("[data-testid=drawer]", state="hidden")
    ranges = page.locator(".insp-form .field-range").all_inner_texts()
    text = " ".join(ranges)
    assert "9007199254740991" not in text, ranges
    assert "9007199254740991" not in page.locator(".inspector, #inspector, body").first.inner_text()
    seed = page.locator("[data-testid=field-seed]").locator("xpath=..")
    assert "0 or more" in seed.inner_text(), seed.inner_text()
    assert any(r.endswith(" s") for r in ranges), ranges  # run length and warm-up in seconds
    shot(page, "units-02-run-settings")
