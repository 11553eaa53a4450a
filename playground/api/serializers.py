"""Input and output serializers, kept apart: inputs validate what a client may send, outputs say
exactly what the API returns (and drive the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from playground import classroom_selectors, selectors
from playground.api.strict import DateTimeText, TextField, WholeNumberField, json_kind
from playground.design_outline import OUTLINE_SCHEMA, outline
from playground.documents import draft_problems
from playground.services import NAME_MAX_LENGTH
from simengine.design import FORMAT_VERSION
from simengine.limits import DEFAULT_LIMITS

MAX_VERSION = 2**31 - 1

_OBJECTS = {"type": "array", "items": {"type": "object", "additionalProperties": True}}

DRAFT_DOCUMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "A design document, format 1 (DESIGN.md). Saving follows the draft rule: a half-built "
        "design (unknown kinds or props, dangling edges, duplicate ids, missing placements...) is "
        "stored as it is, so the canvas can autosave; use POST /api/designs/validate/ to list its "
        "problems. Refused with 400 are documents nobody can read back: not an object, `format` "
        "missing or not 1, `regions`/`nodes`/`edges`/`faults`/`goals` not lists of objects or "
        "longer than the limits, `run` not an object, `name` not text, text anywhere holding the "
        "NUL character (\\u0000), or too large."
    ),
    "required": ["format"],
    "properties": {
        "format": {"type": "integer", "enum": [FORMAT_VERSION]},
        "name": {"type": "string"},
        "regions": {**_OBJECTS, "maxItems": DEFAULT_LIMITS.max_regions},
        "nodes": {**_OBJECTS, "maxItems": DEFAULT_LIMITS.max_nodes},
        "edges": {**_OBJECTS, "maxItems": DEFAULT_LIMITS.max_edges},
        "faults": {**_OBJECTS, "maxItems": DEFAULT_LIMITS.max_faults},
        "goals": {**_OBJECTS, "maxItems": DEFAULT_LIMITS.max_goals},
        "run": {"type": "object", "additionalProperties": True},
    },
    "additionalProperties": True,
}


@extend_schema_field(DRAFT_DOCUMENT_SCHEMA)
class DraftDocumentField(serializers.JSONField):
    """A design document to store, checked against the draft rule (playground.documents) here, so
    an unreadable one is refused with the other input errors and before a session is started.
    (The service checks again for callers that are not the API.)"""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        problems = draft_problems(value)
        if any(not p.path for p in problems):
            raise serializers.ValidationError([p.message for p in problems if not p.path])
        if problems:
            raise serializers.ValidationError({p.path: [p.message] for p in problems})
        return value


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "A design document, format 1, as stored.",
    }
)
class StoredDocumentField(serializers.JSONField):
    """A stored design document (read-only output)."""


@extend_schema_field(
    {"description": "Any JSON value: the document to check, format 1 (DESIGN.md)."}
)
class AnyDocumentField(serializers.JSONField):
    """Whatever the client wants checked."""


class ProblemOutput(serializers.Serializer):
    path = serializers.CharField(
        help_text="JSON path, e.g. `nodes[3].props.max`; empty for the whole thing.",
        allow_blank=True,
    )
    message = serializers.CharField()


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemOutput(many=True, required=False)


class ConflictOutput(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


# Designs -------------------------------------------------------------------------------------

VERSION_HELP = "The version you last read; a stale one gets 409."


SCENARIO_HELP = (
    "The library scenario this design attempts (a slug from GET /api/scenarios/, or an "
    "instructor's authored scenario's), as the scenario page's Start sends it; omit or \"\" "
    "for a design of your own. In a scenario design the scenario's goals, scheduled faults and "
    "run length are locked: every run and check of it is graded on them (plus goals of your "
    "own), whatever the document says. Not a scenario: 400, nothing saved. Set once: a save "
    "never changes it."
)


SLUG_PATTERN = "^[A-Za-z0-9_-]*$"


@extend_schema_field({"type": "string", "maxLength": 100, "pattern": SLUG_PATTERN})
class ScenarioSlugField(serializers.Field):
    """A library scenario's slug (shipped, or an instructor's authored one: selectors.
    scenario_exists), or "" for none. Checked against the database, not a list fixed at import:
    an instructor authors new ones while the server runs. (A plain Field, so the schema is
    exactly the one above: a CharField would add minLength or a oneOf for the blank.)"""

    default_error_messages = {
        "not_text": "must be text (a JSON string), not {kind}.",
        "too_long": "must be at most 100 characters.",
        "no_scenario": 'There is no scenario "{input}" in the library (GET /api/scenarios/ '
        "lists the shipped ones; an instructor's opens by its link).",
    }

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("help_text", SCENARIO_HELP)
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text", kind=json_kind(data))
        if len(data) > 100:
            self.fail("too_long")
        if data and not selectors.scenario_exists(slug=data):
            self.fail("no_scenario", input=data)
        return data

    def to_representation(self, value: Any) -> str:
        return value


class _DesignFields(serializers.Serializer):
    name = TextField(max_length=NAME_MAX_LENGTH)
    document = DraftDocumentField()


class DesignCreateInput(_DesignFields):
    scenario = ScenarioSlugField()


class DesignReplaceInput(_DesignFields):
    """PUT: everything, with the version last read."""

    version = WholeNumberField(min_value=1, max_value=MAX_VERSION, help_text=VERSION_HELP)


class DesignPatchInput(serializers.Serializer):
    """PATCH: the version last read (always required), and whichever of name and document change.

    Never "partial" in DRF's sense: drf-spectacular would otherwise describe a PATCH body with
    every field optional, while the server refuses one without `version`."""

    name = TextField(max_length=NAME_MAX_LENGTH, required=False)
    document = DraftDocumentField(required=False)
    version = WholeNumberField(min_value=1, max_value=MAX_VERSION, help_text=VERSION_HELP)

    partial = property(lambda self: False, lambda self, value: None)


SCENARIO_OUT_HELP = 'The library scenario this design attempts; "" for a design of your own.'


class DesignListItemOutput(serializers.Serializer):
    """A design in a list: its outline for a thumbnail, not the document (GET the design)."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    scenario = serializers.CharField(read_only=True, allow_blank=True, help_text=SCENARIO_OUT_HELP)
    scenario_title = serializers.CharField(
        read_only=True, allow_null=True, help_text="That scenario's title (null for none)."
    )
    outline = serializers.SerializerMethodField()

    @extend_schema_field(OUTLINE_SCHEMA)
    def get_outline(self, design: Any) -> dict[str, Any]:
        return outline(design.document)

    version = serializers.IntegerField(read_only=True)
    created = serializers.DateTimeField(read_only=True)
    updated = serializers.DateTimeField(read_only=True)


class DesignAssignmentOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    is_open = serializers.BooleanField()


class DesignOutput(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    scenario = serializers.CharField(read_only=True, allow_blank=True, help_text=SCENARIO_OUT_HELP)
    document = StoredDocumentField()
    version = serializers.IntegerField(read_only=True)
    created = serializers.DateTimeField(read_only=True)
    updated = serializers.DateTimeField(read_only=True)
    assignment = serializers.SerializerMethodField(
        help_text="The assignment this design is your fork for (submit it there), or null."
    )

    @extend_schema_field(DesignAssignmentOutput(allow_null=True))
    def get_assignment(self, design: Any) -> dict[str, Any] | None:
        found = classroom_selectors.assignment_of_design(design_id=design.pk)
        return DesignAssignmentOutput(found).data if found is not None else None


class DesignPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = DesignListItemOutput(many=True)


class ValidateInput(serializers.Serializer):
    document = AnyDocumentField(allow_null=True)


class ValidateOutput(serializers.Serializer):
    valid = serializers.BooleanField()
    problems = ProblemOutput(
        many=True, help_text="Paths are relative to the document (`nodes[3].props.max`)."
    )


# Share links ---------------------------------------------------------------------------------


class ShareCreateInput(serializers.Serializer):
    expires = DateTimeText(
        required=False,
        allow_null=True,
        help_text="When the link stops working; omit or null: never.",
    )


class ShareLinkOutput(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.SerializerMethodField()
    expires = serializers.DateTimeField(allow_null=True)
    revoked = serializers.BooleanField()

    def get_url(self, link: Any) -> str:
        """The page that shows the shared design read-only (`/s/<token>/`, absolute)."""
        path = f"/s/{link.token}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SharedDesignOutput(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    document = StoredDocumentField()
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(allow_null=True)


class ForkInput(serializers.Serializer):
    name = TextField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text="Name of the new design; the shared name if omitted.",
    )
    scenario = ScenarioSlugField(
        help_text="The library scenario the copy attempts (its goals and faults locked); "
        'omitted: the shared design\'s own, if it attempts one; "": none. Not a library '
        "scenario: 400, nothing copied."
    )


# Progress, csrf (runs: run_serializers; scenarios: scenario_serializers) -------------------


class ProgressBestOutput(serializers.Serializer):
    goals_passed = serializers.IntegerField(
        min_value=0, help_text="How many of the scenario's own goals the best result met."
    )
    goals_total = serializers.IntegerField(
        min_value=1, help_text="How many goals the scenario has (a learner's own do not count)."
    )
    source = serializers.ChoiceField(
        choices=["run", "check"],
        help_text='"run": a complete graded live run; "check": Check my design (many seeds).',
    )
    at = serializers.DateTimeField(help_text="When the result was recorded.")


class ProgressOutput(serializers.Serializer):
    scenario = serializers.SlugField(help_text="The scenario's slug.")
    attempts = serializers.IntegerField(
        min_value=0, help_text="Complete graded runs and checks of the scenario's designs."
    )
    passed = serializers.BooleanField(help_text="Once any result met every goal of the scenario.")
    best = ProgressBestOutput(help_text="The result with the most goals met (the later on a tie).")


class CsrfOutput(serializers.Serializer):
    csrfToken = serializers.CharField(
        help_text="Send it as the X-CSRFToken header on POST/PUT/PATCH/DELETE."
    )
