"""My designs on the home page, as a learner uses them: last changed first, blank designs named
apart, Rename in place (Enter saves, Escape keeps, an empty name is refused and says why),
Duplicate ("Copy of ..."), Delete after a confirmation (Cancel keeps it; a stale tab deletes
nothing), a started scenario listed under its title; at 1280x720 and 853x480."""

from __future__ import annotations

import pytest
from e2e_helpers import save_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

CARD = "[data-testid=design-card]"
NAMES = (
    "() => [...document.querySelectorAll('[data-testid=design-card] h3')].map((e) => e.textContent)"
)
CREATE = """async (names) => {
    const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
    const ids = [];
    const r1 = 'us-east-1';
    for (const name of names) {
        const doc = {format: 1, name, regions: [{id: r1, azs: ['us-east-1a', 'us-east-1b']}],
            nodes: [
                {id: 'users', kind: 'client', placement: {}, props: {}, ui: {x: 40, y: 80}},
                {id: 'lb', kind: 'alb', placement: {region: r1}, props: {}, ui: {x: 0, y: 0}},
                {id: 'web', kind: 'ec2', placement: {region: r1, az: 'us-east-1a'}, props: {},
                 ui: {x: 0, y: 0}}],
            edges: [], faults: [], goals: []};
        const r = await fetch('/api/designs/', {method: 'POST',
            body: JSON.stringify({name, document: doc}),
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}});
        if (!r.ok) throw new Error(await r.text());
        ids.push((await r.json()).id);
    }
    return ids; }"""


def _card(page, name: str):
    return page.locator(CARD).filter(has=page.locator("h3", has_text=name))


def _home(page, server):
    page.goto(f"{server}/")
    page.locator(f"{CARD}, [data-testid=designs-empty]").first.wait_for()


def test_rename_duplicate_delete_in_order_of_last_change(page, server):
    _home(page, server)
    ids = page.evaluate(CREATE, ["Alpha", "Bravo", "Charlie"])
    page.reload()
    expect(page.locator(CARD)).to_have_count(3)
    assert page.evaluate(NAMES) == ["Charlie", "Bravo", "Alpha"], "last changed first"
    expect(page.locator(f"{CARD} svg.thumb").first).to_be_visible()
    assert page.locator(f"{CARD} svg.thumb .thumb-node").count() == 9, "each thumbnail its nodes"

    # Rename: Escape keeps the old name, an empty one is refused, Enter saves and moves it up.
    alpha = _card(page, "Alpha")
    alpha.get_by_role("button", name="Rename").click()
    field = page.locator("[data-testid=rename-input]")
    expect(field).to_be_focused()
    field.fill("Something else")
    field.press("Escape")
    assert page.evaluate(NAMES) == ["Charlie", "Bravo", "Alpha"]
    expect(_card(page, "Alpha").locator("[data-testid=design-rename]")).to_be_focused()
    _card(page, "Alpha").get_by_role("button", name="Rename").click()
    field.fill("   ")
    field.press("Enter")
    expect(page.locator("[data-testid=rename-error]")).to_have_text(
        "A design needs a name: type one, or press Escape to keep the old one."
    )
    expect(field).to_be_focused()
    field.fill("Alpha, renamed")
    field.press("Enter")
    expect(page.locator("[data-testid=designs-status]")).to_have_text(
        "Renamed to “Alpha, renamed”."
    )
    assert page.evaluate(NAMES) == ["Alpha, renamed", "Charlie", "Bravo"], "a change moves it up"
    page.reload()
    expect(page.locator(CARD).first.locator("h3")).to_have_text("Alpha, renamed")

    # The editor shows the new name (the document was renamed too) and its save keeps it.
    page.locator(CARD).first.locator("[data-testid=design-open]").click()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("[data-testid=design-name]")).to_have_value("Alpha, renamed")
    assert page.url.rstrip("/").endswith(ids[0])
    _home(page, server)

    # Duplicate: "Copy of ...", first in the list, focused.
    _card(page, "Bravo").get_by_role("button", name="Duplicate").click()
    expect(page.locator(CARD)).to_have_count(4)
    assert page.evaluate(NAMES)[0] == "Copy of Bravo"
    expect(page.locator(CARD).first.locator("[data-testid=design-open]")).to_be_focused()
    expect(page.locator("[data-testid=designs-status]")).to_contain_text("Made “Copy of Bravo”")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.evaluate("document.getElementById('designs-heading').scrollIntoView()")
    shot(page, "l-my-designs-1280")

    # Delete: a confirmation that names it; Cancel keeps it, Delete removes it for good.
    _card(page, "Copy of Bravo").get_by_role("button", name="Delete").click()
    dialog = page.locator("[data-testid=delete-dialog]")
    expect(dialog).to_contain_text("Delete “Copy of Bravo”?")
    shot(page, "l-delete-confirm-1280")
    page.click("[data-testid=delete-cancel]")
    expect(dialog).to_have_count(0)
    expect(page.locator(CARD)).to_have_count(4)
    _card(page, "Copy of Bravo").get_by_role("button", name="Delete").click()
    page.click("[data-testid=delete-confirm]")
    expect(page.locator(CARD)).to_have_count(3)
    expect(page.locator("[data-testid=designs-status]")).to_have_text("Deleted “Copy of Bravo”.")
    page.reload()
    expect(page.locator(CARD)).to_have_count(3)
    assert page.evaluate(NAMES) == ["Alpha, renamed", "Charlie", "Bravo"]

    page.set_viewport_size({"width": 853, "height": 480})
    page.evaluate("document.getElementById('designs-heading').scrollIntoView()")
    shot(page, "l-my-designs-853")


def test_a_stale_tab_deletes_and_renames_nothing(page, server):
    _home(page, server)
    (design_id,) = page.evaluate(CREATE, ["Kept"])
    page.reload()
    expect(page.locator(CARD)).to_have_count(1)
    # Another tab saves after this page read the list.
    save_design(page, design_id, {"format": 1, "name": "Kept, saved elsewhere", "nodes": []})
    page.locator(CARD).get_by_role("button", name="Delete").click()
    page.click("[data-testid=delete-confirm]")
    expect(page.locator("[data-testid=designs-status]")).to_contain_text(
        "was saved in another tab since this page read it: nothing changed"
    )
    expect(page.locator(CARD).locator("h3")).to_have_text("Kept, saved elsewhere")
    # Renaming against the old version is refused the same way, and the name stays.
    save_design(page, design_id, {"format": 1, "name": "Newer still", "nodes": []})
    page.locator(CARD).get_by_role("button", name="Rename").click()
    page.fill("[data-testid=rename-input]", "From the stale tab")
    page.press("[data-testid=rename-input]", "Enter")
    expect(page.locator("[data-testid=designs-status]")).to_contain_text("nothing changed")
    expect(page.locator(CARD).locator("h3")).to_have_text("Newer still")


def test_blank_designs_are_named_apart_and_a_scenario_by_its_title(page, server):
    _home(page, server)
    for expected in ("Untitled design", "Untitled design 2"):
        page.click("[data-testid=new-design]")
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("[data-testid=design-name]")).to_have_value(expected)
        _home(page, server)
    page.goto(f"{server}/scenarios/multi-az-failover/")
    page.wait_for_selector("body[data-ready=true]")
    title = page.evaluate(
        "fetch('/api/scenarios/multi-az-failover/').then((r) => r.json()).then((s) => s.title)"
    )
    page.click("[data-testid=start]")
    page.wait_for_url("**/play/**")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("[data-testid=design-name]")).to_have_value(title)
    _home(page, server)
    first = page.locator(CARD).first
    expect(first.locator("h3")).to_have_text(title)
    expect(first.locator("[data-testid=design-scenario]")).to_have_text(f"Scenario: {title}")
    assert page.evaluate(NAMES) == [title, "Untitled design 2", "Untitled design"]
