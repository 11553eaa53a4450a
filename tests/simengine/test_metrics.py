"""The log-bucket histogram: percentiles within 1% of the exact ones, and merging is exact."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simengine.metrics import Histogram, NodeStats, Window


def exact_quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=1e-6, max_value=1e4), min_size=1, max_size=400),
    st.sampled_from([0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0]),
)
def test_every_percentile_is_within_one_percent(values: list[float], q: float) -> None:
    h = Histogram()
    for v in values:
        h.add(v)
    got, want = h.quantile(q), exact_quantile(values, q)
    assert abs(got - want) <= 0.01 * want + 1e-12


def test_merging_two_histograms_equals_one_histogram_of_everything() -> None:
    rng = random.Random(4)
    a, b, both = Histogram(), Histogram(), Histogram()
    for k in range(5000):
        x = rng.expovariate(10)
        (a if k % 3 else b).add(x)
        both.add(x)
    a.merge(b)
    assert a.counts == both.counts and a.n == both.n
    assert a.total == sum([a.total]) and abs(a.total - both.total) < 1e-9
    for q in (0.5, 0.95, 0.99):
        assert a.quantile(q) == both.quantile(q)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1e4), max_size=300))
def test_quantiles_at_once_equal_quantiles_one_by_one(values: list[float]) -> None:
    h = Histogram()
    for v in values:
        h.add(v)
    qs = (0.0, 0.01, 0.5, 0.95, 0.99, 1.0)
    assert h.quantiles(qs) == [h.quantile(q) for q in qs]


def test_mean_is_exact_and_empty_histogram_reads_zero() -> None:
    h = Histogram()
    assert h.quantile(0.99) == 0.0 and h.mean == 0.0
    for x in (0.001, 0.002, 0.003):
        h.add(x)
    assert abs(h.mean - 0.002) < 1e-15
    h.add(0.0)
    assert h.quantile(0.1) == 0.0  # zeros are kept apart, not logged


def test_node_integrals_measure_time_average_occupancy() -> None:
    st_ = NodeStats(0.0)
    st_.cap = 2
    st_.touch(1.0)
    st_.n = st_.busy = 1  # one request in service from t=1 to t=3
    st_.touch(3.0)
    st_.n = st_.busy = 0
    st_.touch(4.0)
    fig = st_.summary(4.0)
    assert abs(fig["mean_in_system"] - 2 / 4) < 1e-12
    assert abs(fig["utilization"] - 2 / 8) < 1e-12


def test_a_window_sums_the_slices_of_its_last_second() -> None:
    w = Window(1.0)
    w.push(0.0, 0.25, (10,))
    assert w.last()[:2] == (0.25, [10])  # early in the run: what has elapsed
    for k in range(1, 8):
        w.push(k * 0.25, (k + 1) * 0.25, (k + 10,))
    covered, (n,), _ = w.last()
    assert covered == 1.0 and n == 14 + 15 + 16 + 17  # the last four quarters only
    w.push(2.0, 2.4, (100,))  # steps that do not divide the window: the oldest sticks out
    covered, (n,), _ = w.last()
    assert abs(covered - 1.15) < 1e-12 and n == 15 + 16 + 17 + 100
    w.push(2.4, 2.4, (1,))  # a second frame at the same time adds no slice
    assert len(w.slices) == 4 and w.last()[1] == [149]


def test_a_window_merges_the_histograms_of_its_slices() -> None:
    w = Window(1.0)
    a, b = Histogram(), Histogram()
    for x in (0.01, 0.02):
        a.add(x)
    b.add(0.5)
    w.push(0.0, 0.5, (2,), a)
    w.push(0.5, 1.0, (1,), b)
    _, _, h = w.last()
    assert h.n == 3 and h.peak == 0.5 and h.quantile(0.5) < 0.021


class OneByOne:
    """The histogram as it was before batching: each value counted as it comes."""

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.n, self.total, self.zeros, self.peak = 0, 0.0, 0, 0.0

    def add(self, x: float) -> None:
        self.n += 1
        self.total += x
        if x > 1e-12:
            i = int(math.log(x) * (1.0 / math.log(1.02)) + 4000)
            self.counts[i] = self.counts.get(i, 0) + 1
            self.peak = max(self.peak, x)
        else:
            self.zeros += 1


values_or_zeros = st.lists(
    st.one_of(st.floats(1e-9, 1e4), st.just(0.0), st.floats(0.0, 1e-12)), max_size=300
)


@settings(max_examples=200, deadline=None)
@given(st.lists(values_or_zeros, min_size=1, max_size=5))
def test_a_batched_histogram_counts_exactly_what_one_by_one_counting_does(
    batches: list[list[float]],
) -> None:
    """Values wait in a batch until read; reading between batches (a frame) or only at the end
    gives the same buckets, count, sum (in arrival order, bit for bit), zeros and peak."""
    ref, h, seen = OneByOne(), Histogram(), Histogram()
    for batch in batches:
        for x in batch:
            ref.add(x)
            h.add(x)
            seen.add(x)
        assert seen.n == ref.n  # a read in between counts the batch so far
    for hist in (h, seen):
        assert hist.counts == ref.counts
        assert (hist.n, hist.zeros, hist.peak) == (ref.n, ref.zeros, ref.peak)
        assert hist.total == ref.total  # exactly, not approximately


def test_take_and_clear_leave_adding_to_the_same_histogram_working() -> None:
    h = Histogram()
    add = h.add  # a caller may keep the bound add
    add(0.5)
    first = h.take()
    add(2.0)
    assert (first.n, first.peak, h.n, h.peak) == (1, 0.5, 1, 2.0)
    h.clear()
    add(3.0)
    assert (h.n, h.total, h.peak) == (1, 3.0, 3.0)
    assert first.quantile(1.0) == pytest.approx(0.5, rel=0.01)  # unchanged by later adds
