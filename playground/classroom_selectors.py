"""Reads of the classroom (issue 14): an assignment by its code, the caller's enrollment in it,
what the instructor sees of it, and the assignment a design is a fork for.

A code is matched ignoring case and surrounding spaces ("k7qx2m" finds K7QX2M); an unknown or
malformed one is `NotFound` with a sentence a student can act on. Nobody reads another
student's enrollment: `enrollment_of` takes the caller's `Owner`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from playground.classroom_models import CODE_ALPHABET, CODE_LENGTH
from playground.exceptions import NotFound
from playground.models import Assignment, Enrollment, Scenario, Submission
from playground.owners import Owner


def normal_code(code: Any) -> str:
    """The code as stored (upper case, no spaces), or "" when it cannot be one."""
    if not isinstance(code, str):
        return ""
    text = code.strip().upper()
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return ""
    return text


def assignment_get(*, code: Any) -> Assignment:
    """The assignment with this code (any case); NotFound with a clear sentence otherwise."""
    text = normal_code(code)
    assignment = Assignment.objects.filter(code=text).first() if text else None
    if assignment is None:
        shown = str(code)[:20] if isinstance(code, str) else ""
        raise NotFound(
            f'No assignment has the code "{shown}". Check the code your instructor gave you: '
            f"{CODE_LENGTH} letters and digits (there is no 0, O, 1, I or L in a code)."
        )
    return assignment


def enrollment_of(*, assignment: Assignment, owner: Owner | None) -> Enrollment | None:
    """The caller's enrollment in the assignment, or None (a caller who owns nothing has none)."""
    if owner is None:
        return None
    return Enrollment.objects.filter(owner.q(), assignment=assignment).first()


def submissions_of(*, enrollment: Enrollment) -> list[Submission]:
    """The enrollment's submissions, newest first."""
    return list(enrollment.submissions.order_by("-created"))


def assignment_counts(*, assignment: Assignment) -> dict[str, int]:
    """For the instructor: students joined, students who submitted, submissions in all."""
    submitted = (
        Submission.objects.filter(assignment=assignment)
        .aggregate(total=Count("id"), students=Count("enrollment", distinct=True))
        .values()
    )
    total, students = submitted
    return {
        "enrolled": assignment.enrollments.count(),
        "submitted": students,
        "submissions": total,
    }


def scenario_brief(*, slug: str) -> dict[str, str]:
    """The scenario an assignment sets: slug, title, summary and story ("" where it is gone)."""
    row = Scenario.objects.filter(slug=slug).values("title", "summary", "story").first() or {}
    return {
        "slug": slug,
        "title": row.get("title", ""),
        "summary": row.get("summary", ""),
        "story": row.get("story", ""),
    }


def is_assignment_instructor(*, assignment: Assignment, user: Any) -> bool:
    """The user set this assignment (only they manage it and see its counts)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and assignment.instructor_id == user.pk
    )


def assignment_view(*, assignment: Assignment, owner: Owner | None, user: Any) -> dict[str, Any]:
    """What GET /api/assignments/{code}/ and the page show the caller: the assignment, their
    enrollment (`you`, or None) and, for its instructor, the counts (else None)."""
    enrollment = enrollment_of(assignment=assignment, owner=owner)
    mine = is_assignment_instructor(assignment=assignment, user=user)
    return {
        "assignment": assignment,
        "scenario": scenario_brief(slug=assignment.scenario),
        "you": None
        if enrollment is None
        else {
            "display_name": enrollment.display_name,
            "design_id": enrollment.design_id,
            "submissions": submissions_of(enrollment=enrollment),
        },
        "is_instructor": mine,
        "counts": assignment_counts(assignment=assignment) if mine else None,
    }


def assignment_of_design(*, design_id: Any) -> Assignment | None:
    """The assignment a design is a student's fork for (None for any other design)."""
    enrollment = Enrollment.objects.filter(design_id=design_id).select_related("assignment").first()
    return enrollment.assignment if enrollment is not None else None
