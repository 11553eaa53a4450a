"""The live-run websocket protocol (DESIGN.md "Interfaces"): `/ws/simulate/` for the learner who
runs a design, `/ws/watch/<token>/` for anyone watching along.

The consumer never simulates: each run plays in its own worker process (`runner`), and the
consumer only checks messages, passes controls down the worker's pipe and forwards what comes
back. Frames go out through a one-slot outbox: a newer frame replaces one not yet sent (carrying
its events along), so a client that reads slowly gets the latest picture, never a backlog; `seq`
numbers show the gap. A bad message gets an error frame and the socket stays open.

Client -> server (any control may carry an `id`, echoed in its acknowledgement):
    {"type": "start", "design_id" | "share_token" | "design": ..., "seed": 1, "speed": 10,
     "share": false}                  speed: 1, 2, 5, 10, 30, 60 or "max"
    {"type": "pause"} {"type": "resume"} {"type": "speed", "value": 30} {"type": "stop"}
    {"type": "inject", "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 120}}
    {"type": "set", "node": "users", "props": {"rate": 400}}
    {"type": "share"}                 a watch link for the run playing (if "start" had no "share");
                                      answered {"type": "shared", "watch": {"token", "url", "ws"}},
                                      the same link when asked again
Server -> client:
    {"type": "started", "run", "seed", "speed", "duration", "watch"?: {"token", "url", "ws"}}
    {"type": "frame", "seq", "t", "speed", "speed_achieved", "paused", "global", "nodes",
     "edges", "events"}               a control is acknowledged in the next frame's events:
                                      {"kind": "control", "control", "id"?, "t", "message"}
    {"type": "end", "run", "reason", "report", "message"?}   reason: completed, stopped,
                                      wall_clock_limit, cpu_limit, engine_limit; stored before
                                      it is sent
    {"type": "error", "code", "message", "problems"?, "control"?, "id"?, "final"?}
                                      "final": the run is over (crashed, memory_limit,
                                      cpu_limit, wall_clock_limit, unresponsive; owner_left,
                                      revoked, expired, not_found for viewers). Not final:
                                      bad_json (with problems and paths, as the HTTP parser
                                      says them), busy (a start or a speed-up past a seat
                                      limit: `limits`), and every other refused message
Viewers get {"type": "watching", "run", "speed", "design", "history", "events"} first, then the
same frames (at most one per LIVE_WATCH_INTERVAL_S), the end or the final error; anything they
send is refused. "history" is what the charts drew so far, a row per frame ({"t", "global",
"totals": {"in_service", "pending", "unhealthy", "depth"}}, the last WATCH_HISTORY_ROWS), and
"events" the last WATCH_HISTORY_EVENTS events: a viewer who joins late sees the run so far.
A watch link opens until LIVE_WATCH_TTL_S after its run ends, or until its owner revokes it
(POST /api/live/<token>/revoke/; `watch_links`).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import uuid
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from playground import client_address
from playground.live import controls, limits, runner, services, watch_links, worker
from playground.live.checked import (  # noqa: F401 - LatestFrame, send_backlog: re-exported
    BadMessage,
    CheckedConsumer,
    LatestFrame,
    send_backlog,
)
from playground.live.controls import CONTROLS
from playground.live.watching import WatchConsumer, WatchPublisher, owner_group, watch_group  # noqa: F401
from playground.owners import owner_for_scope

log = logging.getLogger(__name__)

MESSAGE_TYPES = ("start", "share") + CONTROLS


class SimulateConsumer(CheckedConsumer):
    """One learner's socket; at most one run at a time."""

    async def connect(self):
        self.run_id: str | None = None
        self.worker: runner.WorkerProcess | None = None
        self.owner = None
        self.seat: limits.Seat | None = None
        self.outbox: collections.deque = collections.deque()
        self.wake = asyncio.Event()
        self.pump_task: asyncio.Task | None = None
        self.watch: WatchPublisher | None = None
        self.revoked = False  # the owner stopped sharing this run
        self.speed: Any = 1
        self.document: dict | None = None
        await super().connect()

    async def handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "start":
            await self.start(message)
        elif kind == "share":
            await self.share(message)
        elif kind in CONTROLS:
            await self.control(message)
        else:
            raise BadMessage(
                "unknown_type",
                f'Unknown message type "{kind:.40}"; expected one of {", ".join(MESSAGE_TYPES)}.',
            )

    # -- start --------------------------------------------------------------------------------

    async def start(self, message: dict[str, Any]) -> None:
        if self.run_id is not None:
            raise BadMessage(
                "already_running",
                "A run is already playing on this connection: stop it before starting another.",
            )
        owner = owner_for_scope(self.scope)
        if owner is None:
            raise BadMessage(
                "no_session",
                "No session: open the playground page first, so the run "
                "can be filed under your browser session or account.",
            )
        sources = [
            name for name in ("design_id", "share_token", "design") if message.get(name) is not None
        ]
        if len(sources) != 1:
            raise BadMessage(
                "missing_field",
                '"start" needs exactly one of "design_id", '
                '"share_token" or "design" (an inline document).',
            )
        if "design" in sources and not isinstance(message["design"], dict):
            raise BadMessage(
                "bad_field", '"start": "design" must be a design document (an object).'
            )
        speed = controls.speed(message.get("speed", 1), "start")
        share = message.get("share", False)
        if not isinstance(share, bool):
            raise BadMessage("bad_field", '"start": "share" must be true or false.')
        try:
            document, design = await database_sync_to_async(services.document_for_start)(
                owner=owner,
                design_id=message.get("design_id"),
                share_token=message.get("share_token"),
                document=message.get("design"),
            )
        except services.NotFound as exc:
            raise BadMessage("not_found", str(exc)) from None
        parsed = await asyncio.to_thread(_parse, document)
        seed = message.get("seed", parsed.run.seed)
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
            raise BadMessage("bad_field", '"start": "seed" must be a whole number from 0.')
        if parsed.run.duration > settings.LIVE_MAX_SIMULATED_S:
            raise BadMessage(
                "too_long",
                f"run.duration is {parsed.run.duration:g} s; a live run may "
                f"simulate at most {settings.LIVE_MAX_SIMULATED_S:g} s.",
            )
        await self._launch(owner, document, design, seed, speed, share)

    async def _launch(self, owner, document, design, seed, speed, share) -> None:
        seat = limits.Seat(
            run_id=uuid.uuid4().hex,
            owner=_owner_key(owner),
            address=client_address.from_scope(self.scope),
        )
        refused = await limits.admission().acquire(seat, fast=limits.is_fast(speed))
        if refused:
            raise BadMessage("busy", refused)
        self.seat, self.owner = seat, owner
        try:
            await self._play(document, design, seed, speed, share)
        except BaseException:
            await self._cleanup()  # the seat, the worker, the groups: nothing is left held
            raise

    async def _play(self, document, design, seed, speed, share) -> None:
        run_id = str(uuid.uuid4())
        self.run_id, self.speed, self.document = run_id, speed, document
        self.record = {
            "owner": self.owner,
            "document": document,
            "seed": seed,
            "design_id": design.pk if design is not None else None,
            "started": timezone.now(),
        }
        config = {
            "run": run_id,
            "document": document,
            "seed": seed,
            "speed": speed,
            "frame_interval_s": settings.LIVE_FRAME_INTERVAL_S,
            "slice_max_s": settings.LIVE_SLICE_MAX_S,
            "wall_limit_s": settings.LIVE_MAX_WALL_S,
            "memory_mb": settings.LIVE_MEMORY_MB,
            "cpu_limit_s": settings.LIVE_MAX_CPU_S,
            "engine": settings.LIVE_ENGINE,
            "parser": settings.LIVE_PARSER,
        }
        run_settings = document.get("run") if isinstance(document.get("run"), dict) else {}
        started = {
            "type": "started",
            "run": run_id,
            "seed": seed,
            "speed": speed,
            "duration": run_settings.get("duration"),
        }
        if share:
            started["watch"] = await self._open_watch(run_id)
        self.outbox.clear()
        self.outbox.append(("message", started, None))  # goes out before the first frame
        self.pump_task = asyncio.ensure_future(self.pump())
        self.worker = runner.WorkerProcess(config, self.on_worker_output)
        try:
            await self.worker.start(
                hard_limit_s=settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
            )
        except Exception as exc:
            log.exception("could not start a live run")
            raise BadMessage("crashed", f"The run could not start: {exc}") from None
        self.wake.set()

    async def _open_watch(self, run_id: str) -> dict[str, str]:
        """Let viewers follow this run: its watch link (made once, one row written; the same link
        when asked again, unless the owner revoked it)."""
        if self.revoked:
            raise BadMessage(
                "revoked",
                "You stopped sharing this run, so its link stays closed. "
                "Start a new run to share one again.",
            )
        token = await database_sync_to_async(watch_links.watch_link_open)(
            run_id=run_id, owner=self.owner, name=(self.document or {}).get("name")
        )
        if self.run_id != run_id:  # the run ended while the link was written
            raise BadMessage("not_running", "The run has already ended: there is nothing to watch.")
        if self.watch is None:
            self.watch = WatchPublisher(self.channel_layer, watch_group(run_id))
            await self.channel_layer.group_add(owner_group(run_id), self.channel_name)
        return {"token": token, "url": f"/live/{token}/", "ws": f"/ws/watch/{token}/"}

    async def share(self, message: dict[str, Any]) -> None:
        """A watch link for the run playing, for an instructor who did not ask for one at start.
        Viewers see the run from now on (what came before was not kept: it costs a parse a frame)."""
        if self.worker is None or self.run_id is None:
            raise BadMessage(
                "not_running",
                'No run is playing: "share" gives a watch link for the run '
                'playing (or send "start" with "share": true).',
            )
        shared: dict[str, Any] = {"type": "shared", **controls.echo_id(message)}
        shared["watch"] = await self._open_watch(self.run_id)
        self.outbox.append(("message", shared, None))
        self.wake.set()

    # -- controls -----------------------------------------------------------------------------

    async def control(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if self.worker is None:
            raise BadMessage("not_running", f'No run is playing: send "start" before "{kind}".')
        control = controls.build(message)
        if kind == "speed":
            seat, fast = self.seat, limits.is_fast(control["value"])
            if seat is not None and fast != limits.is_fast(self.speed):
                refused = await limits.admission().set_fast(seat, fast)
                if refused:
                    raise BadMessage("busy", refused)
                if self.seat is not seat:  # the run ended meanwhile: give the fast seat back
                    await limits.admission().set_fast(seat, False)
            self.speed = control["value"]
        if self.worker is None or not self.worker.control(control):  # it may have ended meanwhile
            raise BadMessage("not_running", f'The run has already ended: "{kind}" came too late.')
        if kind == "stop":
            self.worker.expect_exit(settings.LIVE_STOP_GRACE_S)

    # -- output from the worker ---------------------------------------------------------------

    def on_worker_output(self, items: list, eof: bool) -> None:
        """Called on the loop with what the worker wrote. Frames go to the one-slot outbox."""
        for tag, text in items:
            if tag == worker.FRAME:
                if self.outbox and isinstance(self.outbox[-1], LatestFrame):
                    self.outbox[-1].replace(text)
                else:
                    self.outbox.append(LatestFrame(text))
                if self.watch is not None:
                    self.watch.publish_frame(text)
            elif tag == worker.END:
                end = json.loads(text)
                end["run"] = self.run_id
                # Stored in its own task: a disconnect now must not lose the report.
                stored = asyncio.ensure_future(
                    database_sync_to_async(services.live_run_store)(
                        run_id=self.run_id, report=end["report"], **self.record
                    )
                )
                self.outbox.append(("end", end, stored))
            else:
                error = json.loads(text)
                self.outbox.append(("error", error, None))
        if eof:
            self.outbox.append(("finish", None, None))
        self.wake.set()

    async def pump(self) -> None:
        """Send the outbox in order; a frame waits while the client's buffer is full. The run is
        cleaned up BEFORE its last word (end or error) goes out, so a client that hears it can
        start again at once."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.outbox:
                item = self.outbox[0]
                if isinstance(item, LatestFrame):
                    if self.backlogged():
                        await asyncio.sleep(0.05)
                        continue
                    self.outbox.popleft()
                    await self.send_text(item.dumps())
                    continue
                self.outbox.popleft()
                kind, payload, stored = item
                if kind == "message" or kind == "error" and "control" in payload:
                    await self.send_json(payload)
                    continue
                if kind == "end":
                    try:
                        await asyncio.shield(stored)
                    except Exception:
                        log.exception("could not store the report of run %s", self.run_id)
                elif kind == "finish":  # the worker went without a word
                    payload = {
                        "type": "error",
                        "code": "crashed",
                        "message": "The simulation stopped unexpectedly; the server is "
                        "fine, you can start again.",
                    }
                if payload.get("type") == "error":
                    payload["final"] = True  # the run is over; a new start is welcome
                watch = self.watch
                self.outbox.clear()
                await self._cleanup(from_pump=True)
                await self.send_json(payload)
                if watch is not None:
                    await watch.publish_last(payload)
                return

    async def _cleanup(self, from_pump: bool = False) -> None:
        """Release everything a run holds: its worker (killed and joined), its seat, its groups.
        Shielded: a disconnect arriving meanwhile cannot leave a seat taken or a worker unreaped."""
        worker_process, run_id, owner, seat, watch = (
            self.worker,
            self.run_id,
            self.owner,
            self.seat,
            self.watch,
        )
        self.worker, self.run_id, self.seat, self.watch = None, None, None, None
        releases = []
        if worker_process is not None:
            releases.append(worker_process.kill())
        if seat is not None:
            releases.append(limits.admission().release(seat))
        if watch is not None:
            watch.close()
            if run_id is not None:
                releases.append(
                    self.channel_layer.group_discard(owner_group(run_id), self.channel_name)
                )
        if run_id is not None and (watch is not None or self.revoked):  # the link's day starts now
            releases.append(database_sync_to_async(watch_links.watch_link_ended)(run_id=run_id))
        self.revoked = False
        if releases:
            results = await asyncio.shield(asyncio.gather(*releases, return_exceptions=True))
            for result in results:
                if isinstance(result, Exception):
                    log.warning("cleaning up live run %s: %r", run_id, result)
        if not from_pump and self.pump_task is not None:
            self.pump_task.cancel()
            self.pump_task = None
        elif from_pump and self.pump_task is asyncio.current_task():
            self.pump_task = None

    async def disconnect(self, code):
        if self.watch is not None and self.run_id is not None:
            await self.watch.publish_last(
                {
                    "type": "error",
                    "code": "owner_left",
                    "final": True,
                    "message": "The run stopped: its owner disconnected.",
                }
            )
        await self._cleanup()

    # -- watch-along --------------------------------------------------------------------------

    async def watch_revoked(self, event: dict[str, Any]) -> None:
        """The owner stopped sharing (POST /api/live/<token>/revoke/): no more frames to viewers."""
        watch, run_id = self.watch, self.run_id
        if watch is None or run_id is None:
            return
        self.watch, self.revoked = None, True
        watch.close()
        await self.channel_layer.group_discard(owner_group(run_id), self.channel_name)

    async def watch_join(self, event: dict[str, Any]) -> None:
        """A viewer arrived: tell it what is playing."""
        if self.run_id is None:
            return
        history, events = self.watch.so_far() if self.watch is not None else ([], [])
        await self.channel_layer.send(
            event["reply_to"],
            {
                "type": "watch.message",
                "message": {
                    "type": "watching",
                    "run": self.run_id,
                    "speed": self.speed,
                    "design": self.document,
                    "history": history,
                    "events": events,
                },
            },
        )


def _owner_key(owner) -> str:
    return f"user:{owner.user_id}" if owner.user_id is not None else f"session:{owner.session_key}"


def _parse(document: Any):
    from simengine.design import DesignError

    parse = worker.load(settings.LIVE_PARSER)
    try:
        return parse(document)
    except DesignError as exc:
        raise BadMessage(
            "invalid_design",
            "The design has problems; fix them and run again.",
            problems=[p.to_dict() for p in exc.problems],
        ) from None
