"""The editor in a real browser: build a design by hand, have it refused where AWS would refuse it,
edit a prop (invalid values flagged as typed), reload and find it saved."""

import pytest
from e2e_helpers import example, open_new_design, shot

pytestmark = pytest.mark.e2e


def client_point(page, js_local_point: str):
    """A canvas-local point (computed in the page from the layout) in client coordinates."""
    return page.evaluate(f"""() => {{ const c = window.playground.canvas; const p = ({js_local_point})(c.layout);
        const q = c.paper.localToClientPoint(p.x, p.y); return [q.x, q.y]; }}""")


def drag(page, selector: str, to):
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 30, steps=4)
    page.mouse.move(to[0], to[1], steps=8)
    page.mouse.up()


def connect(page, source: str, target: str):
    handle = page.locator(f'[model-id="{source}"] .pg-handle').bounding_box()
    dest = page.locator(f'[model-id="{target}"] [joint-selector="body"]').bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(dest["x"] + 20, dest["y"] + 20, steps=6)
    page.mouse.move(dest["x"] + dest["width"] / 2, dest["y"] + dest["height"] / 2, steps=6)
    page.mouse.up()


def last_toast(page) -> str:
    return page.locator("[data-testid=toast]").last.inner_text()


def test_build_connect_edit_reload(page, server):
    open_new_design(page, server)
    shot(page, "01-empty")
    design = lambda: page.evaluate("window.playground.getDesign()")  # noqa: E731

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


def test_validation_problems_show_on_the_node(page, server):
    doc = {
        "format": 1,
        "name": "Broken",
        "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
        "nodes": [
            {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 10}},
            {
                "id": "web",
                "kind": "asg",
                "placement": {"region": "us-east-1"},
                "props": {"min": 5, "max": 2},
            },
        ],
        "edges": [{"id": "e1", "from": "users", "to": "web", "props": {}}],
        "faults": [],
        "goals": [],
        "run": {"duration": 60, "seed": 1, "warmup": 0},
    }
    open_new_design(page, server, doc)
    page.click("[data-testid=check]")
    page.wait_for_selector('[model-id="web"].has-problem')
    assert "max" in page.locator('[model-id="web"]').get_attribute("data-problems")
    # Run refuses to start while there are problems, and says why.
    page.click("[data-testid=run]")
    page.wait_for_selector("text=before Run")
    assert page.evaluate("window.playground.lastFrame") is None
    page.locator('[model-id="web"] [joint-selector="body"]').click()
    assert page.locator("[data-testid=problems]").first.is_visible()
    shot(page, "03-problems")


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
    from e2e_helpers import example

    open_new_design(page, server, example("three-tier"))
    count = lambda: len(page.evaluate("window.playground.getDesign().nodes"))  # noqa: E731
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
    import json as _json

    src.write_text(_json.dumps(other))
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


def test_add_a_goal_in_the_drawer(page, server):
    from e2e_helpers import example

    open_new_design(page, server, example("three-tier"))
    page.click("[data-testid=drawer-toggle]")
    page.select_option("[data-testid=goal-metric]", "error_rate")
    page.fill("[data-testid=goal-value]", "0.01")
    page.click("[data-testid=goal-form] button")
    goals = page.evaluate("window.playground.getDesign().goals")
    assert goals[-1] == {"metric": "error_rate", "scope": None, "op": "<=", "value": 0.01}
    page.click("[data-testid=check]")
    page.wait_for_selector("text=No problems")


def test_schedule_an_az_outage_in_the_design(page, server):
    # An empty design has no component to crash: the form says so instead of offering nothing.
    open_new_design(page, server)
    assert (
        page.locator("[data-testid=fault-target]").is_disabled()
        and page.locator("[data-testid=fault-add]").is_disabled()
    )
    assert page.locator("[data-testid=fault-target]").inner_text().strip() == "no component yet"
    page.select_option("[data-testid=fault-kind]", "az_outage")  # the AZs are there already
    assert page.locator("[data-testid=fault-add]").is_enabled()

    open_new_design(page, server, example("three-tier"))
    page.select_option("[data-testid=fault-kind]", "az_outage")
    page.select_option("[data-testid=fault-target]", "us-east-1b")
    page.click("[data-testid=fault-form] button")
    assert page.evaluate("window.playground.getDesign().faults") == [
        {"at": 60, "kind": "az_outage", "target": "us-east-1b", "duration": 120}
    ]
    assert "us-east-1b" in page.locator("[data-testid=faults]").inner_text()


def test_move_between_azs_and_add_remove_regions(page, server):
    from e2e_helpers import example

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
    node = lambda i: {n["id"]: n for n in page.evaluate("window.playground.getDesign().nodes")}[i]  # noqa: E731
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
    page.wait_for_timeout(200)
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


def test_touch_drag_from_palette_and_move(browser, server):
    """A tablet: a finger drags a component in from the palette, then moves it."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server)
        cdp = ctx.new_cdp_session(pg)

        def finger(x0, y0, x1, y1, steps=10):
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]},
            )
            for i in range(1, steps + 1):
                cdp.send(
                    "Input.dispatchTouchEvent",
                    {
                        "type": "touchMove",
                        "touchPoints": [
                            {"x": x0 + (x1 - x0) * i / steps, "y": y0 + (y1 - y0) * i / steps}
                        ],
                    },
                )
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        item = pg.locator("[data-testid=palette-alb]").bounding_box()
        band = client_point(
            pg, "(l) => ({x: l.regions[0].band.x + 120, y: l.regions[0].band.y + 50})"
        )
        finger(item["x"] + 40, item["y"] + 20, band[0], band[1])
        nodes = pg.evaluate("window.playground.getDesign().nodes")
        assert [n["id"] for n in nodes] == ["alb"]
        before = nodes[0]["ui"]
        card = pg.locator('[model-id="alb"] [joint-selector="body"]').bounding_box()
        finger(card["x"] + 40, card["y"] + 20, card["x"] + 100, card["y"] + 50)
        assert pg.evaluate("window.playground.getDesign().nodes[0].ui") != before
    finally:
        ctx.close()


def test_touch_pinch_zooms_about_the_fingers_and_two_fingers_pan(browser, server):
    """A tablet: two fingers spread apart zoom in about the point between them (the diagram under
    the fingers stays under them), moving both pans, and lifting them leaves the view there."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, example("three-tier"))
        pg.wait_for_timeout(300)  # the fit after loading
        cdp = ctx.new_cdp_session(pg)
        box = pg.locator("[data-testid=canvas]").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        view = (
            "() => { const c = window.playground.canvas; return [c.view.s, c.view.tx, c.view.ty]; }"
        )
        under = """([x, y]) => { const c = window.playground.canvas; const r = c.host.getBoundingClientRect();
            return [(x - r.left - c.view.tx) / c.view.s, (y - r.top - c.view.ty) / c.view.s]; }"""
        # One finger on the empty canvas drags the view (it used to turn the view into NaN: the
        # finger arrives as a TouchEvent, which has no clientX).
        blank = pg.evaluate(
            """(b) => { for (let y = b.y + 20; y < b.y + b.height - 80; y += 20) for (let x = b.x + 20; x < b.x + b.width - 20; x += 20) {
            const el = document.elementFromPoint(x, y); if (el && el.closest('.joint-paper') && !el.closest('[model-id]')) return [x, y]; } return null; }""",
            box,
        )
        assert blank, "the canvas has empty space to drag"
        before = pg.evaluate(view)
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": blank[0], "y": blank[1]}]},
        )
        for i in range(1, 9):
            cdp.send(
                "Input.dispatchTouchEvent",
                {
                    "type": "touchMove",
                    "touchPoints": [{"x": blank[0] + 5 * i, "y": blank[1] + 3 * i}],
                },
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        after = pg.evaluate(view)
        assert after == pytest.approx([before[0], before[1] + 40, before[2] + 24], abs=0.5)
        s0 = pg.evaluate(view)[0]
        p0 = pg.evaluate(under, [cx, cy])

        def fingers(kind, spread, dx=0.0, dy=0.0):
            pts = [
                {"x": cx + dx - spread, "y": cy + dy, "id": 1},
                {"x": cx + dx + spread, "y": cy + dy, "id": 2},
            ]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": pts})

        fingers("touchStart", 50)
        for i in range(1, 11):
            fingers("touchMove", 50 + 5 * i)  # 100 px apart -> 200 px apart: twice the scale
        s1 = pg.evaluate(view)[0]
        assert s1 == pytest.approx(2 * s0, rel=0.02)
        p1 = pg.evaluate(under, [cx, cy])
        assert p1 == pytest.approx(p0, abs=1.0), (
            "the diagram point between the fingers stays between them"
        )
        for i in range(1, 11):
            fingers("touchMove", 100, dx=8 * i, dy=-4 * i)  # both fingers move 80 px right, 40 up
        assert pg.evaluate(view)[0] == pytest.approx(s1, rel=0.01)
        assert pg.evaluate(under, [cx + 80, cy - 40]) == pytest.approx(p0, abs=1.0), (
            "the diagram follows the fingers"
        )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        pg.wait_for_timeout(300)  # the view is committed when the gesture ends
        s2, tx2, ty2 = pg.evaluate(view)
        assert s2 == pytest.approx(s1, rel=0.01)
        assert pg.evaluate("window.playground.canvas.committed.s") == s2
        assert pg.evaluate(under, [cx + 80, cy - 40]) == pytest.approx(p0, abs=1.0)
        assert pg.evaluate("window.playground.getDesign().nodes.length") == 4, (
            "a pinch moves no component"
        )
    finally:
        ctx.close()


def test_touch_connects_two_components(browser, server):
    """A tablet: a finger dragged from a component's port to another component connects them."""
    doc = {
        "format": 1,
        "name": "Touch",
        "regions": [{"id": "us-east-1", "azs": ["us-east-1a", "us-east-1b"]}],
        "nodes": [
            {"id": "users", "kind": "client", "placement": {}, "props": {"rate": 10}},
            {"id": "lb", "kind": "alb", "placement": {"region": "us-east-1"}, "props": {}},
        ],
        "edges": [],
        "faults": [],
        "goals": [],
        "run": {"duration": 60, "seed": 1, "warmup": 0},
    }
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, doc)
        pg.wait_for_timeout(300)  # the fit after loading
        cdp = ctx.new_cdp_session(pg)
        h = pg.locator('[model-id="users"] .pg-handle').bounding_box()
        d = pg.locator('[model-id="lb"] [joint-selector="body"]').bounding_box()
        x0, y0 = h["x"] + h["width"] / 2, h["y"] + h["height"] / 2
        x1, y1 = d["x"] + d["width"] / 2, d["y"] + d["height"] / 2
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]}
        )
        for i in range(1, 13):
            cdp.send(
                "Input.dispatchTouchEvent",
                {
                    "type": "touchMove",
                    "touchPoints": [{"x": x0 + (x1 - x0) * i / 12, "y": y0 + (y1 - y0) * i / 12}],
                },
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        pg.wait_for_function("window.playground.getDesign().edges.length === 1")
        edge = pg.evaluate("window.playground.getDesign().edges[0]")
        assert (edge["from"], edge["to"]) == ("users", "lb")
    finally:
        ctx.close()


def test_a_projector_sized_screen_fits_the_design_beside_the_panel(browser, server):
    """1280x720 at 150% zoom is 853x480 CSS pixels: the inspector floats over the canvas there,
    and zoom-to-fit must put the whole design in the part of the canvas it leaves free."""
    ctx = browser.new_context(viewport={"width": 853, "height": 480})
    try:
        pg = ctx.new_page()
        open_new_design(pg, server, example("three-tier"))
        pg.wait_for_timeout(300)  # the fit after loading
        panel = pg.locator(".rightpanel").bounding_box()
        canvas = pg.locator("[data-testid=canvas]").bounding_box()
        assert panel["x"] < canvas["x"] + canvas["width"], (
            "the panel lies over the canvas at this width"
        )
        for node in ("users", "lb", "web", "db"):
            box = pg.locator(f'[model-id="{node}"] [joint-selector="body"]').bounding_box()
            assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"], (
                node,
                box,
                panel,
            )
            assert (
                canvas["y"] <= box["y"]
                and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
            ), (node, box)
        top = pg.evaluate(
            """() => [...document.querySelector('.topbar').children].map((el) => el.getBoundingClientRect().right)"""
        )
        assert max(top) <= 853, f"every top-bar control is on screen: {top}"
        shot(pg, "10-projector-853x480")
    finally:
        ctx.close()
