"""Watch-along, the viewer's side: viewers follow a learner's run read-only through a watch link.

`WatchConsumer` is one viewer's socket (`/ws/watch/<token>/`); the owner's side, which fans the
frames out at a coalesced rate, is `watch_along`. A link that does
not open (`watch_links`: expired a day after its run ended, revoked by its owner, or not a valid
token) gets a final error with that code (`expired`, `revoked`, `not_found`) and the socket closes;
viewers watching when the owner revokes the link get `revoked` and are let go the same way.
A viewer who arrives after the run's end gets the design it ran with its report, and the run
as it ended (an `end` carrying `design`, the last `frame`, the `faults` injected, the charts'
`history` and the `events`, kept on the link's row with the report); one who arrives after a run
that ended without a report (its owner left, it crashed, its server died) gets the final error
`ended`. The `watching` and `end`
messages carry the link's `expires`, so the page can say when it stops opening.

A viewer's channel-layer calls go through this process's `fanout` and never raise: a join that
is not answered (its group_add or its `watch.join` failed, or the owner's greeting did) is sent
again every JOIN_WAIT_S; after JOIN_TRIES unanswered the viewer gets a final `unavailable` error
that says to reload, and the socket closes (4503), never a silent hang. A viewer that hears
nothing of its run for STALL_S looks for the run's stored report: an end lost on the way (a
process's channel over capacity drops messages) still reaches it, from the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from channels.db import database_sync_to_async

from playground.live import services, watch_links
from playground.live.checked import CheckedConsumer
from playground.live.fanout import BurstLog, fanout
from playground.live.protocol import END, WATCHING, BadMessage
from playground.live.watch_along import owner_group, watch_group

log = logging.getLogger(__name__)

# Close codes for a link that does not open: 4000 + the HTTP status the page answers with.
CLOSE_CODES = {watch_links.NOT_FOUND: 4404, watch_links.EXPIRED: 4410, watch_links.REVOKED: 4410}
UNAVAILABLE_CLOSE = 4503
UNAVAILABLE = (
    "The run's server could not be reached to join it (it is busy, or its messaging is down). "
    "Reload the page to try again."
)
JOIN_WAIT_S = 3.0  # how long a join waits for the owner's "watching" before it is sent again
JOIN_TRIES = 5
STALL_S = 5.0  # silence (frames come every LIVE_WATCH_INTERVAL_S) after which the end is looked up

VIEWER_CALLS = BurstLog("watch-along", "viewer-side layer calls", "viewers retry their join")


class WatchConsumer(CheckedConsumer):
    """A viewer: receives the run's frames read-only; only the owner controls it."""

    async def connect(self):
        self.group = self.run_id = None
        self.joined = time.monotonic()
        self.greeted = False  # frames wait for the owner's "watching" (what plays), up to 1 s
        self.hello = asyncio.Event()  # the owner answered the join
        self.in_group, self.following, self.ended = False, None, False
        self.heard = time.monotonic()  # the last message of the run
        run_id = watch_links.watch_run_id(token=self.scope["url_route"]["kwargs"]["token"])
        await super().connect()
        if run_id is not None:  # joined before the check: a revoke in between still reaches us
            self.group = watch_group(run_id)
            self.in_group = await self._call(self.channel_layer.group_add, self.group)
        state = await database_sync_to_async(watch_links.watch_link_state)(run_id=run_id)
        if state != watch_links.OPEN:
            await self._refuse(state)
            return
        self.run_id = run_id
        if not await self._ended(run_id):
            self.following = asyncio.ensure_future(self._follow(run_id))

    async def _call(self, fn, *args) -> bool:
        return await fanout(self.channel_layer).call(VIEWER_CALLS, fn, *args, self.channel_name)

    async def _ended(self, run_id: str) -> bool:
        """If the run has ended, say so: with its report stored, the diagram it ran as it ended,
        then the report over it; without one (its owner left, it crashed, its server died:
        `liveness`), the final error `ended`."""
        if self.ended:
            return True
        # Ended first: a run's report is stored before its link ends, so ended with no report
        # is a run that stopped without one, not one ending now.
        ended = await database_sync_to_async(watch_links.watch_link_has_ended)(run_id=run_id)
        finished = await database_sync_to_async(services.finished_run)(run_id=run_id)
        if self.ended:
            return True
        if finished is None:
            if not ended:
                return False
            # Nobody plays it any more: waiting for the owner's socket would never end.
            self.ended = True
            await self.send_error("ended", watch_links.ENDED_WITHOUT_REPORT, final=True)
            return True
        self.ended = True
        end = {"type": "end", "run": run_id, "reason": "finished", **finished}
        await self.send_json(await self._with_expiry(end))
        return True

    async def _follow(self, run_id: str) -> None:
        """Join, then until the end: after STALL_S of silence, look the end up."""
        if not await self._join(run_id):
            return
        while not self.ended:
            await asyncio.sleep(STALL_S)
            if time.monotonic() - self.heard >= STALL_S:
                await self._ended(run_id)

    async def _join(self, run_id: str) -> bool:
        """Ask the owner for "watching" until it answers (the run may end meanwhile: then its
        report), JOIN_TRIES times, then a final `unavailable` error. True once answered."""
        layer = self.channel_layer
        for _ in range(JOIN_TRIES):
            if not self.in_group:
                self.in_group = await self._call(layer.group_add, self.group)
            if self.in_group:
                join = {"type": "watch.join", "reply_to": self.channel_name}
                await fanout(layer).call(VIEWER_CALLS, layer.group_send, owner_group(run_id), join)
            try:
                await asyncio.wait_for(self.hello.wait(), JOIN_WAIT_S)
                return True
            except TimeoutError:
                pass
            if await self._ended(run_id):  # it ended before its owner could answer
                return False
        await self.send_error("unavailable", UNAVAILABLE, final=True)
        await self.close(code=UNAVAILABLE_CLOSE)
        return False

    async def _refuse(self, state: str) -> None:
        """A link that does not open (any more): a final error that says why, then close."""
        await self.send_error(state, watch_links.MESSAGES[state], final=True)
        await self.close(code=CLOSE_CODES[state])

    async def watch_revoked(self, event: dict[str, Any]) -> None:
        await self._refuse(watch_links.REVOKED)

    async def handle(self, message: dict[str, Any]) -> None:
        raise BadMessage("read_only", "Watching is read-only: only the run's owner can control it.")

    async def watch_frame(self, event: dict[str, Any]) -> None:
        self.heard = time.monotonic()
        if self.ended:
            return
        if not self.greeted and time.monotonic() - self.joined < 1.0:
            return
        if not self.backlogged():  # a slow viewer skips frames; the next one carries on
            await self.send_text(event["text"])

    async def watch_message(self, event: dict[str, Any]) -> None:
        message = event["message"]
        self.heard = time.monotonic()
        if self.ended or (message.get("type") == WATCHING and self.greeted):
            return  # after the end (looked up), or the answer to a join sent again
        self.greeted = True
        self.hello.set()
        if message.get("type") == END or message.get("final"):
            self.ended = True
        if message.get("type") in (WATCHING, END):
            message = await self._with_expiry(message)
        await self.send_json(message)

    async def _with_expiry(self, message: dict[str, Any]) -> dict[str, Any]:
        """The message with the link's `expires` (ISO 8601): the page says so when it passes."""
        expires = await database_sync_to_async(watch_links.watch_link_expires)(run_id=self.run_id)
        return {**message, "expires": expires.isoformat() if expires else None}

    async def disconnect(self, code):
        if self.following is not None:
            self.following.cancel()
        if self.group is not None and self.in_group:
            await self._call(self.channel_layer.group_discard, self.group)
