"""Share links: a read-only snapshot of a design that anyone holding the token may read and
fork, until its maker revokes it or it expires."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from playground import selectors, services
from playground.api import serializers as s
from playground.api.base import ID, TOKEN, WRITE_ERRORS, ApiView, errors, valid
from playground.owners import owner_for_request


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
        data = valid(s.ShareCreateInput, request)
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
        data = valid(s.ForkInput, request)
        selectors.share_link_get_open(token=token)  # 404 before a session is started for nothing
        design = services.shared_design_fork(
            owner=owner_for_request(request, create=True), token=token, **data
        )
        return Response(s.DesignOutput(design).data, status=status.HTTP_201_CREATED)
