"""Request bodies sent chunked (`Transfer-Encoding: chunked`, no Content-Length) read as what
was sent, bounded like any other body.

Daphne (Twisted) receives the whole body and removes the chunk framing before the application
sees it, but passes the headers on as they came: a body with no Content-Length. Django's
ASGIRequest does hold that body, yet DRF reads a body only when CONTENT_LENGTH says there is
one, so a chunked JSON save arrived as `{}` ("name: This field is required"). This ASGI
middleware, in front of Django, collects such a body (at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes:
past that, 413 in the API's error shape, and nothing reaches Django) and hands it on with its
Content-Length declared, exactly as if the client had sent one.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def is_chunked(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the request's Transfer-Encoding ends in chunked (RFC 9112: then any
    Content-Length is to be ignored)."""
    codings = b",".join(value for name, value in headers if name.lower() == b"transfer-encoding")
    return bool(codings) and codings.split(b",")[-1].strip().lower() == b"chunked"


class ChunkedBodies:
    """ASGI middleware for HTTP: a chunked body reaches the app with its length declared."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_chunked(scope.get("headers", [])):
            await self.app(scope, receive, send)
            return
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if limit is not None and len(body) > limit:
                await _too_large(send, limit)
                return
            if not message.get("more_body", False):
                break
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name.lower() not in (b"transfer-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The collected body as one message, then whatever the server sends next (a disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> dict[str, Any]:
        return pending.pop() if pending else await receive()

    return replayed


async def _too_large(send: Send, limit: int) -> None:
    detail = f"The request body is too large: at most {limit // 1024} KiB."
    payload = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
