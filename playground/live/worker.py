"""The worker: one live run, alone in its own process.

The server starts `main` in a child of the fork server (FIELD-NOTES.md: a `forkserver` process
per run), hands it one end of a pipe and forgets about the simulation: the child steps the engine,
paces it against the wall clock, and writes finished frames back. Think of a projectionist: the
film (simulated time) runs at the speed the audience asked for, and the projectionist shows the
latest picture about ten times a second, however fast the film runs.

This module imports nothing from Django (the fork server preloads it, and every worker would
otherwise carry Django's weight). The pipe carries:

- parent -> child: JSON control messages (`pause`, `resume`, `speed`, `inject`, `set`, `stop`),
  each with an optional client `id` echoed in its acknowledgement;
- child -> parent: one tag byte and a JSON text: `F` a frame, `E` the end (with the report),
  `X` an error. Frames are encoded once here and forwarded as they are.

The worker exits when the run ends, when asked to stop, or as soon as its pipe closes (its parent
is the fork server, so the parent's death is seen only as the pipe's end of file). It is held to
an address-space cap (RLIMIT_AS) and a CPU-time budget (it ends itself with its report, reason
`cpu_limit`; RLIMIT_CPU is the backstop). A failure is reported as `memory_limit` whenever the cap
caused it, however the MemoryError surfaced, otherwise as `crashed` with the error.
"""

from __future__ import annotations

import collections
import importlib
import json
import resource
import signal
import time
from collections.abc import Callable
from typing import Any

FRAME = b"F"
END = b"E"
ERROR = b"X"

SPEEDS = (1, 2, 5, 10, 30, 60, "max")
STEP_BUDGET_S = 0.05  # CPU time one engine step may take before the steps are made smaller


def load(dotted: str) -> Callable[..., Any]:
    """`package.module:attribute` from the server's settings (never from user input)."""
    module_name, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


REPORT_HEADROOM_MB = 16  # above the cap, lifted only to say the run ran out of memory

# Built before any run starts: when memory has run out, saying so must not need any.
MEMORY_LIMIT = (
    ERROR
    + json.dumps(
        {
            "type": "error",
            "code": "memory_limit",
            "message": "The run used more memory than a live run may have, so it was stopped. "
            "Make the design smaller (fewer requests in flight, shorter queues) and run again.",
        },
        separators=(",", ":"),
    ).encode()
)


class CpuLimit(Exception):
    """RLIMIT_CPU's soft limit (SIGXCPU): the run used far more CPU time than it may."""


def set_limits(memory_mb: int | None, cpu_s: float | None) -> None:
    """Cap the address space (a runaway design gets MemoryError instead of the machine's RAM; the
    hard limit sits REPORT_HEADROOM_MB above, room to report it) and the CPU time (RLIMIT_CPU, a
    backstop ten seconds after the run's own check: SIGXCPU, then SIGKILL)."""
    if memory_mb:
        limit = int(memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit + REPORT_HEADROOM_MB * 2**20))
    if cpu_s:
        soft = int(cpu_s) + 10
        signal.signal(signal.SIGXCPU, _on_sigxcpu)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))


def _on_sigxcpu(signum, frame):
    raise CpuLimit()


def _lift_memory_cap() -> None:
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ValueError, OSError):
        pass


def out_of_memory(exc: BaseException, memory_mb: int | None) -> bool:
    """Did this failure come from the memory cap? A MemoryError anywhere in the exception's chain
    (an engine or parser may catch it and raise its own error), or an address space that reached
    the cap (the parser's safety net turns any failure into a DesignError, chain and all)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    if not memory_mb:
        return False
    try:
        with open("/proc/self/status") as status:
            peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return peak_kib * 1024 >= 0.9 * int(memory_mb) * 2**20


def encode(tag: bytes, message: dict[str, Any]) -> bytes:
    return tag + json.dumps(message, separators=(",", ":"), default=str).encode()


def main(conn, config: dict[str, Any]) -> None:
    """Process entry point: play one run, report how it ended, exit."""
    try:
        set_limits(config.get("memory_mb"), config.get("cpu_limit_s"))
        LiveRun(conn, config).play()
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        pass  # the server went away: nobody is left to tell
    except BaseException as exc:
        _report_failure(conn, exc, config.get("memory_mb"))
    finally:
        try:
            conn.close()
        except OSError:
            pass


def _report_failure(conn, exc: BaseException, memory_mb: int | None) -> None:
    """Tell the server why the run failed: memory_limit (every time the cap was the cause, even
    when reporting it runs out of memory again), cpu_limit, or crashed with the error."""
    try:
        if out_of_memory(exc, memory_mb):
            _lift_memory_cap()
            _try_send(conn, MEMORY_LIMIT)
        elif isinstance(exc, CpuLimit):
            _try_send(
                conn,
                encode(
                    ERROR,
                    {
                        "type": "error",
                        "code": "cpu_limit",
                        "message": "The run used far more CPU time than a live run "
                        "may, so it was stopped.",
                    },
                ),
            )
        else:
            _try_send(
                conn,
                encode(
                    ERROR,
                    {
                        "type": "error",
                        "code": "crashed",
                        "message": f"The simulation crashed: {type(exc).__name__}: {exc}",
                    },
                ),
            )
    except MemoryError:
        _lift_memory_cap()
        _try_send(conn, MEMORY_LIMIT)


def _try_send(conn, data: bytes) -> None:
    try:
        conn.send_bytes(data)
    except (OSError, EOFError, ValueError):
        pass


class LiveRun:
    """Steps the simulation in small slices, obeys controls between slices, and sends at most one
    frame per `frame_interval_s` of wall time, always the latest (events are never dropped: those
    of the slices in between ride on the next frame)."""

    def __init__(self, conn, config: dict[str, Any]):
        self.conn = conn
        self.run_id = config.get("run")
        parse = load(config.get("parser", "simengine.validation:parse_design"))
        engine = load(config.get("engine", "simengine.simulation:Simulation"))
        self.design_error = load(config.get("design_error", "simengine.design:DesignError"))
        self.limit_error = load(config.get("limit_error", "simengine.simulation:RunLimitExceeded"))
        self.end_message: str | None = None
        self.sim = engine(parse(config["document"]), config["seed"])
        self.interval = float(config.get("frame_interval_s", 0.1))
        self.slice_max = float(config.get("slice_max_s", 1.0))
        self.wall_limit = float(config.get("wall_limit_s", 900.0))
        self.cpu_limit = float(config.get("cpu_limit_s") or 0.0)
        self.speed: float | str = config.get("speed", 1)
        self.paused = False
        self.seq = 0
        self.events: list[dict[str, Any]] = []
        self.latest: dict[str, Any] | None = None
        self.ending: str | None = None
        self.started = time.monotonic()
        self.samples: collections.deque[tuple[float, float]] = collections.deque(maxlen=12)
        self.next_send = self.started  # the first frame goes out at once
        self._anchor()

    # -- pacing -------------------------------------------------------------------------------
    #
    # The run is stepped in equal quanta (speed x frame interval of simulated time, at most
    # `slice_max`). A frame's figures cover the engine's sliding window (the last simulated
    # second) however the run is sliced; equal quanta line up with that window's slices exactly
    # and keep each step's CPU cost predictable, so controls get in between steps quickly.

    def _anchor(self) -> None:
        """Simulated time is `anchor_sim + (wall - anchor_wall) * speed` from here on."""
        self.anchor_wall = time.monotonic()
        self.anchor_sim = self.sim.now
        self.samples.clear()
        self.samples.append((self.anchor_wall, self.anchor_sim))
        if self.speed == "max":
            self.nominal = self.slice_max
        else:
            self.nominal = min(self.slice_max, self.speed * self.interval)
        self.quantum = self.nominal

    def play(self) -> None:
        self._advance()  # the first frame has a window to show
        while self.ending is None:
            self._drain_controls()
            if self.ending is not None:
                break
            now = time.monotonic()
            if now - self.started > self.wall_limit:
                self.ending = "wall_clock_limit"
                break
            if self.cpu_limit and time.process_time() > self.cpu_limit:
                self._end_at_cpu_limit()
                break
            stepped = not self.paused and not self.sim.done and self._due(now)
            if stepped:
                self._advance()
            if self.ending is not None:
                break
            if self.sim.done:
                self.ending = "completed"
                break
            now = time.monotonic()
            if now >= self.next_send:
                if not self.paused or self.events:
                    self._send_frame(now)
                self.next_send = max(self.next_send + self.interval, now + self.interval / 2)
            if not stepped:
                self.conn.poll(self._idle(now))
        self._finish()

    def _end_at_cpu_limit(self) -> None:
        self.ending = "cpu_limit"
        self.end_message = (
            f"The run used its {self.cpu_limit:g} s of CPU time, the most one live run may have "
            f'(about {self.cpu_limit / 60:.0f} minutes at "max" speed); the report covers the '
            f"{self.sim.now:.0f} simulated seconds it played. Run again at a lower speed or with "
            f"a shorter run.duration to see the rest."
        )

    def _due(self, now: float) -> bool:
        """Is the next quantum due? Half a quantum early counts (no frame without progress)."""
        if self.speed == "max":
            return True
        behind = self.anchor_sim + (now - self.anchor_wall) * self.speed - self.sim.now
        if behind > self.speed * 1.0:  # over a wall second behind: the CPU cannot keep pace
            self.anchor_wall, self.anchor_sim = now, self.sim.now
            return True
        return behind >= self.quantum / 2

    def _idle(self, now: float) -> float:
        """Seconds to sleep (woken early by any control) until a quantum or a frame is due."""
        wait = self.next_send - now
        if not self.paused and self.speed != "max":
            due = (
                self.anchor_wall + (self.sim.now + self.quantum / 2 - self.anchor_sim) / self.speed
            )
            wait = min(wait, due - now)
        return max(0.0, wait)

    def _advance(self) -> None:
        """One quantum; a run the engine stops at one of its own limits ends with its report."""
        began = time.process_time()  # CPU, not wall: a busy machine must not shrink the steps
        try:
            frame = self.sim.advance(self.quantum)
        except self.limit_error as exc:
            self.ending, self.end_message = "engine_limit", str(exc)
            return
        # A heavy design: smaller quanta, so controls still get in within STEP_BUDGET_S.
        took = time.process_time() - began
        if took > STEP_BUDGET_S and self.quantum > self.nominal / 16:
            self.quantum /= 2
        elif took < STEP_BUDGET_S / 4 and self.quantum < self.nominal:
            self.quantum = min(self.nominal, self.quantum * 2)
        self.events.extend(frame.get("events") or ())
        self.latest = frame

    def _achieved(self, now: float) -> float:
        self.samples.append((now, self.sim.now))
        if self.paused:
            return 0.0
        while len(self.samples) > 2 and now - self.samples[0][0] > 1.5:
            self.samples.popleft()
        (wall0, sim0), (wall1, sim1) = self.samples[0], self.samples[-1]
        return round((sim1 - sim0) / (wall1 - wall0), 2) if wall1 > wall0 else 0.0

    def _send_frame(self, now: float) -> None:
        self.seq += 1
        frame = dict(self.latest or {})
        frame.update(
            {
                "type": "frame",
                "seq": self.seq,
                "t": round(self.sim.now, 3),
                "speed": self.speed,
                "speed_achieved": self._achieved(now),
                "paused": self.paused,
                "events": self.events,
            }
        )
        self.events = []
        self.conn.send_bytes(encode(FRAME, frame))

    # -- controls -----------------------------------------------------------------------------

    def _drain_controls(self) -> None:
        while self.ending is None and self.conn.poll(0):
            self._control(json.loads(self.conn.recv_bytes()))

    def _ack(self, message: dict[str, Any], text: str, **extra: Any) -> None:
        event = {
            "t": round(self.sim.now, 3),
            "kind": "control",
            "control": message["type"],
            "message": text,
            **extra,
        }
        if "id" in message:
            event["id"] = message["id"]
        self.events.append(event)
        self.next_send = min(self.next_send, time.monotonic())  # acknowledge in the next frame

    def _refuse(self, message: dict[str, Any], exc: Exception) -> None:
        problems = [p.to_dict() for p in getattr(exc, "problems", ())]
        error = {
            "type": "error",
            "control": message["type"],
            "message": f"{message['type']} refused: {exc}",
            "problems": problems,
        }
        if "id" in message:
            error["id"] = message["id"]
        self.conn.send_bytes(encode(ERROR, error))

    def _control(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "pause":
            self.paused = True
            self._ack(message, f"Paused at {self.sim.now:.1f} s")
        elif kind == "resume":
            self.paused = False
            self._anchor()
            self._ack(message, f"Resumed at {self.sim.now:.1f} s")
        elif kind == "speed":
            self.speed = message["value"]
            self._anchor()
            self._ack(message, f"Speed set to {self.speed}", value=self.speed)
        elif kind == "inject":
            try:
                self.sim.inject(message["fault"])
            except (self.design_error, ValueError, KeyError, TypeError) as exc:
                self._refuse(message, exc)
                return
            fault = message["fault"]
            self._ack(
                message, f"Injected {fault.get('kind')} on {fault.get('target')}", fault=fault
            )
        elif kind == "set":
            try:
                self.sim.set_props(message["node"], message["props"])
            except (self.design_error, ValueError, KeyError, TypeError) as exc:
                self._refuse(message, exc)
                return
            self._ack(
                message,
                f"Changed {', '.join(message['props'])} on {message['node']}",
                node=message["node"],
                props=message["props"],
            )
        elif kind == "stop":
            self._ack(message, f"Stopped at {self.sim.now:.1f} s")
            self.ending = "stopped"

    def _finish(self) -> None:
        """Send the last frame (so the last acknowledgements are seen) and then the report."""
        self._send_frame(time.monotonic())
        end = {"type": "end", "reason": self.ending, "report": self.sim.report()}
        if self.end_message:
            end["message"] = self.end_message
        self.conn.send_bytes(encode(END, end))
