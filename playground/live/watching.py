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
"""

from __future__ import annotations

import logging
import time
from typing import Any

from channels.db import database_sync_to_async

from playground.live import services, watch_links
from playground.live.checked import CheckedConsumer
from playground.live.protocol import END, WATCHING, BadMessage
from playground.live.watch_along import owner_group, watch_group

log = logging.getLogger(__name__)

# Close codes for a link that does not open: 4000 + the HTTP status the page answers with.
CLOSE_CODES = {watch_links.NOT_FOUND: 4404, watch_links.EXPIRED: 4410, watch_links.REVOKED: 4410}


class WatchConsumer(CheckedConsumer):
    """A viewer: receives the run's frames read-only; only the owner controls it."""

    async def connect(self):
        self.group = self.run_id = None
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
        self.run_id = run_id
        # Ended first: a run's report is stored before its link ends, so ended with no report
        # is a run that stopped without one (its server died: `liveness`), not one ending now.
        ended = await database_sync_to_async(watch_links.watch_link_has_ended)(run_id=run_id)
        finished = await database_sync_to_async(services.finished_run)(run_id=run_id)
        if finished is not None:  # the diagram it ran as it ended, then the report over it
            end = {"type": "end", "run": run_id, "reason": "finished", **finished}
            await self.send_json(await self._with_expiry(end))
            return
        if ended:  # nobody plays it any more: waiting for the owner's socket would never end
            await self.send_error("ended", watch_links.ENDED_WITHOUT_REPORT, final=True)
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
        message = event["message"]
        if message.get("type") in (WATCHING, END):
            message = await self._with_expiry(message)
        await self.send_json(message)

    async def _with_expiry(self, message: dict[str, Any]) -> dict[str, Any]:
        """The message with the link's `expires` (ISO 8601): the page says so when it passes."""
        expires = await database_sync_to_async(watch_links.watch_link_expires)(run_id=self.run_id)
        return {**message, "expires": expires.isoformat() if expires else None}

    async def disconnect(self, code):
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
