"""The gallery: a learner's progress on the scenarios (from the server), filters by level and by
topic that the keyboard can work and a reload keeps, and the library's order."""

from __future__ import annotations

import re

import pytest
from e2e_helpers import shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LEVELS = ["beginner", "intermediate", "advanced"]
CARDS = "[data-testid=scenarios] a.card"
# What the cards show, in order: [slug, level, topic labels].
SHOWN = """() => [...document.querySelectorAll('[data-testid=scenarios] a.card')].map((a) => [
    a.dataset.testid.replace('scenario-', ''), a.querySelector('.level').textContent.toLowerCase(),
    [...a.querySelectorAll('.tag-topic')].map((t) => t.textContent)])"""
START_A_SESSION = """async () => {
    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
    const r = await fetch('/api/designs/', {method: 'POST', body: JSON.stringify(
        {name: 'mine', document: {format: 1}}),
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}});
    if (!r.ok) throw new Error(await r.text()); }"""


def _record(server_python, session_key: str, *results: tuple[str, int, int]) -> None:
    lines = [
        "from playground.owners import Owner",
        "from playground.progress import progress_record",
        f"owner = Owner(session_key={session_key!r})",
    ]
    for slug, met, total in results:
        lines.append(
            f"progress_record(owner=owner, scenario={slug!r}, goals_passed={met}, "
            f"goals_total={total}, source='run')"
        )
    server_python("\n".join(lines))


def test_progress_filters_and_order(page, context, browser, server, server_python):
    page.goto(f"{server}/")
    page.locator(CARDS).first.wait_for()
    page.evaluate(START_A_SESSION)
    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    _record(server_python, key, ("three-tier", 2, 2), ("multi-az-failover", 1, 3))

    page.reload()
    expect(page.locator("[data-testid=progress-three-tier]")).to_have_text("Passed ✓")
    expect(page.locator("[data-testid=best-three-tier]")).to_have_text("Best: 2 of 2 goals")
    expect(page.locator("[data-testid=progress-multi-az-failover]")).to_have_text("Attempted")
    expect(page.locator("[data-testid=best-multi-az-failover]")).to_have_text("Best: 1 of 3 goals")
    expect(page.locator("[data-testid=progress-caching]")).to_have_text("Not tried")
    expect(page.locator("[data-testid=best-caching]")).to_have_count(0)

    # Beginner to advanced, then by each scenario's order.
    shown = page.evaluate(SHOWN)
    assert len(shown) >= 17
    ranks = [LEVELS.index(level) for _, level, _ in shown]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 2
    assert shown[0][0] == "three-tier", "the library's first lesson comes first"

    # By level, with the keyboard: the filter is a button that Space presses; the URL keeps it.
    page.focus("[data-testid=filter-level-advanced]")
    page.keyboard.press("Space")
    expect(page.locator("[data-testid=filter-level-advanced]")).to_have_attribute(
        "aria-pressed", "true"
    )
    advanced = page.evaluate(SHOWN)
    assert advanced and all(level == "advanced" for _, level, _ in advanced)
    assert len(advanced) < len(shown)
    expect(page).to_have_url(re.compile(r"\?level=advanced$"))

    # By topic as well, and both survive a reload.
    page.click("[data-testid=filter-topic-data]")
    both = page.evaluate(SHOWN)
    assert both and all(level == "advanced" and "Data" in topics for _, level, topics in both)
    page.reload()
    expect(page.locator(CARDS)).to_have_count(len(both))
    expect(page.locator("[data-testid=filter-topic-data]")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("[data-testid=gallery-count]")).to_have_text(
        f"{len(both)} of {len(shown)} scenarios"
    )

    # Nothing matches: it says so, and one button clears the filters.
    present = {(level, topic) for _, level, topics in shown for topic in topics}
    labels = sorted({t for _, _, topics in shown for t in topics})
    level, topic = next((lv, t) for lv in LEVELS for t in labels if (lv, t) not in present)
    page.click(f"[data-testid=filter-level-{level}]")
    page.click(f"[data-testid=filter-topic-{topic.lower().replace(' ', '-')}]")
    expect(page.locator("[data-testid=gallery-empty]")).to_contain_text("No scenario matches")
    page.click("[data-testid=filters-clear]")
    expect(page.locator(CARDS)).to_have_count(len(shown))
    assert "?" not in page.url, "cleared filters leave no query"

    page.click("[data-testid=filter-level-beginner]")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("document.getElementById('scenarios-heading').scrollIntoView()")
    shot(page, "20-gallery-progress-beginner")

    # Another browser has its own progress: none here.
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(f"{server}/")
        expect(fresh.locator("[data-testid=progress-three-tier]")).to_have_text("Not tried")
    finally:
        other.close()


SEARCH = "[data-testid=gallery-search]"


def test_search_thumbnails_and_solved_marks(page, context, server, server_python):
    page.goto(f"{server}/")
    page.locator(CARDS).first.wait_for()
    total = page.locator(CARDS).count()
    # Every card has a thumbnail drawn from its design: its Regions, AZs and nodes.
    expect(page.locator(f"{CARDS} svg.thumb")).to_have_count(total)
    assert page.locator("[data-testid=thumb-multi-az-failover] .thumb-az").count() == 2
    assert page.locator("[data-testid=thumb-three-tier] .thumb-node").count() >= 3

    # Search narrows as one types, by title, tags and topics, any case; the URL keeps it.
    page.fill(SEARCH, "replica")
    expect(page.locator("[data-testid=scenario-read-replicas]")).to_be_visible()
    narrowed = page.locator(CARDS).count()
    assert 1 <= narrowed < total
    expect(page.locator("[data-testid=gallery-count]")).to_have_text(
        f"{narrowed} of {total} scenarios"
    )
    assert "q=replica" in page.url
    page.reload()
    expect(page.locator(SEARCH)).to_have_value("replica")
    expect(page.locator(CARDS)).to_have_count(narrowed)
    # With a level filter too; nothing left says so, and Clear empties the search as well.
    page.fill(SEARCH, "queue")
    queue = page.locator(CARDS).count()
    page.click("[data-testid=filter-level-beginner]")
    assert page.locator(CARDS).count() < queue or queue == 0
    page.fill(SEARCH, "no such thing at all")
    expect(page.locator("[data-testid=gallery-empty]")).to_contain_text(
        "No scenario matches “no such thing at all”"
    )
    page.click("[data-testid=filters-clear]")
    expect(page.locator(CARDS)).to_have_count(total)
    expect(page.locator(SEARCH)).to_have_value("")
    expect(page.locator(SEARCH)).to_be_focused()
    page.fill(SEARCH, "cache")
    page.press(SEARCH, "Escape")
    expect(page.locator(CARDS)).to_have_count(total)

    # A passed scenario (the server's progress) carries the Solved mark; others do not.
    page.evaluate(START_A_SESSION)
    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    _record(server_python, key, ("caching", 3, 3), ("three-tier", 1, 2))
    page.reload()
    page.locator(CARDS).first.wait_for()
    expect(page.locator("[data-testid=solved-caching]")).to_have_text("✓ Solved")
    expect(page.locator("[data-testid=solved-three-tier]")).to_have_count(0)
    expect(page.locator("[data-testid=solved-multi-az-failover]")).to_have_count(0)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("document.getElementById('scenarios-heading').scrollIntoView()")
    shot(page, "l-gallery-1280")
    page.fill(SEARCH, "cache")
    shot(page, "l-gallery-search-1280")
    page.set_viewport_size({"width": 853, "height": 480})
    page.fill(SEARCH, "")
    page.evaluate("document.getElementById('scenarios-heading').scrollIntoView()")
    shot(page, "l-gallery-853")
