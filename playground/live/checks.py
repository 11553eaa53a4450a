"""One learner's "Check my design" on their socket: a state machine with no socket in it, like
`session.LiveSession` beside it.

A check goes: `check` (the message checked; the saved design fetched as a run of it would play,
locked to its scenario's goals and faults; parsed once; it must have goals) -> the owner's one
check (`limits.claim_check`) -> answered at once if earlier checks of the same design kept every
seed it needs (`check_cache.answer_from_known`, through the services: `check_started` with
"workers": 0, then `check_end`) -> else it follows the run of its design (`checks_queue`): the
one already waiting or running, or a new one at the end of the line. While its run waits for a
check core the learner hears `check_queued` {place, ahead}, at once and at each change; once it
runs, `check_started`, then `check_progress` as each seed ends and at each check point (a check
that joins a running run first hears the progress so far) -> its last word (`check_end` with the
result under this check's id and its design's own name, a scenario design's progress recorded
first; or a final error), after which the owner's check is released. `check_stop`, or the
socket closing, takes the check out: out of the line, and the run's process group killed if no
other check follows it; nothing else is freed.

Messages go out in order through one queue and its pump task, never from the run's callbacks.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

from playground.exceptions import NotFound
from playground.live import checks_queue, controls, limits, runner
from playground.live.protocol import (
    CHECK,
    CHECK_END,
    CHECK_PROGRESS,
    CHECK_QUEUED,
    CHECK_STARTED,
    BadMessage,
)
from simengine.design import DesignError

log = logging.getLogger(__name__)

_LAST = object()


def _dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), default=str)


class CheckSession:
    """At most one check at a time on one socket, and one per owner anywhere (`limits`).
    `start_process` makes a check's process (default `runner.CheckProcess`; tests count them)."""

    def __init__(
        self,
        *,
        owner,
        address: str,
        services,
        send_text: Callable[[str], Awaitable[Any]],
        start_process: Callable[..., Any] | None = None,
    ):
        self.owner, self.address, self.services = owner, address, services
        self.send_text, self.start_process = send_text, start_process
        self.check_id: str | None = None
        self.claimed: str | None = None
        self.job: checks_queue.CheckJob | None = None
        self.target: dict[str, Any] = {}
        self.seeds, self.name, self.echo = 0, "", {}
        self.place: tuple[int, int] | None = None
        self.outbox: asyncio.Queue | None = None
        self.pump_task: asyncio.Task | None = None

    async def handle(self, message: dict[str, Any]) -> None:
        if message["type"] == CHECK:
            await self.on_check(message)
        else:
            await self.on_stop(message)

    # -- start ----------------------------------------------------------------------------------

    async def on_check(self, message: dict[str, Any]) -> None:
        if self.check_id is not None:
            raise BadMessage(
                "already_checking",
                "A check is already running on this connection: wait for its result, or "
                'cancel it ("check_stop") first.',
            )
        target, seeds, name = await self._prepare(message)
        key = limits.owner_key(self.owner)
        if not await limits.admission().claim_check(key):
            raise BadMessage(
                "busy",
                "Busy: you already have a check running (in this tab or another). Wait for "
                "its result or cancel it, then check again.",
            )
        self.claimed, self.check_id = key, str(uuid.uuid4())
        self.target, self.seeds, self.name = target, seeds, name
        self.echo, self.place = controls.echo_id(message), None
        self.outbox = asyncio.Queue()
        self.pump_task = asyncio.ensure_future(self._pump(self.outbox))
        try:
            line = checks_queue.line()
            cache = target["cache"]
            job_key = (cache["key"], cache["engine"], seeds)
            if line.find(job_key) is None and await self._answered_from_known():
                return
            await line.follow(
                self,
                job_key,
                target=target,
                seeds=seeds,
                services=self.services,
                start_process=self.start_process or runner.CheckProcess,
            )
        except BaseException:
            await self.cleanup()
            raise

    async def _prepare(self, message: dict[str, Any]) -> tuple[dict[str, Any], int, str]:
        """The check's target (document, design, scenario, cache key), seed count and design
        name, or a BadMessage saying what is wrong."""
        if self.owner is None:
            raise BadMessage(
                "no_session", "No session: open the playground page first, then check again."
            )
        controls.echo_id(message)
        design_id = controls.field(message, "design_id", (str,), "the id of a saved design")
        seeds = message.get("seeds", settings.LIVE_CHECK_DEFAULT_SEEDS)
        cap = settings.LIVE_CHECK_MAX_SEEDS
        if not isinstance(seeds, int) or isinstance(seeds, bool) or not 2 <= seeds <= cap:
            raise BadMessage("bad_field", f'"check": "seeds" must be a whole number, 2 to {cap}.')
        try:
            target = await self.services.document_for_check(owner=self.owner, design_id=design_id)
        except NotFound as exc:
            raise BadMessage("not_found", str(exc)) from None
        try:
            design = await asyncio.to_thread(
                self.services.design_parsed, document=target["document"]
            )
        except DesignError as exc:
            raise BadMessage(
                "invalid_design",
                "The design has problems; fix them and check again.",
                problems=[p.to_dict() for p in exc.problems],
            ) from None
        if not design.goals:
            raise BadMessage(
                "no_goals",
                "This design has no goals to check: add one in Goals & story, then check again.",
            )
        if design.run.duration > settings.LIVE_MAX_SIMULATED_S:
            raise BadMessage(
                "too_long",
                f"run.duration is {design.run.duration:g} s; a check may simulate at most "
                f"{settings.LIVE_MAX_SIMULATED_S:g} s a seed.",
            )
        cache = await asyncio.to_thread(self.services.check_key, design=design)
        target = {**target, "cache": {**cache, "goals": len(design.goals)}}
        return target, seeds, design.name

    async def _answered_from_known(self) -> bool:
        """Every seed the check needs was kept by earlier checks: answered now, no process, no
        wait in line. False when a seed must run (or the kept ones cannot be read)."""
        cache = self.target["cache"]
        try:
            known = await self.services.check_known(
                key=cache["key"], engine=cache["engine"], goals=cache["goals"], seeds=self.seeds
            )
            if not known:
                return False
            result = await asyncio.to_thread(
                self.services.check_answer,
                document=self.target["document"],
                seeds=self.seeds,
                known=known,
            )
        except Exception:
            log.exception("could not answer check %s from the kept results", self.check_id)
            return False
        if result is None:
            return False
        self._put(self._started(workers=0))
        self.check_over({"type": CHECK_END, "reason": "completed", "result": result})
        return True

    # -- told by the run it follows (`checks_queue.CheckJob`) -----------------------------------

    def check_queued(self, *, place: int, ahead: int) -> None:
        """Its run waits in line: `place` (1: next) and `ahead` (runs before it in the line or
        running); sent only when they change."""
        if self.place == (place, ahead):
            return
        self.place = (place, ahead)
        queued = {"type": CHECK_QUEUED, "check": self.check_id, "place": place, "ahead": ahead}
        self._put({**queued, **self.echo})

    def check_started(self, job) -> None:
        self._put(self._started(workers=job.workers))

    def check_progress(self, body: dict[str, Any]) -> None:
        self._put({"type": CHECK_PROGRESS, "check": self.check_id, **body})

    def check_over(self, payload: dict[str, Any]) -> None:
        """The run's last word (check_end, or an error): this check's too."""
        self._put((_LAST, payload))

    def _put(self, item) -> None:
        if self.outbox is not None:
            self.outbox.put_nowait(item)

    def _started(self, *, workers: int) -> dict[str, Any]:
        target = self.target
        return {
            "type": CHECK_STARTED,
            "check": self.check_id,
            "design_id": target["design_id"],
            "scenario": target["scenario"] or None,
            "scenario_goals": target["scenario_goals"],
            "seeds": self.seeds,
            "workers": workers,
            "goals": target["document"].get("goals") or [],
            **self.echo,
        }

    async def _pump(self, outbox: asyncio.Queue) -> None:
        """Send the check's messages in order; the first last word ends it (cleaned up BEFORE it
        goes out, so a client that hears it can check again at once)."""
        while True:
            item = await outbox.get()
            if isinstance(item, tuple) and item[0] is _LAST:
                await self._last_word(item[1])
                return
            await self.send_text(_dumps(item))

    async def _last_word(self, payload: dict[str, Any]) -> None:
        payload = {**payload, "check": self.check_id}
        if payload["type"] == CHECK_END:
            payload["result"] = {**payload["result"], "name": self.name}
            payload["recorded"] = await self._record(payload["result"])
        else:
            payload["final"] = True
        await self.cleanup(from_pump=True)
        await self.send_text(_dumps(payload))

    async def _record(self, result: dict[str, Any]) -> bool:
        """A scenario design's check counts as progress on its scenario: True once recorded."""
        target = self.target
        if not target.get("scenario"):
            return False
        try:
            await self.services.check_progress_record(
                owner=self.owner,
                scenario=target["scenario"],
                goals=result.get("goals") or [],
                scenario_goals=target["scenario_goals"],
            )
            return True
        except Exception:
            log.exception("could not record the progress of check %s", self.check_id)
            return False

    # -- stop and the end -----------------------------------------------------------------------

    async def on_stop(self, message: dict[str, Any]) -> None:
        echo = controls.echo_id(message)
        check_id = self.check_id
        if check_id is None:
            raise BadMessage("not_checking", 'No check is running: "check_stop" came too late.')
        await self.cleanup()
        end = {"type": CHECK_END, "check": check_id, "reason": "cancelled", **echo}
        await self.send_text(_dumps(end))

    async def close(self) -> None:
        """The client left: the check is taken out of its run (and the line)."""
        await self.cleanup()

    async def cleanup(self, from_pump: bool = False) -> None:
        """Leave the run (which ends if nobody else follows it) and give back the owner's
        claim. Nothing more is sent for this check once it starts. Shielded: a disconnect
        meanwhile cannot leave a claim taken or a process unreaped."""
        job, claimed = self.job, self.claimed
        self.job, self.claimed, self.check_id, self.place = None, None, None, None
        self.outbox = None
        if not from_pump and self.pump_task is not None:
            self.pump_task.cancel()
        self.pump_task = None
        releases = []
        if job is not None:
            ending = job.unfollow(self)
            if ending is not None:
                releases.append(ending)
        if claimed is not None:
            releases.append(limits.admission().release_check(claimed))
        if releases:
            results = await asyncio.shield(asyncio.gather(*releases, return_exceptions=True))
            for result in results:
                if isinstance(result, Exception):
                    log.warning("cleaning up a check: %r", result)
