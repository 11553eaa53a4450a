"""The canvas's guides to containers and its multi-selection (issue 15): a card dragged near an AZ
column's centre or inner edge lines up with it and a guide runs along the AZ; several cards
selected with shift-click and dropped on another card land clear of it, together; pasting several
cards lands every copy at a free spot. Screenshots in test-artifacts/ (canvas-*.png)."""

from __future__ import annotations

from tests.e2e.e2e_helpers import open_new_design, shot


def _add(page, *kinds: str) -> None:
    for kind in kinds:
        n = len(page.evaluate("window.playground.getDesign().nodes"))
        page.focus(f"[data-testid=palette-{kind}]")
        page.keyboard.press("Enter")
        page.wait_for_function(f"window.playground.getDesign().nodes.length === {n + 1}")


def _card(page, nid: str) -> dict:
    return page.locator(f'[model-id="{nid}"] [joint-selector="body"]').bounding_box()


def _pos(page, nid: str) -> dict:
    return page.evaluate(f"() => window.playground.canvas.graph.getCell('{nid}').position()")


def _overlaps(page) -> list[tuple[str, str]]:
    """Pairs of cards whose rectangles on screen overlap."""
    ids = [n["id"] for n in page.evaluate("window.playground.getDesign().nodes")]
    boxes = {nid: _card(page, nid) for nid in ids}
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            p, q = boxes[a], boxes[b]
            if (
                p["x"] < q["x"] + q["width"]
                and q["x"] < p["x"] + p["width"]
                and p["y"] < q["y"] + q["height"]
                and q["y"] < p["y"] + p["height"]
            ):
                out.append((a, b))
    return out


def _az(page, index: int) -> dict:
    """AZ column `index` of the first Region, on screen."""
    return page.evaluate(
        f"""() => {{ const c = window.playground.canvas;
        const az = c.layout.regions[0].azs[{index}];
        const a = c.paper.localToClientPoint(az.x, az.y);
        const b = c.paper.localToClientPoint(az.x + az.w, az.y + az.h);
        return {{x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y, cx: (a.x + b.x) / 2,
                 local: {{x: az.x, w: az.w}}}}; }}"""
    )


def test_a_card_dragged_near_an_az_centre_snaps_to_it_with_a_guide_along_the_az(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    # Four regional services widen the band and with it the AZ columns, whose centres then fall
    # between the 8 px grid's points: a card lands on one only by lining up with it.
    _add(page, "alb", "sqs", "sns", "s3", "ec2", "ec2")  # an EC2 instance in each AZ, at its left
    page.evaluate("() => window.playground.canvas.fit()")
    az = _az(page, 1)
    card = _card(page, "ec2-2")
    assert abs(card["x"] + card["width"] / 2 - az["cx"]) > 5, "starts off the AZ's centre"
    # Grab it and bring its centre to within 3 screen px of the AZ's centre line.
    grab = (card["x"] + 50, card["y"] + 20)
    page.mouse.move(*grab)
    page.mouse.down()
    page.mouse.move(grab[0] + 4, grab[1] + 6, steps=3)
    target_dx = az["cx"] + 3 - (card["x"] + card["width"] / 2)
    page.mouse.move(grab[0] + target_dx, grab[1] + 12, steps=6)
    p = _pos(page, "ec2-2")
    centre = az["local"]["x"] + az["local"]["w"] / 2
    assert centre % 8 != 0, "off the grid: lining up put it there, not the grid"
    assert p["x"] + 88 == centre, (p, az)
    guides = page.locator(".pg-guide-x")
    assert guides.count() >= 1
    boxes = [guides.nth(i).bounding_box() for i in range(guides.count())]
    along = [b for b in boxes if abs(b["x"] - az["cx"]) < 2.5]
    assert along, (boxes, az)
    # The guide runs the AZ's whole height (from its top to its bottom at least).
    g = along[0]
    assert g["y"] <= az["y"] + 1 and g["y"] + g["height"] >= az["y"] + az["h"] - 1, (g, az)
    shot(page, "canvas-01-az-centre-guide")
    page.mouse.up()
    assert page.locator(".pg-guide").count() == 0, "the guides go with the drag"
    nodes = page.evaluate("window.playground.getDesign().nodes")
    node = next(n for n in nodes if n["id"] == "ec2-2")
    assert node["placement"]["az"] == "us-east-1b", node
    assert _pos(page, "ec2-2")["x"] + 88 == az["local"]["x"] + az["local"]["w"] / 2, "dropped there"


def test_shift_clicked_cards_dropped_on_others_land_clear_of_them_together(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    _add(page, "ec2", "ec2", "rds", "rds")  # in each AZ an EC2 instance over an RDS database
    page.evaluate("() => window.playground.canvas.fit()")
    ids = ("ec2", "rds", "ec2-2", "rds-2")
    nodes = {n["id"]: n for n in page.evaluate("window.playground.getDesign().nodes")}
    azs = [nodes[i]["placement"]["az"] for i in ids]
    assert azs == ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"], azs
    before = {nid: _pos(page, nid) for nid in ids}
    page.click('[model-id="ec2"] [joint-selector="body"]')
    page.click('[model-id="rds"] [joint-selector="body"]', modifiers=["Shift"])
    assert page.evaluate("window.playground.editor.selection.nodes") == ["ec2", "rds"]
    # Drag AZ a's pair onto AZ b's: each lands right on its twin there.
    a, b = _card(page, "ec2"), _card(page, "ec2-2")
    grab = (a["x"] + 60, a["y"] + 30)
    page.mouse.move(*grab)
    page.mouse.down()
    page.mouse.move(grab[0] + 10, grab[1] + 4, steps=3)
    page.mouse.move(grab[0] + b["x"] - a["x"], grab[1] + b["y"] - a["y"], steps=8)
    assert {("ec2", "ec2-2"), ("rds", "rds-2")} <= set(_overlaps(page)), "mid-drag: on the two"
    page.mouse.up()
    page.wait_for_function(
        "window.playground.getDesign().nodes.find((n) => n.id === 'ec2')"
        ".placement.az === 'us-east-1b'"
    )
    after = {nid: _pos(page, nid) for nid in ids}
    assert after["ec2-2"] == before["ec2-2"] and after["rds-2"] == before["rds-2"], "those stayed"
    assert _overlaps(page) == [], "no card on another after the drop"
    # Moved as one: the two keep their distance, in AZ b now.
    assert after["rds"]["x"] - after["ec2"]["x"] == before["rds"]["x"] - before["ec2"]["x"]
    assert after["rds"]["y"] - after["ec2"]["y"] == before["rds"]["y"] - before["ec2"]["y"]
    nodes = {n["id"]: n for n in page.evaluate("window.playground.getDesign().nodes")}
    assert nodes["rds"]["placement"]["az"] == "us-east-1b"
    shot(page, "canvas-02-multi-moved")
    # One undo step puts both back.
    page.keyboard.press("Control+z")
    assert {nid: _pos(page, nid) for nid in ("ec2", "rds")} == {
        "ec2": before["ec2"],
        "rds": before["rds"],
    }


def test_pasting_several_cards_lands_each_copy_at_a_free_spot(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_new_design(page, server)
    _add(page, "client", "alb", "ec2", "ec2", "rds")
    page.click('[model-id="alb"] [joint-selector="body"]')
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+c")
    for total in (10, 15):
        page.keyboard.press("Control+v")
        page.wait_for_function(f"window.playground.getDesign().nodes.length === {total}")
        page.evaluate("() => window.playground.canvas.fit()")
        assert _overlaps(page) == [], f"after pasting to {total} cards"
    nodes = page.evaluate("window.playground.getDesign().nodes")
    # Each copy stays in its kind's kind of container.
    zonal = {"region", "az"}
    want = {"client": set(), "alb": {"region"}, "ec2": zonal, "rds": zonal}
    for n in nodes:
        assert set(n["placement"]) == want[n["kind"]], n
    shot(page, "canvas-03-pasted-twice")
