"""Measurements: a mergeable log-bucket histogram, per-node counters and time integrals.

Percentiles come from buckets, never from sorting samples. A value `x > 0` falls in bucket
`floor(log(x) / log(GAMMA))`; the bucket is reported by a representative that is within
`(GAMMA - 1) / (GAMMA + 1)` (0.99% for GAMMA = 1.02) of every value in it, so every percentile
has a relative error of at most 1%. Two histograms merge by adding counts, which is how window
figures roll into cumulative ones.

Time-average figures (requests in the node, busy slots, capacity) are integrals updated whenever
the integrand changes (`NodeStats.touch`). Little's law then holds as an identity between the
integral of requests-in-node and the sum of their sojourns, up to the few requests that straddle
the measurement interval's ends.
"""
from __future__ import annotations

import math
from typing import Iterable

GAMMA = 1.02
_INV_LOG_GAMMA = 1.0 / math.log(GAMMA)
_OFFSET = 4000  # buckets below 1 s: log(1e-12)/log(1.02) is about -1395, so indices stay positive
_MID = 2.0 * GAMMA / (1.0 + GAMMA)  # lower edge times this is the bucket's representative
_log = math.log
_TINY = 1e-12


class Histogram:
    """Counts of positive values (seconds) in log buckets, plus an exact count, sum and max."""

    __slots__ = ("counts", "n", "total", "zeros", "peak")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.n = 0
        self.total = 0.0
        self.zeros = 0
        self.peak = 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.total += x
        if x > _TINY:
            i = int(_log(x) * _INV_LOG_GAMMA + _OFFSET)  # floor: the sum is positive
            c = self.counts
            c[i] = c.get(i, 0) + 1
            if x > self.peak:
                self.peak = x
        else:
            self.zeros += 1

    def merge(self, other: "Histogram") -> None:
        self.n += other.n
        self.total += other.total
        self.zeros += other.zeros
        if other.peak > self.peak:
            self.peak = other.peak
        c = self.counts
        for i, k in other.counts.items():
            c[i] = c.get(i, 0) + k

    def clear(self) -> None:
        self.counts.clear()
        self.n = 0
        self.total = 0.0
        self.zeros = 0
        self.peak = 0.0

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
        return [self.quantile(q) for q in qs]


def merged(hists: Iterable[Histogram]) -> Histogram:
    out = Histogram()
    for h in hists:
        out.merge(h)
    return out


class NodeStats:
    """Counters and integrals of one node, over the measured interval (warmup excluded).

    `n` is requests in the node (queued or in own service), `busy` slots in service, `cap`
    slots able to serve. `touch(now)` must be called before any of the three changes. The
    window counters (`w_*`) are reset by every frame; the cumulative ones by the warmup only.
    """

    __slots__ = (
        "arrivals", "completed", "errors", "by_cause", "hist", "win", "n", "busy", "cap",
        "a_n", "a_busy", "a_cap", "t", "t0", "w_arrivals", "w_errors", "w_busy", "w_cap", "w_t",
    )

    def __init__(self, now: float = 0.0) -> None:
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
        self.touch(now)
        self.roll(now)
        self.arrivals = self.completed = self.errors = 0
        self.by_cause = {}
        self.hist.clear()
        self.a_n = self.a_busy = self.a_cap = 0.0
        self.t0 = now
        self.w_busy = self.w_cap = 0.0

    def roll(self, now: float) -> dict[str, float]:
        """Close the current window: return its figures and fold its histogram in."""
        self.touch(now)
        span = now - self.w_t
        busy = self.a_busy - self.w_busy
        cap = self.a_cap - self.w_cap
        win = self.win
        out = {
            "rps": self.w_arrivals / span if span > 0 else 0.0,
            "errors": self.w_errors,
            "utilization": busy / cap if cap > 0 else 0.0,
            "p99_ms": win.quantile(0.99) * 1000.0,
        }
        self.hist.merge(win)
        win.clear()
        self.w_arrivals = self.w_errors = 0
        self.w_busy, self.w_cap, self.w_t = self.a_busy, self.a_cap, now
        return out

    def summary(self, now: float) -> dict[str, float]:
        """Cumulative figures over [t0, now]; call `roll(now)` first so `hist` is complete."""
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
