"""What a list shows of a design without its whole document: the outline a thumbnail is drawn
from (static/js/model/thumbnail.js lays it out as the canvas does), and the names a copy gets.

The outline is the document's Regions with their AZs and, per node, only its kind, placement and
position: enough to draw a small picture of where things sit, a few KiB at most for the largest
design, so a list of 50 designs or the 20 scenarios stays cheap. A draft may be half-built: any
part that is not what the format says is left out, never an error."""

from __future__ import annotations

import copy
from typing import Any

from playground.models import NAME_MAX_LENGTH

MAX_OUTLINE_NODES = 120  # a thumbnail is a few hundred pixels: more would be noise
MAX_OUTLINE_REGIONS = 6
COPY_PREFIX = "Copy of "


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return round(float(value), 1) if abs(value) < 1e6 else None


def _text(value: Any, limit: int = 100) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _placement(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    out = {k: _text(value.get(k)) for k in ("region", "az")}
    return {k: v for k, v in out.items() if v}


def _node(node: Any) -> dict[str, Any] | None:
    if not isinstance(node, dict) or not isinstance(node.get("kind"), str):
        return None
    out: dict[str, Any] = {
        "kind": node["kind"][:40],
        "placement": _placement(node.get("placement")),
    }
    if _text(node.get("id")):
        out["id"] = node["id"][:100]
    ui = node.get("ui")
    if isinstance(ui, dict):
        x, y = _number(ui.get("x")), _number(ui.get("y"))
        if x is not None and y is not None:
            out["ui"] = {"x": x, "y": y}
    return out


def _region(region: Any) -> dict[str, Any] | None:
    if not isinstance(region, dict) or not _text(region.get("id")):
        return None
    azs = region.get("azs") if isinstance(region.get("azs"), list) else []
    return {"id": region["id"][:100], "azs": [a[:100] for a in azs[:6] if isinstance(a, str)]}


def _edge(edge: Any) -> dict[str, str] | None:
    if not isinstance(edge, dict) or not (_text(edge.get("from")) and _text(edge.get("to"))):
        return None
    return {"from": edge["from"][:100], "to": edge["to"][:100]}


def outline(document: Any) -> dict[str, list[dict[str, Any]]]:
    """{regions: [{id, azs}], nodes: [{id?, kind, placement, ui?}], edges: [{from, to}]} of a
    stored document (the edges only say which way the flow runs, for nodes laid out anew)."""
    doc = document if isinstance(document, dict) else {}
    parts = {k: doc.get(k) if isinstance(doc.get(k), list) else [] for k in _PARTS}
    return {
        "regions": [r for r in map(_region, parts["regions"][:MAX_OUTLINE_REGIONS]) if r],
        "nodes": [n for n in map(_node, parts["nodes"][:MAX_OUTLINE_NODES]) if n],
        "edges": [e for e in map(_edge, parts["edges"][: 2 * MAX_OUTLINE_NODES]) if e],
    }


_PARTS = ("regions", "nodes", "edges")


OUTLINE_SCHEMA = {
    "type": "object",
    "description": "Where things sit, for a thumbnail: the Regions with their AZs and each "
    f"node's kind, placement and position (at most {MAX_OUTLINE_NODES} nodes).",
    "properties": {
        "regions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "azs": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "nodes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "kind": {"type": "string"},
                    "placement": {"type": "object", "additionalProperties": {"type": "string"}},
                    "ui": {
                        "type": "object",
                        "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
                    },
                },
            },
        },
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
            },
        },
    },
    "required": ["regions", "nodes", "edges"],
}


def copy_name(name: str) -> str:
    """The name of a copy: "Copy of <name>" (a copy of a copy is "Copy of Copy of ...", as
    desktop tools do), cut to the longest name a design may have."""
    return f"{COPY_PREFIX}{name or 'Untitled design'}"[:NAME_MAX_LENGTH]


def named(document: Any, name: str) -> Any:
    """A copy of the document whose own `name` is `name` (the editor shows the document's
    name and saves it as the design's), or the document as it is when it is not an object."""
    if not isinstance(document, dict):
        return document
    renamed = copy.deepcopy(document)
    renamed["name"] = name
    return renamed
