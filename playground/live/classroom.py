"""The live class view's socket, `/ws/class/<code>/` (issue 14): the instructor watches the
class's results change while the class works.

Only the assignment's instructor (or staff): anyone else is refused with a final error and a
close code, as a watch link that does not open is (`not_found` 4404 for an unknown code,
`forbidden` 4403 for anyone who is not its instructor). On connect the socket is sent the
current results, then an update whenever a student joins or submits.

Server -> client:
    {"type": "results", "assignment", "goals", "joined", "submitted", "students"}
                                      as GET /api/assignments/{code}/results/ answers
    {"type": "update", "students": [<a student's line, as in "results">], "joined",
     "submitted"}                     the lines of whoever joined or submitted since the last
                                      update, and the counts now
    {"type": "error", "code", "message", "final"?}
Anything the client sends is refused (`read_only`); the socket stays open.

Like a scoreboard that shows the latest score, not every goal in turn: the class's writes only
name who changed (`class_fanout`), and this socket keeps the set of names not yet shown. While
the instructor's connection is slow (its send buffer backed up), the names gather and go out
as one update with the lines as they are then, so a slow projector never builds a backlog and
never makes a student wait. The set is bounded by the class's size.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from typing import Any

from channels.db import database_sync_to_async

from playground import class_results
from playground.exceptions import Forbidden, NotFound
from playground.live.backpressure import BACKLOG_POLL_S, send_backlog
from playground.live.checked import CheckedConsumer
from playground.live.class_fanout import class_group
from playground.live.protocol import BadMessage

log = logging.getLogger(__name__)

# A class's full results are some tens of KiB; an update, one line a student. The socket waits
# (gathering changes) while more than this is written and not yet taken by the network.
CLASS_BACKLOG_BYTES = 64 * 1024
CLOSE_CODES = {"not_found": 4404, "forbidden": 4403}


def _json_default(value: Any) -> str:
    if isinstance(value, dt.datetime):  # as the REST API writes it
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), default=_json_default)


class ClassConsumer(CheckedConsumer):
    """One instructor's class view."""

    async def connect(self):
        self.group = None
        self.pump = None
        self.enrollments: set[int] = set()
        self.submissions: set[str] = set()
        self.wake = asyncio.Event()
        await super().connect()
        code = self.scope["url_route"]["kwargs"]["code"]
        try:
            assignment = await database_sync_to_async(class_results.assignment_for_instructor)(
                user=self.scope.get("user"), code=code
            )
        except NotFound as missing:
            await self._refuse("not_found", str(missing))
            return
        except Forbidden as denied:
            await self._refuse("forbidden", str(denied))
            return
        self.assignment_id = assignment.pk
        self.group = class_group(assignment.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)  # before the read
        results = await database_sync_to_async(class_results.results)(assignment=assignment)
        await self.send_text(dumps({"type": "results", **results}))
        self.pump = asyncio.ensure_future(self._pump())

    async def _refuse(self, code: str, message: str) -> None:
        await self.send_error(code, message, final=True)
        await self.close(code=CLOSE_CODES[code])

    async def class_joined(self, event: dict[str, Any]) -> None:
        self.enrollments.add(int(event["enrollment_id"]))
        self.wake.set()

    async def class_submitted(self, event: dict[str, Any]) -> None:
        self.submissions.add(str(event["submission_id"]))
        self.wake.set()

    def _slow(self) -> bool:
        return send_backlog(self.base_send) > CLASS_BACKLOG_BYTES

    async def _pump(self) -> None:
        """Send what changed, as one update, whenever the socket can take it."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self._slow():
                await asyncio.sleep(BACKLOG_POLL_S)
            enrollments, self.enrollments = self.enrollments, set()
            submissions, self.submissions = self.submissions, set()
            if not enrollments and not submissions:
                continue
            try:
                update = await database_sync_to_async(class_results.class_update)(
                    assignment_id=self.assignment_id,
                    enrollment_ids=enrollments,
                    submission_ids=submissions,
                )
            except Exception:
                log.exception("class view: reading an update failed")
                continue
            if update["students"]:
                await self.send_text(dumps({"type": "update", **update}))

    async def handle(self, message: dict[str, Any]) -> None:
        raise BadMessage("read_only", "The class view only listens: nothing can be sent here.")

    async def disconnect(self, code):
        if self.pump is not None:
            self.pump.cancel()
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
