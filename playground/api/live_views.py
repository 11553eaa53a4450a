"""Live runs over REST: the owner stops sharing a run's watch link.

A watch link (`/live/<token>/`, made on the run's websocket, see playground/live/consumers.py)
opens until a day after the run ends (LIVE_WATCH_TTL_S); its owner can close it sooner here.
Viewers watching at that moment get a final `revoked` error on their socket; anyone opening it
afterwards gets a page that says the link was revoked (410), and neither the run nor its report.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from playground.api.base import ApiView, errors
from playground.live import watch_links
from playground.owners import owner_for_request

WATCH_TOKEN = OpenApiParameter(
    "token",
    {"type": "string", "pattern": r"^[0-9a-f]{32}\.[\w-]{1,100}$"},
    OpenApiParameter.PATH,
    description="The watch link's token.",
)


class WatchLinkOutput(serializers.Serializer):
    token = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    expires = serializers.DateTimeField()
    revoked = serializers.BooleanField()

    def get_token(self, link: Any) -> str:
        return watch_links.watch_token(run_id=str(link.run_id))

    def get_url(self, link: Any) -> str:
        """The page to watch the run along (`/live/<token>/`, absolute)."""
        path = f"/live/{self.get_token(link)}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class WatchRevokeView(ApiView):
    @extend_schema(
        operation_id="live_watch_revoke",
        summary="Stop sharing a live run (idempotent)",
        description=(
            "Closes the watch link of a run you shared: viewers watching now are "
            "told and let go, and the link no longer opens the run or its report. "
            "Needs the X-CSRFToken header (GET /api/csrf/)."
        ),
        parameters=[WATCH_TOKEN],
        request=None,
        responses={200: WatchLinkOutput, **errors(403, 404)},
    )
    def post(self, request: Request, token: str) -> Response:
        link = watch_links.watch_link_revoke(
            owner=owner_for_request(request, create=False), token=token
        )
        return Response(WatchLinkOutput(link, context={"request": request}).data)
