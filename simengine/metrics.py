"""Measurements: per-node counters, time integrals and the frame window (the histogram of
latencies is `simengine.histogram`, re-exported here).

Window figures (a live frame's rps, percentiles, utilization) cover the last `window_s` of
simulated time, however the run is stepped: every counter is kept in slices, closed whenever a
frame is built (`Window`), and a frame sums the slices within the window, like a rain gauge read
every few minutes whose last hour is the sum of the readings since.

Time-average figures (requests in the node, busy slots, capacity) are integrals updated whenever
the integrand changes (`NodeStats.touch`). Little's law then holds as an identity between the
integral of requests-in-node and the sum of their sojourns, up to the few requests that straddle
the measurement interval's ends.
"""

from __future__ import annotations

from collections import deque
from itertools import islice

from simengine.histogram import GAMMA, Histogram, merged

__all__ = ["GAMMA", "Histogram", "NodeStats", "Window", "merged"]

_WINDOW_SLACK = 1e-6  # a slice ending this little inside the window (float steps) is outside it


class Window:
    """The last `length_s` of simulated time, as slices closed at frame times.

    `push(t0, t1, counts, hist)` closes a slice: a tuple of counts (requests, errors, busy
    slot-seconds...) and optionally the histogram of the values seen in it. `last()` sums the
    slices that overlap the last `length_s` before the newest slice's end. That is exactly the
    last window when frames come every `length_s / k` simulated seconds (and the simulation
    closes a slice one window before the end of a longer step); otherwise the oldest slice sticks
    out a little and `last()` says how long the slices cover. Early in a run the window is what
    has elapsed. Slices that can never again be in a window are dropped, so few are kept.
    """

    __slots__ = ("length", "slices", "hist")

    def __init__(self, length_s: float = 1.0) -> None:
        self.length = length_s
        self.slices: deque[tuple[float, float, tuple[float, ...], Histogram | None]] = deque()
        self.hist = Histogram()  # the kept slices' histograms, merged as they come and go

    def push(
        self, t0: float, t1: float, counts: tuple[float, ...], hist: Histogram | None = None
    ) -> None:
        s = self.slices
        if hist is not None:
            self.hist.merge(hist)
        if s and t1 <= t0:  # no time passed since the last slice (two frames at one time)
            a0, a1, before, h = s.pop()
            counts = tuple(x + y for x, y in zip(before, counts, strict=True))
            if h is not None and hist is not None:
                h.merge(hist)
            t0, t1, hist = a0, a1, h if h is not None else hist
        s.append((t0, t1, counts, hist))
        start = t1 - self.length + _WINDOW_SLACK
        dropped = False
        while s[0][1] <= start and len(s) > 1:
            old = s.popleft()[3]
            if old is not None:
                self.hist.remove(old)
                dropped = True
        if dropped:
            self.hist.peak = max(h.peak if h is not None else 0.0 for _a, _b, _c, h in s)

    def last(self) -> tuple[float, list[float], Histogram]:
        """(seconds covered, the counts summed, the histograms merged) of the last window.
        The histogram is the window's own: read it, do not change it."""
        s = self.slices
        if not s:
            return 0.0, [], self.hist
        sums = list(s[0][2])
        for _t0, _t1, counts, _h in islice(s, 1, None):
            for i, k in enumerate(counts):
                sums[i] += k
        return s[-1][1] - s[0][0], sums, self.hist


class NodeStats:
    """Counters and integrals of one node, over the measured interval (warmup excluded).

    `n` is requests in the node (queued or in own service), `busy` slots in service, `cap`
    slots able to serve. `touch(now)` must be called before any of the three changes (and
    before reading the integrals). `cap` changes rarely (an instance starts or stops), so its
    integral keeps a clock of its own (`t_cap`): `Instance.serve`, which changes `n` and `busy`
    on every request, brings only their two integrals up to date, inline. The
    slice counters (`w_*`, `win`) are closed into `window` by every frame; the cumulative ones
    are reset by the warmup only.
    """

    __slots__ = (
        "arrivals",
        "completed",
        "errors",
        "by_cause",
        "hist",
        "win",
        "n",
        "busy",
        "cap",
        "a_n",
        "a_busy",
        "a_cap",
        "t",
        "t_cap",
        "t0",
        "w_arrivals",
        "w_errors",
        "w_busy",
        "w_cap",
        "w_t",
        "window",
    )

    def __init__(self, now: float = 0.0, window_s: float = 1.0) -> None:
        self.arrivals = 0
        self.completed = 0
        self.errors = 0
        self.by_cause: dict[str, int] = {}
        self.hist = Histogram()  # cumulative own-time (seconds), merged from `win` at each roll
        self.win = Histogram()
        self.n = 0
        self.busy = 0
        self.cap = 0
        self.a_n = 0.0
        self.a_busy = 0.0
        self.a_cap = 0.0
        self.t = now
        self.t_cap = now
        self.t0 = now
        self.w_arrivals = 0
        self.w_errors = 0
        self.w_busy = 0.0
        self.w_cap = 0.0
        self.w_t = now
        self.window = Window(window_s)

    def touch(self, now: float) -> None:
        """Bring the integrals up to `now` (the first two are written out inline in
        `Instance.serve`, the hottest code of a run: change both together)."""
        dt = now - self.t
        if dt:
            self.a_n += self.n * dt
            self.a_busy += self.busy * dt
            self.t = now
        dt = now - self.t_cap
        if dt:
            self.a_cap += self.cap * dt
            self.t_cap = now

    def error(self, cause: str) -> None:
        self.errors += 1
        self.w_errors += 1
        self.by_cause[cause] = self.by_cause.get(cause, 0) + 1

    def reset(self, now: float) -> None:
        """Start the measured interval at `now` (the end of the warmup)."""
        self.close(now)
        self.arrivals = self.completed = self.errors = 0
        self.by_cause = {}
        self.hist.clear()
        self.a_n = self.a_busy = self.a_cap = 0.0
        self.t0 = now
        self.w_busy = self.w_cap = 0.0

    def close(self, now: float) -> None:
        """Close the current slice at `now`: into the window, and its histogram into `hist`."""
        self.touch(now)
        win = self.win.take()
        self.hist.merge(win)
        self.window.push(
            self.w_t,
            now,
            (self.w_arrivals, self.w_errors, self.a_busy - self.w_busy, self.a_cap - self.w_cap),
            win,
        )
        self.w_arrivals = self.w_errors = 0
        self.w_busy, self.w_cap, self.w_t = self.a_busy, self.a_cap, now

    def figures(self) -> dict[str, float]:
        """The last window's figures (as of the last `close`)."""
        span, sums, hist = self.window.last()
        arrivals, errors, busy, cap = sums or (0, 0, 0.0, 0.0)
        return {
            "rps": arrivals / span if span > 0 else 0.0,
            "errors": errors,
            "utilization": busy / cap if cap > 0 else 0.0,
            "p99_ms": hist.quantile(0.99) * 1000.0,
        }

    def summary(self, now: float) -> dict[str, float]:
        """Cumulative figures over [t0, now]; call `close(now)` first so `hist` is complete."""
        self.touch(now)
        span = now - self.t0
        h = self.hist
        return {
            "arrivals": self.arrivals,
            "completed": self.completed,
            "errors": self.errors,
            "errors_by_cause": dict(sorted(self.by_cause.items())),
            "mean_ms": h.mean * 1000.0,
            "p50_ms": h.quantile(0.50) * 1000.0,
            "p95_ms": h.quantile(0.95) * 1000.0,
            "p99_ms": h.quantile(0.99) * 1000.0,
            "utilization": self.a_busy / self.a_cap if self.a_cap > 0 else 0.0,
            "mean_in_system": self.a_n / span if span > 0 else 0.0,
            "throughput_rps": h.n / span if span > 0 else 0.0,
        }
