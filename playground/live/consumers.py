"""The live-run websocket protocol (DESIGN.md "Interfaces"): `/ws/simulate/` for the learner who
runs a design, `/ws/watch/<token>/` for anyone watching along.

The consumer is thin: it checks each message (`checked`) and hands it to the learner's
`session.LiveSession`, which plays the run in its own worker process (`runner`), passes controls
down the worker's pipe and forwards what comes back. Frames go out through a one-slot outbox
(`backpressure`): a newer frame replaces one not yet sent (carrying its events along), so a
client that reads slowly gets the latest picture, never a backlog; `seq` numbers show the gap.
A bad message gets an error frame and the socket stays open. The message types, speeds and
fault kinds are `protocol`'s.

Client -> server (any control may carry an `id`, echoed in its acknowledgement):
    {"type": "start", "design_id" | "share_token" | "design": ..., "seed": 1, "speed": 10,
     "share": false}                  speed: 1, 2, 5, 10, 30, 60 or "max"
    {"type": "pause"} {"type": "resume"} {"type": "speed", "value": 30} {"type": "stop"}
    {"type": "inject", "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 120}}
    {"type": "set", "node": "users", "props": {"rate": 400}}
    Any control may also carry "run": <the run's id, from "started">. On the socket playing that
    run it changes nothing; on another socket of the same owner (same user or browser session,
    on any server process) it is forwarded there (`relay`), and answered by the run's own
    acknowledgement {"type": "controlled", "run", "control", "t", "message", "id"?, ...} (the
    frame event the player sees, without "kind") or its error (with "run"). Anyone else, or no
    answer within LIVE_CONTROL_RELAY_S, gets error `not_running` (the same for a run that does
    not exist); a "run" that is not a short string is `bad_field`.
    {"type": "share"}                 a watch link for the run playing (if "start" had no "share");
                                      answered {"type": "shared", "watch": {"token", "url", "ws"}},
                                      the same link when asked again
Server -> client:
    {"type": "started", "run", "seed", "speed", "duration", "watch"?: {"token", "url", "ws"}}
    {"type": "frame", "seq", "t", "speed", "speed_achieved", "paused", "global", "nodes",
     "edges", "events"}               a control is acknowledged in the next frame's events:
                                      {"kind": "control", "control", "id"?, "t", "message"}
                                      "global" (DESIGN.md "Metrics frames") is over the last
                                      1 s, except "requests" (counts since the start) and
                                      "run_p99_ms": the run's p99 so far, computed as the
                                      report's latency_ms.p99 (requests that succeeded, after
                                      warm-up; null before one), so the panel can show both
    {"type": "end", "run", "reason", "report", "series", "message"?}   reason: completed,
                                      stopped, wall_clock_limit, cpu_limit, engine_limit; stored
                                      before it is sent ("series": what the charts drew,
                                      downsampled, `series.py`; kept with the run)
    {"type": "error", "code", "message", "problems"?, "control"?, "id"?, "final"?}
                                      "final": the run is over (crashed, memory_limit,
                                      cpu_limit, wall_clock_limit, unresponsive; owner_left,
                                      revoked, expired, not_found, server_restarted for
                                      viewers: the process playing the run died, `liveness`;
                                      ended: a viewer arrived after a run ended without a
                                      report; unavailable: a viewer's join went unanswered
                                      five times, the channel layer failing: reload).
                                      Not final:
                                      bad_json (with problems and paths, as the HTTP parser
                                      says them), busy (a start or a speed-up past a seat
                                      limit: `limits`), and every other refused message
"Check my design" on the same socket (`checks.CheckSession`; one check per learner at a time,
alongside a run or not):
    {"type": "check", "design_id": "<a saved design of yours>", "seeds": 20, "id"?}
                                      seeds: 2 to LIVE_CHECK_MAX_SEEDS (default 20); the design
                                      is checked as saved, with its scenario's goals and faults
    {"type": "check_stop", "id"?}     cancel it (closing the socket cancels it too), waiting
                                      in line or running
    -> {"type": "check_queued", "check", "place", "ahead", "id"?}   no check core is free
                                      (`checks_queue`): the check waits in line, first come
                                      first served; "place": 1 is next to start, "ahead": the
                                      checks before it in line plus those running. Sent at once
                                      and again whenever either changes; then check_started
    -> {"type": "check_started", "check", "design_id", "scenario", "scenario_goals", "seeds",
        "workers", "goals", "id"?}    goals: what is graded, the scenario's first. "workers": 0
                                      when earlier checks had kept every seed it needs: the
                                      check_end follows at once. A check of the same design as
                                      one waiting or running follows that one's run (the same
                                      progress and result, under its own "check" id; one that
                                      joins late hears the progress so far first)
    -> {"type": "check_progress", "check", "done", "planned", "goals"?}   after each seed
                                      ("planned": seeds planned so far, the next check point);
                                      "goals" (verify's rows so far) at each check point
    -> {"type": "check_end", "check", "reason": "completed", "result", "recorded"}   result:
                                      `simengine.verify.verify`'s (seeds, passed, certain,
                                      goals [{metric, scope, op, value, label, unit, pass_rate,
                                      low, high, verdict, ...}], seeds_known: how many seeds
                                      earlier checks of the same design had run, `check_cache`);
                                      recorded: counted as progress on the scenario. Or
                                      {"reason": "cancelled"} after a stop
    Refused (not final): missing_field, bad_field, not_found, invalid_design (with problems),
    no_goals, too_long, busy (a check already running for this learner, or LIVE_CHECK_QUEUE_MAX
    checks already in line), already_checking, not_checking. A check that fails: {"type":
    "error", "check", "final": true, "code": crashed | memory_limit | wall_clock_limit |
    invalid_design}.
Viewers get {"type": "watching", "run", "speed", "design", "history", "events", "faults",
"paused", "frame", "expires"} first, then the same frames (at most one per
LIVE_WATCH_INTERVAL_S), the end (with "expires") or the final error; anything they send is
refused. "history" is what the charts drew so far, a row per frame ({"t", "global", "totals":
{"in_service", "pending", "unhealthy", "depth"}}, the last WATCH_HISTORY_ROWS), "events" the last
WATCH_HISTORY_EVENTS events, "faults" every fault injected so far (the inject's fault with its
"at"), "paused" whether the run is paused now and "frame" the latest frame (null before one):
a viewer who joins late sees the run so far and as it stands. Injected faults reach viewers as
the "inject" control's acknowledgement ({"kind": "control", "control": "inject", "fault", "t"});
pause, resume and speed as each frame's "paused" and "speed". A viewer who arrives after the end
gets {"type": "end", "reason": "finished", "report", "design", "expires", "frame", "faults",
"history", "events"}: the design it ran and the run as it ended, as "watching" has them ("frame"
null and the lists empty for a run that ended before it was shared; "history" keeps every few
rows, at most WATCH_FINAL_ROWS).
The "started" and "shared" messages' "watch" also carries "code" (the short code), "short_url"
(`/w/<code>/`, a redirect to the watch page) and "qr" (`/live/<token>/qr.svg`, its QR code).
A watch link opens until LIVE_WATCH_TTL_S after its run ends, or until its owner revokes it
(POST /api/live/<token>/revoke/; `watch_links`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from channels.db import database_sync_to_async

from playground import client_address, selectors
from playground.live import check_cache, services, watch_links
from playground.live.checked import CheckedConsumer
from playground.live.checks import CheckSession
from playground.live.protocol import CHECK_TYPES
from playground.live.relay import ControlRelay
from playground.live.session import LiveSession
from playground.live.watch_along import OWNER_CALLS, WatchAlong
from playground.owners import owner_for_scope


class LiveServices:
    """The services a live session calls, made awaitable for the event loop: the database
    through `database_sync_to_async`, the parse as it is (the session runs it in a thread)."""

    async def document_for_start(self, **kwargs: Any) -> tuple[dict[str, Any], Any]:
        return await database_sync_to_async(services.document_for_start)(**kwargs)

    def design_parsed(self, *, document: Any) -> Any:
        return selectors.design_parsed(document=document)

    async def run_store(self, **kwargs: Any) -> None:
        await database_sync_to_async(services.live_run_store)(**kwargs)

    async def watch_link_open(self, **kwargs: Any) -> str:
        return await database_sync_to_async(watch_links.watch_link_open)(**kwargs)

    async def watch_link_ended(self, **kwargs: Any) -> None:
        await database_sync_to_async(watch_links.watch_link_ended)(**kwargs)

    async def document_for_check(self, **kwargs: Any) -> dict[str, Any]:
        return await database_sync_to_async(services.document_for_check)(**kwargs)

    async def check_progress_record(self, **kwargs: Any) -> None:
        await database_sync_to_async(services.check_progress_record)(**kwargs)

    def check_key(self, *, design: Any) -> dict[str, str]:
        return check_cache.check_key(design=design)

    async def check_known(self, **kwargs: Any) -> list[dict[str, Any]]:
        return await database_sync_to_async(check_cache.known_results)(**kwargs)

    def check_answer(self, **kwargs: Any) -> dict[str, Any] | None:
        return check_cache.answer_from_known(**kwargs)

    async def check_store(self, **kwargs: Any) -> int:
        return await database_sync_to_async(check_cache.results_store)(**kwargs)

    async def check_prune(self, **kwargs: Any) -> int:
        return await database_sync_to_async(check_cache.prune)(**kwargs)


class SimulateConsumer(CheckedConsumer):
    """One learner's socket; at most one run at a time (its `LiveSession`) and one check (its
    `CheckSession`)."""

    async def connect(self):
        door = LiveServices()
        self.relay = ControlRelay(self.channel_layer, self.channel_name, self.send_json)
        owner, address = owner_for_scope(self.scope), client_address.from_scope(self.scope)
        self.checks = CheckSession(
            owner=owner, address=address, services=door, send_text=self.send_text
        )
        self.session = LiveSession(
            owner=owner,
            address=address,
            services=door,
            send_text=self.send_text,
            backlogged=lambda: self.backlogged(),
            watch_along=partial(WatchAlong, self.channel_layer, self.channel_name, door),
            relay=self.relay,
        )
        await super().connect()

    async def handle(self, message: dict[str, Any]) -> None:
        if message["type"] in CHECK_TYPES:
            await self.checks.handle(message)
        else:
            await self.session.handle(message)

    async def disconnect(self, code):
        await self.checks.close()
        await self.session.close()

    async def live_control(self, event: dict[str, Any]) -> None:
        """A control for the run this socket plays, sent through another socket (`relay`)."""
        await self.session.on_relayed(event)

    async def live_control_reply(self, event: dict[str, Any]) -> None:
        """The answer to a control this socket forwarded (`relay`)."""
        await self.relay.answered(event)

    # An error in these two is logged (once per burst), never raised: raised, it would close the
    # owner's socket (1011) while its run plays on.
    async def watch_revoked(self, event: dict[str, Any]) -> None:
        """The owner stopped sharing (POST /api/live/<token>/revoke/): no more frames to viewers."""
        try:
            await self.session.watch_revoked()
        except Exception as exc:
            OWNER_CALLS.failed(exc)

    async def watch_join(self, event: dict[str, Any]) -> None:
        """A viewer arrived: tell it what is playing."""
        try:
            await self.session.watch_join(event["reply_to"])
        except Exception as exc:
            OWNER_CALLS.failed(exc)
