"""The clients of the scale-out benchmark (`bench_scale_out`): an owner who plays a shared run
and pauses/resumes it now and then, and the viewers who watch it, each recording what arrived
and when, and every error it met. Figures are computed here from those records."""

from __future__ import annotations

import asyncio
import bisect
import json
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from playground.live.testing import DaphneServer
from playground.live.testing_http import Browser

NORMAL_CLOSES = (1000, 1001)


def percentile(values: list[float], q: float) -> float:
    """The value at rank q (0..1) of `values` (nearest rank); NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _socket(server: DaphneServer, path: str, cookie: str | None = None):
    """A page's websocket: its own origin (the Origin check), its cookies if any."""
    return connect(
        server.ws_url + path,
        origin=server.http_url,
        additional_headers={"Cookie": cookie} if cookie else None,
        compression=None,
        max_size=16 * 2**20,
        open_timeout=30,
    )


class Client:
    """What one socket received: frames as (arrival time, seq), errors as readable lines."""

    def __init__(self, name: str):
        self.name = name
        self.frames: list[tuple[float, int]] = []
        self.errors: list[str] = []
        self.ended = asyncio.Event()

    def fps(self, start: float, until: float, paused_spans=()) -> float:
        """Frames a second over [start, until) less the spans its run was paused."""
        paused, reach = 0.0, start  # the union of the spans inside the window
        for a, b in sorted(paused_spans):
            a, b = max(a, reach), min(b, until)
            if b > a:
                paused, reach = paused + b - a, b
        frames = sum(1 for t, _ in self.frames if start <= t < until)
        return frames / (until - start - paused)

    async def _read(self, ws, on_message) -> None:
        """Read until the socket closes; a close that is not normal is an error."""
        try:
            async for raw in ws:
                now = time.perf_counter()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "frame":
                    self.frames.append((now, message["seq"]))
                elif kind == "error":
                    self.errors.append(
                        f"{self.name}: error {message.get('code')}: {message.get('message')}"
                    )
                elif kind == "end":
                    self.ended.set()
                on_message(now, message)
        except ConnectionClosed:
            pass
        code = ws.close_code
        if code not in NORMAL_CLOSES and not getattr(self, "closing", False):
            self.errors.append(f"{self.name}: socket closed {code} {ws.close_reason!r}")
        self.ended.set()


class Owner(Client):
    """A learner's tab: saves the design, starts it shared at 1x, sends a pause every
    `control_every` seconds and the resume as soon as the pause is acknowledged, stops at the
    end of the window. Control round trips are sent -> the frame whose events carry its id."""

    def __init__(self, server: DaphneServer, index: int, control_every: float):
        super().__init__(f"owner {index}")
        self.server, self.index, self.control_every = server, index, control_every
        self.browser = Browser(server.http_url)
        self.first_frame_s: float | None = None
        self.rtts: list[float] = []
        self.pending: dict[str, float] = {}
        # (pause acknowledged, resume acknowledged): no frames are due in between
        self.paused_spans: list[tuple[float, float]] = []
        self.paused_at = 0.0
        self.started = asyncio.Event()
        self.watch_path: str | None = None
        self.ws = None
        self.stopping = False

    async def prepare(self, document: dict) -> None:
        try:
            self.design_id = await asyncio.to_thread(
                self.browser.save_design, f"tab {self.index}", document
            )
        except Exception as exc:  # a 5xx or a refusal: counted, and this tab plays nothing
            self.design_id = None
            self.errors.append(f"{self.name}: saving the design: {exc}")

    def _on(self, now: float, message: dict) -> None:
        kind = message.get("type")
        if kind == "started":
            self.watch_path = (message.get("watch") or {}).get("ws")
            if not self.watch_path:
                self.errors.append(f"{self.name}: started without a watch link")
            self.started.set()
        elif kind == "frame":
            if self.first_frame_s is None:
                self.first_frame_s = now - self.sent_start
            for event in message.get("events", ()):
                if event.get("kind") != "control":
                    continue
                sent = self.pending.pop(event.get("id"), None)
                if sent is None:
                    continue
                self.rtts.append(now - sent)
                if event.get("control") == "pause":  # resume at once: paused only for a trip
                    self.paused_at = now
                    self._control("resume", f"{event['id']}r")
                elif event.get("control") == "resume":
                    self.paused_spans.append((self.paused_at, now))
        elif kind == "error":
            self.started.set()  # a refused start: do not wait for it

    def _control(self, kind: str, ident: str) -> None:
        if self.stopping:  # a resume after "stop" would be refused: the run is over
            return
        self.pending[ident] = time.perf_counter()
        asyncio.ensure_future(self._send({"type": kind, "id": ident}))

    async def _send(self, message: dict) -> None:
        try:
            await self.ws.send(json.dumps(message))
        except ConnectionClosed:
            pass  # the reader records the close

    async def play(self, stop_at: float) -> None:
        """Start, control, stop at `stop_at` (perf_counter) and wait for the end; a server that
        does not answer within 60 s of `stop_at` is an error, not a hang."""
        try:
            async with asyncio.timeout(max(0.0, stop_at - time.perf_counter()) + 60):
                await self._play(stop_at)
        except TimeoutError:
            self.errors.append(f"{self.name}: the run had not ended 60 s after its stop")
        except (OSError, WebSocketException) as exc:  # a refused or failed handshake
            self.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        finally:
            self.started.set()  # its viewers never wait for a start that did not come

    async def _play(self, stop_at: float) -> None:
        if self.design_id is None:
            return
        cookie = self.browser.cookie_header()
        async with _socket(self.server, "/ws/simulate/", cookie) as ws:
            self.ws = ws
            reader = asyncio.create_task(self._read(ws, self._on))
            self.sent_start = time.perf_counter()
            await self._send(
                {"type": "start", "design_id": self.design_id, "speed": 1, "share": True}
            )
            await asyncio.sleep(1.0 + (self.index % 50) / 50 * self.control_every)
            n = 0
            while time.perf_counter() + self.control_every < stop_at and not self.ended.is_set():
                if not self.pending:  # the last pause and its resume are both acknowledged
                    n += 1
                    self._control("pause", f"{self.index}-{n}")
                await asyncio.sleep(self.control_every)
            await asyncio.sleep(max(0.0, stop_at - time.perf_counter()))
            self.stopping = True
            await self._send({"type": "stop"})
            try:
                await asyncio.wait_for(self.ended.wait(), 30)
            except TimeoutError:
                self.errors.append(f"{self.name}: no end within 30 s of stop")
            self.closing = True
            await ws.close()
            await reader


class Viewer(Client):
    """A viewer's watch page on `server` (the other process in the scaled topology)."""

    def __init__(self, server: DaphneServer, owner: Owner, index: int):
        super().__init__(f"viewer {index} of {owner.name}")
        self.server, self.owner = server, owner
        self.first_frame_s: float | None = None
        self.watching = False

    def _on(self, now: float, message: dict) -> None:
        kind = message.get("type")
        if kind == "watching":
            self.watching = True
        elif kind == "frame" and self.first_frame_s is None:
            self.first_frame_s = now - self.joined

    async def watch(self, closed: asyncio.Event) -> None:
        """Join as soon as the owner's run is shared; leave when `closed` is set."""
        await self.owner.started.wait()
        if not self.owner.watch_path:
            return
        self.joined = time.perf_counter()
        try:
            async with _socket(self.server, self.owner.watch_path) as ws:
                reader = asyncio.create_task(self._read(ws, self._on))
                await asyncio.wait(
                    [asyncio.ensure_future(closed.wait()), reader],
                    return_when=asyncio.FIRST_COMPLETED,
                )
                self.closing = True
                await ws.close()
                await reader
        except Exception as exc:  # a refused handshake (HTTP 4xx/5xx) or a failed connect
            self.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        if not self.watching:
            self.errors.append(f"{self.name}: never got 'watching'")


def viewer_lags(owner: Owner, viewer: Viewer, start: float, until: float) -> tuple[list, int]:
    """For each frame seq N the owner received inside [start, until): the time until the viewer
    received a frame with seq >= N. Returns the lags and how many such N the viewer never
    caught up with."""
    arrivals = [t for t, _ in viewer.frames]
    # running max of the viewer's seq, so "the first viewer frame with seq >= N" is a bisect
    best, running = [], -1
    for _, seq in viewer.frames:
        running = max(running, seq)
        best.append(running)
    lags, missed = [], 0
    for t_owner, seq in owner.frames:
        if not start <= t_owner < until:
            continue
        i = bisect.bisect_left(best, seq)
        if i == len(best):
            missed += 1
            continue
        # a viewer frame may arrive before the owner's (both leave the same process): lag 0
        lags.append(max(0.0, arrivals[i] - t_owner))
    return lags, missed
