"""A submission's verdict: the result "Check my design" gave the design's current version,
read back from the kept check results, never run anew (issue 14).

It is found the way `playground.live.checks` answers a check from what is kept: the design as a
check plays it (`scenario_lock.graded_document`: locked to its scenario's goals and faults),
parsed, keyed (`check_cache.check_key`), its kept seeds read (`check_cache.known_results`) and
verify's own verdict on them (`check_cache.answer_from_known`) on the server's default number
of seeds (settings.LIVE_CHECK_DEFAULT_SEEDS, what the editor's check asks for). None when this
version has no complete check kept: the student checks it first. Nothing here runs a seed, so a
submit costs milliseconds, not a check core.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from playground import selectors
from playground.live import check_cache
from playground.models import Design
from playground.scenario_lock import graded_document, scenario_goals_passed
from simengine.design import DesignError


def check_result(*, design: Design) -> tuple[dict[str, Any], int, int] | None:
    """(verdict, goals passed, goals total) for the design as it is now, or None when no
    complete check of this version is kept. The totals count the scenario's goals only (a
    student's own goals are in the verdict, marked, but do not count), or every goal of a
    design that attempts no scenario."""
    document, scenario = graded_document(design)
    try:
        parsed = selectors.design_parsed(document=document)
    except DesignError:
        return None
    if not parsed.goals:
        return None
    seeds = settings.LIVE_CHECK_DEFAULT_SEEDS
    key = check_cache.check_key(design=parsed)
    known = check_cache.known_results(
        key=key["key"], engine=key["engine"], goals=len(parsed.goals), seeds=seeds
    )
    if not known:
        return None
    result = check_cache.answer_from_known(document=document, seeds=seeds, known=known)
    if result is None:
        return None
    rows = result["goals"]
    if scenario is not None:
        passed, total = scenario_goals_passed(rows, scenario)
    else:
        passed, total = sum(bool(r.get("passed")) for r in rows), len(rows)
    verdict = {
        "seeds": result["seeds"],
        "certain": result["certain"],
        "passed": passed == total,
        "goals": [_goal(row, counts=index < total) for index, row in enumerate(rows)],
    }
    return verdict, passed, total


def _goal(row: dict[str, Any], *, counts: bool) -> dict[str, Any]:
    """One goal of the verdict: what it asks, what the check measured, and its verdict."""
    return {
        "metric": row["metric"],
        "scope": row.get("scope"),
        "op": row["op"],
        "value": row["value"],
        "label": row.get("label", row["metric"]),
        "unit": row.get("unit"),
        "actual": row.get("mean"),
        "interval": {"low": row.get("low"), "high": row.get("high")},
        "pass_rate": row.get("pass_rate"),
        "passed": bool(row.get("passed")),
        "verdict": row.get("verdict"),
        "counts": counts,
    }
