"""Progress on the scenario library, per owner (a user or a browser session): what was
attempted, what was passed, and the best result. Written when a scenario design's run ends
complete and graded, or when a check ("Check my design", many seeds) ends; read by the gallery.

A result counts only if it grades the scenario's own goals: the caller says how many of them
passed. `best` is the result with the most goals passed (the later one on a tie).
"""

from __future__ import annotations

from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from playground.models import Progress
from playground.owners import Owner

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
