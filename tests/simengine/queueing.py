"""Queueing-theory references the engine is checked against (test support, pure Python).

- M/M/c: Erlang C, mean sojourn, and the exact sojourn-time distribution (for percentiles).
- E_k/M/c: each server group sees every k-th arrival of a poisson stream (round robin over k
  targets), so its interarrival time is Erlang-k. Solved exactly as a continuous-time Markov
  chain (arrival phase x number in system, truncated far in the tail) by Gauss-Seidel.
- Batch means: a confidence interval for a long run's mean.
"""

from __future__ import annotations

import math
import statistics


def erlang_c(c: int, lam: float, mu: float) -> float:
    """Probability that an arrival waits in M/M/c."""
    a = lam / mu
    rho = a / c
    assert rho < 1
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c / (1 - rho)
    return last / (total + last)


def mmc_mean_sojourn(c: int, lam: float, mu: float) -> float:
    return erlang_c(c, lam, mu) / (c * mu - lam) + 1 / mu


def mmc_sojourn_cdf(t: float, c: int, lam: float, mu: float) -> float:
    """P(T <= t): T = W + S, W = 0 w.p. 1-C else Exp(c mu - lam), S ~ Exp(mu)."""
    pc = erlang_c(c, lam, mu)
    a = c * mu - lam
    no_wait = 1 - math.exp(-mu * t)
    if abs(a - mu) < 1e-12:
        waited = 1 - math.exp(-mu * t) * (1 + mu * t)
    else:
        waited = 1 - (a * math.exp(-mu * t) - mu * math.exp(-a * t)) / (a - mu)
    return (1 - pc) * no_wait + pc * waited


def mmc_sojourn_quantile(q: float, c: int, lam: float, mu: float) -> float:
    lo, hi = 0.0, 1.0 / mu
    while mmc_sojourn_cdf(hi, c, lam, mu) < q:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mmc_sojourn_cdf(mid, c, lam, mu) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def ekmc_mean_sojourn(k: int, c: int, lam: float, mu: float, n_max: int | None = None) -> float:
    """Mean time in system of E_k/M/c with arrival rate lam (interarrival Erlang-k, mean 1/lam).

    States (n, j): n in system (truncated at n_max), j the arrival phase. The balance equations
    are banded (width k), so Gaussian elimination on the band solves them exactly."""
    rho = lam / (c * mu)
    assert rho < 1
    n_max = n_max or int(80 / (1 - rho)) + 4 * c
    r = k * lam
    size = (n_max + 1) * k
    rows: list[dict[int, float]] = [{} for _ in range(size)]
    for n in range(n_max + 1):
        for j in range(k):
            i = n * k + j
            arrive = n < n_max or j < k - 1
            out = (r if arrive else 0.0) + min(n, c) * mu
            rows[i][i] = rows[i].get(i, 0.0) - out
            if arrive:  # phase j -> j+1, or an arrival (n, k-1) -> (n+1, 0)
                dst = i + 1
                rows[dst][i] = rows[dst].get(i, 0.0) + r
            if n > 0:  # a service (n, j) -> (n-1, j)
                dst = i - k
                rows[dst][i] = rows[dst].get(i, 0.0) + min(n, c) * mu
    rhs = [0.0] * size
    rows[0] = {0: 1.0}
    rhs[0] = 1.0
    for col in range(size):
        piv = rows[col][col]
        for r_i in range(col + 1, min(size, col + k + 1)):
            f = rows[r_i].get(col)
            if f:
                f /= piv
                for cc, v in rows[col].items():
                    rows[r_i][cc] = rows[r_i].get(cc, 0.0) - f * v
                rhs[r_i] -= f * rhs[col]
    x = [0.0] * size
    for i in range(size - 1, -1, -1):
        acc = rhs[i] - sum(v * x[cc] for cc, v in rows[i].items() if cc > i)
        x[i] = acc / rows[i][i]
    total = sum(x)
    mean_n = sum((i // k) * v for i, v in enumerate(x)) / total
    return mean_n / lam  # Little's law


def batch_means_ci(batches: list[float], confidence_t: float | None = None) -> tuple[float, float]:
    """(mean, half-width of the 95% interval) from independent-ish batch means."""
    k = len(batches)
    t = confidence_t or _t975(k - 1)
    return statistics.fmean(batches), t * statistics.stdev(batches) / math.sqrt(k)


def _t975(df: int) -> float:
    table = {9: 2.262, 14: 2.145, 19: 2.093, 24: 2.064, 29: 2.045, 39: 2.023, 49: 2.010}
    return table.get(df, 1.96 + 2.5 / df)
