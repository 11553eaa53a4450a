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
    Returns the design id; the page is on /play/<id>/ and ready."""
    page.goto(f"{server}/")
    page.click("[data-testid=new-design]")
    page.wait_for_selector("body[data-ready=true]")
    design_id = page.url.rstrip("/").split("/")[-1]
    if document is not None:
        page.evaluate(
            """async ([id, doc]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const cur = await (await fetch(`/api/designs/${id}/`)).json();
            const r = await fetch(`/api/designs/${id}/`, {method: 'PUT', headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                body: JSON.stringify({name: doc.name, document: doc, version: cur.version})});
            if (!r.ok) throw new Error(await r.text());
        }""",
            [design_id, document],
        )
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
    return design_id
