"""Random streams: seeded by name, independent, drawn in blocks with the right distributions."""
from __future__ import annotations

import statistics

import pytest

from simengine.rng import Stream, sampler


def test_streams_are_reproducible_and_independent_by_name() -> None:
    a1, a2, b = Stream(1, "web/service"), Stream(1, "web/service"), Stream(1, "db/service")
    xs = [a1.exp() for _ in range(5000)]
    assert xs == [a2.exp() for _ in range(5000)]
    assert xs[:100] != [b.exp() for _ in range(100)]
    assert [Stream(2, "web/service").exp() for _ in range(3)] != xs[:3]


@pytest.mark.parametrize("dist", ["exponential", "constant", "lognormal"])
def test_samplers_have_the_requested_mean(dist: str) -> None:
    draw = sampler(dist, 0.010, Stream(3, dist), sigma=0.5)
    xs = [draw() for _ in range(40_000)]
    assert statistics.fmean(xs) == pytest.approx(0.010, rel=0.02)
    assert min(xs) >= 0
    if dist == "exponential":
        assert statistics.pstdev(xs) == pytest.approx(0.010, rel=0.03)  # cv = 1
