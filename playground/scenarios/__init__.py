"""The scenario library: one JSON file per scenario in this folder, loaded into the database by
`manage.py load_scenarios` (idempotent: it upserts by slug and removes nothing a learner made).

A scenario file reads:
    {"slug": "...", "title": "...", "summary": "one line for the gallery", "level": "beginner",
     "order": 10, "tags": ["sqs", "scaling"], "story": "the problem, in a few paragraphs",
     "hints": ["..."], "document": {<a design document, format 1, with its goals>},
     "solution": {"<node id>": {"<prop>": value}},
     "questions": [{"question": "...", "answer": "..."}]}

`solution` is optional: the prop changes that make a scenario's failing goals pass. The test
suite runs every scenario as shipped and with its solution, so a lesson that no longer teaches
(goals already met, or a fix that does not fix) fails the build.

`questions` are the scenario's checkpoint questions, at least one: the study guide's own where
the scenario teaches them, and ones a run of the scenario answers with its numbers. The page
shows them once the learner has run the design to its end, each answer behind a toggle. The API
serves them from this file (`selectors.scenario_get`), so they are the file's, never stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCENARIO_DIR = Path(__file__).resolve().parent
LEVELS = ("beginner", "intermediate", "advanced")
_FIELDS = {
    "slug",
    "title",
    "summary",
    "level",
    "order",
    "tags",
    "story",
    "hints",
    "document",
    "questions",
}
_QUESTION_KEYS = {"question", "answer"}
_OPTIONAL = {"solution"}


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
    questions: list[dict[str, str]]
    solution: dict[str, dict[str, Any]] | None = None

    def solved_document(self) -> dict[str, Any]:
        """The design with the solution's prop changes applied (a copy)."""
        document = json.loads(json.dumps(self.document))
        for node in document["nodes"]:
            node["props"].update((self.solution or {}).get(node["id"], {}))
        return document


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
    unknown = sorted(data.keys() - _FIELDS - _OPTIONAL)
    if missing or unknown:
        raise ScenarioFileError(
            f"{path.name}: missing {missing or 'nothing'}, unknown {unknown or 'nothing'}"
        )
    if data["slug"] != path.stem:
        raise ScenarioFileError(f"{path.name}: slug {data['slug']!r} must match the file name")
    if data["level"] not in LEVELS:
        raise ScenarioFileError(f"{path.name}: level must be one of {', '.join(LEVELS)}")
    _check_solution(path, data)
    _check_questions(path, data["questions"])
    return ScenarioFile(**data)


def _check_solution(path: Path, data: dict[str, Any]) -> None:
    solution = data.get("solution")
    if solution is None:
        return
    node_ids = {n.get("id") for n in data["document"].get("nodes", []) if isinstance(n, dict)}
    if not isinstance(solution, dict) or not all(isinstance(v, dict) for v in solution.values()):
        raise ScenarioFileError(f"{path.name}: solution must map node ids to prop changes")
    strangers = sorted(set(solution) - node_ids)
    if strangers:
        raise ScenarioFileError(f"{path.name}: solution names nodes the design lacks: {strangers}")


def _check_questions(path: Path, questions: Any) -> None:
    """At least one question; each exactly {"question", "answer"}, two non-empty strings."""
    if not isinstance(questions, list) or not questions:
        raise ScenarioFileError(
            f'{path.name}: questions must be a list of at least one {{"question", "answer"}}'
        )
    for i, item in enumerate(questions):
        if not isinstance(item, dict) or item.keys() != _QUESTION_KEYS:
            raise ScenarioFileError(
                f'{path.name}: questions[{i}] must be an object with exactly "question" and '
                f'"answer"'
            )
        for key in ("question", "answer"):
            if not isinstance(item[key], str) or not item[key].strip():
                raise ScenarioFileError(
                    f"{path.name}: questions[{i}].{key} must be a non-empty string"
                )


def scenario_files() -> list[ScenarioFile]:
    """Every scenario in the library, in gallery order."""
    scenarios = [read_scenario(p) for p in sorted(SCENARIO_DIR.glob("*.json"))]
    return sorted(scenarios, key=lambda s: (s.order, s.slug))
