"""One learner's "Check my design" on their socket: a state machine with no socket in it, like
`session.LiveSession` beside it.

A check goes: `check` (the message checked; the saved design fetched as a run of it would play,
locked to its scenario's goals and faults; parsed once; it must have goals) -> admission (the
owner's one check, one live seat, and a fast seat per worker process, at least one: `limits`)
-> the seeds earlier checks of the same design already ran (`check_cache`, through the services:
the check's process stays Django-free) -> the check's process (`runner.CheckProcess` running
`check_worker`, which runs `simengine.verify` on the seeds not known) -> each seed it ran kept
for later checks, and `check_progress` as each seed ends and at each check point -> its last
word (`check_end` with the result, a scenario design's progress recorded first; or a final
error), after which everything the check held is released. `check_stop`, or the socket closing,
kills the check's whole process group at once.

Messages go out in order through one queue and its pump task, never from the worker's callback.
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
from playground.live import controls, limits, runner
from playground.live.protocol import (
    CHECK,
    CHECK_END,
    CHECK_PROGRESS,
    CHECK_STARTED,
    TAG_END,
    TAG_PROGRESS,
    TAG_SEED,
    BadMessage,
)
from simengine.design import DesignError

log = logging.getLogger(__name__)

CRASHED = "The check stopped unexpectedly; the server is fine, you can check again."
_LAST = object()
_SEED = object()


class CheckSession:
    """At most one check at a time on one socket, and one per owner anywhere (`limits`)."""

    def __init__(
        self,
        *,
        owner,
        address: str,
        services,
        send_text: Callable[[str], Awaitable[Any]],
        start_process: Callable[..., Any] = runner.CheckProcess,
    ):
        self.owner, self.address, self.services = owner, address, services
        self.send_text, self.start_process = send_text, start_process
        self.check_id: str | None = None
        self.process = None
        self.seats: list[limits.Seat] = []
        self.claimed: str | None = None
        self.target: dict[str, Any] = {}
        self.queue: asyncio.Queue | None = None
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
        target, seeds = await self._prepare(message)
        key = limits.owner_key(self.owner)
        if not await limits.admission().claim_check(key):
            raise BadMessage(
                "busy",
                "Busy: you already have a check running (in this tab or another). Wait for "
                "its result or cancel it, then check again.",
            )
        self.claimed, self.check_id = key, str(uuid.uuid4())
        try:
            workers = await self._take_seats(key, seeds)
            await self._launch(target, seeds, workers, controls.echo_id(message))
        except BaseException:
            await self.cleanup()
            raise

    async def _prepare(self, message: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """The check's document and seed count, or a BadMessage saying what is wrong."""
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
        return target, seeds

    async def _known(self, cache: dict[str, Any], seeds: int) -> list[dict[str, Any]]:
        """Results of this design's seeds kept by earlier checks (none if they cannot be read:
        the check then runs them all)."""
        try:
            return await self.services.check_known(seeds=seeds, **cache)
        except Exception:
            log.exception("could not read the kept results for check %s", self.check_id)
            return []

    async def _take_seats(self, key: str, seeds: int) -> int:
        """One live seat, then a fast seat per worker process (at least the first): how many
        processes the check may use."""
        admission = limits.admission()
        seat = limits.Seat(run_id=f"check-{self.check_id}", owner=key, address=self.address)
        refused = await admission.acquire(seat, fast=False)
        if refused:
            raise BadMessage("busy", refused)
        self.seats.append(seat)
        if await admission.set_fast(seat, True):
            raise BadMessage(
                "busy",
                f"Busy: the server's {settings.LIVE_CPU_CORES} CPU core(s) are taken by runs "
                f"playing fast and other checks. Try Check my design again in a minute.",
            )
        for i in range(1, max(1, min(settings.LIVE_CHECK_MAX_WORKERS, seeds))):
            extra = limits.Seat(f"{seat.run_id}:{i}", key, self.address)
            if await admission.set_fast(extra, True):
                break
            self.seats.append(extra)
        return len(self.seats)

    async def _launch(self, target, seeds: int, workers: int, echo: dict[str, Any]) -> None:
        self.target = target
        self.queue = asyncio.Queue()
        self.pump_task = asyncio.ensure_future(self._pump(self.queue))
        config = {
            "run": self.check_id,
            "document": target["document"],
            "seeds": seeds,
            "workers": workers,
            "memory_mb": settings.LIVE_MEMORY_MB,
            "known": await self._known(target["cache"], seeds),
        }
        check_id = self.check_id
        self.process = self.start_process(
            config, lambda items, eof: self.on_output(check_id, items, eof)
        )
        try:
            await self.process.start(
                hard_limit_s=settings.LIVE_CHECK_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
            )
        except Exception as exc:
            log.exception("could not start a check")
            raise BadMessage("crashed", f"The check could not start: {exc}") from None
        goals = target["document"].get("goals") or []
        started = {
            "type": CHECK_STARTED,
            "check": check_id,
            "design_id": target["design_id"],
            "scenario": target["scenario"] or None,
            "scenario_goals": target["scenario_goals"],
            "seeds": seeds,
            "workers": workers,
            "goals": goals,
            **echo,
        }
        self.queue.put_nowait(started)

    # -- output from the check's process --------------------------------------------------------

    def on_output(self, check_id: str, items: list, eof: bool) -> None:
        """Called on the loop with what the check's process wrote; queued for the pump."""
        if check_id != self.check_id or self.queue is None:
            return
        for tag, text in items:
            body = json.loads(text)
            if tag == TAG_PROGRESS:
                self.queue.put_nowait({"type": CHECK_PROGRESS, "check": check_id, **body})
            elif tag == TAG_SEED:
                self.queue.put_nowait((_SEED, body))
            elif tag == TAG_END:
                end = {"type": CHECK_END, "check": check_id, "reason": "completed", **body}
                self.queue.put_nowait((_LAST, end))
            else:
                self.queue.put_nowait((_LAST, {**body, "type": "error", "check": check_id}))
        if eof:
            error = {"type": "error", "code": "crashed", "message": CRASHED, "check": check_id}
            self.queue.put_nowait((_LAST, error))

    async def _pump(self, queue: asyncio.Queue) -> None:
        """Send the check's messages in order; the first last word ends it (cleaned up BEFORE it
        goes out, so a client that hears it can check again at once)."""
        while True:
            item = await queue.get()
            if isinstance(item, tuple) and item[0] is _LAST:
                await self._last_word(item[1])
                return
            if isinstance(item, tuple) and item[0] is _SEED:
                await self._keep(item[1])
                continue
            await self.send_text(json.dumps(item, separators=(",", ":"), default=str))

    async def _keep(self, result: dict[str, Any]) -> None:
        """Keep a seed the check ran, for the next check of the same design (a failure to keep
        it costs that check a run, nothing more)."""
        cache = self.target["cache"]
        try:
            await self.services.check_store(
                key=cache["key"], engine=cache["engine"], results=[result]
            )
        except Exception:
            log.exception("could not keep seed %s of check %s", result.get("seed"), self.check_id)

    async def _last_word(self, payload: dict[str, Any]) -> None:
        if payload["type"] == CHECK_END:
            payload["recorded"] = await self._record(payload["result"])
        else:
            payload["final"] = True
        engine = self.target["cache"]["engine"]
        await self.cleanup(from_pump=True)
        await self.send_text(json.dumps(payload, separators=(",", ":"), default=str))
        if payload["type"] == CHECK_END:
            try:  # after the verdict is out: the learner does not wait for it
                await self.services.check_prune(engine=engine)
            except Exception:
                log.exception("could not prune the kept results")

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
        await self.send_text(json.dumps(end, separators=(",", ":")))

    async def close(self) -> None:
        """The client left: the check is killed and everything it held released."""
        await self.cleanup()

    async def cleanup(self, from_pump: bool = False) -> None:
        """Kill the check's process group and give back its seats and the owner's claim.
        Shielded: a disconnect meanwhile cannot leave a seat taken or a process unreaped."""
        process, seats, claimed = self.process, self.seats, self.claimed
        self.process, self.seats, self.claimed, self.check_id = None, [], None, None
        admission = limits.admission()
        releases = [] if process is None else [process.kill()]
        releases += [admission.set_fast(seat, False) for seat in seats]
        releases += [admission.release(seat) for seat in seats[:1]]
        if claimed is not None:
            releases.append(admission.release_check(claimed))
        if releases:
            results = await asyncio.shield(asyncio.gather(*releases, return_exceptions=True))
            for result in results:
                if isinstance(result, Exception):
                    log.warning("cleaning up a check: %r", result)
        self.queue = None
        if not from_pump and self.pump_task is not None:
            self.pump_task.cancel()
        self.pump_task = None
