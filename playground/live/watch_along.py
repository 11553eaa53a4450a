"""Watch-along, the owner's side: one shared run's frames fanned out to its viewers.

Like a lecturer's slides mirrored to the students' screens: the owner's socket keeps playing at
its own pace, and the class gets a copy at most every LIVE_WATCH_INTERVAL_S (the latest picture,
with the events of the ones skipped). Viewers join through the channel layer: the run's viewers
are the group `watch_group(run)`, and the owner's socket listens on `owner_group(run)` for
viewers arriving (`watch.join`) and for the owner revoking the link (`watch.revoked`). The
viewer's socket is `watching.WatchConsumer`; the link's row is `watch_links`'.

Every channel-layer call goes through this process's `fanout` (bounded, with a timeout, failures
logged once per burst) and none raises: a layer that fails costs viewers frames, never the
owner's run or socket. A group_add that failed is tried again while the run is shared.

Nothing here imports Channels: the channel layer and the services are handed in.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import time
from typing import Any

from django.conf import settings

from playground.live.backpressure import LatestFrame
from playground.live.fanout import BurstLog, fanout
from playground.live.protocol import WATCHING, BadMessage

log = logging.getLogger(__name__)

# What a late viewer is sent of the run so far: as much as the page's charts and timeline keep
# (static/js/live/charts.js KEEP, static/js/live/timeline.js KEEP).
WATCH_HISTORY_ROWS = 1200
WATCH_HISTORY_EVENTS = 250
WATCH_INJECTED_FAULTS = 100  # faults injected into one run that a late viewer is told of
# The charts' rows kept with a shared run's report for viewers who join after its end (about
# 300 bytes a row: a stored run's picture stays under 150 kB with its events).
WATCH_FINAL_ROWS = 300
LISTEN_RETRY_S = 1.0  # a shared run whose group_add failed tries again this often

OWNER_CALLS = BurstLog(
    "watch-along", "owner-side layer calls", "the owner's run plays on; viewers retry their join"
)


def merge_frames(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """A newer frame replacing one not yet sent to viewers: its events ride along."""
    latest = LatestFrame(older["text"])
    latest.replace(newer["text"])
    return {**newer, "text": latest.dumps()}


def injected_faults(events) -> list[dict[str, Any]]:
    """The faults a frame's events say were injected (the "inject" control's acknowledgement:
    its fault, with the simulated time it began as "at")."""
    found = []
    for event in events:
        fault = event.get("fault") if isinstance(event, dict) else None
        if event.get("control") == "inject" and isinstance(fault, dict):
            found.append({**fault, "at": event.get("t")})
    return found


def watch_group(run_id: str) -> str:
    return f"live-watch.{run_id}"


def owner_group(run_id: str) -> str:
    return f"live-owner.{run_id}"


class WatchPublisher:
    """Sends a run's frames to its viewers through the channel layer, at most one per
    LIVE_WATCH_INTERVAL_S (coalesced: the latest frame, carrying the events of skipped ones).
    The shared runs of this process together send at most LIVE_WATCH_FRAMES_PER_S: with more
    of them playing, each sends less often (`interval`)."""

    playing = 0  # publishers of this process not yet closed

    def __init__(self, layer, group: str):
        self.layer, self.group = layer, group
        self.base_interval = settings.LIVE_WATCH_INTERVAL_S
        WatchPublisher.playing += 1
        self.pending: LatestFrame | None = None
        self.last = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.closed = False
        self.history: collections.deque = collections.deque(maxlen=WATCH_HISTORY_ROWS)
        self.events: collections.deque = collections.deque(maxlen=WATCH_HISTORY_EVENTS)
        # The injected faults (each with its "at"), whether the run is paused, and the latest
        # frame without its events: a viewer who joins now sees the run as it stands.
        self.faults: collections.deque = collections.deque(maxlen=WATCH_INJECTED_FAULTS)
        self.paused = False
        self.latest: dict[str, Any] | None = None

    def so_far(self) -> tuple[list, list]:
        return list(self.history), list(self.events)

    def now(self) -> dict[str, Any]:
        """The run as it stands, for a viewer who joins: faults injected, paused, last frame."""
        return {"faults": list(self.faults), "paused": self.paused, "frame": self.latest}

    def final(self) -> dict[str, Any] | None:
        """The run as it ended, kept with its report for viewers who join after: the last frame
        (without its events), the faults injected (each with its "at"), the charts' rows (every
        few, at most WATCH_FINAL_ROWS, the last one always) and the events; None before any
        frame."""
        if self.latest is None:
            return None
        rows = list(self.history)
        step = -(-len(rows) // WATCH_FINAL_ROWS)  # ceil: a row in `step` keeps the curves' shape
        kept = rows[::-1][::step][::-1]
        return {
            "frame": self.latest,
            "faults": list(self.faults),
            "history": kept,
            "events": list(self.events),
        }

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
        events = frame.get("events") or ()
        self.events.extend(events)
        self.faults.extend(injected_faults(events))
        self.paused = bool(frame.get("paused"))
        self.latest = {k: v for k, v in frame.items() if k != "events"}

    def publish_frame(self, text: str) -> None:
        self.record(json.loads(text))
        if self.pending is None:
            self.pending = LatestFrame(text)
        else:
            self.pending.replace(text)
        if self.timer is None:
            delay = max(0.0, self.last + self.interval() - time.monotonic())
            self.timer = asyncio.get_running_loop().call_later(delay, self._flush)

    def _flush(self) -> None:
        self.timer = None
        if self.pending is None or self.closed:
            return
        text, self.pending = self.pending.dumps(), None
        self.last = time.monotonic()
        fanout(self.layer).post(
            self.group, {"type": "watch.frame", "text": text}, merge=merge_frames
        )

    async def publish_last(self, message: dict[str, Any]) -> None:
        """The end or an error: the pending frame first, then this, at once (posted: never
        dropped, sent after the frame it follows, and never waited for)."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        sender = fanout(self.layer)
        if self.pending is not None:
            text, self.pending = self.pending.dumps(), None
            sender.post(self.group, {"type": "watch.frame", "text": text}, merge=merge_frames)
        sender.post(self.group, {"type": "watch.message", "message": message})

    def interval(self) -> float:
        """Seconds between two frames to viewers: LIVE_WATCH_INTERVAL_S, or longer while more
        shared runs play in this process than LIVE_WATCH_FRAMES_PER_S allows at that rate."""
        return max(self.base_interval, WatchPublisher.playing / settings.LIVE_WATCH_FRAMES_PER_S)

    def close(self) -> None:
        if not self.closed:
            WatchPublisher.playing -= 1
        self.closed = True
        if self.timer is not None:
            self.timer.cancel()


class WatchAlong:
    """One run's sharing, seen from its owner's socket: the link (made once, on the first share),
    the publisher, the owner's group, and whether the owner revoked the link (then it stays closed
    for this run)."""

    def __init__(
        self,
        layer,
        channel_name: str,
        services,
        *,
        run_id: str,
        owner,
        name: Any,
        document: Any = None,
        design_id: Any = None,
    ):
        self.layer, self.channel_name, self.services = layer, channel_name, services
        self.run_id, self.owner, self.name = run_id, owner, name
        self.document, self.design_id = document, design_id
        self.publisher: WatchPublisher | None = None
        self.revoked = False
        self.retry: asyncio.Task | None = None  # tries the owner's group_add again
        # Before the run is shared (a "share" mid-run), frames are not parsed: only those that
        # acknowledge an injection are, and the latest frame's text is kept, so the first viewer
        # still sees the faults injected so far, the pause and the picture as it stands.
        self.injected: list[dict[str, Any]] = []
        self.last_text: str | None = None

    @property
    def sharing(self) -> bool:
        return self.publisher is not None

    async def link(self) -> dict[str, str]:
        """The run's watch link (one row written the first time; the same link when asked again):
        the page, the socket, the short code and its link, and the QR code of that short link.
        The caller checks that the run still plays once this returns."""
        if self.revoked:
            raise BadMessage(
                "revoked",
                "You stopped sharing this run, so its link stays closed. "
                "Start a new run to share one again.",
            )
        made = await self.services.watch_link_open(
            run_id=self.run_id,
            owner=self.owner,
            name=self.name,
            document=self.document,
            design_id=self.design_id,
        )
        token, code = made["token"], made["code"]
        link = {"token": token, "url": f"/live/{token}/", "ws": f"/ws/watch/{token}/"}
        if code:
            link.update(code=code, short_url=f"/w/{code}/", qr=f"/live/{token}/qr.svg")
        return link

    async def publish(self) -> None:
        """Start fanning frames out (idempotent)."""
        if self.publisher is None and not self.revoked:
            publisher = WatchPublisher(self.layer, watch_group(self.run_id))
            publisher.faults.extend(self.injected)
            if self.last_text is not None:
                last = json.loads(self.last_text)
                publisher.paused = bool(last.get("paused"))
                publisher.latest = {k: v for k, v in last.items() if k != "events"}
            self.publisher, self.injected, self.last_text = publisher, [], None
            if not await self._listen():
                self.retry = asyncio.ensure_future(self._listen_again(publisher))

    async def _listen(self) -> bool:
        """Join the owner's group, where viewers' joins and a revoke arrive; False if it failed."""
        add = self.layer.group_add
        return await fanout(self.layer).call(
            OWNER_CALLS, add, owner_group(self.run_id), self.channel_name
        )

    async def _listen_again(self, publisher: WatchPublisher) -> None:
        while self.publisher is publisher and not publisher.closed:
            await asyncio.sleep(LISTEN_RETRY_S)
            if self.publisher is publisher and await self._listen():
                return

    async def _leave(self) -> None:
        if self.retry is not None:
            self.retry.cancel()
            self.retry = None
        discard = self.layer.group_discard
        await fanout(self.layer).call(
            OWNER_CALLS, discard, owner_group(self.run_id), self.channel_name
        )

    def publish_frame(self, text: str) -> None:
        if self.publisher is not None:
            self.publisher.publish_frame(text)
        elif not self.revoked:
            self.last_text = text
            if '"inject"' in text:  # cheap: most frames acknowledge no injection
                self.injected.extend(injected_faults(json.loads(text).get("events") or ()))

    async def publish_last(self, message: dict[str, Any]) -> None:
        if self.publisher is not None:
            await self.publisher.publish_last(message)

    def final(self) -> dict[str, Any] | None:
        """What a viewer who joins after the end is shown of the run as it ended (None when the
        run was never shared: nobody can join it)."""
        return self.publisher.final() if self.publisher is not None else None

    async def revoke(self) -> None:
        """The owner stopped sharing (POST /api/live/<token>/revoke/): no more frames to viewers."""
        if self.publisher is None:
            return
        publisher, self.publisher, self.revoked = self.publisher, None, True
        publisher.close()
        await self._leave()

    async def greet(self, reply_to: str, playing: dict[str, Any]) -> None:
        """A viewer arrived: tell it what plays (`playing`: run, speed, design), the run so far
        (history, events) and as it stands (faults injected, paused, the latest frame). A send
        that fails is logged (the viewer asks again)."""
        publisher = self.publisher
        history, events = publisher.so_far() if publisher is not None else ([], [])
        now = publisher.now() if publisher is not None else {}
        message = {"type": WATCHING, **playing, "history": history, "events": events, **now}
        hello = {"type": "watch.message", "message": message}
        await fanout(self.layer).call(OWNER_CALLS, self.layer.send, reply_to, hello)

    def release(self) -> list:
        """What ending the run must do for its viewers: stop publishing frames, leave the owner's
        group, start the link's last day (if it was ever shared). Awaitables, for the caller to
        gather. The run's last word may still follow (`publish_last`)."""
        releases = []
        if self.publisher is not None:
            self.publisher.close()
            releases.append(self._leave())
            releases.append(self.services.watch_link_ended(run_id=self.run_id))
        elif self.revoked:
            releases.append(self.services.watch_link_ended(run_id=self.run_id))
        self.revoked = False
        return releases
