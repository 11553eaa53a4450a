"""The scenario library and the scenarios instructors author (playground.authoring), and who is
asking (GET /api/me/: what the page shows an instructor). Thin, as every view: the rules (who
may, what makes a lesson) live in playground.authoring."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from playground import authoring, selectors
from playground.api import scenario_serializers as a
from playground.api import serializers as s
from playground.api.base import SLUG, ApiView, errors, valid
from playground.api.strict import query_integer
from playground.instructors import is_instructor

WHO_MAY = (
    "Instructors only (the `instructor` group an admin grants, and staff): anyone else gets 403. "
)
WHO_CHANGES = (
    "Only the scenario's author, or staff: another instructor, a learner or an anonymous "
    "caller gets 403, and so does every shipped scenario (its file in playground/scenarios/ "
    "is the truth, reloaded by load_scenarios). An unknown slug is 404. "
)
LESSON = (
    "The design must be yours (else 404), run (simengine finds no problem: else 400 with each "
    'problem at `design.<path>`) and have a goal (else 400 "add a goal in Goals & story '
    'first"). '
)
FORBIDDEN = OpenApiResponse(
    s.ErrorOutput,
    description="Not yours to do (`detail` says who may), or the CSRF check failed "
    "(send X-CSRFToken).",
)
MINE = OpenApiParameter(
    "mine",
    {"type": "integer", "enum": [0, 1]},
    description="1: the scenarios you authored, newest first (instructors only: 403 "
    "otherwise); 0 or omitted: the shipped library.",
)


class ScenarioListView(ApiView):
    throttle_scopes = {"POST": ("scenario_create",)}

    @extend_schema(
        operation_id="scenarios_list",
        summary="The shipped scenario library in gallery order (or, with ?mine=1, yours)",
        parameters=[MINE],
        responses={200: a.ScenarioCardOutput(many=True), **errors(400), 403: FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        if query_integer(request.query_params, "mine", low=0, high=1, default=0):
            authoring.check_may_author(request.user)
            rows = selectors.scenario_list_authored(author_id=request.user.pk)
        else:
            rows = selectors.scenario_list()
        return Response(a.ScenarioCardOutput(rows, many=True).data)

    @extend_schema(
        operation_id="scenarios_create",
        summary="Make a scenario from one of your designs",
        description=WHO_MAY
        + LESSON
        + "The scenario is a snapshot: later edits of the design do not change it. It opens "
        "at `url` (/scenarios/<slug>/) for anyone with the link, and is not in the gallery.",
        request=a.ScenarioCreateInput,
        responses={
            201: a.ScenarioCardOutput,
            **errors(400, 404, 413),
            403: FORBIDDEN,
        },
    )
    def post(self, request: Request) -> Response:
        authoring.check_may_author(request.user)
        data = valid(a.ScenarioCreateInput, request)
        scenario = authoring.scenario_from_design(author_id=request.user.pk, **data)
        return Response(a.ScenarioCardOutput(scenario).data, status=status.HTTP_201_CREATED)


class ScenarioDetailView(ApiView):
    @extend_schema(
        operation_id="scenarios_retrieve",
        summary="A scenario, shipped or authored (anyone with its slug)",
        parameters=[SLUG],
        responses={200: a.ScenarioOutput, **errors(404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        scenario = selectors.scenario_get(slug=slug)
        return Response(a.ScenarioOutput(scenario, context={"request": request}).data)

    @extend_schema(
        operation_id="scenarios_partial_update",
        summary="Change a scenario you authored",
        description=WHO_CHANGES
        + "Send any of the fields; `design_id` takes a new snapshot of that design. "
        + LESSON,
        parameters=[SLUG],
        request=a.ScenarioPatchInput,
        responses={200: a.ScenarioCardOutput, **errors(400, 404, 413), 403: FORBIDDEN},
    )
    def patch(self, request: Request, slug: str) -> Response:
        authoring.check_may_author(request.user)
        data = valid(a.ScenarioPatchInput, request)
        scenario = authoring.scenario_update(user=request.user, slug=slug, **data)
        return Response(a.ScenarioCardOutput(scenario).data)

    @extend_schema(
        operation_id="scenarios_destroy",
        summary="Delete a scenario you authored",
        description=WHO_CHANGES
        + "Designs that attempt it are then graded as they stand. One that an assignment sets "
        "is 400: delete the assignment first.",
        parameters=[SLUG],
        responses={
            204: OpenApiResponse(description="Deleted."),
            **errors(400, 404),
            403: FORBIDDEN,
        },
    )
    def delete(self, request: Request, slug: str) -> Response:
        authoring.scenario_delete(user=request.user, slug=slug)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(ApiView):
    @extend_schema(
        operation_id="me",
        summary="Who is asking: signed in, and whether they may author scenarios",
        responses={200: a.MeOutput},
    )
    def get(self, request: Request) -> Response:
        user = request.user
        signed_in = bool(user and user.is_authenticated)
        return Response(
            {
                "authenticated": signed_in,
                "username": user.get_username() if signed_in else "",
                "is_instructor": is_instructor(user),
            }
        )
