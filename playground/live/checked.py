"""What every live socket shares: a message is checked (size, rate, JSON, a `type`) before it
means anything, then handed to `handle`.

`CheckedConsumer` is the base of the learner's socket (`consumers.SimulateConsumer`) and the
viewer's (`watching.WatchConsumer`). A bad message gets an error frame (`BadMessage`: a code, a
sentence, and problems with a path where there are some); the socket stays open. How frames
leave without building a backlog is `backpressure`'s.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from playground.exceptions import InvalidInput
from playground.live import limits, liveness
from playground.live.backpressure import dumps, limit_kernel_buffer, send_backlog
from playground.live.nesting import check_message
from playground.live.protocol import BadMessage

log = logging.getLogger(__name__)


class CheckedConsumer(AsyncWebsocketConsumer):
    """What every live socket does with an incoming message before it means anything: size,
    rate, JSON, a `type`. Errors are frames; the socket stays open."""

    async def connect(self):
        self.rate = limits.MessageRate(settings.LIVE_MESSAGE_RATE, settings.LIVE_MESSAGE_BURST)
        self._rate_warned = 0.0
        liveness.ensure_heartbeat()  # with Redis: this process beats, and frees dead ones' seats
        await self.accept()
        if settings.LIVE_SOCKET_SNDBUF:
            limit_kernel_buffer(self.base_send, settings.LIVE_SOCKET_SNDBUF)

    async def send_json(self, message: dict[str, Any]) -> None:
        await self.send_text(dumps(message))

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
