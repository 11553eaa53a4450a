"""The log-bucket histogram: percentiles within 1% of the exact ones, and merging is exact."""
from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from simengine.metrics import Histogram, NodeStats


def exact_quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e4), min_size=1, max_size=400),
       st.sampled_from([0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0]))
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
    st_.n = st_.busy = 1      # one request in service from t=1 to t=3
    st_.touch(3.0)
    st_.n = st_.busy = 0
    st_.touch(4.0)
    fig = st_.summary(4.0)
    assert abs(fig["mean_in_system"] - 2 / 4) < 1e-12
    assert abs(fig["utilization"] - 2 / 8) < 1e-12
