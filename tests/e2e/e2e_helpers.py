"""Helpers shared by the browser tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def example(name: str) -> dict:
    here = ROOT / "static" / "js" / "tests" / "fixtures" / f"{name}.json"
    return json.loads(here.read_text())


def open_new_design(page, server: str, document: dict | None = None) -> str:
    """From the gallery: a new design (replaced by `document` through the API if given).
    Returns the design id; the page is on /play/<id>/ and ready (drawn at its first fit)."""
    page.goto(f"{server}/")
    page.click("[data-testid=new-design]")
    page.wait_for_selector("body[data-ready=true]")
    design_id = page.url.rstrip("/").split("/")[-1]
    if document is not None:
        save_design(page, design_id, document)
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
    return design_id


def save_design(page, design_id: str, document: dict) -> None:
    """Save `document` as the newest version of the design, through the API, from the page (as
    another tab would: the page itself is not told)."""
    page.evaluate(
        """async ([id, doc]) => {
        const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const cur = await (await fetch(`/api/designs/${id}/`)).json();
        const headers = {'Content-Type': 'application/json', 'X-CSRFToken': token};
        const body = JSON.stringify({name: doc.name, document: doc, version: cur.version});
        const r = await fetch(`/api/designs/${id}/`, {method: 'PUT', headers, body});
        if (!r.ok) throw new Error(await r.text());
    }""",
        [design_id, document],
    )


def client_point(page, js_local_point: str):
    """A canvas-local point (computed in the page from the layout) in client coordinates."""
    return page.evaluate(f"""() => {{ const c = window.playground.canvas;
        const p = ({js_local_point})(c.layout);
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


def make_instructor(server_python, username: str, password: str) -> str:
    """An account in the `instructor` group on the test server (made once, idempotent)."""
    server_python(
        "from django.contrib.auth.models import Group, User\n"
        f"u, _ = User.objects.get_or_create(username={username!r})\n"
        f"u.set_password({password!r}); u.save()\n"
        "u.groups.add(Group.objects.get_or_create(name='instructor')[0])\n"
    )
    return username
