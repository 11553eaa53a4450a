"""Output serializers of the class view (issue 14): they say exactly what the results, a
submission and its fork return, and drive the OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers

from playground.api.serializers import StoredDocumentField


class GoalColumnOutput(serializers.Serializer):
    metric = serializers.CharField()
    scope = serializers.CharField(allow_null=True)
    op = serializers.CharField()
    value = serializers.FloatField()
    label = serializers.CharField()
    unit = serializers.CharField(allow_null=True)


class GoalResultOutput(serializers.Serializer):
    metric = serializers.CharField(allow_null=True)
    scope = serializers.CharField(allow_null=True)
    op = serializers.CharField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(
        allow_null=True, help_text="What the submission measured (null: it cannot be given)."
    )
    passed = serializers.BooleanField()


class SubmissionSummaryOutput(serializers.Serializer):
    id = serializers.UUIDField()
    created = serializers.DateTimeField()
    design_version = serializers.IntegerField()
    goals_passed = serializers.IntegerField()
    goals_total = serializers.IntegerField()
    goals = GoalResultOutput(many=True)


class StudentResultOutput(serializers.Serializer):
    enrollment_id = serializers.IntegerField()
    display_name = serializers.CharField()
    joined = serializers.DateTimeField()
    design_id = serializers.UUIDField(allow_null=True)
    submissions = serializers.IntegerField(help_text="How many times they submitted.")
    latest = SubmissionSummaryOutput(allow_null=True)
    best = SubmissionSummaryOutput(
        allow_null=True, help_text="Most goals passed; between equals, the earlier."
    )


class ClassAssignmentOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    scenario = serializers.CharField()
    is_open = serializers.BooleanField()
    created = serializers.DateTimeField()


class ResultsOutput(serializers.Serializer):
    assignment = ClassAssignmentOutput()
    goals = GoalColumnOutput(many=True, help_text="The assignment's goals, a column each.")
    joined = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="Students who submitted at least once.")
    students = StudentResultOutput(many=True, help_text="Sorted by display name.")


class SubmittedDesignOutput(serializers.Serializer):
    """One submission as submitted: the snapshot and its verdict, read-only."""

    id = serializers.UUIDField()
    assignment = serializers.CharField(help_text="The assignment's code.")
    scenario = serializers.CharField(help_text="The scenario the assignment sets.")
    display_name = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    design_version = serializers.IntegerField()
    document = StoredDocumentField()
    goals = GoalResultOutput(many=True)
    goals_passed = serializers.IntegerField()
    goals_total = serializers.IntegerField()
    created = serializers.DateTimeField()
