"""Changes to a design, as a scenario file states them: a puzzle's `solution`, and the change a
hint proposes (its `change`). One form for both, so the same code applies them on the server,
in the harness (`tests/scenarios/test_beatability.py`) and, mirrored in
`static/js/model/solution.js`, in the page's "Apply the fix":

    {"props": {"<node id>": {"<prop>": value}},       set props of nodes already there
     "placement": {"<node id>": {"az": "..."}},        move a node (keys merged into its placement)
     "remove": ["<node or edge id>"],                  a removed node takes its edges with it
     "add_nodes": [<node>], "add_edges": [<edge>]}     as in the design document

Every key is optional; applied in the order remove, add, placement, props. A change may not
touch the users: add, remove or move client nodes, or set what they do (`USER_PROPS`: rate,
pattern, read mix, location, keys). A lesson passed by changing the traffic instead of the
design switches the lesson off. The calling code's props (timeout, retries, breaker,
idempotency, sessions) are the design's. Nor can a change reach goals, faults or the run: those
are the scenario's.
"""

from __future__ import annotations

import json
from typing import Any

from simengine.components.client import USER_PROPS

KEYS = ("props", "placement", "remove", "add_nodes", "add_edges")


class PatchError(ValueError):
    pass


def check_patch(patch: Any, document: dict[str, Any]) -> None:
    """Raise PatchError with a clear message unless `patch` is a change `document` can take."""
    if not isinstance(patch, dict) or not patch:
        raise PatchError("must be an object with some of " + ", ".join(KEYS))
    unknown = sorted(set(patch) - set(KEYS))
    if unknown:
        raise PatchError(f"unknown keys {unknown}; a change has only {', '.join(KEYS)}")
    nodes = {n.get("id"): n for n in document.get("nodes", []) if isinstance(n, dict)}
    edges = {e.get("id"): e for e in document.get("edges", []) if isinstance(e, dict)}
    clients = {i for i, n in nodes.items() if n.get("kind") == "client"}
    remove = patch.get("remove", [])
    if not isinstance(remove, list) or not all(isinstance(i, str) for i in remove):
        raise PatchError("remove must be a list of node or edge ids")
    if strangers := sorted(set(remove) - set(nodes) - set(edges)):
        raise PatchError(f"remove names what the design lacks: {strangers}")
    if touched := sorted(set(remove) & clients):
        raise PatchError(f"a change may not remove the users: {touched}")
    added = _check_added(patch, nodes, edges, remove)
    kept = (set(nodes) - set(remove)) | added
    for key in ("props", "placement"):
        part = patch.get(key, {})
        if not isinstance(part, dict) or not all(isinstance(v, dict) for v in part.values()):
            raise PatchError(f'{key} must map node ids to objects ({{"<node id>": {{...}}}})')
        if strangers := sorted(set(part) - kept):
            raise PatchError(f"{key} names nodes the design lacks: {strangers}")
        touched = sorted(set(part) & clients) if key == "placement" else _users_props(part, clients)
        if touched:
            raise PatchError(
                f"a change may not alter what the users do ({', '.join(touched)}): the lesson "
                "is in the design"
            )


def _users_props(props: dict[str, Any], clients: set[str]) -> list[str]:
    return sorted(
        f"{nid}.{name}" for nid in set(props) & clients for name in props[nid] if name in USER_PROPS
    )


def _check_added(
    patch: dict[str, Any], nodes: dict[str, Any], edges: dict[str, Any], remove: list[str]
) -> set[str]:
    added: set[str] = set()
    for key, taken in (("add_nodes", nodes), ("add_edges", edges)):
        items = patch.get(key, [])
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in items
        ):
            raise PatchError(f"{key} must be a list of objects, each with an id")
        ids = [i["id"] for i in items]
        if clash := sorted((set(ids) & (set(taken) - set(remove))) | _repeated(ids)):
            raise PatchError(f"{key} repeats ids the design already has: {clash}")
        if key == "add_nodes":
            if any(i.get("kind") == "client" for i in items):
                raise PatchError("a change may not add users: the lesson is in the design")
            added = set(ids)
    return added


def _repeated(ids: list[str]) -> set[str]:
    return {i for i in ids if ids.count(i) > 1}


def apply_patch(document: dict[str, Any], patch: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of `document` with the (checked) change applied."""
    out = json.loads(json.dumps(document))
    if not patch:
        return out
    gone = set(patch.get("remove", []))
    out["nodes"] = [n for n in out["nodes"] if n["id"] not in gone]
    out["edges"] = [
        e
        for e in out.get("edges", [])
        if e["id"] not in gone and e["from"] not in gone and e["to"] not in gone
    ]
    out["nodes"] += json.loads(json.dumps(patch.get("add_nodes", [])))
    out["edges"] += json.loads(json.dumps(patch.get("add_edges", [])))
    by_id = {n["id"]: n for n in out["nodes"]}
    for nid, place in patch.get("placement", {}).items():
        by_id[nid]["placement"] = {**by_id[nid].get("placement", {}), **place}
    for nid, props in patch.get("props", {}).items():
        by_id[nid]["props"] = {**by_id[nid].get("props", {}), **props}
    return out
