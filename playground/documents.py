"""The draft rule: which design documents the playground will store.

The canvas autosaves while the learner builds, so a half-built design (a dangling edge, an unknown
prop, a missing AZ) MUST be saveable: those are problems simengine reports when the design is
validated or run, not reasons to lose work. What is refused is a document nobody can read back:

- not a JSON object;
- `format` missing or not a format this playground reads (only 1);
- a top-level part of the wrong JSON type (`regions`, `nodes`, `edges`, `faults`, `goals` must be
  lists of objects; `run` an object; `name` text);
- bigger than the size limits (`simengine.limits`): more nodes, edges, regions, faults or goals
  than allowed, or more JSON text than `max_document_bytes`.

Paths are relative to the document (`nodes[3]`); the API prefixes them with the request field.
"""

from __future__ import annotations

import json
from typing import Any

from simengine.design import FORMAT_VERSION, Problem
from simengine.limits import DEFAULT_LIMITS, Limits

_LISTS = {
    "regions": "max_regions",
    "nodes": "max_nodes",
    "edges": "max_edges",
    "faults": "max_faults",
    "goals": "max_goals",
}


def draft_problems(document: Any, *, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Every reason `document` cannot be stored as a draft (empty: it can)."""
    if not isinstance(document, dict):
        return [Problem("", "must be a JSON object: a design document (format 1)")]
    problems = _format_problems(document)
    problems += _part_problems(document, limits)
    if (
        not problems
        and len(json.dumps(document, separators=(",", ":"))) > limits.max_document_bytes
    ):
        problems.append(
            Problem("", f"is too large: at most {limits.max_document_bytes} bytes of JSON")
        )
    return problems


def _format_problems(document: dict[str, Any]) -> list[Problem]:
    if "format" not in document:
        return [Problem("format", f"is required: set it to {FORMAT_VERSION}")]
    value = document["format"]
    if isinstance(value, bool) or value != FORMAT_VERSION:
        return [
            Problem(
                "format",
                f"unknown format version {json.dumps(value)[:40]}: "
                f"this playground reads format {FORMAT_VERSION}",
            )
        ]
    return []


def _part_problems(document: dict[str, Any], limits: Limits) -> list[Problem]:
    problems: list[Problem] = []
    for key, limit_name in _LISTS.items():
        if key in document:
            problems += _list_problems(key, document[key], getattr(limits, limit_name))
    if "run" in document and not isinstance(document["run"], dict):
        problems.append(Problem("run", "must be an object"))
    if "name" in document and not isinstance(document["name"], str):
        problems.append(Problem("name", "must be text"))
    return problems


def _list_problems(key: str, value: Any, limit: int) -> list[Problem]:
    if not isinstance(value, list):
        return [Problem(key, "must be a list")]
    if len(value) > limit:
        return [Problem(key, f"has {len(value)} entries: at most {limit} are allowed")]
    return [
        Problem(f"{key}[{i}]", "must be an object")
        for i, item in enumerate(value)
        if not isinstance(item, dict)
    ]
