"""A live run played against the wall clock, inside the worker process (`worker.main`).

Think of a projectionist: the film (simulated time) runs at the speed the audience asked for, and
the projectionist shows the latest picture about ten times a second, however fast the film runs.
Controls arrive on the pipe between steps; each is acknowledged in the next frame's events, or
refused with the engine's problems (a DesignError from `inject` / `set_props`, which check with
the design parser's own rules). Django-free, like the rest of the worker.
"""

from __future__ import annotations

import collections
import json
import time
from typing import Any

from playground.live.protocol import TAG_END, TAG_ERROR, TAG_FRAME, encode
from playground.live.series import SeriesRecorder
from simengine.design import DesignError
from simengine.simulation import RunLimitExceeded

STEP_BUDGET_S = 0.05  # CPU time one engine step may take before the steps are made smaller


class LiveRun:
    """Steps the simulation in small slices, obeys controls between slices, and sends at most one
    frame per `frame_interval_s` of wall time, always the latest (events are never dropped: those
    of the slices in between ride on the next frame)."""

    def __init__(self, conn, sim, config: dict[str, Any]):
        self.conn = conn
        self.sim = sim
        self.run_id = config.get("run")
        self.end_message: str | None = None
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
        self.series = SeriesRecorder()  # what the charts drew, stored with the run
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
        except RunLimitExceeded as exc:
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
        self.series.add(self.sim.now, frame)

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
        self.conn.send_bytes(encode(TAG_FRAME, frame))

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
        self.conn.send_bytes(encode(TAG_ERROR, error))

    def _control(self, message: dict[str, Any]) -> None:
        getattr(self, f"_on_{message['type']}")(message)

    def _on_pause(self, message: dict[str, Any]) -> None:
        self.paused = True
        self._ack(message, f"Paused at {self.sim.now:.1f} s")

    def _on_resume(self, message: dict[str, Any]) -> None:
        self.paused = False
        self._anchor()
        self._ack(message, f"Resumed at {self.sim.now:.1f} s")

    def _on_speed(self, message: dict[str, Any]) -> None:
        self.speed = message["value"]
        self._anchor()
        self._ack(message, f"Speed set to {self.speed}", value=self.speed)

    def _on_inject(self, message: dict[str, Any]) -> None:
        """The engine checks the fault with the design parser's rules (DesignError: refused)."""
        fault = message["fault"]
        try:
            self.sim.inject(fault)
        except DesignError as exc:
            self._refuse(message, exc)
            return
        self._ack(message, f"Injected {fault['kind']} on {fault['target']}", fault=fault)

    def _on_set(self, message: dict[str, Any]) -> None:
        """The engine coerces and checks the props as the parser would (DesignError: refused)."""
        node, props = message["node"], message["props"]
        try:
            self.sim.set_props(node, props)
        except DesignError as exc:
            self._refuse(message, exc)
            return
        self._ack(message, f"Changed {', '.join(props)} on {node}", node=node, props=props)

    def _on_stop(self, message: dict[str, Any]) -> None:
        self._ack(message, f"Stopped at {self.sim.now:.1f} s")
        self.ending = "stopped"

    def _finish(self) -> None:
        """Send the last frame (so the last acknowledgements are seen) and then the report."""
        self._send_frame(time.monotonic())
        end = {
            "type": "end",
            "reason": self.ending,
            "report": self.sim.report(),
            "series": self.series.to_json(),
        }
        if self.end_message:
            end["message"] = self.end_message
        self.conn.send_bytes(encode(TAG_END, end))
