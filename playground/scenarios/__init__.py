"""The scenario library: one JSON file per scenario in this folder, loaded into the database by
`manage.py load_scenarios` (idempotent: it upserts by slug and removes nothing a learner made).

A scenario file reads:
    {"slug": "...", "title": "...", "summary": "one line for the gallery", "level": "beginner",
     "order": 10, "tags": ["sqs", "scaling"], "story": "the problem, in a few paragraphs",
     "hints": ["..."], "document": {<a design document, format 1, with its goals>}}
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCENARIO_DIR = Path(__file__).resolve().parent
LEVELS = ("beginner", "intermediate", "advanced")
_FIELDS = {"slug", "title", "summary", "level", "order", "tags", "story", "hints", "document"}


@dataclass(frozen=True)
class ScenarioFile:
    slug: str
    title: str
    summary: str
    level: str
    order: int
    tags: list[str]
    story: str
    hints: list[str]
    document: dict[str, Any]


class ScenarioFileError(ValueError):
    pass


def read_scenario(path: Path) -> ScenarioFile:
    """Read one scenario file, checking its envelope (the design inside is checked by simengine)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ScenarioFileError(f"{path.name}: cannot read it as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ScenarioFileError(f"{path.name}: must hold a JSON object")
    missing = sorted(_FIELDS - data.keys())
    unknown = sorted(data.keys() - _FIELDS)
    if missing or unknown:
        raise ScenarioFileError(f"{path.name}: missing {missing or 'nothing'}, unknown {unknown or 'nothing'}")
    if data["slug"] != path.stem:
        raise ScenarioFileError(f"{path.name}: slug {data['slug']!r} must match the file name")
    if data["level"] not in LEVELS:
        raise ScenarioFileError(f"{path.name}: level must be one of {', '.join(LEVELS)}")
    return ScenarioFile(**data)


def scenario_files() -> list[ScenarioFile]:
    """Every scenario in the library, in gallery order."""
    scenarios = [read_scenario(p) for p in sorted(SCENARIO_DIR.glob("*.json"))]
    return sorted(scenarios, key=lambda s: (s.order, s.slug))
