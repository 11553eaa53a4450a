"""Live runs over REST: what a watch link shows, forking the run's design, and the owner
stopping sharing.

A watch link (`/live/<token>/`, made on the run's websocket, see playground/live/consumers.py)
opens until a day after the run ends (LIVE_WATCH_TTL_S); its owner can close it sooner here.
Viewers watching at that moment get a final `revoked` error on their socket; anyone opening it
afterwards gets a page that says the link was revoked (410), and neither the run nor its report.
Anyone holding an open link can read what the run plays (GET /api/live/<token>/: the design
snapshot, its scenario, the short code) and fork that design into one of their own (POST
/api/live/<token>/fork/); a link that does not open is 404 (no such link) or 410 (expired or
revoked), with a sentence that says which.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from playground.api import serializers as s
from playground.api.base import WRITE_ERRORS, ApiView, errors, valid
from playground.api.strict import TextField
from playground.live import watch_links
from playground.owners import owner_for_request
from playground.services import NAME_MAX_LENGTH

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


class LinkGone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = watch_links.MESSAGES[watch_links.EXPIRED]
    default_code = "gone"


GONE = OpenApiResponse(
    s.ErrorOutput,
    description="The watch link expired (a day after its run ended) or its owner revoked it: "
    "`detail` says which.",
)


def _open_link(call, **kwargs: Any) -> Any:
    """`call(**kwargs)`, a link that does not open answered 404 or 410 with its sentence."""
    try:
        return call(**kwargs)
    except watch_links.LinkClosed as closed:
        if closed.state == watch_links.NOT_FOUND:
            raise exceptions.NotFound(closed.message) from None
        raise LinkGone(closed.message) from None


class WatchInfoOutput(WatchLinkOutput):
    name = serializers.CharField()
    code = serializers.CharField(allow_null=True, help_text="The short code (`/w/<code>/`).")
    short_url = serializers.SerializerMethodField()
    scenario = serializers.CharField(
        allow_blank=True, help_text="The library scenario the run's design attempts, or empty."
    )
    document = serializers.JSONField(help_text="The design the run plays (a snapshot).")
    ended = serializers.DateTimeField(allow_null=True)

    def get_short_url(self, link: Any) -> str | None:
        """The short link that redirects to the watch page (absolute), or null without a code."""
        if not link.code:
            return None
        request = self.context.get("request")
        path = f"/w/{link.code}/"
        return request.build_absolute_uri(path) if request is not None else path


class WatchForkInput(serializers.Serializer):
    name = TextField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text="Name of the new design; the run's name if omitted.",
    )


class WatchInfoView(ApiView):
    throttle_scopes = {"GET": ("token",)}

    @extend_schema(
        operation_id="live_watch_retrieve",
        summary="What a watch link shows: the run's design, its scenario, the short code",
        parameters=[WATCH_TOKEN],
        responses={200: WatchInfoOutput, **errors(404), 410: GONE},
    )
    def get(self, request: Request, token: str) -> Response:
        link = _open_link(watch_links.watch_link_get, token=token)
        return Response(WatchInfoOutput(link, context={"request": request}).data)


class WatchForkView(ApiView):
    throttle_scopes = {"POST": ("token", "design_create")}

    @extend_schema(
        operation_id="live_watch_fork",
        summary="Copy the design a watched run plays into a new design of your own",
        description=(
            "Anyone holding an open watch link may fork the run's design (as the run plays it: "
            "a scenario's goals and failures included, and attempting that scenario). "
            "Needs the X-CSRFToken header (GET /api/csrf/)."
        ),
        parameters=[WATCH_TOKEN],
        request=WatchForkInput,
        responses={201: s.DesignOutput, **errors(*WRITE_ERRORS, 404), 410: GONE},
    )
    def post(self, request: Request, token: str) -> Response:
        data = valid(WatchForkInput, request)
        _open_link(watch_links.watch_link_get, token=token)  # before a session is started
        design = _open_link(
            watch_links.watch_link_fork,
            owner=owner_for_request(request, create=True),
            token=token,
            **data,
        )
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)


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
