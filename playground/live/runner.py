"""Worker processes seen from the event loop: start, read, control, kill.

Each run gets a child of an explicit `forkserver` context (FIELD-NOTES.md): never the default
`fork`, which would copy daphne's listening socket and every other run's pipe into the child. The
fork server is started once, when the ASGI application loads, with the engine preloaded, so a
start costs a fork of a small warm process rather than a fresh interpreter.

The loop never blocks on a worker: the pipe is read with `loop.add_reader` (drained with
`poll()`/`recv_bytes()`, reader removed at end of file so a dead worker's descriptor cannot spin
the loop), and `Process.start()`/`join()` run in the default executor. A worker is always
joined after it is killed.

The run's parsed `Design` goes to the child in the process's arguments: the fork server takes
them pickled, and the design's frozen maps (`MappingProxyType`, which pickle cannot take as they
are) travel as plain dicts and come back frozen (`simengine.design.frozen_map`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.reduction import ForkingPickler
from types import MappingProxyType
from typing import Any

from playground.live import check_worker, worker
from playground.live.protocol import TAG_ERROR
from simengine.design import frozen_map

log = logging.getLogger(__name__)

PRELOAD = [
    "playground.live.worker",
    "playground.live.check_worker",
    "simengine.verify",
    "playground.live.playback",
    "simengine.simulation",
    "simengine.report",
]

ForkingPickler.register(MappingProxyType, lambda mapping: (frozen_map, (dict(mapping),)))

_context = None
_active: dict[int, WorkerProcess] = {}


def context():
    """The forkserver context, its server started with the engine preloaded (idempotent)."""
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        from multiprocessing import forkserver

        forkserver.ensure_running()
        _context = ctx
    return _context


def active_pids() -> list[int]:
    """Pids of the workers this process is running now (tests check none is left behind)."""
    return list(_active)


def pid_alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


class WorkerProcess:
    """One run's child process and the parent's end of its pipe.

    `on_output(items, eof)` is called on the event loop with the raw messages read in one go
    (each `(tag, text)`; see `worker`), and `eof=True` once the worker has gone. A kind of
    worker that runs something else (`checks.CheckProcess`) names its `target` and `daemon`."""

    target = staticmethod(worker.main)
    daemon = True
    hard_limit_text = "The run took longer than a live run may, so it was stopped."

    def __init__(self, config: dict[str, Any], on_output: Callable[[list, bool], None]):
        self.config = config
        self.on_output = on_output
        self.process = None
        self.conn = None
        self.pid: int | None = None
        self._reading = False
        self._killed = False
        self._timer: asyncio.TimerHandle | None = None
        self._stop_timer: asyncio.TimerHandle | None = None
        self._reaped: asyncio.Future | None = None

    async def start(self, *, hard_limit_s: float) -> None:
        loop = asyncio.get_running_loop()
        ctx = context()
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        self.conn = parent_conn
        self.process = ctx.Process(
            target=self.target,
            args=(child_conn, self.config),
            name=f"live-run-{self.config.get('run')}",
            daemon=self.daemon,
        )
        try:
            await loop.run_in_executor(None, self.process.start)
        finally:
            child_conn.close()
        self.pid = self.process.pid
        _active[self.pid] = self
        loop.add_reader(parent_conn.fileno(), self._on_readable)
        self._reading = True
        # The worker ends itself at its wall-clock limit with a report; this is the backstop
        # for one that cannot (stuck in a long step, or ignoring its pipe).
        self._timer = loop.call_later(hard_limit_s, self._on_hard_limit)

    def _on_readable(self) -> None:
        items, eof = [], False
        try:
            while self.conn.poll():
                data = self.conn.recv_bytes()
                items.append((data[:1], data[1:].decode()))
        except (EOFError, OSError):
            eof = True
        if eof:
            self._stop_reading()
        if items or eof:
            self.on_output(items, eof)

    def _stop_reading(self) -> None:
        if self._reading:
            self._reading = False
            try:
                asyncio.get_running_loop().remove_reader(self.conn.fileno())
            except (OSError, ValueError, RuntimeError):
                pass

    def _on_hard_limit(self) -> None:
        log.warning(
            "live run %s passed its hard wall-clock limit: killing it", self.config.get("run")
        )
        self._give_up("wall_clock_limit", self.hard_limit_text)

    def expect_exit(self, within_s: float) -> None:
        """The worker was asked to stop: if it has not gone within `within_s` (hung, stopped by
        a signal, stuck in a step), it is killed and the client told so; its seat is freed then."""
        if self._killed or not self._reading or self._stop_timer is not None:
            return
        self._stop_timer = asyncio.get_running_loop().call_later(
            within_s, self._on_unresponsive, within_s
        )

    def _on_unresponsive(self, within_s: float) -> None:
        log.warning(
            "live run %s did not stop within %g s: killing it", self.config.get("run"), within_s
        )
        self._give_up(
            "unresponsive",
            f"The run did not answer the stop within {within_s:g} s, so the "
            f"server ended it; its report could not be kept. You can start "
            f"again now.",
        )

    def _give_up(self, code: str, message: str) -> None:
        """Stop listening, tell the client the run is over (a final error), kill the worker."""
        if self._killed or not self._reading:
            return
        self._stop_reading()
        self.on_output(
            [(TAG_ERROR, json.dumps({"type": "error", "code": code, "message": message}))], True
        )
        asyncio.ensure_future(self.kill())

    def control(self, message: dict[str, Any]) -> bool:
        """Pass a control to the worker; False if the worker has already gone."""
        if self.conn is None or self._killed:
            return False
        try:
            self.conn.send_bytes(json.dumps(message).encode())
            return True
        except (OSError, ValueError):
            return False

    async def kill(self) -> None:
        """Kill the worker (if still there) and reap it. Safe to call more than once, and safe to
        cancel: the join and the bookkeeping finish regardless (no zombie, no stale entry)."""
        if self._reaped is not None:
            await asyncio.shield(self._reaped)
            return
        loop = asyncio.get_running_loop()
        self._killed = True
        for timer in (self._timer, self._stop_timer):
            if timer is not None:
                timer.cancel()
        self._stop_reading()
        if self.conn is not None:
            self.conn.close()
        process = self.process
        if process is None or self.pid is None:  # never started: nothing to reap
            self._reaped = loop.create_future()
            self._reaped.set_result(None)
            return
        self.terminate(process)
        self._reaped = loop.run_in_executor(None, process.join)
        self._reaped.add_done_callback(lambda _: self._forget(process))
        await asyncio.shield(self._reaped)

    def terminate(self, process) -> None:
        """SIGKILL the worker (a kind of worker with children of its own kills them too)."""
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass

    def _forget(self, process) -> None:
        try:
            process.close()
        except ValueError:
            pass
        if self.pid is not None:
            _active.pop(self.pid, None)


class CheckProcess(WorkerProcess):
    """A check's process ("Check my design", `check_worker`): not a daemon, since it forks the
    seeds' processes, and killed as a whole process group (it leads one), so no seed's process
    outlives a cancelled check."""

    target = staticmethod(check_worker.main)
    daemon = False
    hard_limit_text = (
        "The check took longer than a check may, so it was stopped. Check again with fewer "
        "seeds, or a shorter run.duration."
    )

    def terminate(self, process) -> None:
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # the group is gone (or was never formed): the process itself still goes
        super().terminate(process)
