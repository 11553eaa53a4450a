"""One learner's live session: the run's state machine, with no socket in it.

A session is driven by plain method calls (`handle(message)` for what the client sent,
`on_worker_output` for what the worker wrote, `close()` when the client leaves) and answers
through the `send_text` callback it was given, so the same object runs under a websocket
consumer (`consumers.SimulateConsumer`) and in a plain asyncio test.

A run goes: start (the message checked, the document fetched and parsed once, the seat taken)
-> launch (the worker process started with the parsed design) -> play (controls passed down,
frames forwarded through the `backpressure.Outbox`, watch-along through `watch_along`) -> its
last word (the end, stored before it is sent, or a final error), after which everything the run
held is released and a new start is welcome. The database and the engine are reached only
through `services` (see `LiveServices` in `consumers`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import timezone

from playground.live import controls, limits, runner
from playground.live import relay as relay_module
from playground.live.backpressure import Last, Outbox
from playground.live.protocol import (
    CLIENT_TYPES,
    CONTROLS,
    SHARE,
    SHARED,
    SPEED,
    START,
    STARTED,
    STOP,
    TAG_END,
    TAG_FRAME,
    BadMessage,
)
from playground.live.session_start import StartPlan, prepare
from playground.live.watch_along import WatchAlong

log = logging.getLogger(__name__)

CRASHED = {
    "type": "error",
    "code": "crashed",
    "message": "The simulation stopped unexpectedly; the server is fine, you can start again.",
}
OWNER_LEFT = {
    "type": "error",
    "code": "owner_left",
    "final": True,
    "message": "The run stopped: its owner disconnected.",
}


class LiveSession:
    """At most one run at a time for one learner (`owner`, from `address`)."""

    def __init__(
        self,
        *,
        owner,
        address: str,
        services,
        send_text: Callable[[str], Awaitable[Any]],
        backlogged: Callable[[], bool],
        watch_along: Callable[..., WatchAlong],
        start_worker: Callable[..., Any] = runner.WorkerProcess,
        relay: relay_module.ControlRelay | None = None,
    ):
        self.owner, self.address, self.services = owner, address, services
        self.send_text, self.backlogged = send_text, backlogged
        self.watch_along, self.start_worker = watch_along, start_worker
        self.relay = relay  # controls to and from other sockets (`relay`), if any
        self.relayed = None if relay is None else relay_module.Relayed(relay)
        self.run_id: str | None = None
        self.worker = None
        self.seat: limits.Seat | None = None
        self.along: WatchAlong | None = None
        self.outbox: Outbox | None = None
        self.pump_task: asyncio.Task | None = None
        self.speed: Any = 1
        self.document: dict | None = None
        self.record: dict[str, Any] = {}
        self.handlers = {START: self.on_start, SHARE: self.on_share}
        self.handlers.update(dict.fromkeys(CONTROLS, self.on_control))

    async def handle(self, message: dict[str, Any]) -> None:
        """Dispatch a checked message by its type; an unknown type is a BadMessage."""
        handler = self.handlers.get(message["type"])
        if handler is None:
            raise BadMessage(
                "unknown_type",
                f'Unknown message type "{message["type"]:.40}"; expected one of '
                f"{', '.join(CLIENT_TYPES)}.",
            )
        await handler(message)

    # -- start ----------------------------------------------------------------------------------

    async def on_start(self, message: dict[str, Any]) -> None:
        if self.run_id is not None:
            raise BadMessage(
                "already_running",
                "A run is already playing on this connection: stop it before starting another.",
            )
        plan = await prepare(message, owner=self.owner, services=self.services)
        run_id = str(uuid.uuid4())  # the seat is the run's: a reaper tells its viewers by it
        seat = limits.Seat(run_id=run_id, owner=limits.owner_key(self.owner), address=self.address)
        refused = await limits.admission().acquire(seat, fast=limits.is_fast(plan.speed))
        if refused:
            raise BadMessage("busy", refused)
        self.seat = seat
        try:
            await self._launch(plan, run_id)
        except BaseException:
            await self.cleanup()  # the seat, the worker, the groups: nothing is left held
            raise

    async def _launch(self, plan: StartPlan, run_id: str) -> None:
        self.run_id, self.speed, self.document = run_id, plan.speed, plan.document
        self.record = {
            "owner": self.owner,
            "document": plan.document,
            "seed": plan.seed,
            "design_id": plan.design_id,
            "started": timezone.now(),
        }
        self.along = self.watch_along(
            run_id=run_id,
            owner=self.owner,
            name=plan.name,
            document=plan.document,
            design_id=plan.design_id,
        )
        started = {
            "type": STARTED,
            "run": run_id,
            "seed": plan.seed,
            "speed": plan.speed,
            "duration": plan.duration,
        }
        if self.relay is not None:  # controls sent through the owner's other sockets reach it
            await self.relay.join(run_id)
        if plan.share:
            started["watch"] = await self._share_link(run_id)
        self.outbox = Outbox(self.send_text, self.backlogged, self._last_word)
        self.outbox.put(started)  # goes out before the first frame
        self.pump_task = asyncio.ensure_future(self.outbox.pump())
        output = partial(self.on_worker_output, run_id)
        self.worker = self.start_worker(worker_config(run_id, plan), output)
        try:
            await self.worker.start(
                hard_limit_s=settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
            )
        except Exception as exc:
            log.exception("could not start a live run")
            raise BadMessage("crashed", f"The run could not start: {exc}") from None

    # -- sharing --------------------------------------------------------------------------------

    async def on_share(self, message: dict[str, Any]) -> None:
        """A watch link for the run playing, for an instructor who did not ask for one at start.
        Viewers see the run from now on (what came before was not kept: it costs a parse a
        frame)."""
        if self.worker is None or self.run_id is None:
            raise BadMessage(
                "not_running",
                'No run is playing: "share" gives a watch link for the run '
                'playing (or send "start" with "share": true).',
            )
        shared: dict[str, Any] = {"type": SHARED, **controls.echo_id(message)}
        shared["watch"] = await self._share_link(self.run_id)
        self.outbox.put(shared)

    async def _share_link(self, run_id: str) -> dict[str, str]:
        along = self.along
        link = await along.link()
        if self.run_id != run_id:  # the run ended while the link was written
            raise BadMessage("not_running", "The run has already ended: there is nothing to watch.")
        await along.publish()
        return link

    async def watch_revoked(self) -> None:
        if self.along is not None and self.run_id is not None:
            await self.along.revoke()

    async def watch_join(self, reply_to: str) -> None:
        if self.along is not None and self.run_id is not None:
            playing = {"run": self.run_id, "speed": self.speed, "design": self.document}
            await self.along.greet(reply_to, playing)

    # -- controls -------------------------------------------------------------------------------

    async def on_control(self, message: dict[str, Any]) -> None:
        kind, run = message["type"], relay_module.run_field(message)
        if run is not None and run != self.run_id:  # a run this socket does not play
            if self.relay is None or self.owner is None:  # no session: it owns no run
                raise BadMessage("not_running", relay_module.not_running(kind, run)["message"])
            controls.build(message)  # a bad shape is refused here, before it travels
            await self.relay.forward(message, owner=limits.owner_key(self.owner))
            return
        if self.worker is None:
            raise BadMessage("not_running", f'No run is playing: send "start" before "{kind}".')
        control = controls.build(message)
        if kind == SPEED:
            await self._take_speed(control["value"])
        if self.worker is None or not self.worker.control(control):  # it may have ended meanwhile
            raise BadMessage("not_running", f'The run has already ended: "{kind}" came too late.')
        if kind == STOP:
            self.worker.expect_exit(settings.LIVE_STOP_GRACE_S)

    async def on_relayed(self, event: dict[str, Any]) -> None:
        """A control forwarded from another socket: obeyed if its sender owns the run (`relay`)."""
        if self.relayed is not None and self.seat is not None:
            await self.relayed.obey(event, self.seat.owner, self.run_id, self.on_control)

    async def _take_speed(self, value: int | str) -> None:
        """A run that turns fast takes a fast seat (or is refused `busy`); one that slows down
        gives it back."""
        seat, fast = self.seat, limits.is_fast(value)
        if seat is not None and fast != limits.is_fast(self.speed):
            refused = await limits.admission().set_fast(seat, fast)
            if refused:
                raise BadMessage("busy", refused)
            if self.seat is not seat:  # the run ended meanwhile: give the fast seat back
                await limits.admission().set_fast(seat, False)
        self.speed = value

    # -- output from the worker -----------------------------------------------------------------

    def on_worker_output(self, run_id: str, items: list, eof: bool) -> None:
        """Called on the loop with what run `run_id`'s worker wrote: frames to the one-slot outbox
        (and the viewers), the end (its report stored at once, in its own task: a disconnect now
        must not lose it) and errors (a refused control, or the run's final word). Anything from
        a run that is no longer the one playing is dropped."""
        if run_id != self.run_id:
            return
        outbox = self.outbox
        for tag, text in items:
            if tag == TAG_FRAME:
                if self.relayed is not None:  # acknowledges a forwarded control: answer it
                    text = self.relayed.frame(text)
                outbox.put_frame(text)
                if self.along is not None:
                    self.along.publish_frame(text)
            elif tag == TAG_END:
                end = {**json.loads(text), "run": self.run_id}
                report = {
                    "run_id": self.run_id,
                    "report": end["report"],
                    "series": end.get("series"),
                    **self.record,
                }
                final = self.along.final() if self.along is not None else None
                if final is not None:  # shared: a viewer who joins after the end sees it
                    report["watch_final"] = final
                outbox.put_last(Last(end, asyncio.ensure_future(self.services.run_store(**report))))
            else:
                error = json.loads(text)
                if "control" in error and self.relayed is not None and self.relayed.error(error):
                    continue
                outbox.put(error) if "control" in error else outbox.put_last(Last(error))
        if eof:
            outbox.put_last(Last(None))  # the worker went without a word (if it said none)

    async def _last_word(self, last: Last) -> None:
        """The run is cleaned up BEFORE its last word goes out, so a client that hears it can
        start again at once."""
        payload = dict(CRASHED) if last.payload is None else last.payload
        if last.stored is not None:
            try:
                await asyncio.shield(last.stored)
            except Exception:
                log.exception("could not store the report of run %s", self.run_id)
        if payload.get("type") == "error":
            payload["final"] = True  # the run is over; a new start is welcome
        along = self.along
        await self.cleanup(from_pump=True)
        await self.send_text(json.dumps(payload, separators=(",", ":"), default=str))
        if along is not None:
            await along.publish_last(payload)

    # -- the end --------------------------------------------------------------------------------

    async def close(self) -> None:
        """The client left: viewers are told, the run is released."""
        if self.along is not None and self.run_id is not None:
            await self.along.publish_last(OWNER_LEFT)
        await self.cleanup()
        if self.relay is not None:
            self.relay.close()

    async def cleanup(self, from_pump: bool = False) -> None:
        """Release everything a run holds: its worker (killed and joined), its seat, its groups.
        Shielded: a disconnect arriving meanwhile cannot leave a seat taken or a worker unreaped."""
        worker, seat, along, run_id = self.worker, self.seat, self.along, self.run_id
        self.worker, self.run_id, self.seat, self.along = None, None, None, None
        releases = [] if along is None else along.release()
        if self.relayed is not None and run_id is not None:
            self.relayed.clear()
            releases.append(self.relay.leave(run_id))
        if worker is not None:
            releases.append(worker.kill())
        if seat is not None:
            releases.append(limits.admission().release(seat))
        if releases:
            results = await asyncio.shield(asyncio.gather(*releases, return_exceptions=True))
            for result in results:
                if isinstance(result, Exception):
                    log.warning("cleaning up live run %s: %r", run_id, result)
        if self.outbox is not None:
            self.outbox.clear()
        if not from_pump and self.pump_task is not None:
            self.pump_task.cancel()
            self.pump_task = None
        elif from_pump and self.pump_task is asyncio.current_task():
            self.pump_task = None


def worker_config(run_id: str, plan: StartPlan) -> dict[str, Any]:
    """What the worker process is handed: the parsed design (never the document: it is not
    parsed again), the seed and speed, and the limits from the settings."""
    return {
        "run": run_id,
        "design": plan.design,
        "seed": plan.seed,
        "speed": plan.speed,
        "frame_interval_s": settings.LIVE_FRAME_INTERVAL_S,
        "slice_max_s": settings.LIVE_SLICE_MAX_S,
        "wall_limit_s": settings.LIVE_MAX_WALL_S,
        "memory_mb": settings.LIVE_MEMORY_MB,
        "cpu_limit_s": settings.LIVE_MAX_CPU_S,
        "nice": settings.LIVE_RUN_NICE,
        "engine": settings.LIVE_ENGINE,
    }
