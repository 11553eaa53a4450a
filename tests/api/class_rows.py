"""Classroom rows made straight with the ORM, announced the way the classroom's services announce
them (the signals, after commit): the class view's tests need a class without the join and
submit endpoints."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from playground.classroom_models import Assignment, Enrollment, Submission
from playground.classroom_signals import enrollment_created, submission_created
from playground.instructors import INSTRUCTOR_GROUP
from playground.models import Design, Scenario
from tests.api.conftest import VALID_DOCUMENT

GOALS = [
    {"metric": "p99_ms", "scope": None, "op": "<=", "value": 300},
    {"metric": "error_rate", "scope": None, "op": "<=", "value": 0.01},
]


def instructor(username: str = "teach") -> User:
    user = User.objects.create_user(username=username, password="a-long-passphrase-1")
    user.groups.add(Group.objects.get_or_create(name=INSTRUCTOR_GROUP)[0])
    return user


def assignment(teacher: User, *, title: str = "Scaling lab") -> Assignment:
    document = {**copy.deepcopy(VALID_DOCUMENT), "goals": copy.deepcopy(GOALS)}
    slug = f"lab-{teacher.pk}-{Assignment.objects.count()}"
    Scenario.objects.create(slug=slug, title=title, document=document, goals=GOALS, author=teacher)
    return Assignment.objects.create(title=title, instructor=teacher, scenario=slug)


def join(a: Assignment, name: str, *, session_key: str | None = None) -> Enrollment:
    key = session_key or f"s{Enrollment.objects.count():031d}"
    with transaction.atomic():
        design = Design.objects.create(
            name=name,
            document=copy.deepcopy(VALID_DOCUMENT),
            scenario=a.scenario,
            owner_session=key,
        )
        e = Enrollment.objects.create(
            assignment=a,
            display_name=name,
            name_key=name.casefold(),
            owner_session=key,
            design=design,
        )
        transaction.on_commit(
            lambda: enrollment_created.send(None, assignment_id=a.pk, enrollment_id=e.pk)
        )
    return e


def verdict(*outcomes: tuple[float | None, bool]) -> dict[str, Any]:
    """A run report's goal rows: (actual, passed) per goal of GOALS."""
    return {
        "goals": [
            {**goal, "actual": actual, "passed": passed, "label": goal["metric"]}
            for goal, (actual, passed) in zip(GOALS, outcomes, strict=True)
        ]
    }


def submit(e: Enrollment, *outcomes: tuple[float | None, bool], version: int = 0) -> Submission:
    v = verdict(*outcomes)
    passed = sum(1 for g in v["goals"] if g["passed"])
    with transaction.atomic():
        version = version or e.submissions.count() + 1
        sub = Submission.objects.create(
            assignment_id=e.assignment_id,
            enrollment=e,
            design_id=e.design_id,
            design_version=version,
            name=f"{e.display_name}'s design",
            document=copy.deepcopy(VALID_DOCUMENT),
            verdict=v,
            goals_passed=passed,
            goals_total=len(GOALS),
        )
        transaction.on_commit(
            lambda: submission_created.send(
                None, assignment_id=e.assignment_id, submission_id=sub.pk
            )
        )
    return sub
