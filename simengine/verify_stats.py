"""The statistics of `simengine.verify`: an interval for a goal's metric over seeds, its verdict.

Each seed is one complete run, so its value of the goal's metric (the run's p95, its error rate,
its RTO) is one independent draw of "what this design does". The question a grade asks is about
the design, not one draw: is the metric's mean over runs on the right side of the target? The
per-seed values are means or quantiles of thousands of requests, so they are close to normal
(the central limit theorem, per run), but there are few of them (4 to 20) and their spread is
unknown: Student's t interval for the mean of the per-seed values is the standard answer for
exactly that (few independent, roughly normal values, variance estimated from the sample). A
bootstrap would need more seeds than a learner waits for; a normal (z) interval would be too
narrow at four seeds (1.96 where t with 3 degrees of freedom needs 3.18).

A seed can also fail a goal outright: a latency that the failures decide (over 1% of requests
failed, so the p99 is "slower than any target"), an RTO that never came, a scope with no
figures, a run stopped at a run limit. Its value is not a number; it counts as beyond any target
on the failing side. With any such seed the interval is unbounded on that side, so the goal can
never pass. Its other end: when the failed seeds are so many that the t interval of the sample,
their values taken arbitrarily far out, lies wholly beyond any target (k failed of n seeds with
k(n-1) > t^2 (n-k)), the goal fails; otherwise each failed seed stands in at the mildest value
it could have had, the worst value the other seeds saw or the target, whichever is worse (it
failed, so it is at least that bad), and the near end is the t bound of that sample.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

PASS, FAIL, UNCERTAIN = "pass", "fail", "not certain"
LOWER_IS_BETTER = {"<=", "<"}
EPS = 1e-9  # the same tolerance as goals._compare's "=="


@dataclass(frozen=True)
class Interval:
    """An interval for the mean of a goal's metric over seeds, in the metric's own units;
    -inf/+inf where it is unbounded (a seed failed outright, or a single seed)."""

    low: float
    high: float


def t_quantile(p: float, df: int) -> float:
    """The p-quantile (0.5 <= p < 1) of Student's t with `df` degrees of freedom, by bisection
    on its distribution function (a regularized incomplete beta)."""
    lo, hi = 0.0, 1.0
    while _t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if _t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return (lo + hi) / 2.0


def _t_cdf(t: float, df: int) -> float:
    """P(T <= t) for t >= 0: 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2)."""
    x = df / (df + t * t)
    return 1.0 - 0.5 * _incomplete_beta(df / 2.0, 0.5, x)


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta I_x(a, b), by its continued fraction (Lentz's method)."""
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 300):
        for num in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return front * f / a


def mean_interval(
    values: Sequence[float | None], op: str, target: float, confidence: float
) -> Interval:
    """The two-sided `confidence` t interval for the mean of the per-seed `values` (None or
    a non-finite value: the seed failed the goal outright; see the module's docstring)."""
    sign = 1.0 if op in LOWER_IS_BETTER or op == "==" else -1.0  # oriented: lower is better
    finite = [sign * v for v in values if v is not None and math.isfinite(v)]
    n, failed = len(values), len(values) - len(finite)
    if n < 2:
        return Interval(-math.inf, math.inf)
    t = t_quantile(1.0 - (1.0 - confidence) / 2.0, n - 1)
    if failed and op == "==":  # no failing side to put them on
        return Interval(-math.inf, math.inf)
    if failed and failed * (n - 1) > t * t * (n - failed):
        low, high = math.inf, math.inf
    else:
        stand_in = max([*finite, sign * target])
        sample = finite + [stand_in] * failed
        half = t * statistics.stdev(sample) / math.sqrt(n)
        mean = statistics.fmean(sample)
        low, high = mean - half, (math.inf if failed else mean + half)
    return Interval(low, high) if sign > 0 else Interval(-high, -low)


def verdict(interval: Interval, op: str, target: float) -> str:
    """PASS when the whole interval lies on the goal's side of the target, FAIL when it lies
    wholly on the other side, UNCERTAIN when it straddles the target."""
    low, high = interval.low, interval.high
    if op == "==":
        if abs(low - target) < EPS and abs(high - target) < EPS:
            return PASS
        return FAIL if high < target - EPS or low > target + EPS else UNCERTAIN
    rules = {
        "<=": (high <= target, low > target),
        "<": (high < target, low >= target),
        ">=": (low >= target, high < target),
        ">": (low > target, high <= target),
    }
    passes, fails = rules[op]
    return PASS if passes else FAIL if fails else UNCERTAIN


def looks(max_seeds: int, first: int) -> list[int]:
    """The seed counts at which the verdicts are checked: `first`, doubling, then `max_seeds`."""
    out, n = [], min(first, max_seeds)
    while n < max_seeds:
        out.append(n)
        n *= 2
    return [*out, max_seeds]
