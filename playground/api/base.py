"""What every API view shares: the base view (session auth with CSRF, the bounded JSON parser,
the scoped throttle), the OpenAPI error responses in the one error shape, the path and query
parameters, and input validation through an input serializer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.request import Request
from rest_framework.views import APIView

from playground.api import serializers as s
from playground.api.authentication import CsrfSessionAuthentication
from playground.api.parsers import BoundedJSONParser
from playground.api.throttles import ScopedThrottle

_ERROR_TEXT = {
    400: "Invalid input: `problems` lists each field and what is wrong with it.",
    403: "CSRF check failed: send the token from /api/csrf/ (or the csrftoken cookie) "
    "as X-CSRFToken.",
    404: "No such thing, or it is not yours "
    "(another person's design is indistinguishable from none).",
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
    description="The version you last read. If someone saved since, 409 with `current_version` "
    "and nothing is deleted.",
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


def valid(serializer_class: type, request: Request) -> dict[str, Any]:
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
