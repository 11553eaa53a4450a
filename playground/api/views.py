"""Thin views: parse input with an input serializer, call one service or selector, render an
output serializer. Ownership, versions and the draft rule live in the services and selectors;
errors become the one error shape in `playground.api.errors`."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from playground import selectors, services
from playground.api import serializers as s
from playground.api.authentication import CsrfSessionAuthentication
from playground.api.pagination import MAX_LIMIT, BoundedPagination
from playground.api.parsers import BoundedJSONParser
from playground.api.strict import query_integer
from playground.api.throttles import ScopedThrottle
from playground.owners import owner_for_request

_ERROR_TEXT = {
    400: "Invalid input: `problems` lists each field and what is wrong with it.",
    403: "CSRF check failed: send the token from /api/csrf/ (or the csrftoken cookie) as X-CSRFToken.",
    404: "No such thing, or it is not yours (another person's design is indistinguishable from none).",
    409: "Stale version: someone saved in between. Nothing changed; re-read and retry.",
    413: "The request body is larger than 512 KiB.",
}
ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The design's id."
)
RUN_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The run's id."
)
TOKEN = OpenApiParameter(
    "token",
    {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
    OpenApiParameter.PATH,
    description="The share link's token.",
)
VERSION = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": s.MAX_VERSION},
    OpenApiParameter.QUERY,
    required=True,
    description="The version you last read. If someone saved since, 409 with `current_version` and nothing is deleted.",
)
SLUG = OpenApiParameter(
    "slug",
    {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,100}$"},
    OpenApiParameter.PATH,
    description="The scenario's slug.",
)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for these error statuses, all in the one error shape."""
    return {
        code: OpenApiResponse(
            s.ConflictOutput if code == 409 else s.ErrorOutput, description=_ERROR_TEXT[code]
        )
        for code in codes
    }


def _valid(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ApiView(APIView):
    """Every API view: session auth with CSRF for all callers, the bounded JSON parser, and the
    throttle: `throttle_scopes` names what each method costs (playground.api.throttles; 429 in
    the OpenAPI responses of those methods)."""

    authentication_classes = [CsrfSessionAuthentication]
    parser_classes = [BoundedJSONParser]
    throttle_classes = [ScopedThrottle]
    throttle_scopes: dict[str, tuple[str, ...]] = {}


WRITE_ERRORS = (400, 403, 413)

DRAFT_RULE = (
    "Designs belong to the caller: a signed-in user, or else the browser session (started by the "
    "first save; no account needed). Every POST/PUT/PATCH/DELETE needs the X-CSRFToken header "
    "(GET /api/csrf/). Draft rule: a half-built document is stored as it is (problems are for "
    "POST /api/designs/validate/ to list); only an unreadable one is refused with 400 and "
    "`problems` addressed from the request (`document.format`): not an object, `format` missing "
    "or not 1, top-level parts of the wrong type, over the size limits. Text anywhere in a body may "
    "not hold the NUL character (\\u0000): 400."
)
VERSION_RULE = (
    " Send the `version` you last read: on success the version grows by one; if someone saved in "
    'between, 409 `{"detail", "current_version"}` and nothing changes.'
)


class DesignListView(ApiView):
    throttle_scopes = {"POST": ("design_create",)}

    @extend_schema(
        operation_id="designs_list",
        summary="Your designs, most recently updated first",
        parameters=[
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"Page size, 1-{MAX_LIMIT} (default {MAX_LIMIT}); "
                "anything else is a 400.",
            ),
            OpenApiParameter(
                "offset",
                {"type": "integer", "minimum": 0},
                description="How many designs to skip (default 0); past the end, an empty page.",
            ),
        ],
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
        data = _valid(s.DesignCreateInput, request)
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
        description=DRAFT_RULE + VERSION_RULE,
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
        data = _valid(serializer_class, request)
        design = services.design_update(
            owner=owner_for_request(request, create=False), design_id=id, **data
        )
        return Response(s.DesignOutput(design).data)


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
        problems = selectors.document_problems(
            document=_valid(s.ValidateInput, request)["document"]
        )
        return Response({"valid": not problems, "problems": [p.to_dict() for p in problems]})


class ShareCreateView(ApiView):
    throttle_scopes = {"POST": ("share_create",)}

    @extend_schema(
        operation_id="designs_share",
        summary="Make a read-only link to a snapshot of your design",
        parameters=[ID],
        request=s.ShareCreateInput,
        responses={201: s.ShareLinkOutput, **errors(*WRITE_ERRORS, 404)},
    )
    def post(self, request: Request, id: str) -> Response:
        data = _valid(s.ShareCreateInput, request)
        link = services.share_link_create(
            owner=owner_for_request(request, create=False), design_id=id, **data
        )
        return Response(
            s.ShareLinkOutput(link, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ShareListView(ApiView):
    @extend_schema(
        operation_id="designs_shares",
        summary="The links you made to this design",
        parameters=[ID],
        responses={200: s.ShareLinkOutput(many=True), **errors(404)},
    )
    def get(self, request: Request, id: str) -> Response:
        links = selectors.share_link_list(
            owner=owner_for_request(request, create=False), design_id=id
        )
        return Response(s.ShareLinkOutput(links, many=True, context={"request": request}).data)


class SharedDesignView(ApiView):
    throttle_scopes = {"GET": ("token",)}

    @extend_schema(
        operation_id="shared_retrieve",
        summary="Read a shared design (anyone with the token)",
        parameters=[TOKEN],
        responses={200: s.SharedDesignOutput, **errors(404)},
    )
    def get(self, request: Request, token: str) -> Response:
        return Response(s.SharedDesignOutput(selectors.share_link_get_open(token=token)).data)


class ShareRevokeView(ApiView):
    @extend_schema(
        operation_id="shared_revoke",
        summary="Revoke a link you made (idempotent)",
        parameters=[TOKEN],
        request=None,
        responses={200: s.ShareLinkOutput, **errors(403, 404)},
    )
    def post(self, request: Request, token: str) -> Response:
        link = services.share_link_revoke(
            owner=owner_for_request(request, create=False), token=token
        )
        return Response(s.ShareLinkOutput(link, context={"request": request}).data)

    @extend_schema(
        operation_id="shared_revoke_delete",
        summary="Revoke a link you made (same as POST)",
        parameters=[TOKEN],
        request=None,
        responses={200: s.ShareLinkOutput, **errors(403, 404)},
    )
    def delete(self, request: Request, token: str) -> Response:
        return self.post(request, token)


class SharedForkView(ApiView):
    throttle_scopes = {"POST": ("token", "design_create")}

    @extend_schema(
        operation_id="shared_fork",
        summary="Copy a shared design into a new design of your own",
        parameters=[TOKEN],
        request=s.ForkInput,
        responses={201: s.DesignOutput, **errors(*WRITE_ERRORS, 404)},
    )
    def post(self, request: Request, token: str) -> Response:
        data = _valid(s.ForkInput, request)
        selectors.share_link_get_open(token=token)  # 404 before a session is started for nothing
        design = services.shared_design_fork(
            owner=owner_for_request(request, create=True), token=token, **data
        )
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)


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
        responses={200: s.RunOutput, **errors(404)},
    )
    def get(self, request: Request, id: str) -> Response:
        run = selectors.run_get(owner=owner_for_request(request, create=False), run_id=id)
        return Response(s.RunOutput(run).data)


class ScenarioListView(ApiView):
    @extend_schema(
        operation_id="scenarios_list",
        summary="The scenario library, in gallery order",
        responses={200: s.ScenarioListItemOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(s.ScenarioListItemOutput(selectors.scenario_list(), many=True).data)


class ScenarioDetailView(ApiView):
    @extend_schema(
        operation_id="scenarios_retrieve",
        parameters=[SLUG],
        responses={200: s.ScenarioOutput, **errors(404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(s.ScenarioOutput(selectors.scenario_get(slug=slug)).data)


class CsrfView(ApiView):
    @extend_schema(
        operation_id="csrf",
        summary="The CSRF token (also set as the csrftoken cookie)",
        responses={200: s.CsrfOutput},
    )
    def get(self, request: Request) -> Response:
        return Response({"csrfToken": get_token(request)})
