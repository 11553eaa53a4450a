"""Grading that respects noise: a design run on many seeds, each goal judged on all of them.

One run is one draw: a design on the edge of its goal passes on a lucky seed and fails on an
unlucky one. `verify` runs the design on seeds 1, 2, 3, ... (each the normal, complete
`Simulation(design, seed).run_to_end()`, in worker processes, one per usable core) and gives
each goal its pass rate over the seeds and an interval for the mean of its metric (Student's t
over the per-seed values; `simengine.verify_stats` says why and how failed seeds count). A goal
passes only when the whole interval lies on the right side of the target, fails when it lies
wholly on the wrong side, and is otherwise "not certain".

Sequential checking. The verdicts are checked after `MIN_SEEDS` seeds, then at twice as many,
and so on up to the cap (4, 8, 16, 20 by default); the run stops at the first check where every
goal's verdict is certain. Looking more than once gives luck more chances, so each check uses a
t interval at confidence 1 - 0.05 / (number of checks) (Bonferroni): the chance that any check
declares a wrong certain verdict for a goal is then at most 5%, and the printed interval is a
95% interval in that sense. The checks fall at fixed seed counts, whatever the number of cores,
so the same seeds always give the same verdict.

Seeds already known. A seed's result is a function of the design, the seed and the engine
(`simengine.verify_cache` keys it), so a caller that kept results from an earlier check passes
them as `known` and those seeds are not run again; `on_seed` is told each seed that was run, for
the caller to keep. The verdict is the same whichever seeds came from `known`: it is computed
from the same per-seed results, in seed order, at the same check points.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import Any

from simengine.goal_metrics import GOAL_METRICS, with_unit
from simengine.validation import parse_design
from simengine.verify_stats import FAIL, PASS, UNCERTAIN, mean_interval, verdict
from simengine.verify_stats import looks as check_points

MIN_SEEDS = 4  # two rounds of this machine's two cores; t at 4 seeds is wide but finite
DEFAULT_SEEDS = 20
MAX_SEEDS = 100
ALPHA = 0.05

Progress = Callable[[int, int], None]  # (seeds finished, seeds planned so far)
Look = Callable[[int, list[dict[str, Any]]], None]  # (seeds graded, each goal's row so far)


@dataclass(frozen=True)
class SeedResult:
    """What one seed's run measured for each goal: its value (None: failed outright, see
    verify_stats) and whether the run's own grading passed it; `stopped`: a run limit hit."""

    seed: int
    values: tuple[float | None, ...]
    passed: tuple[bool, ...]
    stopped: str | None = None


def run_seed(document: Mapping[str, Any], seed: int) -> SeedResult:
    """One complete run of the design on `seed` (in a worker process). A run stopped at a run
    limit fails every goal on that seed: its figures cover only part of the run."""
    from simengine.simulation import RunLimitExceeded, Simulation

    sim = Simulation(parse_design(document), seed=seed)
    try:
        report = sim.run_to_end()
    except RunLimitExceeded as exc:
        n = len(sim.design.goals)
        return SeedResult(seed, (None,) * n, (False,) * n, str(exc))
    rows = report["goals"]
    return SeedResult(
        seed, tuple(g["actual"] for g in rows), tuple(bool(g["passed"]) for g in rows)
    )


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def verify(
    document: Mapping[str, Any],
    max_seeds: int = DEFAULT_SEEDS,
    *,
    workers: int | None = None,
    min_seeds: int = MIN_SEEDS,
    on_progress: Progress | None = None,
    on_look: Look | None = None,
    context: BaseContext | None = None,
    known: Mapping[int, SeedResult] | None = None,
    on_seed: Callable[[SeedResult], None] | None = None,
) -> dict[str, Any]:
    """Run `document` on seeds 1..k (k <= max_seeds, stopping once every verdict is certain)
    and grade each goal over them. `workers`: processes (default the usable cores; 1 runs in
    this process); `context`: their multiprocessing start method (default forkserver, which is
    safe in a server that holds sockets); `on_look`: told each goal's row at every check point
    (the verdicts as they firm up, for a page that shows the check's progress); `known`: results
    of earlier runs by seed, used instead of running those seeds (one that does not fit the
    design's goals is run anyway); `on_seed`: told each result this call ran. Raises
    DesignError for a bad document and ValueError for a design without goals or a seed count
    outside 2..MAX_SEEDS."""
    design = parse_design(document)
    if not design.goals:
        raise ValueError("the design has no goals to verify")
    if not 2 <= max_seeds <= MAX_SEEDS:
        raise ValueError(f"seeds must be 2 to {MAX_SEEDS}")
    points = check_points(max_seeds, max(2, min_seeds))
    confidence = 1.0 - ALPHA / len(points)
    workers = min(workers or usable_cores(), max_seeds)
    known = _fitting(known, len(design.goals))
    results: list[SeedResult] = []
    pool = None if workers == 1 else _pool(workers, context)
    try:
        for point in points:
            seeds = range(len(results) + 1, point + 1)
            hooks = (on_progress, on_seed)
            results += _run(document, seeds, pool, hooks, known, len(results), point)
            goals = [_grade(g, i, results, confidence) for i, g in enumerate(design.goals)]
            if on_look:
                on_look(len(results), goals)
            if all(g["certain"] for g in goals):
                break
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return {
        "name": design.name,
        "seeds": len(results),
        "max_seeds": max_seeds,
        "checks": [p for p in points if p <= len(results)],
        "confidence_per_check": confidence,
        "stopped_early": len(results) < max_seeds,
        "runs_stopped": [{"seed": r.seed, "reason": r.stopped} for r in results if r.stopped],
        "seeds_known": sum(r.seed in known for r in results),
        "passed": all(g["passed"] for g in goals),
        "certain": all(g["certain"] for g in goals),
        "goals": goals,
    }


def _pool(workers: int, context: BaseContext | None) -> ProcessPoolExecutor:
    ctx = context or get_context("forkserver" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _fitting(known: Mapping[int, SeedResult] | None, goals: int) -> dict[int, SeedResult]:
    """The known results that can stand for a run of this design: one per seed, one value and
    one pass for each of its goals."""
    return {
        seed: r
        for seed, r in (known or {}).items()
        if isinstance(r, SeedResult)
        and r.seed == seed
        and len(r.values) == goals
        and len(r.passed) == goals
    }


def _run(
    document: Mapping[str, Any],
    seeds: range,
    pool: ProcessPoolExecutor | None,
    hooks: tuple[Progress | None, Callable[[SeedResult], None] | None],
    known: Mapping[int, SeedResult],
    done: int,
    planned: int,
) -> list[SeedResult]:
    """The results of `seeds`, in seed order (so completion order cannot change a verdict):
    the known ones as they are, the others run (in the pool, if there is one)."""
    on_progress, on_seed = hooks
    todo = [seed for seed in seeds if seed not in known]
    doc = dict(document)
    ran = iter(pool.map(run_seed, [doc] * len(todo), todo)) if pool and todo else None
    out: list[SeedResult] = []
    for seed in seeds:
        if seed in known:
            result = known[seed]
        else:
            result = next(ran) if ran is not None else run_seed(document, seed)
            if on_seed:
                on_seed(result)
        out.append(result)
        if on_progress:
            on_progress(done + len(out), planned)
    return out


def _grade(goal: Any, i: int, results: list[SeedResult], confidence: float) -> dict[str, Any]:
    """One goal's row: its pass rate over the seeds, the interval of its mean, the verdict."""
    values = [r.values[i] for r in results]
    interval = mean_interval(values, goal.op, goal.value, confidence)
    decided = verdict(interval, goal.op, goal.value)
    finite = [v for v in values if v is not None and math.isfinite(v)]
    spec = GOAL_METRICS.get(goal.metric)
    return {
        "metric": goal.metric,
        "scope": goal.scope,
        "op": goal.op,
        "value": goal.value,
        "label": spec.label if spec else goal.metric,
        "unit": spec.unit if spec else None,
        "pass_rate": sum(r.passed[i] for r in results) / len(results),
        "low": _bound(max(interval.low, spec.min) if spec else interval.low),
        "high": _bound(_at_most(interval.high, spec.max if spec else None)),
        "mean": sum(finite) / len(finite) if finite and len(finite) == len(values) else None,
        "failed_outright": len(values) - len(finite),
        "passed": decided == PASS,
        "certain": decided != UNCERTAIN,
        "verdict": decided,
    }


def _at_most(x: float, most: float | None) -> float:
    """An interval end shown within what the metric can be (a latency is never below 0, an error
    rate never above 1); the verdict is taken on the interval as computed."""
    return x if most is None else min(x, most)


def _bound(x: float) -> float | None:
    """An interval end as JSON: null where it is unbounded (beyond any target)."""
    return x if math.isfinite(x) else None


def render(result: Mapping[str, Any]) -> str:
    """The verdict as a learner reads it: one line per goal (pass rate, interval, verdict)."""
    n, cap = result["seeds"], result["max_seeds"]
    why = "stopped early: every verdict is certain" if result["stopped_early"] else "the cap"
    lines = [f"{result['name']}: graded on seeds 1-{n} ({why})"]
    for g in result["goals"]:
        word = {PASS: "PASS", FAIL: "FAIL", UNCERTAIN: "NOT CERTAIN"}[g["verdict"]]
        target = with_unit(g["value"], g["unit"], g["metric"])
        met = round(g["pass_rate"] * n)
        line = (
            f"  {word:<11}  {g['label']} ({g['scope'] or 'overall'}) {g['op']} {target}: met on "
            f"{met} of {n} seeds; {_interval(g)}"
        )
        if not g["certain"]:
            line += "; needs more seeds" if n >= cap else "; not certain yet"
        lines.append(line)
    for stop in result["runs_stopped"]:
        lines.append(f"  seed {stop['seed']} stopped at a run limit: {stop['reason']}")
    failed = sum(g["verdict"] == FAIL for g in result["goals"])
    unsure = sum(not g["certain"] for g in result["goals"])
    if result["passed"]:
        lines.append("Verdict: PASS, every goal met whatever the seed")
    else:
        lines.append(f"Verdict: NOT PASSED ({failed} failed, {unsure} not certain)")
    return "\n".join(lines)


def _interval(goal: Mapping[str, Any]) -> str:
    """The 95% interval in words; seeds failed outright leave their end of it unbounded."""
    low, high, out = goal["low"], goal["high"], goal["failed_outright"]
    failed = f" ({out} failed outright, beyond any target)" if out else ""
    if low is None and high is None and goal["verdict"] == FAIL:
        return f"the whole interval beyond the target{failed}"
    lo = "unbounded" if low is None else with_unit(low, goal["unit"], goal["metric"])
    hi = "unbounded" if high is None else with_unit(high, goal["unit"], goal["metric"])
    return f"95% interval {lo} to {hi}{failed}"


__all__ = [
    "DEFAULT_SEEDS",
    "FAIL",
    "MAX_SEEDS",
    "MIN_SEEDS",
    "PASS",
    "UNCERTAIN",
    "render",
    "SeedResult",
    "run_seed",
    "verify",
]
