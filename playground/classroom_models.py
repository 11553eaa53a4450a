"""The classroom's records: assignments an instructor hands out, the students who joined one,
and their submissions (issue 14).

An instructor (a user in the `instructor` group, or staff: `playground.instructors`) publishes a
scenario of the library, shipped or their own (`Scenario.author`), as an `Assignment` with a short
code (`/a/<code>/`). A student joins with a display name and no account (`Enrollment`, owned like
a design: a user or a browser session), works on their own fork (`Enrollment.design`, a `Design`
attempting the assignment's scenario) and submits it: a `Submission` is immutable, a snapshot of
the design and the verdict its check gave (the goals passed or failed, with their numbers).

Imported by `playground.models`, so these are the `playground` app's models.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

#: Short codes avoid letters and digits read alike on a projector (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6  # 31**6: about 887 million codes
DISPLAY_NAME_MAX_LENGTH = 40
TITLE_MAX_LENGTH = 200
SESSION_KEY_MAX_LENGTH = 40


def new_assignment_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Assignment(models.Model):
    """A scenario handed to a class. `scenario` is the slug of the library scenario it sets
    (its goals and faults are locked on every student's fork, `playground.scenario_lock`).
    `is_open` False: nobody joins or submits until the instructor reopens it."""

    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_assignment_code, editable=False
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    scenario = models.SlugField(max_length=100)
    is_open = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class Enrollment(models.Model):
    """One student in one assignment: their display name, who they are (a user or a browser
    session, exactly one) and their fork. One per owner per assignment; display names are unique
    within an assignment, ignoring case, so the class view never shows two "Alex"."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="enrollments")
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX_LENGTH)
    name_key = models.CharField(max_length=DISPLAY_NAME_MAX_LENGTH)  # casefolded display name
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    owner_session = models.CharField(
        max_length=SESSION_KEY_MAX_LENGTH, blank=True, default="", db_index=True
    )
    design = models.ForeignKey(
        "playground.Design",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "name_key"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner__isnull=False) & Q(owner_session=""))
                | (Q(owner__isnull=True) & ~Q(owner_session="")),
                name="enrollment_exactly_one_owner",
            ),
            models.UniqueConstraint(
                fields=["assignment", "owner"],
                condition=Q(owner__isnull=False),
                name="enrollment_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["assignment", "owner_session"],
                condition=Q(owner__isnull=True),
                name="enrollment_one_per_session",
            ),
            models.UniqueConstraint(
                fields=["assignment", "name_key"], name="enrollment_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} in {self.assignment.code}"


class Submission(models.Model):
    """An immutable record: the design as submitted (`document`, `design_version`) and its
    verdict (`verdict`: the check's result, goals with pass/fail and numbers; `goals_passed`,
    `goals_total` summarise it for sorting). Never updated after it is written."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="submissions")
    design = models.ForeignKey(
        "playground.Design",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    design_version = models.PositiveIntegerField()
    name = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True, default="")
    document = models.JSONField(default=dict)
    verdict = models.JSONField(default=dict)
    goals_passed = models.PositiveIntegerField(default=0)
    goals_total = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "design", "design_version"],
                name="submission_once_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"submission {self.id} by {self.enrollment.display_name}"
