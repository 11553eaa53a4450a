"""Liveness of several daphne processes (REDIS_URL set): heartbeats, reclaimed seats, end notices.

Each process has an id (`limits_redis.RedisAdmission.process_id`, a uuid made when it starts).
From its first live socket on, it refreshes its heartbeat key in Redis every LIVE_HEARTBEAT_S
(the key lives LIVE_PROCESS_TTL_S), and on the same tick looks for dead processes: one whose key
has gone. The first process to see one frees its seats, and its check claims and check cores
(one Lua script, so exactly one does), and
tells the viewers of each of its runs, on any process, that the run ended (`SERVER_RESTARTED`, a
final error the watch page shows), and closes the run's watch link (its last day begins). So a
killed process's seats are free again, and its viewers told, within LIVE_PROCESS_TTL_S +
LIVE_HEARTBEAT_S. The key is refreshed from a thread (`BeatThread`), so a busy event loop does not
make a live process look dead; a process whose heartbeat had gone while it still played all the
same puts its seats back on its next tick.

One process without Redis (`limits.LocalAdmission`) needs none of this: its seats die with it.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from playground.live import limits, watch_links
from playground.live.fanout import BurstLog, fanout
from playground.live.watch_along import watch_group

log = logging.getLogger(__name__)
TELL_CALLS = BurstLog(
    "liveness", "end notices", "their viewers find the run ended on their next look"
)

SERVER_RESTARTED = {
    "type": "error",
    "code": "server_restarted",
    "final": True,
    "message": "The server running this run restarted: the run ended. "
    "Its design is safe; start it again.",
}


class Heartbeat:
    """One process's heartbeat and reaper, a task on the event loop (at most one per loop)."""

    def __init__(self, admission):
        self.admission = admission
        self.tasks: dict[int, asyncio.Task] = {}

    def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        task = self.tasks.get(id(loop))
        if task is None or task.done():
            self.tasks[id(loop)] = loop.create_task(self._run())

    async def _run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # Redis away for a moment: try again on the next tick
                log.warning("live heartbeat failed", exc_info=True)
            await asyncio.sleep(settings.LIVE_HEARTBEAT_S)

    async def tick(self) -> list[str]:
        """Beat once, then free the seats of every dead process; the runs freed."""
        if not await self.admission.beat():
            log.warning(
                "process %s was taken for dead (its heartbeat lapsed); retaking its %d seat(s)",
                self.admission.process_id,
                len(self.admission.mine),
            )
            await self.admission.retake()
        freed = []
        for process_id in await self.admission.others():
            runs = await self.admission.reap(process_id)
            if runs:
                log.warning("process %s died: freed its %d seat(s)", process_id, len(runs))
                await tell_viewers(runs)
                freed.extend(runs)
        return freed


async def tell_viewers(runs: list[str]) -> None:
    """The runs' viewers, wherever they are, get the end notice; each run's watch link ends."""
    layer = get_channel_layer()
    for run_id in runs:
        # The link's end first: a viewer who misses the notice (the layer failed, or dropped it)
        # finds the run ended when it next looks (`watching`, after STALL_S of silence).
        try:
            await database_sync_to_async(watch_links.watch_link_ended)(run_id=run_id)
        except Exception:
            log.warning("ending the watch link of run %s failed", run_id, exc_info=True)
        notice = {"type": "watch.message", "message": SERVER_RESTARTED}
        await fanout(layer).call(TELL_CALLS, layer.group_send, watch_group(run_id), notice)


_heartbeats: dict[int, Heartbeat] = {}


class BeatThread:
    """The heartbeat key refreshed from a thread of its own, so a process whose event loop is busy
    (60 watched runs on 2 shared cores stalled it past the TTL in `make bench`: another process
    took it for dead and told its viewers their runs had ended while they played on) still beats
    while it lives; it stops only with the process. The loop's tick still sweeps the others."""

    def __init__(self, admission):
        self.admission = admission
        self.failures = BurstLog("liveness", "heartbeats", "the next one is tried in a moment")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="live-heartbeat", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import redis

        client = redis.Redis.from_url(self.admission.url, socket_timeout=10)
        ttl = max(1, round(settings.LIVE_PROCESS_TTL_S))
        while not self.stopped.is_set():
            try:
                client.set(self.admission.heartbeat_key(), "1", ex=ttl)
            except Exception as exc:  # Redis away for a moment
                self.failures.failed(exc)
            self.stopped.wait(settings.LIVE_HEARTBEAT_S)

    def stop(self) -> None:
        """No more beats (tests; a process that dies stops beating without being asked)."""
        self.stopped.set()
        self.thread.join()


_threads: dict[int, BeatThread] = {}


def ensure_heartbeat() -> None:
    """Start this process's heartbeat if seats are shared in Redis (called by every live socket
    as it connects, so every process that serves live sockets beats and reaps)."""
    admission = limits.admission()
    if not hasattr(admission, "beat"):
        return
    heartbeat = _heartbeats.get(id(admission))
    if heartbeat is None:
        heartbeat = _heartbeats[id(admission)] = Heartbeat(admission)
    heartbeat.ensure_running()
    if id(admission) not in _threads:
        _threads[id(admission)] = BeatThread(admission)
