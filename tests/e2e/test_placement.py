"""Placing components (issue 15): Enter adds at a free spot in the right container with the view
following, a drop beside a card leaves its connect handle free, a palette drag highlights the
containers that take the item and dims the others, a moved card snaps to the grid and shows an
alignment guide when it lines up with another card."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.e2e_helpers import client_point, connect, drag, open_new_design

SHOTS = Path("/tmp/shots-h")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _design(page) -> dict:
    return page.evaluate("window.playground.getDesign()")


def _boxes(page) -> dict:
    """Each node's card on screen, the container its centre is in (the layout's hit test) and
    whether the card is inside the canvas's visible area."""
    return page.evaluate(
        """() => { const c = window.playground.canvas;
        const host = c.host.getBoundingClientRect();
        const inside = (p, r) => p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
        const hitTest = (l, p) => {  // as model/layout.js hitTest
            for (const r of l.regions) {
                if (!inside(p, r)) continue;
                for (const az of r.azs) if (inside(p, az)) return {type: 'az', az: az.id};
                return {type: inside(p, r.band) ? 'band' : 'region'};
            }
            return {type: 'none'};
        };
        const out = {};
        for (const n of c.editor.design.nodes) {
            const b = c.host.querySelector(`[model-id="${n.id}"] [joint-selector="body"]`)
                .getBoundingClientRect();
            const p = c.paper.clientToLocalPoint(b.x + b.width / 2, b.y + b.height / 2);
            const hit = hitTest(c.layout, p);
            out[n.id] = {x: b.x, y: b.y, w: b.width, h: b.height, hit,
                visible: b.left >= host.left && b.right <= host.right
                    && b.top >= host.top && b.bottom <= host.bottom};
        }
        return out; }"""
    )


def _overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def test_enter_adds_at_distinct_free_spots_in_the_right_container_and_the_view_follows(
    page, server
):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    # Zoomed in on the Region's right edge: the spots where things land start off screen.
    page.evaluate("() => window.playground.canvas.setView(1.6, -700, -40)")
    kinds = ["client", "alb", "ec2", "ec2", "rds"]
    want = {"client": "none", "alb": "band", "ec2": "az", "rds": "az"}
    for i, kind in enumerate(kinds, start=1):
        page.focus(f"[data-testid=palette-{kind}]")
        page.keyboard.press("Enter")
        page.wait_for_function(f"window.playground.getDesign().nodes.length === {i}")
        boxes = _boxes(page)
        newest = _design(page)["nodes"][-1]
        assert boxes[newest["id"]]["visible"], f"{newest['id']} is on screen: {boxes}"
    nodes = {n["id"]: n for n in _design(page)["nodes"]}
    boxes = _boxes(page)
    assert set(nodes) == {"client", "alb", "ec2", "ec2-2", "rds"}
    for nid, node in nodes.items():
        assert boxes[nid]["hit"]["type"] == want[node["kind"]], (nid, boxes[nid])
    assert nodes["alb"]["placement"] == {"region": "us-east-1"}
    assert nodes["client"]["placement"] == {}
    # Zonal components spread over the AZs, each in the AZ its placement names.
    assert nodes["ec2"]["placement"]["az"] == "us-east-1a"
    assert nodes["ec2-2"]["placement"]["az"] == "us-east-1b"
    assert nodes["rds"]["placement"]["az"] == "us-east-1a"
    for nid in ("ec2", "ec2-2", "rds"):
        assert boxes[nid]["hit"]["az"] == nodes[nid]["placement"]["az"]
    ids = list(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert not _overlap(boxes[a], boxes[b]), (a, b, boxes[a], boxes[b])
    _shot(page, "h-01-enter-five")

    # From a fitted view the design outgrows the screen (AZ columns grow downwards): the view is
    # fitted again, so every card stays in sight.
    page.evaluate("() => window.playground.canvas.fit()")
    for i in range(6, 12):
        page.focus("[data-testid=palette-ec2]")
        page.keyboard.press("Enter")
        page.wait_for_function(f"window.playground.getDesign().nodes.length === {i}")
    boxes = _boxes(page)
    hidden = [nid for nid, b in boxes.items() if not b["visible"]]
    assert not hidden, f"all on screen after the re-fit: {hidden}"
    assert page.evaluate("() => window.playground.canvas.view.s") < 1.0, "fitted again, zoomed out"
    _shot(page, "h-05-refit-eleven")


def test_a_drop_beside_a_card_leaves_its_handle_free_to_connect(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    band = client_point(
        page, "(l) => ({x: l.regions[0].band.x + 110, y: l.regions[0].band.y + 40})"
    )
    drag(page, "[data-testid=palette-api_gateway]", band)
    page.wait_for_function("window.playground.getDesign().nodes.length === 1")
    handle = page.locator('[model-id="api-gateway"] .pg-handle').bounding_box()
    # Dropped with its centre just right of the API Gateway's handle: the new card's left half
    # would sit on the handle.
    at = (handle["x"] + handle["width"] / 2 + 40, handle["y"] + handle["height"] / 2)
    drag(page, "[data-testid=palette-alb]", at)
    page.wait_for_function("window.playground.getDesign().nodes.length === 2")
    dropped = page.locator('[model-id="alb"] [joint-selector="body"]').bounding_box()
    handle = page.locator('[model-id="api-gateway"] .pg-handle').bounding_box()
    assert dropped["x"] > handle["x"] + handle["width"], (dropped, handle)
    # What is under the handle's centre is the handle itself: a drag from it draws an edge.
    under = page.evaluate(
        """([x, y]) => { const el = document.elementFromPoint(x, y);
            return el.closest('[model-id]')?.getAttribute('model-id') + ':'
                + el.getAttribute('class'); }""",
        [handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2],
    )
    assert under.startswith("api-gateway:") and "pg-handle" in under, under
    before = page.locator('[model-id="api-gateway"]').bounding_box()
    connect(page, "api-gateway", "alb")
    assert [(e["from"], e["to"]) for e in _design(page)["edges"]] == [("api-gateway", "alb")]
    after = page.locator('[model-id="api-gateway"]').bounding_box()
    assert after == before, "the API Gateway did not move"


def test_palette_drag_highlights_valid_containers_and_dims_invalid_ones(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    az_b = client_point(
        page, "(l) => ({x: l.regions[0].azs[1].x + 100, y: l.regions[0].azs[1].y + 80})"
    )
    page.locator("[data-testid=palette-ec2]").scroll_into_view_if_needed()
    box = page.locator("[data-testid=palette-ec2]").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 30, steps=4)
    page.mouse.move(*az_b, steps=8)

    def classes(cell_id: str) -> str:
        return page.locator(f'[model-id="{cell_id}"]').get_attribute("class") or ""

    assert "is-drop-valid" in classes("@az/us-east-1a")
    assert "is-drop-valid" in classes("@az/us-east-1b")
    assert "is-drop-over" in classes("@az/us-east-1b"), "the AZ under the pointer"
    assert "is-drop-over" not in classes("@az/us-east-1a")
    assert "is-drop-invalid" in classes("@b/us-east-1"), "the band refuses a zonal kind"
    assert "is-drop-invalid" in classes("@r/us-east-1")
    fill = page.evaluate(
        """() => getComputedStyle(document.querySelector(
            '[model-id="@az/us-east-1b"] [joint-selector="body"]')).fill"""
    )
    assert fill == "rgb(220, 252, 231)", fill
    opacity = page.evaluate(
        "() => getComputedStyle(document.querySelector('[model-id=\"@b/us-east-1\"]')).opacity"
    )
    assert float(opacity) < 0.5
    _shot(page, "h-02-drag-ec2-highlight")
    page.mouse.up()
    assert _design(page)["nodes"][0]["placement"]["az"] == "us-east-1b"
    for cell in ("@az/us-east-1a", "@az/us-east-1b", "@b/us-east-1", "@r/us-east-1"):
        assert "is-drop" not in classes(cell), "the marks go when the drag ends"

    # A global kind: the Regions are dimmed, the lane left of them lit.
    page.locator("[data-testid=palette-client]").scroll_into_view_if_needed()
    box = page.locator("[data-testid=palette-client]").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 40, steps=6)
    assert "is-drop-invalid" in classes("@az/us-east-1a")
    assert "is-drop-invalid" in classes("@r/us-east-1")
    assert page.locator("[data-testid=drop-lane]").is_visible()
    _shot(page, "h-03-drag-users-lane")
    page.keyboard.press("Escape")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.mouse.up()  # released over the palette: nothing added, the marks go
    assert page.locator("[data-testid=drop-lane]").count() == 0
    assert "is-drop-invalid" not in classes("@r/us-east-1")
    assert len(_design(page)["nodes"]) == 1


def test_a_moved_card_snaps_to_the_grid_and_shows_an_alignment_guide(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    for kind in ("ec2", "ec2", "alb"):
        page.focus(f"[data-testid=palette-{kind}]")
        page.keyboard.press("Enter")
    page.wait_for_function("window.playground.getDesign().nodes.length === 3")
    page.evaluate("() => window.playground.canvas.fit()")
    page.wait_for_timeout(0)

    def pos(nid: str) -> dict:
        return page.evaluate(f"() => window.playground.canvas.graph.getCell('{nid}').position()")

    def card(nid: str) -> dict:
        return page.locator(f'[model-id="{nid}"] [joint-selector="body"]').bounding_box()

    scale = page.evaluate("() => window.playground.canvas.view.s")
    # Move the ALB by an odd amount, away from any other card's lines: it lands on the grid.
    a = card("alb")
    page.mouse.move(a["x"] + 60, a["y"] + 20)
    page.mouse.down()
    page.mouse.move(a["x"] + 70, a["y"] + 26, steps=3)
    page.mouse.move(a["x"] + 60 + 37 * scale, a["y"] + 20 + 13 * scale, steps=5)
    page.mouse.up()
    p = pos("alb")
    assert p["x"] % 8 == 0 and p["y"] % 8 == 0, p
    assert page.locator(".pg-guide").count() == 0

    # The ALB's left edge brought back to within 3 screen px of the EC2 instance's (which is off
    # the 8 px grid): it is pulled into line, and guides show the lines it lines up on.
    ec2 = card("ec2")
    a = card("alb")
    page.mouse.move(a["x"] + 60, a["y"] + 20)
    page.mouse.down()
    page.mouse.move(a["x"] + 70, a["y"] + 30, steps=3)
    page.mouse.move(a["x"] + 60 + (ec2["x"] + 3 - a["x"]), a["y"] + 20, steps=6)
    assert pos("alb")["x"] == pos("ec2")["x"], (pos("alb"), pos("ec2"))
    assert pos("ec2")["x"] % 8 != 0, "off the grid: alignment put it there, not the grid"
    guides = page.locator(".pg-guide-x")
    assert guides.count() >= 1, "a vertical guide while the left edges line up"
    lefts = [guides.nth(i).bounding_box()["x"] for i in range(guides.count())]
    assert any(abs(x - ec2["x"]) < 2.5 for x in lefts), (lefts, ec2)
    _shot(page, "h-04-alignment-guide")
    page.mouse.up()
    assert page.locator(".pg-guide").count() == 0, "the guides go with the drag"
    assert pos("alb")["x"] == pos("ec2")["x"], "dropped in line"
