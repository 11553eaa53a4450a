"""Judging a run by its goals: each goal's measured value (`actual`) against its target.

What each metric means is `simengine.goal_metrics`; this module measures it from the report's
figures, and from the run's latency histograms for latency goals.

Latency goals count failures: a failed request counts as slower than any target. The other
choice the issue offered, pairing each latency goal with an availability requirement, needs a
second threshold nobody set; ranking failures last needs none and reads the way an SLO does
("99% of requests succeed within 300 ms"). A percentile is taken over every finished request
(successes and failures), with the failures at +infinity: a p99 goal can only be met when at
least 99% of the requests succeeded, and a design whose requests all fail never meets one. The
mean of a run with any failure is infinite, so a mean goal demands that nothing failed. Either
way, failing requests fast (shedding load with errors) can no longer make a latency goal pass.
Requests still in flight at the end are neither, and are left out, as the error rate does.
An infinite value is reported as `actual: null` with a `detail` saying why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from simengine.goal_metrics import DATA_STORES, GOAL_METRICS
from simengine.metrics import Histogram, merged

if TYPE_CHECKING:
    from simengine.simulation import Simulation

Figures = dict[str, Any]
Measured = tuple[float | None, str | None]  # the value (None: cannot be given), and why

QUANTILES = {"p50_ms": 0.5, "p95_ms": 0.95, "p99_ms": 0.99}
LATENCY = (*QUANTILES, "mean_ms")


def _by_cause(n: Figures, cause: str) -> int:
    causes = n.get("by_cause", n.get("errors_by_cause", {}))
    return int(causes.get(cause, 0))


def _dropped(n: Figures) -> float:
    """Background work that never got done at this node (see goal_metrics: work_dropped)."""
    if n["kind"] == "sqs":
        return n["dead_lettered"] + n["expired"] + n.get("lost", 0)
    if n["kind"] == "sns":
        return n["failed_deliveries"] + n.get("lost", 0)
    if n["kind"] == "lambda":  # every async event that aged out unrun, or ran and failed
        return n["async_failed"]
    return 0


# How each count is read from one node's (or client's) figures, and combined over the design.
COUNTS: dict[str, tuple[Callable[[Figures], float], Callable[[Iterable[float]], float]]] = {
    "requests_throttled": (lambda n: _by_cause(n, "throttled"), sum),
    "duplicates_applied": (lambda n: n.get("duplicates_applied", 0), sum),
    "sessions_lost": (lambda n: n["sessions_lost"], sum),
    "dead_lettered": (lambda n: n["dead_lettered"], sum),
    "oldest_message_age_s": (lambda n: n["oldest_age_s"], lambda xs: max(xs, default=0.0)),
    "backlog_end": (lambda n: n["depth"] + n["in_flight"], sum),
    "executions_failed": (lambda n: n["failed_executions"], sum),
    "work_dropped": (_dropped, sum),
    "logs_lost": (lambda n: n["logs_lost"], sum),
}


def judge(sim: Simulation, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's goal rows: each goal with its target, what was measured and the verdict."""
    out = []
    for g in sim.design.goals:
        actual, detail = measure(sim, report, g.metric, g.scope)
        passed = actual is not None and _compare(actual, g.op, g.value)
        shown = actual if actual is not None and math.isfinite(actual) else None
        spec = GOAL_METRICS.get(g.metric)
        out.append(
            {
                "metric": g.metric,
                "scope": g.scope,
                "op": g.op,
                "value": g.value,
                "actual": shown,
                "passed": passed,
                "label": spec.label if spec is not None else g.metric,
                "detail": detail,
            }
        )
    return out


def measure(sim: Simulation, report: dict[str, Any], metric: str, scope: str | None) -> Measured:
    """The value of `metric` over `scope` in this run (+infinity for a latency that failures
    decide), and a sentence when the number alone would not explain the verdict."""
    if metric in ("rto_s", "rpo_s"):
        return _recovery(report["faults"], metric, scope)
    if metric == "cost_per_hour":
        return report["cost"]["per_hour"], None
    if metric in LATENCY:
        return _latency(sim, metric, scope)
    figures = report if scope is None else report["clients"].get(scope, report["nodes"].get(scope))
    if figures is None:
        return None, f"{scope} has no figures in this run"
    if metric in COUNTS:
        return _count(report, metric, scope, figures), None
    if metric == "error_rate" and scope in report["nodes"]:
        return (figures["errors"] / figures["arrivals"] if figures["arrivals"] else 0.0), None
    return figures.get(metric), None


def _count(report: dict[str, Any], metric: str, scope: str | None, figures: Figures) -> float:
    read, combine = COUNTS[metric]
    if scope is not None:
        return float(read(figures))
    if metric == "requests_throttled":  # the users' requests that failed throttled
        return float(_by_cause(report["requests"], "throttled"))
    kinds = GOAL_METRICS[metric].kinds
    nodes = [n for n in report["nodes"].values() if n["kind"] in kinds]
    if metric == "duplicates_applied":
        # counted where they do harm, the data stores (whose ledger sees a redelivered job's
        # write too); the queues' own count only when no data store took a write
        stores = [n for n in nodes if n["kind"] in DATA_STORES and "duplicates_applied" in n]
        nodes = stores or [n for n in nodes if n["kind"] == "sqs"]
    return float(combine(read(n) for n in nodes))


def _latency(sim: Simulation, metric: str, scope: str | None) -> Measured:
    if scope is None:
        hist, failed = merged(c.hist for c in sim.clients), sum(c.m_failed for c in sim.clients)
    elif sim.components[scope].spec.is_client:
        client = sim.components[scope]
        hist, failed = client.hist, client.m_failed
    else:
        stats = sim.components[scope].stats
        hist, failed = stats.hist, stats.errors
    if hist.n + failed == 0:
        return None, "no request finished here while the run was measured"
    if metric == "mean_ms":
        value = math.inf if failed else hist.mean
    else:
        value = with_failures(hist, failed, QUANTILES[metric])
    if math.isinf(value):
        share = failed / (hist.n + failed)
        return value, (
            f"{share:.1%} of the requests failed ({failed:,}); a failed request counts as "
            "slower than any target"
        )
    return value * 1000.0, None


def with_failures(hist: Histogram, failed: int, q: float) -> float:
    """The q-quantile (seconds) of the successes in `hist` and `failed` failures ranked after
    every success: +infinity when the rank falls among the failures."""
    n = hist.n + failed
    rank = max(1, math.ceil(q * n - 1e-9))
    if rank > hist.n:
        return math.inf
    return hist.quantile((rank - 0.5) / hist.n)  # the rank-th success (ceil lands on rank)


def _recovery(faults: list[dict[str, Any]], metric: str, scope: str | None) -> Measured:
    """RTO or RPO of the worst fault, or of the worst fault on `scope` (a fault's target)."""
    hit = [f for f in faults if scope is None or f["target"] == scope]
    if scope is not None and not hit:
        return None, f"no fault hit {scope} in this run"
    lost = [f for f in hit if f[metric] is None]
    if lost:
        f = lost[0]
        return None, f"not recovered from {f['kind'].replace('_', ' ')} on {f['target']} by the end"
    return max((f[metric] for f in hit), default=0.0), None


def _compare(a: float, op: str, b: float) -> bool:
    return {"<=": a <= b, "<": a < b, ">=": a >= b, ">": a > b, "==": abs(a - b) < 1e-9}[op]
