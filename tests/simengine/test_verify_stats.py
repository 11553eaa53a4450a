"""`simengine.verify_stats`: Student's t, the interval of a goal's mean over seeds, its verdict."""

from __future__ import annotations

import math

import pytest

from simengine.verify_stats import (
    FAIL,
    PASS,
    UNCERTAIN,
    Interval,
    looks,
    mean_interval,
    t_quantile,
    verdict,
)


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        (0.975, 1, 12.706),
        (0.975, 4, 2.776),
        (0.975, 19, 2.093),
        (0.995, 3, 5.841),
        (0.95, 30, 1.697),
    ],
)
def test_t_quantiles_match_the_printed_table(p: float, df: int, table: float) -> None:
    assert t_quantile(p, df) == pytest.approx(table, abs=5e-4)


def test_the_interval_is_the_t_interval_of_the_per_seed_values() -> None:
    """Five p99s of 100, 102, 98, 101, 99 ms: mean 100, sd 1.58, t(4) 2.776 -> +-1.96 ms."""
    got = mean_interval([100, 102, 98, 101, 99], "<=", 150, 0.95)
    assert got.low == pytest.approx(98.037, abs=1e-3) and got.high == pytest.approx(
        101.963, abs=1e-3
    )
    assert verdict(got, "<=", 150) == PASS and verdict(got, "<=", 99) == UNCERTAIN
    assert verdict(got, "<=", 101) == UNCERTAIN  # the mean meets it, the interval does not
    assert verdict(got, "<=", 90) == FAIL


def test_one_seed_failed_outright_means_the_goal_cannot_pass() -> None:
    """19 seeds far inside a 200 ms target and one whose latency the failures decide: the
    interval is unbounded on the failing side, so not certain (and not a fail either)."""
    values: list[float | None] = [80.0] * 19 + [None]
    got = mean_interval(values, "<=", 200, 0.95)
    assert got.high == math.inf and got.low < 200
    assert verdict(got, "<=", 200) == UNCERTAIN


def test_mostly_failed_seeds_fail_the_goal_and_all_failed_too() -> None:
    """4 of 5 failed outright: 4 * 4 > 2.776^2 * 1, so even the interval's near end lies beyond
    any target. 2 of 5 do not (2 * 4 < 7.7 * 3)."""
    assert (
        verdict(mean_interval([80.0, None, None, None, None], "<=", 200, 0.95), "<=", 200) == FAIL
    )
    assert verdict(mean_interval([None] * 4, "<=", 200, 0.95), "<=", 200) == FAIL
    two = mean_interval([80.0, 80.0, 80.0, None, None], "<=", 200, 0.95)
    assert verdict(two, "<=", 200) == UNCERTAIN


def test_a_failed_seed_counts_at_least_as_badly_as_the_worst_seed_seen() -> None:
    """Every seed over the target and one failed outright: the goal fails, certainly."""
    got = mean_interval([300.0, 310.0, 305.0, 302.0, None], "<=", 200, 0.95)
    assert got.low > 200 and verdict(got, "<=", 200) == FAIL


def test_goals_that_want_more_put_failed_seeds_below() -> None:
    """A throughput goal (>=): a failed seed is as low as can be, so the interval's low end is
    unbounded and the goal cannot pass."""
    values: list[float | None] = [500.0] * 9 + [None]
    got = mean_interval(values, ">=", 100, 0.95)
    assert got.low == -math.inf and 100 < got.high
    assert verdict(got, ">=", 100) == UNCERTAIN
    assert verdict(mean_interval([500.0] * 5, ">=", 100, 0.95), ">=", 100) == PASS


def test_verdicts_for_every_operator() -> None:
    inside = Interval(1.0, 2.0)
    assert [verdict(inside, op, 2.0) for op in ("<=", "<", ">=", ">")] == [
        PASS,
        UNCERTAIN,
        UNCERTAIN,
        FAIL,  # nothing in [1, 2] is more than 2
    ]
    assert [verdict(inside, op, 0.5) for op in ("<=", "<", ">=", ">")] == [FAIL, FAIL, PASS, PASS]
    assert verdict(Interval(3.0, 3.0), "==", 3.0) == PASS
    assert verdict(inside, "==", 3.0) == FAIL and verdict(inside, "==", 1.5) == UNCERTAIN


def test_checks_double_from_the_minimum_up_to_the_cap() -> None:
    assert looks(20, 4) == [4, 8, 16, 20]
    assert looks(8, 4) == [4, 8]
    assert looks(3, 4) == [3]
