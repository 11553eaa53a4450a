"""The scenario library: one JSON file per scenario in this folder, loaded into the database by
`manage.py load_scenarios` (idempotent: it upserts by slug and removes nothing a learner made).

A scenario file reads:
    {"slug": "...", "title": "...", "summary": "one line for the gallery", "level": "beginner",
     "order": 10, "tags": ["sqs", "scaling"], "story": "the problem, in a few paragraphs",
     "hints": [{"text": "...", "change": {<a change>} or null, "on": "start",
                "expect": [{"metric": "p99_ms", "scope": "shoppers", "moves": "down"}]}],
     "document": {<a design document, format 1, with its goals>},
     "solution": {<a change>},
     "questions": [{"question": "...", "answer": "..."}]}

A change is `playground.scenarios.patches`' form: props to set, nodes to move, add or remove.

`solution` is the change that makes the scenario's failing goals pass: the scenario is a
challenge. Without one it is an exploration. The beatability harness runs every challenge's
starting design and its solution on several seeds: the start must fail and the solution pass on
every one, so a lesson that no longer teaches (goals already met, or a fix that does not fix)
fails the build.

Each hint is served as its `text`. A hint that proposes a change says which (`change`, applied
to the starting design, or to the solution's design with `"on": "solution"`), and `expect` says
what its words claim the change does, each a goal metric and scope that `moves` "up" or "down"
against the design without the change (on every seed the harness runs), or that meets
`op`/`value` (as a goal would). A hint that proposes nothing has `"change": null`; its
`expect`, if any, is checked on the design it is `on`.

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

from playground.scenarios.patches import PatchError, apply_patch, check_patch
from simengine.goal_metrics import GOAL_METRICS

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
_HINT_KEYS = {"text", "change", "on", "expect"}
_MOVES = ("up", "down")
_OPS = ("<=", ">=", "<", ">")


@dataclass(frozen=True)
class Hint:
    """A hint as the file states it: the text the learner reads, and what the harness checks."""

    text: str
    change: dict[str, Any] | None
    on: str
    expect: list[dict[str, Any]]


@dataclass(frozen=True)
class ScenarioFile:
    slug: str
    title: str
    summary: str
    level: str
    order: int
    tags: list[str]
    story: str
    hint_checks: list[Hint]
    document: dict[str, Any]
    questions: list[dict[str, str]]
    solution: dict[str, Any] | None = None

    @property
    def hints(self) -> list[str]:
        """The hints' texts, as the page shows them."""
        return [h.text for h in self.hint_checks]

    def solved_document(self) -> dict[str, Any]:
        """The design with the solution applied (a copy)."""
        return apply_patch(self.document, self.solution)

    def hinted_document(self, hint: Hint) -> dict[str, Any]:
        """The design a hint's change applies to, with the change applied (a copy)."""
        base = self.solved_document() if hint.on == "solution" else self.document
        return apply_patch(base, hint.change)


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
    _check_change(path, "solution", data.get("solution"), data["document"])
    _check_questions(path, data["questions"])
    hints = [_read_hint(path, i, item, data) for i, item in enumerate(_listed(path, data))]
    fields = {k: v for k, v in data.items() if k != "hints"}
    return ScenarioFile(**fields, hint_checks=hints)


def _check_change(path: Path, where: str, change: Any, document: dict[str, Any]) -> None:
    if change is None:
        return
    try:
        check_patch(change, document)
    except PatchError as exc:
        raise ScenarioFileError(f"{path.name}: {where}: {exc}") from exc


def _listed(path: Path, data: dict[str, Any]) -> list[Any]:
    hints = data["hints"]
    if not isinstance(hints, list) or not hints:
        raise ScenarioFileError(f"{path.name}: hints must be a list of at least one hint")
    return hints


def _read_hint(path: Path, i: int, item: Any, data: dict[str, Any]) -> Hint:
    where = f"hints[{i}]"
    if not isinstance(item, dict) or not {"text", "change"} <= item.keys() <= _HINT_KEYS:
        raise ScenarioFileError(
            f'{path.name}: {where} must be an object with "text" and "change" (null when it '
            f'proposes none), and optionally "on" and "expect"'
        )
    if not isinstance(item["text"], str) or not item["text"].strip():
        raise ScenarioFileError(f"{path.name}: {where}.text must be a non-empty string")
    on = item.get("on", "start")
    if on not in ("start", "solution") or (on == "solution" and not data.get("solution")):
        raise ScenarioFileError(
            f'{path.name}: {where}.on must be "start" or, for a challenge, "solution"'
        )
    base = data["document"]
    if on == "solution":
        base = apply_patch(base, data["solution"])
    _check_change(path, f"{where}.change", item["change"], base)
    expect = item.get("expect", [])
    if not isinstance(expect, list) or not all(_is_claim(c) for c in expect):
        raise ScenarioFileError(
            f'{path.name}: {where}.expect must be a list of {{"metric", "scope", "moves": '
            f'"up"|"down"}} or {{"metric", "scope", "op", "value"}}, with known goal metrics'
        )
    if item["change"] is not None and not expect:
        raise ScenarioFileError(
            f"{path.name}: {where} proposes a change, so its expect must say what it does"
        )
    return Hint(item["text"], item["change"], on, expect)


def _is_claim(claim: Any) -> bool:
    if not isinstance(claim, dict) or claim.get("metric") not in GOAL_METRICS:
        return False
    if claim.keys() == {"metric", "scope", "moves"}:
        return claim["moves"] in _MOVES
    return (
        claim.keys() == {"metric", "scope", "op", "value"}
        and claim["op"] in _OPS
        and isinstance(claim["value"], int | float)
    )


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
