"""Reads for the class view (issue 14): an assignment's results, seen by its instructor only.

Like a teacher's mark book: a line per student who joined, with their latest submission and
their best one (most goals passed; between equals, the earlier, the first time they got there),
each goal passed or failed with its number. Only the assignment's instructor (or staff) reads
it: `assignment_for_instructor` is the one gate, used by the API, the pages and the class
socket alike. A student sees only their own (their page is the assignment's, `/a/<code>/`).
"""

from __future__ import annotations

import uuid
from typing import Any

from playground.classroom_models import Assignment, Enrollment, Submission
from playground.classroom_selectors import assignment_get, is_assignment_instructor
from playground.exceptions import Forbidden
from playground.models import Scenario
from simengine.goal_metrics import GOAL_METRICS

NOT_INSTRUCTOR = "Only the assignment's instructor sees its submissions."
SIGN_IN = "Log in as the assignment's instructor to see its submissions."

# What the class view reads of a submission: everything but the design document.
_SUBMISSION_FIELDS = (
    "id",
    "enrollment_id",
    "design_version",
    "verdict",
    "goals_passed",
    "goals_total",
    "created",
)


def assignment_for_instructor(*, user: Any, code: Any) -> Assignment:
    """The assignment with this code (any case) if `user` is its instructor or staff.
    `NotFound` for an unknown code (404); `Forbidden` (403) for anyone else: the code is no
    secret (every student has it), its submissions are."""
    assignment = assignment_get(code=code)
    if user is None or not user.is_authenticated:
        raise Forbidden(SIGN_IN)
    if not (is_assignment_instructor(assignment=assignment, user=user) or user.is_staff):
        raise Forbidden(NOT_INSTRUCTOR)
    return assignment


def goal_columns(*, assignment: Assignment) -> list[dict[str, Any]]:
    """The assignment's goals, one column each: {metric, scope, op, value, label, unit}."""
    row = Scenario.objects.filter(slug=assignment.scenario).values_list("goals", flat=True).first()
    return [_labelled(g) for g in (row or []) if isinstance(g, dict)]


def _labelled(goal: dict[str, Any]) -> dict[str, Any]:
    spec = GOAL_METRICS.get(goal.get("metric"))
    return {
        "metric": goal.get("metric"),
        "scope": goal.get("scope"),
        "op": goal.get("op"),
        "value": goal.get("value"),
        "label": spec.label if spec else str(goal.get("metric")),
        "unit": spec.unit if spec else None,
    }


def verdict_goals(verdict: Any) -> list[dict[str, Any]]:
    """A submission's goals as the class view shows them: {metric, scope, op, value, actual,
    passed}. The verdict is a run report's goal rows (`actual`, `passed`) or a check's
    (`simengine.verify`: `mean`, `passed`); both read the same here."""
    rows = verdict.get("goals") if isinstance(verdict, dict) else None
    out = []
    for g in rows if isinstance(rows, list) else []:
        if not isinstance(g, dict):
            continue
        actual = g.get("actual", g.get("mean"))
        out.append(
            {
                "metric": g.get("metric"),
                "scope": g.get("scope"),
                "op": g.get("op"),
                "value": g.get("value"),
                "actual": actual if isinstance(actual, (int, float)) else None,
                "passed": bool(g.get("passed")),
            }
        )
    return out


def _submission(sub: Submission) -> dict[str, Any]:
    return {
        "id": str(sub.id),
        "created": sub.created,
        "design_version": sub.design_version,
        "goals_passed": sub.goals_passed,
        "goals_total": sub.goals_total,
        "goals": verdict_goals(sub.verdict),
    }


def _student(enrollment: Enrollment, subs: list[Submission]) -> dict[str, Any]:
    """One line of the mark book; `subs` newest first."""
    latest = subs[0] if subs else None
    best = min(subs, key=lambda s: (-s.goals_passed, s.created)) if subs else None
    return {
        "enrollment_id": enrollment.pk,
        "display_name": enrollment.display_name,
        "joined": enrollment.joined,
        "design_id": str(enrollment.design_id) if enrollment.design_id else None,
        "submissions": len(subs),
        "latest": _submission(latest) if latest else None,
        "best": _submission(best) if best else None,
    }


def _submissions_by_enrollment(query) -> dict[int, list[Submission]]:
    by: dict[int, list[Submission]] = {}
    for sub in query.only(*_SUBMISSION_FIELDS).order_by("-created"):
        by.setdefault(sub.enrollment_id, []).append(sub)
    return by


def results(*, assignment: Assignment) -> dict[str, Any]:
    """The whole mark book: the assignment, its goal columns, the counts and a line per
    student, sorted by display name (ignoring case). Two queries, whatever the class size."""
    enrollments = list(assignment.enrollments.order_by("name_key", "pk"))
    by = _submissions_by_enrollment(Submission.objects.filter(assignment=assignment))
    students = [_student(e, by.get(e.pk, [])) for e in enrollments]
    return {
        "assignment": {
            "code": assignment.code,
            "title": assignment.title,
            "scenario": assignment.scenario,
            "is_open": assignment.is_open,
            "created": assignment.created,
        },
        "goals": goal_columns(assignment=assignment),
        "joined": len(students),
        "submitted": sum(1 for s in students if s["submissions"]),
        "students": students,
    }


def class_counts(*, assignment_id: int) -> dict[str, int]:
    """How many joined, how many submitted at least once."""
    return {
        "joined": Enrollment.objects.filter(assignment_id=assignment_id).count(),
        "submitted": Submission.objects.filter(assignment_id=assignment_id)
        .values("enrollment_id")
        .distinct()
        .count(),
    }


def submission_get(*, assignment: Assignment, submission_id: Any) -> Submission:
    """One submission to this assignment, with its snapshot (`Submission.DoesNotExist` for an
    unknown or malformed id, or one of another assignment)."""
    try:
        pk = uuid.UUID(str(submission_id))
    except (ValueError, TypeError):
        raise Submission.DoesNotExist("no such submission") from None
    return Submission.objects.select_related("enrollment").get(pk=pk, assignment=assignment)


def submission_detail(*, assignment: Assignment, submission_id: Any) -> dict[str, Any]:
    """One submission as submitted (its snapshot and goals), for the read-only page."""
    sub = submission_get(assignment=assignment, submission_id=submission_id)
    return {
        **_submission(sub),
        "assignment": assignment.code,
        "scenario": assignment.scenario,
        "display_name": sub.enrollment.display_name,
        "name": sub.name,
        "document": sub.document,
    }


def class_update(
    *, assignment_id: int, enrollment_ids: set[int], submission_ids: set[str]
) -> dict[str, Any]:
    """What changed for a live class view: the lines of the students who joined or submitted
    (by enrollment or submission id; ids of other assignments are ignored), and the counts."""
    ids = set(enrollment_ids)
    subs = [s for s in submission_ids if _is_uuid(s)]
    ids |= set(
        Submission.objects.filter(pk__in=subs, assignment_id=assignment_id).values_list(
            "enrollment_id", flat=True
        )
    )
    enrollments = Enrollment.objects.filter(pk__in=ids, assignment_id=assignment_id)
    by = _submissions_by_enrollment(Submission.objects.filter(enrollment__in=enrollments))
    students = [_student(e, by.get(e.pk, [])) for e in enrollments.order_by("name_key")]
    return {"students": students, **class_counts(assignment_id=assignment_id)}


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False
