"""Help, keys and words (issue 15, helper M), in a real browser at the projector's 1280x720: the
"?" help sheet, the Ctrl+K command palette, the canvas from the keyboard (Tab reaches it, Tab and
the arrows move between nodes and edges, Enter opens, Delete removes), Escape closing the File
menu and the fault menu, labels from kind names, whole AZ names on cards, a sensible seed range,
goal figures with their unit, read-only views without editing tools, and a link that does not
open saying so."""

import re

import pytest
from e2e_helpers import example, open_new_design, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SELECTION = "() => window.playground.editor.selection"
LABELS = "() => window.playground.editor.design.nodes.map((n) => n.label)"
ACTIVE = "() => document.activeElement.id || document.activeElement.tagName"


@pytest.fixture
def page(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    return page


def command(page, text: str) -> None:
    page.keyboard.press("Control+k")
    expect(page.locator("[data-testid=command-palette]")).to_be_visible()
    page.fill("[data-testid=command-input]", text)
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=command-palette]")).to_have_count(0)


def test_question_mark_opens_the_help_sheet_and_escape_closes_it(page, server):
    open_new_design(page, server)
    # The inspector no longer ends in a list of shortcuts: it points at the sheet.
    expect(page.locator("#inspector .shortcuts li")).to_have_count(0)
    expect(page.locator("#inspector [data-testid=open-help]")).to_be_visible()
    page.keyboard.press("?")
    sheet = page.locator("[data-testid=help-sheet]")
    expect(sheet).to_be_visible()
    for words in ["Keyboard shortcuts", "Ctrl+K", "Command palette", "Undo", "Tab", "Delete"]:
        expect(sheet).to_contain_text(words)
    box = sheet.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box  # all of it on the projector
    heading = page.locator("#help-sheet-title").bounding_box()
    assert heading["y"] >= box["y"], "the sheet's title shows (it is not scrolled away)"
    shot(page, "m-help-sheet")
    page.keyboard.press("Escape")
    expect(sheet).to_have_count(0)
    # The "?" button of the canvas tools opens it too; typed in a field, "?" is only a character.
    page.click("[data-testid=help-btn]")
    expect(sheet).to_be_visible()
    page.click("[data-testid=help-close]")
    page.fill("[data-testid=design-name]", "What?")
    expect(sheet).to_have_count(0)
    assert page.input_value("[data-testid=design-name]") == "What?"


def test_the_command_palette_adds_named_components_runs_commands_and_escape_closes_it(page, server):
    open_new_design(page, server)
    page.keyboard.press("Control+k")
    palette = page.locator("[data-testid=command-palette]")
    expect(palette).to_be_visible()
    assert page.evaluate("() => document.activeElement.dataset.testid") == "command-input"
    page.fill("[data-testid=command-input]", "export")
    items = page.locator("[data-testid=command-item]")
    expect(items.first).to_have_text("Export JSON")
    page.keyboard.press("ArrowDown")
    expect(page.locator(".cmdk-item.is-active")).to_have_text("Export SVG")
    page.fill("[data-testid=command-input]", "no such thing at all")
    expect(palette).to_contain_text("No command matches")
    page.fill("[data-testid=command-input]", "ex")
    shot(page, "m-command-palette")
    page.keyboard.press("Escape")
    expect(palette).to_have_count(0)
    # Add components by name: each is named after its kind, numbered when the name is taken.
    command(page, "add application load")
    command(page, "add application load")
    command(page, "add rds")
    assert page.evaluate(LABELS) == [
        "Application Load Balancer",
        "Application Load Balancer 2",
        "RDS database",
    ]
    db = page.evaluate("() => window.playground.editor.design.nodes[2].id")
    sub = page.evaluate(f"() => window.playground.canvas.graph.getCell('{db}').attr('sub/text')")
    assert sub == "RDS database · us-east-1a", sub
    # Ctrl+K works from a text field too, and Undo there is the page's own.
    page.click("[data-testid=design-name]")
    command(page, "undo")
    assert len(page.evaluate(LABELS)) == 2


def test_tab_reaches_the_canvas_then_keys_move_between_nodes_and_edges(page, server):
    open_new_design(page, server, example("three-tier"))
    page.click("[data-testid=design-name]")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE) == "canvas":
            break
    assert page.evaluate(ACTIVE) == "canvas", "40 Tab presses reach the canvas"
    ring = page.evaluate("() => getComputedStyle(document.getElementById('canvas')).outlineStyle")
    assert ring == "solid", "the canvas shows a focus ring"
    page.keyboard.press("Tab")
    first = page.evaluate(SELECTION)
    assert len(first["nodes"]) == 1 and page.evaluate(ACTIVE) == "canvas"
    said = page.locator("[data-testid=canvas-focus]")
    expect(said).not_to_have_text("")
    seen = [first["nodes"][0]]
    for _ in range(3):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(SELECTION)["nodes"][0])
    assert sorted(seen) == ["db", "lb", "users", "web"], seen  # every node, once each
    page.keyboard.press("Tab")  # then the connections
    sel = page.evaluate(SELECTION)
    assert sel["nodes"] == [] and len(sel["edges"]) == 1
    expect(said).to_contain_text("Connection from")
    assert page.locator(".joint-type-pg-edge.is-selected").count() == 1
    page.keyboard.press("Shift+Tab")  # back to the last node
    assert len(page.evaluate(SELECTION)["nodes"]) == 1
    # An arrow goes to the nearest thing that way: left of the load balancer its connection from
    # Users, then Users (left of the Region).
    page.evaluate("() => window.playground.editor.select({ nodes: ['lb'] })")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(SELECTION)["edges"] == ["e1"]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(SELECTION)["nodes"] == ["users"]
    shot(page, "m-canvas-focus-ring")
    # Enter opens the inspector on it; Delete (back on the canvas) removes it.
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.dataset.field") == "label"
    page.focus("#canvas")
    page.keyboard.press("Delete")
    assert "users" not in [n["id"] for n in page.evaluate("window.playground.getDesign().nodes")]


def test_escape_closes_the_file_menu_and_the_fault_menu(page, server):
    doc = example("three-tier")
    doc["run"] = {"duration": 600, "seed": 1, "warmup": 0}
    open_new_design(page, server, doc)
    page.click("#file-btn")
    expect(page.locator("#file-menu")).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('menu-item')")
    page.keyboard.press("Escape")
    expect(page.locator("#file-menu")).to_be_hidden()
    assert page.evaluate(ACTIVE) == "file-btn"
    page.select_option("[data-testid=speed]", "1")
    page.click("[data-testid=run]")
    page.wait_for_function("window.playground.lastFrame && window.playground.lastFrame.t > 1")
    web = page.locator('[model-id="web"] [joint-selector="body"]').bounding_box()
    page.mouse.click(web["x"] + 30, web["y"] + 30)
    menu = page.locator("[data-testid=fault-menu]")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    # From the keyboard: a node reached on the canvas, Enter opens its failures.
    page.focus("#canvas")
    page.evaluate("() => window.playground.editor.select({ nodes: ['db'] })")
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("Orders DB")
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    assert page.evaluate(ACTIVE) == "canvas"


def test_seed_range_and_goal_figures_read_as_words_and_units(page, server):
    doc = example("three-tier")
    doc["run"] = {"duration": 20, "seed": 1, "warmup": 0}
    open_new_design(page, server, doc)
    seed = page.locator(".field", has=page.locator("[data-field='run:seed']"))
    expect(seed.locator(".field-range")).to_have_text("0 or more")
    expect(page.locator("#inspector")).not_to_contain_text("9007199254740991")
    page.select_option("[data-testid=speed]", "max")
    page.click("[data-testid=run]")
    page.wait_for_function("window.playground.lastReport", timeout=30000)
    page.click("[data-testid=report-close]")
    page.click("[data-testid=drawer-toggle]")
    actual = page.locator("[data-testid=goals] .goal-actual").first
    expect(actual).to_have_text(re.compile(r"^actual ([\d.]+ ms|.+)$"))
    text = actual.inner_text()
    assert text.endswith(" ms") or not any(c.isdigit() for c in text), text  # a figure, with ms


def test_read_only_views_show_no_undo_redo_or_check(page, server):
    design_id = open_new_design(page, server, example("three-tier"))
    expect(page.locator("[data-testid=undo]")).to_be_visible()
    token = page.evaluate(
        """async (id) => { const t = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const r = await fetch(`/api/designs/${id}/share/`, {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': t}, body: '{}'});
        return (await r.json()).token; }""",
        design_id,
    )
    slug = page.evaluate("async () => (await (await fetch('/api/scenarios/')).json())[0].slug")
    for path in [f"/s/{token}/", f"/scenarios/{slug}/"]:
        page.goto(f"{server}{path}")
        page.wait_for_selector("body[data-ready=true]")
        for testid in ["undo", "redo", "check"]:
            expect(page.locator(f"[data-testid={testid}]")).to_be_hidden()
    shot(page, "m-read-only-scenario")


def test_a_link_that_does_not_open_says_so(page, server):
    page.goto(f"{server}/s/no-such-token/")
    expect(page.locator("[data-testid=error-page]")).to_contain_text(
        "This share link does not open"
    )
    expect(page.locator("body")).not_to_contain_text("Loading")
    shot(page, "m-bad-share-link")
    # A design that is not there (the page loads, the API says no): no "Loading…" pill, no tools.
    page.goto(f"{server}/play/00000000-0000-4000-8000-000000000000/")
    expect(page.locator("[role=alert]")).to_contain_text("does not exist")
    expect(page.locator("[data-testid=save-state]")).to_have_text("Not found")
    expect(page.locator("[data-testid=run]")).to_be_hidden()
    expect(page.locator("[data-testid=undo]")).to_be_hidden()


def test_unknown_pages_are_the_products_404_with_its_favicon(page, server):
    response = page.goto(f"{server}/no/such/page/")
    assert response.status == 404
    expect(page.locator("[data-testid=error-page] h1")).to_have_text("There is no page here")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href == "/static/favicon.svg"
    icon = page.request.get(f"{server}{href}")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    shot(page, "m-404")
