"""Thin views: parse input with an input serializer, call one service or selector, render an
output serializer. Ownership, versions and the draft rule live in the services and selectors;
errors become the one error shape in `playground.api.errors`. Share links are in `share_views`,
scenarios (and GET /api/me/) in `scenario_views`, what every view shares in `base`."""

from __future__ import annotations

from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from playground import selectors, services
from playground.api import run_serializers as rs
from playground.api import serializers as s
from playground.api.base import ID, RUN_ID, VERSION, WRITE_ERRORS, ApiView, errors, valid
from playground.api.pagination import MAX_LIMIT, BoundedPagination
from playground.api.strict import query_integer
from playground.owners import owner_for_request
from playground.progress import progress_list

DRAFT_RULE = (
    "Designs belong to the caller: a signed-in user, or else the browser session (started by the "
    "first save; no account needed). Every POST/PUT/PATCH/DELETE needs the X-CSRFToken header "
    "(GET /api/csrf/). Draft rule: a half-built document is stored as it is (problems are for "
    "POST /api/designs/validate/ to list); only an unreadable one is refused with 400 and "
    "`problems` addressed from the request (`document.format`): not an object, `format` missing "
    "or not 1, top-level parts of the wrong type, over the size limits. Text anywhere in a body "
    "may not hold the NUL character (\\u0000): 400."
)
VERSION_RULE = (
    " Send the `version` you last read: on success the version grows by one; if someone saved in "
    'between, 409 `{"detail", "current_version"}` and nothing changes.'
)
PAGE_PARAMETERS = [
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        description=f"Page size, 1-{MAX_LIMIT} (default {MAX_LIMIT}); anything else is a 400.",
    ),
    OpenApiParameter(
        "offset",
        {"type": "integer", "minimum": 0},
        description="How many to skip (default 0); past the end, an empty page.",
    ),
]


class DesignListView(ApiView):
    throttle_scopes = {"POST": ("design_create",)}

    @extend_schema(
        operation_id="designs_list",
        summary="Your designs, most recently changed first",
        parameters=PAGE_PARAMETERS,
        responses={200: s.DesignPageOutput, **errors(400)},
    )
    def get(self, request: Request) -> Response:
        owner = owner_for_request(request, create=False)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(selectors.design_list(owner=owner), request, view=self)
        return paginator.get_paginated_response(s.DesignListItemOutput(page, many=True).data)

    @extend_schema(
        operation_id="designs_create",
        summary="Save a new design (drafts welcome)",
        description=DRAFT_RULE,
        request=s.DesignCreateInput,
        responses={201: s.DesignOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        data = valid(s.DesignCreateInput, request)
        owner = owner_for_request(request, create=True)
        design = services.design_create(owner=owner, **data)
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)


class DesignDetailView(ApiView):
    @extend_schema(
        operation_id="designs_retrieve",
        parameters=[ID],
        responses={200: s.DesignOutput, **errors(404)},
    )
    def get(self, request: Request, id: str) -> Response:
        design = selectors.design_get(owner=owner_for_request(request, create=False), design_id=id)
        return Response(s.DesignOutput(design).data)

    @extend_schema(
        operation_id="designs_replace",
        summary="Replace name and document (send `version`)",
        description=DRAFT_RULE + VERSION_RULE,
        parameters=[ID],
        request=s.DesignReplaceInput,
        responses={200: s.DesignOutput, **errors(*WRITE_ERRORS, 404, 409)},
    )
    def put(self, request: Request, id: str) -> Response:
        return self._update(request, id, s.DesignReplaceInput)

    @extend_schema(
        operation_id="designs_partial_update",
        summary="Change name and/or document (send `version`)",
        description=DRAFT_RULE
        + VERSION_RULE
        + " A `name` sent without a `document` is a rename: it becomes the stored document's "
        "own `name` as well.",
        parameters=[ID],
        request=s.DesignPatchInput,
        responses={200: s.DesignOutput, **errors(*WRITE_ERRORS, 404, 409)},
    )
    def patch(self, request: Request, id: str) -> Response:
        return self._update(request, id, s.DesignPatchInput)

    @extend_schema(
        operation_id="designs_destroy",
        summary="Delete a design (send `?version=`)",
        description=(
            "Send the version you last read: `DELETE /api/designs/{id}/?version=N`. "
            'If someone saved in between, 409 `{"detail", "current_version"}` and '
            "nothing is deleted, so a stale tab cannot delete newer work. Share links "
            "and runs keep their snapshots."
        ),
        parameters=[ID, VERSION],
        responses={204: OpenApiResponse(description="Deleted."), **errors(400, 403, 404, 409)},
    )
    def delete(self, request: Request, id: str) -> Response:
        version = query_integer(
            request.query_params,
            "version",
            low=1,
            high=s.MAX_VERSION,
            missing="is required: send the version you last read, "
            "DELETE /api/designs/{id}/?version=N",
        )
        services.design_delete(
            owner=owner_for_request(request, create=False), design_id=id, version=version
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, id: str, serializer_class: type) -> Response:
        data = valid(serializer_class, request)
        design = services.design_update(
            owner=owner_for_request(request, create=False), design_id=id, **data
        )
        return Response(s.DesignOutput(design).data)


class DesignDuplicateView(ApiView):
    throttle_scopes = {"POST": ("design_create",)}

    @extend_schema(
        operation_id="designs_duplicate",
        summary='Copy one of your designs ("Copy of <name>")',
        description=(
            "A new design of yours holding the design's document as saved now, named "
            '"Copy of <name>", attempting the same scenario; version 1. Runs, share links and '
            "an assignment stay with the original. Another person's design is a 404. No body."
        ),
        parameters=[ID],
        request=None,
        responses={201: s.DesignOutput, **errors(403, 404)},
    )
    def post(self, request: Request, id: str) -> Response:
        design = services.design_duplicate(
            owner=owner_for_request(request, create=False), design_id=id
        )
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)


class DesignValidateView(ApiView):
    @extend_schema(
        operation_id="designs_validate",
        summary="Check any document",
        description=(
            "Checks a design document with simengine and lists ALL its problems. The answer is "
            "always 200 when the request itself is well formed: an invalid document is a valid "
            'question, answered `{"valid": false, "problems": [...]}`. Problem paths are '
            "relative to the document (`nodes[3].props.max`). 400 only when the request is "
            "not JSON or has no `document`."
        ),
        request=s.ValidateInput,
        responses={200: s.ValidateOutput, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        problems = selectors.document_problems(document=valid(s.ValidateInput, request)["document"])
        return Response({"valid": not problems, "problems": [p.to_dict() for p in problems]})


class ComponentsView(ApiView):
    @extend_schema(
        operation_id="components",
        summary="The component catalogue (palette and inspector data)",
        responses={
            200: OpenApiResponse(
                {
                    "type": "object",
                    "additionalProperties": True,
                    "required": [
                        "format",
                        "kinds",
                        "edge_props",
                        "fault_kinds",
                        "goal_metrics",
                        "limits",
                    ],
                },
                description="simengine's catalogue: every kind with its scope, edges and props.",
            )
        },
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.catalogue())


class RunDetailView(ApiView):
    @extend_schema(
        operation_id="runs_retrieve",
        summary="A run you started, with its report once finished",
        parameters=[RUN_ID],
        description="Its report once finished, and the series its charts drew (`series`).",
        responses={200: rs.RunOutput, **errors(404)},
    )
    def get(self, request: Request, id: str) -> Response:
        run = selectors.run_get(owner=owner_for_request(request, create=False), run_id=id)
        return Response(rs.RunOutput(run).data)


class DesignRunsView(ApiView):
    @extend_schema(
        operation_id="designs_runs",
        summary="Your finished runs of this design, newest first",
        description=(
            "Small items: the run's id, when it started and ended, the seed, the simulated "
            "duration and the report's headline figures. The whole run (report and charts' "
            "series) is GET /api/runs/{id}/. Someone else's design, or none, is a 404."
        ),
        parameters=[ID, *PAGE_PARAMETERS],
        responses={200: rs.RunPageOutput, **errors(400, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        runs = selectors.design_runs(owner=owner_for_request(request, create=False), design_id=id)
        paginator = BoundedPagination()
        page = paginator.paginate_queryset(runs, request, view=self)
        return paginator.get_paginated_response(rs.RunListItemOutput(page, many=True).data)


class ProgressView(ApiView):
    @extend_schema(
        operation_id="progress_list",
        summary="Your progress on the scenario library",
        description=(
            "One item per scenario the caller (a signed-in user, or else the browser session) "
            "has attempted: a scenario design's complete graded live run, or a check, counts; a "
            "run stopped early or not graded does not. Scenarios never attempted are absent. "
            "A caller without a session gets an empty list, and asking starts no session. "
            "The gallery joins it with GET /api/scenarios/ by slug."
        ),
        responses={200: s.ProgressOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        owner = owner_for_request(request, create=False)
        rows = [] if owner is None else progress_list(owner=owner)
        return Response(s.ProgressOutput(rows, many=True).data)


class CsrfView(ApiView):
    @extend_schema(
        operation_id="csrf",
        summary="The CSRF token (also set as the csrftoken cookie)",
        responses={200: s.CsrfOutput},
    )
    def get(self, request: Request) -> Response:
        return Response({"csrfToken": get_token(request)})
