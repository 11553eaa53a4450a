"""Writes of the class view (issue 14): the instructor's own copy of a student's submission.

Projecting a student's run: the instructor makes a copy of the design as it was submitted (a
new design of theirs, attempting the assignment's scenario, so its goals and faults stay
locked) and opens it in the editor, where Run and the watch link already are. The submission
itself is immutable and stays as it was.
"""

from __future__ import annotations

from typing import Any

from playground import class_results, selectors, services
from playground.models import NAME_MAX_LENGTH, Design
from playground.owners import Owner


def submission_fork(*, user: Any, code: str, submission_id: Any) -> Design:
    """A new design of the instructor's holding the submission's snapshot, named after the
    student. Only the assignment's instructor (or staff): `Forbidden` otherwise; `NotFound`
    for an unknown code, `Submission.DoesNotExist` for a submission not of this assignment."""
    assignment = class_results.assignment_for_instructor(user=user, code=code)
    submission = class_results.submission_get(assignment=assignment, submission_id=submission_id)
    name = f"{submission.enrollment.display_name}: {assignment.title}"[:NAME_MAX_LENGTH]
    scenario = assignment.scenario if selectors.scenario_exists(slug=assignment.scenario) else ""
    return services.design_create(
        owner=Owner(user_id=user.pk), name=name, document=submission.document, scenario=scenario
    )
