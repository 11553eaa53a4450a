"""The classroom's writes (issue 14): an instructor sets an assignment, closes and reopens it; a
student joins it (an enrollment and their own fork, together) and submits their fork.

Keyword-only, each one transaction; reads are `playground.classroom_selectors`. Every refusal
says what to do and changes nothing: `Forbidden` (403: not yours to do), `Conflict` (409: the
assignment is closed, the name is taken, this version was already submitted or not checked),
`InvalidInput` (400, with problems) and `NotFound` (404). Joins and submissions are announced
once committed (`classroom_signals`), for the class view.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from playground import authoring, selectors
from playground.classroom_models import DISPLAY_NAME_MAX_LENGTH, TITLE_MAX_LENGTH
from playground.classroom_selectors import (
    assignment_get,
    enrollment_of,
    is_assignment_instructor,
)
from playground.classroom_signals import enrollment_created, submission_created
from playground.classroom_verdict import check_result
from playground.exceptions import Conflict, Forbidden, InvalidInput
from playground.instructors import is_instructor
from playground.models import NAME_MAX_LENGTH, Assignment, Design, Enrollment, Scenario, Submission
from playground.owners import Owner
from simengine.design import Problem

NOT_INSTRUCTOR = (
    "Only instructors can set assignments: ask an administrator to add your account to the "
    "instructor group."
)
NOT_THE_INSTRUCTOR = "Only the instructor who set this assignment can close or reopen it."
CLOSED_JOIN = "This assignment is closed: ask your instructor to reopen it, then join again."
CLOSED_SUBMIT = (
    "This assignment is closed: your design is kept as it is, but no submission is taken "
    "until your instructor reopens it."
)
NAME_TAKEN = "That name is taken in this class: add an initial (for example Alex B)."
OWN_ASSIGNMENT = (
    "You set this assignment, so you cannot join it as a student: open its link in a private "
    "window to try it the way a student does."
)
NOT_JOINED = "You have not joined this assignment: open its link and join with a display name."
NOT_YOUR_FORK = (
    "You can submit only your own fork of this assignment: the design that joining opened for you."
)
CHECK_FIRST = "Check this version of your design first (Check my design), then submit."
ALREADY = (
    "You already submitted this version: your submission is kept. Change your design, "
    "check it and submit again if you mean to."
)
SCENARIO_GONE = "This assignment's scenario is no longer in the library: tell your instructor."


def _title(title: Any, fallback: str) -> str:
    text = (title or "").strip() or fallback.strip()
    if not text:
        raise InvalidInput("An assignment needs a title.", [Problem("title", "must not be empty")])
    if len(text) > TITLE_MAX_LENGTH:
        raise InvalidInput(
            f"The title is too long: at most {TITLE_MAX_LENGTH} characters.",
            [Problem("title", f"must be at most {TITLE_MAX_LENGTH} characters")],
        )
    return text


def _scenario_for(*, user: Any, slug: str) -> Scenario:
    """A scenario the instructor may set: a shipped one, or one they authored."""
    row = Scenario.objects.filter(slug=slug).first()
    shipped = row is not None and row.author_id is None and slug in selectors.scenario_slugs()
    if row is None or not (shipped or row.author_id == user.pk):
        raise InvalidInput(
            f'There is no scenario "{slug:.100}" you can set: pick one of the library '
            "(GET /api/scenarios/) or one you authored.",
            [Problem("scenario", "must be a library scenario's slug or one of your own")],
        )
    return row


@transaction.atomic
def assignment_create(
    *, user: Any, title: str = "", scenario: str = "", design_id: Any = None
) -> Assignment:
    """A new open assignment of `user` (an instructor), setting `scenario` (a shipped slug or
    one they authored) or a snapshot of their design `design_id` (made an authored scenario:
    `authoring.scenario_from_design`); exactly one of the two. `title` defaults to the
    scenario's (or the design's) title."""
    if not is_instructor(user):
        raise Forbidden(NOT_INSTRUCTOR)
    if bool(scenario) == (design_id is not None):
        problem = Problem("", "send exactly one of `scenario` and `design_id`")
        raise InvalidInput(
            "Say what to assign: a scenario's slug (`scenario`) or one of your designs "
            "(`design_id`), not both and not neither.",
            [problem],
        )
    if scenario:
        row = _scenario_for(user=user, slug=scenario)
        text = _title(title, row.title)
    else:
        design = selectors.design_get(owner=Owner(user_id=user.pk), design_id=design_id)
        if not design.document.get("goals"):
            raise InvalidInput(
                "This design has no goals, so a student's check would have nothing to grade: "
                "add one in Goals & story, then assign it.",
                [Problem("design_id", "the design must have at least one goal")],
            )
        text = _title(title, design.name)
        row = authoring.scenario_from_design(
            author_id=user.pk, design_id=design.pk, title=text[:NAME_MAX_LENGTH]
        )
    return Assignment.objects.create(title=text, instructor=user, scenario=row.slug)


@transaction.atomic
def assignment_set_open(*, user: Any, code: Any, is_open: bool) -> Assignment:
    """Close or reopen an assignment (its instructor only; doing it twice changes nothing)."""
    assignment = assignment_get(code=code)
    if not is_assignment_instructor(assignment=assignment, user=user):
        raise Forbidden(NOT_THE_INSTRUCTOR)
    if assignment.is_open != is_open:
        assignment.is_open = is_open
        assignment.closed_at = None if is_open else timezone.now()
        assignment.save(update_fields=["is_open", "closed_at"])
    return assignment


_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def checked_display_name(display_name: Any) -> str:
    """The display name trimmed: 1-40 characters, no control or invisible formatting ones
    (InvalidInput with a problem on `display_name` otherwise)."""
    text = display_name.strip() if isinstance(display_name, str) else ""
    message = None
    if not text:
        message = "must not be empty: type the name your class knows you by"
    elif len(text) > DISPLAY_NAME_MAX_LENGTH:
        message = f"must be at most {DISPLAY_NAME_MAX_LENGTH} characters"
    elif any(unicodedata.category(ch) in _REFUSED_CATEGORIES for ch in text):
        message = "must not hold control or invisible characters"
    if message:
        raise InvalidInput(f"Display name {message}.", [Problem("display_name", message)])
    return text


def _name_key(name: str) -> str:
    return name.casefold()[:DISPLAY_NAME_MAX_LENGTH]


def _fork(*, owner: Owner, scenario: Scenario, display_name: str) -> Design:
    """A new design of the student's attempting the scenario, from its start, under the name
    "<scenario title> - <display name>" (the editor shows the document's name)."""
    name = f"{scenario.title} - {display_name}"[:NAME_MAX_LENGTH]
    document = copy.deepcopy(scenario.document) if isinstance(scenario.document, dict) else {}
    document["name"] = name
    return Design.objects.create(
        name=name, document=document, scenario=scenario.slug, **owner.fields()
    )


def _scenario_of(assignment: Assignment) -> Scenario:
    scenario = Scenario.objects.filter(slug=assignment.scenario).first()
    if scenario is None:
        raise Conflict(SCENARIO_GONE)
    return scenario


@transaction.atomic
def assignment_join(
    *, owner: Owner, code: Any, display_name: Any, user: Any = None
) -> tuple[Enrollment, bool]:
    """The caller's enrollment in the assignment and whether it is new. A new one comes with
    the student's fork (`_fork`), both or neither. Joining again from the same owner returns
    the enrollment they have (even once closed), with a new fork from the start if they
    deleted theirs while the assignment is open."""
    name = checked_display_name(display_name)
    assignment = assignment_get(code=code)
    existing = enrollment_of(assignment=assignment, owner=owner)
    if existing is not None:
        if existing.design_id is None and assignment.is_open:
            existing.design = _fork(
                owner=owner, scenario=_scenario_of(assignment), display_name=existing.display_name
            )
            existing.save(update_fields=["design"])
        return existing, False
    if is_assignment_instructor(assignment=assignment, user=user):
        raise Forbidden(OWN_ASSIGNMENT)
    if not assignment.is_open:
        raise Conflict(CLOSED_JOIN)
    key = _name_key(name)
    if Enrollment.objects.filter(assignment=assignment, name_key=key).exists():
        raise Conflict(NAME_TAKEN)
    scenario = _scenario_of(assignment)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves nothing half-made
            enrollment = Enrollment.objects.create(
                assignment=assignment,
                display_name=name,
                name_key=key,
                design=_fork(owner=owner, scenario=scenario, display_name=name),
                **owner.fields(),
            )
    except IntegrityError:  # the same browser twice at once, or the same name at once
        existing = enrollment_of(assignment=assignment, owner=owner)
        if existing is not None:
            return existing, False
        raise Conflict(NAME_TAKEN) from None
    ids = {"assignment_id": assignment.pk, "enrollment_id": enrollment.pk}
    transaction.on_commit(lambda: enrollment_created.send(sender=Enrollment, **ids))
    return enrollment, True


def _fork_of(*, owner: Owner, code: Any, design_id: Any) -> tuple[Enrollment, Design]:
    assignment = assignment_get(code=code)
    enrollment = enrollment_of(assignment=assignment, owner=owner)
    if enrollment is None:
        raise Forbidden(NOT_JOINED)
    if enrollment.design_id is None or str(enrollment.design_id) != str(design_id):
        raise Forbidden(NOT_YOUR_FORK)
    design = Design.objects.filter(owner.q(), pk=enrollment.design_id).first()
    if design is None:
        raise Forbidden(NOT_YOUR_FORK)
    if not assignment.is_open:
        raise Conflict(CLOSED_SUBMIT)
    return enrollment, design


def submission_create(*, owner: Owner | None, code: Any, design_id: Any) -> Submission:
    """Submit the enrolled student's fork as it is now: an immutable snapshot of the design and
    the verdict its kept check gives (`classroom_verdict`). Refused, storing nothing, when the
    caller has not joined, the design is not their fork, the assignment is closed, this
    version has no complete check kept, or it was submitted already.

    The verdict is read outside the transaction (SQLite's write lock is held only for the
    write); the write then checks that the design is still at the version that was graded."""
    if owner is None:
        raise Forbidden(NOT_JOINED)
    enrollment, design = _fork_of(owner=owner, code=code, design_id=design_id)
    if enrollment.submissions.filter(design=design, design_version=design.version).exists():
        raise Conflict(ALREADY)
    graded = check_result(design=design)
    if graded is None:
        raise Conflict(CHECK_FIRST)
    verdict, passed, total = graded
    with transaction.atomic():
        enrollment, current = _fork_of(owner=owner, code=code, design_id=design_id)
        if current.version != design.version:
            raise Conflict(
                "Your design changed while it was being submitted: check this version, "
                "then submit again."
            )
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    assignment_id=enrollment.assignment_id,
                    enrollment=enrollment,
                    design=design,
                    design_version=design.version,
                    name=design.name,
                    document=copy.deepcopy(design.document),
                    verdict=verdict,
                    goals_passed=passed,
                    goals_total=total,
                )
        except IntegrityError:
            raise Conflict(ALREADY) from None
        ids = {"assignment_id": enrollment.assignment_id, "submission_id": submission.pk}
        transaction.on_commit(lambda: submission_created.send(sender=Submission, **ids))
    return submission


def enrollments_adopt(*, session_key: str, user_id: int) -> int:
    """Move an anonymous session's enrollments to the user who just signed up or logged in
    (with their forks, which `services.owned_things_adopt` moves), except in an assignment the
    user had already joined under their account. Returns how many moved."""
    if not session_key:
        return 0
    joined = Enrollment.objects.filter(owner_id=user_id).values("assignment_id")
    return (
        Enrollment.objects.filter(owner__isnull=True, owner_session=session_key)
        .exclude(assignment_id__in=joined)
        .update(owner_id=user_id, owner_session="")
    )
