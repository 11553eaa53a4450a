"""An Auto Scaling group's instances drawn in their AZ columns, live (live/az-instances.js), for
the learner, a watch-along viewer and in projector mode; the ALB's "targets healthy" and the
group's "healthy" read the same number in every painted frame (instance_health.py)."""

import copy
import json
import re

import pytest
from e2e_helpers import ROOT, open_new_design, shot

pytestmark = pytest.mark.e2e

AZ_A, AZ_B = "us-east-1a", "us-east-1b"

# Per AZ strip of the web tier: the states of its chips, its badge and its words.
STRIPS = """() => Object.fromEntries(
    [...document.querySelectorAll('.pg-az-strip[data-node="web"]')].map((s) => [s.dataset.az, {
        chips: [...s.querySelectorAll('.pg-az-chip')].map((c) => c.dataset.state),
        text: s.querySelector('.pg-az-text').textContent }]))"""

B_STRIP = f'document.querySelector(\'.pg-az-strip[data-node="web"][data-az="{AZ_B}"]\')'

# The ALB's and the web tier's second lines, as painted (both are written by the same paint).
LINES = """() => [document.querySelector('.pg-live[data-node="lb"] .pg-live-text2').textContent,
    document.querySelector('.pg-live[data-node="web"] .pg-live-text2').textContent]"""

# Each strip lies inside the column of its AZ on screen.
INSIDE = """() => [...document.querySelectorAll('.pg-az-strip[data-node="web"]')].every((s) => {
    const az = document.querySelector(`[model-id="@az/${s.dataset.az}"] [joint-selector="body"]`)
        .getBoundingClientRect();
    const r = s.getBoundingClientRect();
    return r.width > 0 && r.left >= az.left - 1 && r.right <= az.right + 1
        && r.top >= az.top - 1 && r.bottom <= az.bottom + 1; })"""


def solved_failover() -> dict:
    """multi-az-failover with its solution: the web tier over both AZs, 6 instances."""
    data = json.loads((ROOT / "playground" / "scenarios" / "multi-az-failover.json").read_text())
    doc = copy.deepcopy(data["document"])
    nodes = {n["id"]: n for n in doc["nodes"]}
    for nid, placement in data["solution"]["placement"].items():
        nodes[nid]["placement"].update(placement)
    for nid, props in data["solution"]["props"].items():
        nodes[nid].setdefault("props", {}).update(props)
    return doc


def agree(page) -> int:
    """The ALB's healthy targets, the group's healthy instances in its line (unless that line
    says it is the bottleneck) and its healthy chips over its AZs: one number."""
    alb, web = page.evaluate(LINES)
    chips = sum(s["chips"].count("in_service") for s in page.evaluate(STRIPS).values())
    healthy_targets = re.match(r"(\d+)/(\d+) targets healthy", alb)
    assert healthy_targets, alb
    assert int(healthy_targets.group(1)) == chips, (alb, chips)
    if not web.startswith("BOTTLENECK"):
        healthy = re.match(r"(\d+) healthy", web)
        assert healthy and int(healthy.group(1)) == chips, (web, chips)
    return chips


def frame_t(page) -> float:
    return page.evaluate("window.playground.lastFrame ? window.playground.lastFrame.t : 0")


def test_instances_in_both_azs_then_the_dark_one_goes_unhealthy_and_the_counts_agree(
    page, server, browser
):
    design = open_new_design(page, server, solved_failover())
    page.set_viewport_size({"width": 1280, "height": 720})
    page.select_option("[data-testid=speed]", "10")
    page.check("[data-testid=share-live]")
    page.click("[data-testid=run]")
    page.wait_for_function(
        "window.playground.lastFrame && window.playground.lastFrame.t > 40", timeout=30000
    )
    page.wait_for_function(
        "document.querySelectorAll('.pg-az-strip[data-node=\"web\"] .pg-az-chip').length >= 6"
    )
    strips = page.evaluate(STRIPS)
    assert set(strips) == {AZ_A, AZ_B}
    assert strips[AZ_A]["chips"] == ["in_service"] * 3, strips
    assert strips[AZ_B]["chips"] == ["in_service"] * 3, strips
    assert strips[AZ_A]["text"] == "Web tier: 3 healthy", strips
    assert page.evaluate(INSIDE), "each strip is drawn inside its AZ column"
    assert agree(page) == 6
    shot(page, "instances-before-outage")

    # A viewer of the same run sees the same chips.
    url = page.locator("[data-testid=watch-url]").input_value()
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        viewer = other.new_page()
        viewer.goto(url)
        viewer.wait_for_function(
            "document.querySelectorAll('.pg-az-strip[data-node=\"web\"] .pg-az-chip').length >= 6",
            timeout=30000,
        )
        assert set(viewer.evaluate(STRIPS)) == {AZ_A, AZ_B}

        # The outage of us-east-1b at 90 s: its instances stop; none of them reads healthy, and
        # the ALB and the group say the same number of healthy instances in every paint.
        page.wait_for_function("window.playground.lastFrame.t > 92", timeout=60000)
        page.wait_for_selector(f'[model-id="@az/{AZ_B}"].is-dark')
        while frame_t(page) < 150:
            strips = page.evaluate(STRIPS)
            if frame_t(page) > 92:
                assert "in_service" not in strips[AZ_B]["chips"], strips
            agree(page)
            page.wait_for_timeout(200)  # sample the paints over the outage (not a sync)
        # Found out and replaced: the dark AZ's instances are gone, the healthy AZ carries 6.
        page.wait_for_function(
            f"""() => {{ const s = {B_STRIP};
                return s && s.querySelectorAll('.pg-az-chip').length === 0
                    && s.textContent === 'Web tier: no instances'; }}""",
            timeout=60000,
        )
        page.wait_for_function(
            f"""() => document.querySelectorAll(
                '.pg-az-strip[data-az="{AZ_A}"] .pg-az-chip[data-state="in_service"]'
            ).length === 6""",
            timeout=60000,
        )
        agree(page)
        shot(page, "instances-az-outage")
        viewer.wait_for_function(
            f"""() => {{ const s = {B_STRIP};
                return s && !s.querySelector('.pg-az-chip[data-state="in_service"]'); }}""",
            timeout=30000,
        )
        shot(viewer, "instances-az-outage-viewer")
    finally:
        other.close()
    assert design


def test_projector_mode_draws_the_chips_in_the_az_columns(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = ctx.new_page()
        design = open_new_design(pg, server, solved_failover())
        pg.goto(f"{server}/play/{design}/?projector=1")
        pg.wait_for_selector("body[data-ready=true]")
        pg.select_option("[data-testid=speed]", "30")
        pg.click("[data-testid=run]")
        pg.wait_for_function(
            "document.querySelectorAll('.pg-az-strip[data-node=\"web\"] .pg-az-chip').length >= 6",
            timeout=30000,
        )
        assert pg.evaluate(INSIDE)
        size = pg.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.pg-az-text')).fontSize)"
            " * window.playground.canvas.view.s"
        )
        assert size >= 14, f"the words are readable on a projector ({size:.1f} px)"
        shot(pg, "instances-projector")
    finally:
        ctx.close()
