"""A mergeable log-bucket histogram: percentiles without sorting samples.

Percentiles come from buckets, never from sorting samples. A value `x > 0` falls in bucket
`floor(log(x) / log(GAMMA))`; the bucket is reported by a representative that is within
`(GAMMA - 1) / (GAMMA + 1)` (0.99% for GAMMA = 1.02) of every value in it, so every percentile
has a relative error of at most 1%. Two histograms merge by adding counts, which is how window
figures roll into cumulative ones (`simengine.metrics`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import reduce
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
