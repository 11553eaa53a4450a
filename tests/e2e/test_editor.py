"""The editor in a real browser with a mouse: build a design by hand, have it refused where AWS
would refuse it, edit a prop (invalid values flagged as typed), reload and find it saved (also
after a lost connection); box select, copy, paste, delete, export and import; move components
between AZs, add and remove Regions."""

import json

import pytest
from e2e_helpers import client_point, connect, drag, example, last_toast, open_new_design, shot

pytestmark = pytest.mark.e2e


def test_build_connect_edit_reload(page, server):
    open_new_design(page, server)
    shot(page, "01-empty")

    def design():
        return page.evaluate("window.playground.getDesign()")

    # A zonal EC2 dropped in the Region's band (not an AZ) is refused, with the reason.
    band = client_point(
        page, "(l) => ({x: l.regions[0].band.x + 120, y: l.regions[0].band.y + 50})"
    )
    drag(page, "[data-testid=palette-ec2]", band)
    assert "Availability Zone" in last_toast(page)
    assert design()["nodes"] == []

    # Users (global) left of the Regions, an ALB in the Region, an EC2 instance in AZ b.
    drag(
        page,
        "[data-testid=palette-client]",
        client_point(page, "(l) => ({x: 130, y: l.regions[0].band.y + 30})"),
    )
    drag(page, "[data-testid=palette-alb]", band)
    drag(
        page,
        "[data-testid=palette-ec2]",
        client_point(
            page, "(l) => ({x: l.regions[0].azs[1].x + 110, y: l.regions[0].azs[1].y + 80})"
        ),
    )
    nodes = {n["id"]: n for n in design()["nodes"]}
    assert set(nodes) == {"client", "alb", "ec2"}
    assert nodes["alb"]["placement"] == {"region": "us-east-1"}
    assert nodes["ec2"]["placement"] == {"region": "us-east-1", "az": "us-east-1b"}

    connect(page, "client", "alb")
    connect(page, "alb", "ec2")
    # The catalogue says an EC2 instance cannot call the users: refused, with the reason.
    connect(page, "ec2", "client")
    assert "cannot" in last_toast(page)
    edges = [(e["from"], e["to"]) for e in design()["edges"]]
    assert edges == [("client", "alb"), ("alb", "ec2")]
    # Async and sync edges look different.
    page.locator('[model-id="@e/e2"]').click(force=True)
    page.select_option("[data-testid=field-mode]", "async")
    dash = page.locator('[model-id="@e/e2"] [joint-selector="line"]').get_attribute(
        "stroke-dasharray"
    )
    assert dash and dash != "none"

    # Edit a prop: an invalid value is flagged as it is typed and never saved.
    page.locator('[model-id="ec2"] [joint-selector="body"]').click()
    field = page.locator("[data-testid=field-service_ms]")
    field.fill("fast")
    assert field.get_attribute("aria-invalid") == "true"
    assert "must be a number" in page.locator(".field.is-invalid .field-error").inner_text()
    assert "service_ms" not in design()["nodes"][2]["props"]
    field.fill("25")
    assert field.get_attribute("aria-invalid") == "false"
    shot(page, "02-designing")

    # Undo and redo go through the same Commands.
    page.locator("[data-testid=canvas]").click(position={"x": 30, "y": 30})
    page.keyboard.press("Control+z")
    assert "service_ms" not in {n["id"]: n for n in design()["nodes"]}["ec2"]["props"]
    page.keyboard.press("Control+Shift+z")
    assert {n["id"]: n for n in design()["nodes"]}["ec2"]["props"]["service_ms"] == 25

    page.wait_for_selector("[data-testid=save-state][data-state=saved]")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    saved = {n["id"]: n for n in design()["nodes"]}
    assert saved["ec2"]["props"]["service_ms"] == 25
    assert [(e["from"], e["to"], e["props"].get("mode")) for e in design()["edges"]] == [
        ("client", "alb", None),
        ("alb", "ec2", "async"),
    ]


def test_local_draft_survives_a_lost_connection(page, server, context):
    open_new_design(page, server)
    context.set_offline(True)
    page.fill("[data-testid=design-name]", "Offline edits")
    page.wait_for_selector("[data-testid=save-state][data-state=offline]")
    context.set_offline(False)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("window.playground.getDesign().name") == "Offline edits"
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")


def test_box_select_copy_paste_delete_export_import(page, server, tmp_path):
    open_new_design(page, server, example("three-tier"))

    def count():
        return len(page.evaluate("window.playground.getDesign().nodes"))

    # Shift+drag on empty canvas: a box around the ALB and the web tier.
    a = page.locator('[model-id="lb"] [joint-selector="body"]').bounding_box()
    b = page.locator('[model-id="web"] [joint-selector="body"]').bounding_box()
    page.keyboard.down("Shift")
    page.mouse.move(a["x"] - 12, a["y"] - 12)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] + 12, b["y"] + b["height"] + 12, steps=6)
    page.mouse.up()
    page.keyboard.up("Shift")
    assert sorted(page.evaluate("window.playground.editor.selection.nodes")) == ["lb", "web"]
    page.keyboard.press("Control+c")
    page.keyboard.press("Control+v")
    page.wait_for_function("window.playground.getDesign().nodes.length === 6")
    design = page.evaluate("window.playground.getDesign()")
    assert {"lb-2", "web-2"} <= {n["id"] for n in design["nodes"]}
    assert any(e["from"] == "lb-2" and e["to"] == "web-2" for e in design["edges"])
    page.keyboard.press("Delete")
    assert count() == 4

    with page.expect_download() as svg_dl:
        page.click("#file-btn")
        page.click("[data-testid=export-svg]")
    svg = tmp_path / "d.svg"
    svg_dl.value.save_as(svg)
    text = svg.read_text()
    assert text.startswith("<svg") and "Web tier" in text and "data:image/svg+xml" in text
    with page.expect_download() as png_dl:
        page.click("#file-btn")
        page.click("[data-testid=export-png]")
    png = tmp_path / "d.png"
    png_dl.value.save_as(png)
    assert png.read_bytes()[:4] == b"\x89PNG"
    with page.expect_download() as json_dl:
        page.click("#file-btn")
        page.click("[data-testid=export-json]")
    exported = tmp_path / "d.json"
    json_dl.value.save_as(exported)

    # Import: a different design replaces this one (undoable), then the exported one comes back.
    other = example("video-spike")
    src = tmp_path / "video.json"
    src.write_text(json.dumps(other))
    page.set_input_files("#import-file", str(src))
    page.wait_for_function("window.playground.getDesign().nodes.some(n => n.id === 'jobs')")
    page.keyboard.press("Control+z")
    page.wait_for_function("window.playground.getDesign().nodes.some(n => n.id === 'db')")
    page.set_input_files("#import-file", str(exported))
    assert [n["id"] for n in page.evaluate("window.playground.getDesign().nodes")] == [
        "users",
        "lb",
        "web",
        "db",
    ]


def test_move_between_azs_and_add_remove_regions(page, server):
    open_new_design(page, server, example("three-tier"))
    # Drag the database from AZ a into AZ b: its placement follows.
    db = page.locator('[model-id="db"] [joint-selector="body"]').bounding_box()
    target = client_point(
        page, "(l) => ({x: l.regions[0].azs[1].x + 100, y: l.regions[0].azs[1].y + 70})"
    )
    page.mouse.move(db["x"] + 60, db["y"] + 20)
    page.mouse.down()
    page.mouse.move(db["x"] + 90, db["y"] + 30, steps=3)
    page.mouse.move(target[0], target[1], steps=8)
    page.mouse.up()

    def node(i):
        return {n["id"]: n for n in page.evaluate("window.playground.getDesign().nodes")}[i]

    assert node("db")["placement"] == {"region": "us-east-1", "az": "us-east-1b"}
    # Dragging it out of every AZ is refused and it goes back.
    band = client_point(
        page, "(l) => ({x: l.regions[0].band.x + 300, y: l.regions[0].band.y + 60})"
    )
    db = page.locator('[model-id="db"] [joint-selector="body"]').bounding_box()
    page.mouse.move(db["x"] + 60, db["y"] + 20)
    page.mouse.down()
    page.mouse.move(band[0], band[1], steps=8)
    page.mouse.up()
    assert "Availability Zone" in last_toast(page)
    assert node("db")["placement"]["az"] == "us-east-1b"

    page.locator("[data-testid=canvas]").click(position={"x": 20, "y": 20})
    page.click("[data-testid=add-region]")
    page.wait_for_function("window.playground.getDesign().regions.length === 2")
    regions = page.evaluate("window.playground.getDesign().regions")
    assert [r["id"] for r in regions] == ["us-east-1", "us-west-2"]
    page.locator('[model-id="@r/us-west-2"] [joint-selector="header"]').click()
    page.click("[data-testid=add-az]")
    assert page.evaluate("window.playground.getDesign().regions[1].azs") == [
        "us-west-2a",
        "us-west-2b",
        "us-west-2c",
    ]
    page.locator("text=Remove Region").click()
    assert len(page.evaluate("window.playground.getDesign().regions")) == 1
    page.keyboard.press("Control+z")
    assert len(page.evaluate("window.playground.getDesign().regions")) == 2
