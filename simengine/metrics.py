"""Measurements: a mergeable log-bucket histogram, per-node counters and time integrals.

Percentiles come from buckets, never from sorting samples. A value `x > 0` falls in bucket
`floor(log(x) / log(GAMMA))`; the bucket is reported by a representative that is within
`(GAMMA - 1) / (GAMMA + 1)` (0.99% for GAMMA = 1.02) of every value in it, so every percentile
has a relative error of at most 1%. Two histograms merge by adding counts, which is how window
figures roll into cumulative ones.

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

import math
from collections import deque
from collections.abc import Callable, Iterable
from functools import reduce
from itertools import islice
from operator import add as _add

try:  # the C helper behind Counter.update: counts an iterable into a plain dict
    from _collections import _count_elements
except ImportError:  # pragma: no cover - other Pythons

    def _count_elements(mapping: dict[int, int], iterable: Iterable[int]) -> None:
        get = mapping.get
        for k in iterable:
            mapping[k] = get(k, 0) + 1


GAMMA = 1.02
_INV_LOG_GAMMA = 1.0 / math.log(GAMMA)
_OFFSET = 4000  # buckets below 1 s: log(1e-12)/log(1.02) is about -1395, so indices stay positive
_MID = 2.0 * GAMMA / (1.0 + GAMMA)  # lower edge times this is the bucket's representative
_log = math.log
_TINY = 1e-12
_OFFSET_F = float(_OFFSET)
_SCALE = _INV_LOG_GAMMA.__mul__


class Histogram:
    """Counts of positive values (seconds) in log buckets, plus an exact count, sum and max.

    Batched: `add` is the bound `append` of a list of values not yet counted (one C call per
    value, the commonest operation of a run), and anything that reads the histogram counts them
    first (`flush`), bucketing the whole batch in C-level loops. The result is exactly that of
    counting each value as it came: the same bucket formula, and the sum taken in arrival order.
    """

    __slots__ = ("_counts", "_n", "_total", "_zeros", "_peak", "_xs", "add")

    def __init__(self) -> None:
        self._counts: dict[int, int] = {}
        self._n = 0
        self._total = 0.0
        self._zeros = 0
        self._peak = 0.0
        self._xs: list[float] = []
        self.add: Callable[[float], None] = self._xs.append

    def flush(self) -> None:
        """Count the values added since the last flush."""
        xs = self._xs
        if not xs:
            return
        self._n += len(xs)
        self._total = reduce(_add, xs, self._total)  # in order, as `total += x` one by one
        top = max(xs)
        if min(xs) > _TINY:
            pos: Iterable[float] = xs
        else:
            pos = [x for x in xs if x > _TINY]
            self._zeros += len(xs) - len(pos)
        if top > _TINY and top > self._peak:
            self._peak = top
        # int(log(x) * _INV_LOG_GAMMA + _OFFSET) for each x, in C (floor: the sum is positive)
        _count_elements(self._counts, map(int, map(_OFFSET_F.__add__, map(_SCALE, map(_log, pos)))))
        xs.clear()  # the same list: `add` stays bound to it

    @property
    def counts(self) -> dict[int, int]:
        self.flush()
        return self._counts

    @property
    def n(self) -> int:
        self.flush()
        return self._n

    @property
    def total(self) -> float:
        self.flush()
        return self._total

    @property
    def zeros(self) -> int:
        self.flush()
        return self._zeros

    @property
    def peak(self) -> float:
        self.flush()
        return self._peak

    @peak.setter
    def peak(self, value: float) -> None:
        self.flush()
        self._peak = value

    def merge(self, other: Histogram) -> None:
        self.flush()
        other.flush()
        self._n += other._n
        self._total += other._total
        self._zeros += other._zeros
        if other._peak > self._peak:
            self._peak = other._peak
        c = self._counts
        for i, k in other._counts.items():
            c[i] = c.get(i, 0) + k

    def remove(self, other: Histogram) -> None:
        """Undo `merge(other)`, all but the peak (which the caller knows better)."""
        self.flush()
        other.flush()
        self._n -= other._n
        self._total -= other._total
        self._zeros -= other._zeros
        c = self._counts
        for i, k in other._counts.items():
            left = c[i] - k
            if left:
                c[i] = left
            else:
                del c[i]

    def take(self) -> Histogram:
        """A histogram with this one's values; this one is left empty (and the same object, so
        whoever adds to it keeps adding, now to the next slice)."""
        self.flush()
        out = Histogram()
        out._counts, out._n, out._total, out._zeros, out._peak = (
            self._counts,
            self._n,
            self._total,
            self._zeros,
            self._peak,
        )
        self._counts = {}
        self._n = 0
        self._total = 0.0
        self._zeros = 0
        self._peak = 0.0
        return out

    def clear(self) -> None:
        self._xs.clear()
        self._counts.clear()
        self._n = 0
        self._total = 0.0
        self._zeros = 0
        self._peak = 0.0

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0

    def quantile(self, q: float) -> float:
        """The smallest bucket value v with at least q of the values <= v (0 when empty)."""
        if self.n == 0:
            return 0.0
        rank = max(1, math.ceil(q * self.n - 1e-9))
        seen = self.zeros
        if seen >= rank:
            return 0.0
        for i in sorted(self.counts):
            seen += self.counts[i]
            if seen >= rank:
                return min(GAMMA ** (i - _OFFSET) * _MID, self.peak)
        return self.peak

    def quantiles(self, qs: Iterable[float]) -> list[float]:
        """`quantile(q)` for each of `qs` (in ascending order), sorting the buckets once."""
        qs = list(qs)
        if self.n == 0:
            return [0.0] * len(qs)
        out: list[float] = []
        ranks = [max(1, math.ceil(q * self.n - 1e-9)) for q in qs]
        k = 0
        while k < len(ranks) and self.zeros >= ranks[k]:
            out.append(0.0)
            k += 1
        seen = self.zeros
        counts = self.counts
        for i in sorted(counts):
            if k == len(ranks):
                break
            seen += counts[i]
            while k < len(ranks) and seen >= ranks[k]:
                out.append(min(GAMMA ** (i - _OFFSET) * _MID, self.peak))
                k += 1
        out.extend([self.peak] * (len(ranks) - k))
        return out


def merged(hists: Iterable[Histogram]) -> Histogram:
    out = Histogram()
    for h in hists:
        out.merge(h)
    return out


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
    slots able to serve. `touch(now)` must be called before any of the three changes. The
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
        self.t0 = now
        self.w_arrivals = 0
        self.w_errors = 0
        self.w_busy = 0.0
        self.w_cap = 0.0
        self.w_t = now
        self.window = Window(window_s)

    def touch(self, now: float) -> None:
        dt = now - self.t
        if dt:
            self.a_n += self.n * dt
            self.a_busy += self.busy * dt
            self.a_cap += self.cap * dt
            self.t = now

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
