"""A scenario's goals and faults are locked: whatever a learner's saved document says, a run or a
check of a design that attempts a library scenario (`Design.scenario`) is graded on the
scenario's goals and plays the scenario's scheduled faults, over the scenario's run length.

Think of an exam paper: the learner writes the answers (the design) and may add questions of
their own, but the questions set by the examiner are printed on every copy, whatever was crossed
out. `locked_document` prints them: the scenario's goals first, in the scenario's order (so the
report's first rows are always the scenario's, which is how progress counts them), then the
learner's own goals (any goal that is not exactly one of the scenario's: one the learner edited
is theirs, and the scenario's original is graded too); the same for faults; `run.duration`
and `run.warmup` are the scenario's (a shorter run would end before a scheduled fault); and the
users are the scenario's: each of its client nodes the design still has sends what the
scenario's does (`USER_PROPS`: rate, pattern, read mix, location, keys, work; the calling code's
timeout, retries, breaker and sessions stay the learner's), and users the learner added are not
played (fewer users, or easy extra ones diluting an error rate, would pass a lesson without
learning it).

The same merge runs where a live run starts (`playground.live.services.document_for_start`) and
where a check starts (`playground.live.checks`), and the page (static/js/model/locked.js) splits
the drawer's goals with the same rule.
"""

from __future__ import annotations

import copy
from typing import Any

from playground.models import Design, Scenario
from simengine.components.client import USER_PROPS

RUN_LOCKED = ("duration", "warmup")


def goal_key(goal: Any) -> tuple | None:
    """What makes two goals the same goal: metric, scope (none and null alike), op and value."""
    if not isinstance(goal, dict):
        return None
    return (
        "goal",
        goal.get("metric"),
        goal.get("scope") or None,
        goal.get("op"),
        _number(goal.get("value")),
    )


def fault_key(fault: Any) -> tuple | None:
    """What makes two scheduled faults the same: kind, target, when, how long and how much."""
    if not isinstance(fault, dict):
        return None
    keys = ("kind", "target", "at", "duration", "ms")
    return ("fault", *(_number(fault.get(k)) for k in keys))


def _number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _merged(locked: list, own: Any, key) -> list:
    """The locked items, then each of `own` that is not one of them (in the learner's order)."""
    taken = {key(item) for item in locked}
    extra = [item for item in own if key(item) not in taken] if isinstance(own, list) else []
    return copy.deepcopy(list(locked)) + copy.deepcopy(extra)


def locked_document(document: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """A copy of `document` with the scenario's goals, faults and run length put back."""
    doc = copy.deepcopy(document) if isinstance(document, dict) else {}
    source = _source(scenario)
    doc["goals"] = _merged(scenario_goals(scenario), doc.get("goals"), goal_key)
    doc["faults"] = _merged(source.get("faults") or [], doc.get("faults"), fault_key)
    run = source.get("run") if isinstance(source.get("run"), dict) else {}
    mine = doc.get("run") if isinstance(doc.get("run"), dict) else {}
    doc["run"] = {**mine, **{k: run[k] for k in RUN_LOCKED if k in run}}
    _lock_users(doc, source)
    return doc


def _clients(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    nodes = document.get("nodes") if isinstance(document.get("nodes"), list) else []
    return {
        n["id"]: n
        for n in nodes
        if isinstance(n, dict) and n.get("kind") == "client" and isinstance(n.get("id"), str)
    }


def _lock_users(doc: dict[str, Any], source: dict[str, Any]) -> None:
    """The scenario's users, sending what they send in the scenario (in place)."""
    theirs = _clients(source)
    extra = set(_clients(doc)) - set(theirs)
    if extra and isinstance(doc.get("nodes"), list):
        doc["nodes"] = [
            n for n in doc["nodes"] if not (isinstance(n, dict) and n.get("id") in extra)
        ]
        if isinstance(doc.get("edges"), list):
            doc["edges"] = [
                e
                for e in doc["edges"]
                if not (isinstance(e, dict) and (e.get("from") in extra or e.get("to") in extra))
            ]
    for nid, node in _clients(doc).items():
        props = node.get("props") if isinstance(node.get("props"), dict) else {}
        set_by_scenario = theirs[nid].get("props") or {}
        kept = {k: v for k, v in props.items() if k not in USER_PROPS}
        node["props"] = {**kept, **{k: v for k, v in set_by_scenario.items() if k in USER_PROPS}}


def scenario_of(design: Design) -> Scenario | None:
    """The library scenario a design attempts (None for a design of the learner's own, or one
    whose scenario the library no longer holds: it is then graded as it stands)."""
    if not design.scenario:
        return None
    return Scenario.objects.filter(slug=design.scenario).first()


def graded_document(design: Design) -> tuple[dict[str, Any], Scenario | None]:
    """The document a run or a check of `design` plays, and the scenario that locked it."""
    scenario = scenario_of(design)
    if scenario is None:
        return design.document, None
    return locked_document(design.document, scenario), scenario


def _source(scenario: Scenario) -> dict[str, Any]:
    return scenario.document if isinstance(scenario.document, dict) else {}


def scenario_goals(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's goals (its row's, which `load_scenarios` takes from its document)."""
    goals = scenario.goals if isinstance(scenario.goals, list) and scenario.goals else None
    found = goals or _source(scenario).get("goals")
    return [g for g in found if isinstance(g, dict)] if isinstance(found, list) else []


def scenario_goals_passed(rows: list[dict[str, Any]], scenario: Scenario) -> tuple[int, int]:
    """(passed, total) over the scenario's own goals, from a report's or a check's goal rows
    (the scenario's come first: `locked_document`)."""
    total = len(scenario_goals(scenario))
    return sum(bool(row.get("passed")) for row in rows[:total]), total
