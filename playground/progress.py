"""Progress on the scenario library, per owner (a user or a browser session): what was
attempted, what was passed, and the best result. Written when a scenario design's run ends
complete and graded, or when a check ("Check my design", many seeds) ends; read by the gallery.

A result counts only if it grades the scenario's own goals: the caller says how many of them
passed. `best` is the result with the most goals passed (the later one on a tie).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from playground.models import Design, Progress, Scenario
from playground.owners import Owner
from playground.scenario_lock import goal_key

Source = Literal["run", "check"]


def progress_record(
    *, owner: Owner, scenario: str, goals_passed: int, goals_total: int, source: Source
) -> Progress:
    """Count one attempt at `scenario` and keep it if it is the best so far."""
    if not scenario or goals_total < 1 or not 0 <= goals_passed <= goals_total:
        raise ValueError("a result needs a scenario and 0 <= goals_passed <= goals_total >= 1")
    result = {
        "goals_passed": goals_passed,
        "goals_total": goals_total,
        "source": source,
        "at": timezone.now().isoformat(),
    }
    for _ in range(2):  # two first attempts at once: the loser of the insert updates instead
        try:
            with transaction.atomic():
                row, _ = Progress.objects.select_for_update().get_or_create(
                    scenario=scenario, **owner.fields()
                )
                row.attempts += 1
                row.passed = row.passed or goals_passed == goals_total
                if goals_passed >= row.best.get("goals_passed", -1):
                    row.best = result
                row.save()
                return row
        except IntegrityError:
            continue
    raise RuntimeError("could not record progress")  # pragma: no cover - two losses in a row


def progress_adopt(*, session_key: str, user_id: int) -> None:
    """Merge a session's progress into the user's as the learner signs up or logs in."""
    anonymous = Owner(session_key=session_key)
    user = Owner(user_id=user_id)
    for row in Progress.objects.filter(anonymous.q()):
        mine = Progress.objects.filter(user.q(), scenario=row.scenario).first()
        if mine is None:
            row.owner_id, row.owner_session = user_id, ""
            row.save(update_fields=["owner", "owner_session"])
            continue
        mine.attempts += row.attempts
        mine.passed = mine.passed or row.passed
        if row.best.get("goals_passed", -1) > mine.best.get("goals_passed", -1):
            mine.best = row.best
        mine.save()
        row.delete()


def progress_list(*, owner: Owner) -> list[Progress]:
    return list(Progress.objects.filter(owner.q()))


def scenario_goals_met(
    *, scenario_goals: Iterable[dict[str, Any]], results: Iterable[dict[str, Any]]
) -> int:
    """How many of the scenario's own goals a report's goal rows (`results`: {"metric", "scope",
    "op", "value", "passed"}) passed. A learner's extra goals count for nothing, and a scenario
    goal the run did not judge (the learner deleted or edited it) counts as missed."""
    passed: dict[tuple[Any, ...], int] = {}
    for row in results:
        if row.get("passed") is True:
            passed[goal_key(row)] = passed.get(goal_key(row), 0) + 1
    met = 0
    for goal in scenario_goals:
        key = goal_key(goal)
        if passed.get(key, 0) > 0:
            passed[key] -= 1
            met += 1
    return met


def progress_from_run(*, owner: Owner, design_id: Any, report: dict[str, Any]) -> Progress | None:
    """Count a finished run of a scenario design as an attempt at its scenario, with the number of
    the scenario's goals it passed. Only a complete, graded run counts (the report's `graded`:
    a run stopped early or whose traffic was changed live is no attempt); a run of a design of
    the learner's own, of a share link or of a scenario no longer in the library counts nothing.
    Returns the progress row written, or None."""
    if design_id is None or report.get("graded") is not True:
        return None
    slug = Design.objects.filter(pk=design_id).values_list("scenario", flat=True).first()
    scenario = Scenario.objects.filter(slug=slug).first() if slug else None
    if scenario is None or not scenario.goals:
        return None
    met = scenario_goals_met(scenario_goals=scenario.goals, results=report.get("goals") or [])
    return progress_record(
        owner=owner,
        scenario=scenario.slug,
        goals_passed=met,
        goals_total=len(scenario.goals),
        source="run",
    )
