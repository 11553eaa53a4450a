"""Runs kept per design: two runs of scale-up-or-out with different designs (t3.small, then the
solution's c5.xlarge), the last report reopened after "Back to the design", the Runs list with
both, one reopened with its charts, both compared side by side (the bill differs and is shown,
the charts overlaid with a series per run). Screenshots at 1280x720."""

import re

import pytest
from e2e_helpers import save_design, shot

pytestmark = pytest.mark.e2e

SLUG = "scale-up-or-out"  # 300 simulated seconds: about half a second at "max"


def _run_to_the_end(page) -> dict:
    page.select_option("[data-testid=speed]", "max")
    page.click("[data-testid=run]")
    page.wait_for_selector("[data-testid=report]", timeout=60000)
    return page.evaluate("window.playground.lastReport")


def _dollars(text: str) -> float:
    return float(re.search(r"\$([0-9.]+)", text).group(1))


def test_two_runs_are_kept_reopened_and_compared(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server}/scenarios/{SLUG}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    design_id = page.url.rstrip("/").split("/")[-1]
    assert page.locator("[data-testid=reopen-report]").is_hidden(), "no report before a run"

    # The list before any run says so.
    page.click("[data-testid=runs-btn]")
    page.wait_for_selector("[data-testid=runs-empty]")
    shot(page, "runs-0-empty")
    page.click("[data-testid=runs-close]")

    first = _run_to_the_end(page)
    page.click("[data-testid=report-close]")
    page.wait_for_selector("body:not(.is-live)")
    # "Back to the design" closed it; "Report" opens the same report again, with its charts.
    reopen = page.locator("[data-testid=reopen-report]")
    assert reopen.is_visible()
    reopen.click()
    past = page.locator("[data-testid=past-report]")
    past.wait_for()
    assert f"seed {first['seed']}" in past.locator(".report-kicker").text_content()
    assert past.locator("[data-testid=past-chart-cost] canvas").count() == 1
    shot(page, "runs-1-report-reopened")
    page.click("[data-testid=past-report] [data-testid=report-close]")
    assert past.count() == 0

    # A different design: the solution's bigger instance.
    doc = page.evaluate("window.playground.getDesign()")
    app = next(n for n in doc["nodes"] if n["id"] == "app")
    app["props"]["instance_type"] = "c5.xlarge"
    save_design(page, design_id, doc)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    second = _run_to_the_end(page)
    assert second["cost"]["per_hour"] != first["cost"]["per_hour"]
    page.click("[data-testid=report-close]")

    # Both are in the Runs list, newest first, each with its bill.
    page.click("[data-testid=runs-btn]")
    rows = page.locator("[data-testid=run-row]")
    rows.nth(1).wait_for()
    assert rows.count() == 2
    costs = [_dollars(t) for t in page.locator("[data-testid=run-cost]").all_inner_texts()]
    assert costs == [
        pytest.approx(second["cost"]["per_hour"], abs=0.01),
        pytest.approx(first["cost"]["per_hour"], abs=0.01),
    ]
    shot(page, "runs-2-list")

    # Open the older one: its own report (t3.small's bill), then back to the list.
    rows.nth(1).locator("[data-testid=run-open]").click()
    past.wait_for()
    bill = past.locator(".kpi").filter(has_text="Cost").locator(".kpi-value").inner_text()
    assert _dollars(bill) == pytest.approx(first["cost"]["per_hour"], abs=0.001)
    page.click("[data-testid=runs-back]")
    rows.nth(1).wait_for()

    # Compare needs exactly two ticked; a third cannot be ticked (there are two here).
    compare = page.locator("[data-testid=compare-runs]")
    assert compare.is_disabled()
    page.locator("[data-testid=run-tick]").nth(0).check()
    assert compare.is_disabled()
    page.locator("[data-testid=run-tick]").nth(1).check()
    assert compare.is_enabled()
    compare.click()
    cmp = page.locator("[data-testid=comparison]")
    cmp.wait_for()
    # A is the earlier run (t3.small), B the later (c5.xlarge): the bill of each, and B - A.
    cost_a = _dollars(cmp.locator("[data-testid=cmp-cost_per_hour-a]").inner_text())
    cost_b = _dollars(cmp.locator("[data-testid=cmp-cost_per_hour-b]").inner_text())
    assert cost_a == pytest.approx(first["cost"]["per_hour"], abs=0.01)
    assert cost_b == pytest.approx(second["cost"]["per_hour"], abs=0.01)
    assert cost_a != cost_b
    diff = cmp.locator("[data-testid=cmp-cost_per_hour-diff]").inner_text()
    assert diff.startswith("+" if cost_b > cost_a else "−")
    for key in ("p50", "p95", "p99", "error_rate", "cost_total", "goals"):
        assert cmp.locator(f"[data-testid=cmp-{key}-a]").inner_text() != ""
    assert "✓" in cmp.inner_text() and "✕" in cmp.inner_text(), "the goals pass in B, fail in A"
    # The charts are overlaid: two series (one a run) in each chart's legend.
    legend = cmp.locator("[data-testid=past-chart-cost] .u-legend .u-series").all_inner_texts()
    assert [t.strip() for t in legend if "Run" in t] == ["Run A", "Run B"], legend
    assert (
        page.evaluate(
            """() => [...document.querySelectorAll('[data-testid=comparison] .cmp-chart canvas')]
        .filter((c) => c.width > 100).length"""
        )
        == 6
    ), "six charts drawn"
    shot(page, "runs-3-compare")
    cmp.locator(".cmp-charts").scroll_into_view_if_needed()
    shot(page, "runs-4-compare-charts")
    page.keyboard.press("Escape")
    cmp.wait_for(state="detached", timeout=5000)  # closes on the key's handler, not at once
    assert cmp.count() == 0
