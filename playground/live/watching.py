"""Watch-along: viewers follow a learner's run read-only through a watch link.

`WatchPublisher` fans the owner's frames out to the run's viewers through the channel layer, at a
coalesced rate; `WatchConsumer` is one viewer's socket (`/ws/watch/<token>/`). A link that does
not open (`watch_links`: expired a day after its run ended, revoked by its owner, or not a valid
token) gets a final error with that code (`expired`, `revoked`, `not_found`) and the socket closes;
viewers watching when the owner revokes the link get `revoked` and are let go the same way.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from playground.live import services, watch_links
from playground.live.checked import BadMessage, CheckedConsumer, LatestFrame

log = logging.getLogger(__name__)

# Close codes for a link that does not open: 4000 + the HTTP status the page answers with.
CLOSE_CODES = {watch_links.NOT_FOUND: 4404, watch_links.EXPIRED: 4410, watch_links.REVOKED: 4410}


# What a late viewer is sent of the run so far: as much as the page's charts and timeline keep
# (static/js/live/charts.js KEEP, static/js/live/timeline.js KEEP).
WATCH_HISTORY_ROWS = 1200
WATCH_HISTORY_EVENTS = 250


def watch_group(run_id: str) -> str:
    return f"live-watch.{run_id}"


def owner_group(run_id: str) -> str:
    return f"live-owner.{run_id}"


class WatchPublisher:
    """Sends a run's frames to its viewers through the channel layer, at most one per
    LIVE_WATCH_INTERVAL_S (coalesced: the latest frame, carrying the events of skipped ones)."""

    def __init__(self, layer, group: str):
        self.layer, self.group = layer, group
        self.interval = settings.LIVE_WATCH_INTERVAL_S
        self.pending: LatestFrame | None = None
        self.last = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.closed = False
        self.history: collections.deque = collections.deque(maxlen=WATCH_HISTORY_ROWS)
        self.events: collections.deque = collections.deque(maxlen=WATCH_HISTORY_EVENTS)

    def so_far(self) -> tuple[list, list]:
        return list(self.history), list(self.events)

    def record(self, frame: dict[str, Any]) -> None:
        """Keep what the charts and the timeline show of this frame, for viewers who join later."""
        totals = {"in_service": 0, "pending": 0, "unhealthy": 0, "depth": 0}
        for fig in (frame.get("nodes") or {}).values():
            inst = fig.get("instances") if isinstance(fig, dict) else None
            if isinstance(inst, dict):
                for k in ("in_service", "pending", "unhealthy"):
                    totals[k] += inst.get(k) or 0
            if isinstance(fig, dict) and isinstance(fig.get("depth"), (int, float)):
                totals["depth"] += fig["depth"]
        self.history.append(
            {"t": frame.get("t"), "global": frame.get("global") or {}, "totals": totals}
        )
        self.events.extend(frame.get("events") or ())

    def publish_frame(self, text: str) -> None:
        self.record(json.loads(text))
        if self.pending is None:
            self.pending = LatestFrame(text)
        else:
            self.pending.replace(text)
        if self.timer is None:
            delay = max(0.0, self.last + self.interval - time.monotonic())
            self.timer = asyncio.get_running_loop().call_later(delay, self._flush)

    def _flush(self) -> None:
        self.timer = None
        if self.pending is None or self.closed:
            return
        text, self.pending = self.pending.dumps(), None
        self.last = time.monotonic()
        asyncio.ensure_future(self._send({"type": "watch.frame", "text": text}))

    async def _send(self, message: dict[str, Any]) -> None:
        try:
            await self.layer.group_send(self.group, message)
        except Exception:
            log.warning("watch-along fan-out to %s failed", self.group, exc_info=True)

    async def publish_last(self, message: dict[str, Any]) -> None:
        """The end or an error: flush the pending frame first, then this, at once."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.pending is not None:
            text, self.pending = self.pending.dumps(), None
            await self._send({"type": "watch.frame", "text": text})
        await self._send({"type": "watch.message", "message": message})

    def close(self) -> None:
        self.closed = True
        if self.timer is not None:
            self.timer.cancel()


class WatchConsumer(CheckedConsumer):
    """A viewer: receives the run's frames read-only; only the owner controls it."""

    async def connect(self):
        self.group = None
        self.joined = time.monotonic()
        self.greeted = False  # frames wait for the owner's "watching" (what plays), up to 1 s
        run_id = watch_links.watch_run_id(token=self.scope["url_route"]["kwargs"]["token"])
        await super().connect()
        if run_id is not None:  # joined before the check: a revoke in between still reaches us
            self.group = watch_group(run_id)
            await self.channel_layer.group_add(self.group, self.channel_name)
        state = await database_sync_to_async(watch_links.watch_link_state)(run_id=run_id)
        if state != watch_links.OPEN:
            await self._refuse(state)
            return
        report = await database_sync_to_async(services.finished_report)(run_id=run_id)
        if report is not None:
            await self.send_json(
                {"type": "end", "run": run_id, "reason": "finished", "report": report}
            )
            return
        await self.channel_layer.group_send(
            owner_group(run_id), {"type": "watch.join", "reply_to": self.channel_name}
        )

    async def _refuse(self, state: str) -> None:
        """A link that does not open (any more): a final error that says why, then close."""
        await self.send_error(state, watch_links.MESSAGES[state], final=True)
        await self.close(code=CLOSE_CODES[state])

    async def watch_revoked(self, event: dict[str, Any]) -> None:
        await self._refuse(watch_links.REVOKED)

    async def handle(self, message: dict[str, Any]) -> None:
        raise BadMessage("read_only", "Watching is read-only: only the run's owner can control it.")

    async def watch_frame(self, event: dict[str, Any]) -> None:
        if not self.greeted and time.monotonic() - self.joined < 1.0:
            return
        if not self.backlogged():  # a slow viewer skips frames; the next one carries on
            await self.send_text(event["text"])

    async def watch_message(self, event: dict[str, Any]) -> None:
        self.greeted = True
        await self.send_json(event["message"])

    async def disconnect(self, code):
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
