"""Scenarios: the library's as the API serves them, what a client may send to make or change an
authored one (playground.authoring), and who is asking (GET /api/me/)."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from playground import authoring as a
from playground.api.serializers import StoredDocumentField
from playground.api.strict import TextField
from playground.design_outline import OUTLINE_SCHEMA, outline
from playground.services import NAME_MAX_LENGTH


class ScenarioListItemOutput(serializers.Serializer):
    slug = serializers.SlugField()
    authored = serializers.SerializerMethodField(
        help_text="Written by an instructor from a design (opens by its link; never in the "
        "gallery); false for the shipped library."
    )
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    level = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField())
    order = serializers.IntegerField()
    puzzle = serializers.SerializerMethodField(
        help_text="A challenge (a puzzle) fails a goal as it ships and has a fix to find; "
        "otherwise it is an exploration, to read and break."
    )

    outline = serializers.SerializerMethodField()

    def get_puzzle(self, scenario) -> bool:
        return bool(scenario.solution)

    @extend_schema_field(OUTLINE_SCHEMA)
    def get_outline(self, scenario) -> dict[str, Any]:
        return outline(scenario.document)

    def get_authored(self, scenario) -> bool:
        return scenario.author_id is not None


class QuestionOutput(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class ScenarioOutput(ScenarioListItemOutput):
    story = serializers.CharField(allow_blank=True)
    goals = serializers.ListField(child=serializers.DictField())
    hints = serializers.ListField(child=serializers.CharField())
    document = StoredDocumentField()
    solution = serializers.DictField(
        allow_null=True,
        help_text="A challenge's fix, the change that meets its goals: "
        '{"props": {"<node id>": {"<prop>": value}}, "placement": {"<node id>": {"az": ...}}, '
        '"remove": ["<node or edge id>"], "add_nodes": [<node>], "add_edges": [<edge>]}, '
        "each key optional; null for a scenario that is an exploration.",
    )
    questions = QuestionOutput(
        many=True,
        help_text="Checkpoint questions with their answers, for after an attempt: the page "
        "shows them once the learner has run the design to its end, each answer behind a "
        "toggle. An authored scenario's are its author's; empty for a shipped scenario the "
        "library's files no longer hold.",
    )
    can_change = serializers.SerializerMethodField(
        help_text="Whether you may change or delete it (PATCH, DELETE): you authored it, or "
        "you are staff; false for every shipped scenario."
    )

    def get_can_change(self, scenario: Any) -> bool:
        request = self.context.get("request")
        return a.may_change(user=getattr(request, "user", None), scenario=scenario)


class QuestionInput(serializers.Serializer):
    question = TextField(max_length=a.QUESTION_MAX)
    answer = TextField(max_length=a.ANSWER_MAX)


def _hints(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=TextField(max_length=a.HINT_MAX),
        max_length=a.MAX_HINTS,
        help_text=f"Hints the learner reveals one at a time (at most {a.MAX_HINTS}, each up to "
        f"{a.HINT_MAX} characters).",
        **kwargs,
    )


def _questions(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=QuestionInput(),
        max_length=a.MAX_QUESTIONS,
        help_text=f"Checkpoint questions with their answers (at most {a.MAX_QUESTIONS}), shown "
        "once the learner has run the design to its end, each answer behind a toggle.",
        **kwargs,
    )


TITLE_HELP = "Must hold something other than spaces (trimmed when stored)."
NOT_ONLY_SPACES = RegexValidator(r"\S", "must hold something other than spaces.")
LEVEL_HELP = 'How hard it is: one of the shipped library\'s levels, or "" for none.'


class _AuthoredTexts(serializers.Serializer):
    """What a scenario says, beside its design's goals and faults."""

    summary = TextField(max_length=a.SUMMARY_MAX, required=False, allow_blank=True)
    story = TextField(
        max_length=a.STORY_MAX,
        required=False,
        allow_blank=True,
        help_text="Paragraphs split on blank lines.",
    )
    level = serializers.ChoiceField(choices=["", *a.LEVELS], required=False, help_text=LEVEL_HELP)


class ScenarioCreateInput(_AuthoredTexts):
    design_id = serializers.UUIDField(
        help_text="One of your designs: its document (goals and scheduled faults included) is "
        "copied into the scenario as it is now. It must run, and have a goal."
    )
    title = TextField(
        max_length=NAME_MAX_LENGTH, help_text=TITLE_HELP, validators=[NOT_ONLY_SPACES]
    )
    hints = _hints(required=False)
    questions = _questions(required=False)


class ScenarioPatchInput(_AuthoredTexts):
    """PATCH: whichever of these change (none: nothing changes); `design_id` takes a new
    snapshot of that design."""

    design_id = serializers.UUIDField(
        required=False,
        help_text="A design of yours to copy again (its goals and faults replace the "
        "scenario's; checked as on create).",
    )
    title = TextField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=TITLE_HELP,
        validators=[NOT_ONLY_SPACES],
    )
    hints = _hints(required=False)
    questions = _questions(required=False)

    partial = property(lambda self: False, lambda self, value: None)


class ScenarioCardOutput(ScenarioListItemOutput):
    """A scenario in a list (the shipped library, or `?mine=1`'s), or the one just written."""

    url = serializers.SerializerMethodField(help_text="Its page: /scenarios/<slug>/.")
    created = serializers.DateTimeField(allow_null=True)
    goal_count = serializers.SerializerMethodField(help_text="How many goals it has.")
    fault_count = serializers.SerializerMethodField(help_text="How many scheduled faults it plays.")

    def get_url(self, scenario: Any) -> str:
        return f"/scenarios/{scenario.slug}/"

    def get_goal_count(self, scenario: Any) -> int:
        return len(scenario.goals or [])

    def get_fault_count(self, scenario: Any) -> int:
        faults = (scenario.document or {}).get("faults")
        return len(faults) if isinstance(faults, list) else 0


class MeOutput(serializers.Serializer):
    authenticated = serializers.BooleanField()
    username = serializers.CharField(allow_blank=True, help_text='"" when not signed in.')
    is_instructor = serializers.BooleanField(
        help_text="May author scenarios (the instructor group, or staff)."
    )
