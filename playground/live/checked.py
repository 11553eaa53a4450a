"""What every live socket shares: a message is checked (size, rate, JSON, a `type`) before it
means anything, and frames go out through a one-slot outbox that never builds a backlog.

`CheckedConsumer` is the base of the learner's socket (`consumers.SimulateConsumer`) and the
viewer's (`watching.WatchConsumer`). A bad message gets an error frame (`BadMessage`: a code, a
sentence, and problems with a path where there are some); the socket stays open.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from functools import partial
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from playground.exceptions import InvalidInput
from playground.live import limits
from playground.live.nesting import check_message

log = logging.getLogger(__name__)


class BadMessage(Exception):
    def __init__(self, code: str, message: str, problems: list | None = None):
        super().__init__(message)
        self.code, self.message, self.problems = code, message, problems


class LatestFrame:
    """The newest frame not yet sent; a newer one replaces it, inheriting its events."""

    def __init__(self, text: str):
        self.text: str | None = text
        self.frame: dict[str, Any] | None = None

    def replace(self, text: str) -> None:
        older = self.frame if self.frame is not None else json.loads(self.text)
        newer = json.loads(text)
        newer["events"] = (older.get("events") or []) + (newer.get("events") or [])
        self.frame, self.text = newer, None

    def dumps(self) -> str:
        return self.text if self.text is not None else json.dumps(self.frame, separators=(",", ":"))


def daphne_transport(send):
    """The Twisted transport behind an ASGI `send` under daphne, or None (as under the test
    communicator). Daphne hands each application a `partial(handle_reply, protocol)`;
    Channels' session middleware wraps it as `real_send`."""
    for _ in range(6):
        if isinstance(send, partial):
            return getattr(send.args[-1] if send.args else None, "transport", None)
        owner = getattr(send, "__self__", None)
        send = getattr(owner, "real_send", None) if owner is not None else None
        if send is None:
            return None
    return None


def send_backlog(send) -> int:
    """Bytes written to the socket by the application and not yet taken by the kernel."""
    transport = daphne_transport(send)
    if transport is None:
        return 0
    buffered = len(getattr(transport, "dataBuffer", b"")) - getattr(transport, "offset", 0)
    return max(0, buffered) + getattr(transport, "_tempDataLen", 0)


def limit_kernel_buffer(send, size: int) -> None:
    """Keep the kernel's send buffer for this socket small, so a stalled reader's backlog shows
    up in Twisted's buffer (where stale frames are then skipped) after a second of frames rather
    than after the megabytes Linux would otherwise allow."""
    transport = daphne_transport(send)
    try:
        transport.getHandle().setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)
    except (AttributeError, OSError):
        pass


class CheckedConsumer(AsyncWebsocketConsumer):
    """What every live socket does with an incoming message before it means anything: size,
    rate, JSON, a `type`. Errors are frames; the socket stays open."""

    async def connect(self):
        self.rate = limits.MessageRate(settings.LIVE_MESSAGE_RATE, settings.LIVE_MESSAGE_BURST)
        self._rate_warned = 0.0
        await self.accept()
        if settings.LIVE_SOCKET_SNDBUF:
            limit_kernel_buffer(self.base_send, settings.LIVE_SOCKET_SNDBUF)

    async def send_json(self, message: dict[str, Any]) -> None:
        await self.send_text(json.dumps(message, separators=(",", ":"), default=str))

    async def send_text(self, text: str) -> bool:
        try:
            await self.send(text_data=text)
            return True
        except Exception:
            return False

    async def send_error(self, code: str, message: str, *, problems=None, **extra) -> None:
        error = {"type": "error", "code": code, "message": message, **extra}
        if problems is not None:
            error["problems"] = problems
        await self.send_json(error)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            message = self.check(text_data, bytes_data)
            await self.handle(message)
        except BadMessage as bad:
            if bad.code == "rate_limited":  # tell a flooding client once a second, not each time
                if time.monotonic() - self._rate_warned < 1.0:
                    return
                self._rate_warned = time.monotonic()
            await self.send_error(bad.code, bad.message, problems=bad.problems)
        except Exception:
            log.exception("live socket: handling a message failed")
            await self.send_error("internal", "Something went wrong on the server; try again.")

    def check(self, text_data, bytes_data) -> dict[str, Any]:
        if text_data is None:
            raise BadMessage(
                "bad_message", "Send JSON text messages; binary messages are not understood."
            )
        limit = settings.LIVE_MAX_MESSAGE_BYTES
        if len(text_data) > limit or len(text_data.encode()) > limit:
            raise BadMessage("too_large", f"Message too large: at most {limit // 1024} KiB.")
        if not self.rate.allow():
            raise BadMessage(
                "rate_limited",
                f"Too many messages: at most {settings.LIVE_MESSAGE_RATE:g} a second.",
            )
        try:
            message = check_message(text_data)
        except InvalidInput as exc:  # too deep, NUL, lone surrogates: as the HTTP parser says it
            raise BadMessage("bad_json", exc.detail, [p.to_dict() for p in exc.problems]) from None
        except ValueError as exc:
            raise BadMessage("bad_json", f"Not valid JSON: {exc}.") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise BadMessage("bad_message", 'Every message is a JSON object with a "type".')
        return message

    async def handle(self, message: dict[str, Any]) -> None:
        raise NotImplementedError

    def backlogged(self) -> bool:
        return send_backlog(self.base_send) > settings.LIVE_SEND_BACKLOG_BYTES
