"""Input and output serializers of the assignments API (issue 14): what an instructor sends to
set one, what a student sends to join and submit, and what each of them reads back."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from playground.api.strict import TextField
from playground.classroom_models import DISPLAY_NAME_MAX_LENGTH, TITLE_MAX_LENGTH


def assignment_link(code: str, request: Any) -> str:
    """The assignment page (`/a/<code>/`), absolute when the request is known."""
    path = f"/a/{code}/"
    return request.build_absolute_uri(path) if request is not None else path


class UUIDText(serializers.UUIDField):
    """A UUID sent as a JSON string (DRF would take the number 5 as UUID int 5)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class AssignmentCreateInput(serializers.Serializer):
    scenario = TextField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="The slug of a library scenario (GET /api/scenarios/) or one you authored. "
        "Send this or `design_id`, not both.",
    )
    design_id = UUIDText(
        required=False,
        help_text="One of your designs (with at least one goal): a snapshot of it becomes an "
        "authored scenario, and the assignment sets it. Send this or `scenario`, not both.",
    )
    title = TextField(
        required=False,
        allow_blank=True,
        max_length=TITLE_MAX_LENGTH,
        help_text="What students see; trimmed. Omitted or blank: the scenario's (or the "
        "design's) title.",
    )


class JoinInput(serializers.Serializer):
    display_name = TextField(
        allow_blank=True,  # the service says what an empty name needs
        max_length=DISPLAY_NAME_MAX_LENGTH + 20,
        help_text=f"The name the class view shows: trimmed, 1-{DISPLAY_NAME_MAX_LENGTH} "
        "characters, no control characters, not already taken in this class (ignoring case: "
        "409).",
    )


class SubmitInput(serializers.Serializer):
    design_id = UUIDText(
        help_text="Your fork of this assignment (the design joining opened for you)."
    )


class AssignmentOutput(serializers.Serializer):
    code = serializers.CharField(help_text="The short code (6 letters and digits, any case).")
    link = serializers.SerializerMethodField(help_text="The assignment page, `/a/<code>/`.")
    title = serializers.CharField()
    scenario = serializers.SlugField(help_text="The slug of the scenario it sets.")
    is_open = serializers.BooleanField(help_text="False: nobody joins or submits until reopened.")
    created = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_link(self, assignment: Any) -> str:
        return assignment_link(assignment.code, self.context.get("request"))


class SubmissionBriefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    created = serializers.DateTimeField()
    design_version = serializers.IntegerField(help_text="The version of the fork submitted.")
    goals_passed = serializers.IntegerField(min_value=0)
    goals_total = serializers.IntegerField(
        min_value=0, help_text="The scenario's goals (a student's own goals do not count)."
    )


class IntervalOutput(serializers.Serializer):
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)


class VerdictGoalOutput(serializers.Serializer):
    metric = serializers.CharField()
    scope = serializers.CharField(allow_null=True)
    op = serializers.CharField()
    value = serializers.FloatField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    actual = serializers.FloatField(allow_null=True, help_text="The mean over the seeds.")
    interval = IntervalOutput(help_text="The check's interval for the mean.")
    pass_rate = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField()
    verdict = serializers.CharField(allow_null=True)
    counts = serializers.BooleanField(
        help_text="One of the scenario's goals (counted in goals_passed/goals_total)."
    )


class VerdictOutput(serializers.Serializer):
    seeds = serializers.IntegerField()
    certain = serializers.BooleanField()
    passed = serializers.BooleanField(help_text="Every one of the scenario's goals passed.")
    goals = VerdictGoalOutput(many=True)


class SubmissionOutput(SubmissionBriefOutput):
    verdict = VerdictOutput(help_text="What the check of this version gave, as stored.")


class EnrollmentOutput(serializers.Serializer):
    display_name = serializers.CharField()
    design_id = UUIDText(allow_null=True, help_text="Your fork (null if deleted).")
    play = serializers.SerializerMethodField(help_text="The editor on your fork, `/play/<id>/`.")
    submissions = SubmissionBriefOutput(many=True, help_text="Newest first.")

    def get_play(self, you: Any) -> str | None:
        design_id = you["design_id"]
        return f"/play/{design_id}/" if design_id else None


class ScenarioBriefOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    story = serializers.CharField(allow_blank=True)


class CountsOutput(serializers.Serializer):
    enrolled = serializers.IntegerField(help_text="Students who joined.")
    submitted = serializers.IntegerField(help_text="Students with at least one submission.")
    submissions = serializers.IntegerField(help_text="Submissions in all.")


class AssignmentDetailOutput(serializers.Serializer):
    code = serializers.CharField(source="assignment.code")
    link = serializers.SerializerMethodField(help_text="The assignment page, `/a/<code>/`.")
    title = serializers.CharField(source="assignment.title")
    is_open = serializers.BooleanField(source="assignment.is_open")
    scenario = ScenarioBriefOutput()
    you = EnrollmentOutput(allow_null=True, help_text="Your enrollment, or null if you have none.")
    is_instructor = serializers.BooleanField(help_text="You set this assignment.")
    counts = CountsOutput(allow_null=True, help_text="For the instructor who set it; else null.")

    def get_link(self, view: Any) -> str:
        return assignment_link(view["assignment"].code, self.context.get("request"))


class JoinOutput(EnrollmentOutput):
    code = serializers.CharField()
    joined = serializers.BooleanField(help_text="True: this request joined; false: you had.")
