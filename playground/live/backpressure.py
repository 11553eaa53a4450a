"""Backpressure: a client that reads slower than frames come gets the latest frame, never a
backlog.

Think of a newspaper stand with room for one copy of today's paper: a newer edition replaces the
copy nobody has picked up yet (keeping its headlines: the events ride along), and whoever comes
by takes the latest. `Outbox` is that stand for one socket: other messages keep their order, a
frame waits while the socket's send buffer is full (`send_backlog`, read from daphne's Twisted
transport), and `seq` numbers show the gap a slow reader skipped.
"""

from __future__ import annotations

import asyncio
import collections
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

BACKLOG_POLL_S = 0.05  # how often a waiting frame looks again at a full send buffer


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


@dataclass
class Last:
    """A run's last word (its end or a final error): nothing queued after it is sent."""

    payload: dict[str, Any] | None
    stored: asyncio.Future | None = None  # the end's report, being written to the database


class Outbox:
    """One socket's outgoing messages, in order, with frames through a one-slot `LatestFrame`.

    `pump` sends until it meets a `Last`, hands that to `on_last` and returns."""

    def __init__(
        self,
        send_text: Callable[[str], Awaitable[Any]],
        backlogged: Callable[[], bool],
        on_last: Callable[[Last], Awaitable[None]],
    ):
        self.send_text, self.backlogged, self.on_last = send_text, backlogged, on_last
        self.items: collections.deque = collections.deque()
        self.wake = asyncio.Event()

    def put(self, message: dict[str, Any]) -> None:
        self.items.append(message)
        self.wake.set()

    def put_frame(self, text: str) -> None:
        if self.items and isinstance(self.items[-1], LatestFrame):
            self.items[-1].replace(text)
        else:
            self.items.append(LatestFrame(text))
        self.wake.set()

    def put_last(self, last: Last) -> None:
        self.items.append(last)
        self.wake.set()

    def clear(self) -> None:
        self.items.clear()

    async def pump(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.items:
                item = self.items[0]
                if isinstance(item, LatestFrame) and self.backlogged():
                    await asyncio.sleep(BACKLOG_POLL_S)
                    continue
                self.items.popleft()
                if isinstance(item, Last):
                    self.items.clear()
                    await self.on_last(item)
                    return
                text = item.dumps() if isinstance(item, LatestFrame) else dumps(item)
                await self.send_text(text)


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), default=str)


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
