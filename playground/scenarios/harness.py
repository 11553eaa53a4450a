"""The beatability harness: every scenario is a level a learner can lose and win, on every seed.

For each challenge (a scenario with a `solution`), on every seed of a verification set:
- the starting design fails at least one goal;
- the solution passes every goal;
and each hint does what its words claim: its change makes a valid design, and each claim of its
`expect` holds on every seed (a metric that `moves` up or down against the same seed's run of
the design without the change; or a metric that meets `op`/`value`). Same seed, same run, so
the comparison of a change against its base is paired, seed by seed: noise cannot fake it.

`make test` runs it on a few seeds (tests/scenarios/test_beatability.py); `make bench` on 20
(benchmarks/beatability.py, which prints the table). By hand:

    python -m playground.scenarios.harness [SLUG ...] [--seeds N] [--hint-seeds N]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from playground.scenarios import Hint, ScenarioFile, scenario_files

Claim = dict[str, Any]
_OPS = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}


@dataclass(frozen=True)
class Outcome:
    """One complete run: which goals passed, the value of each claim measured on it, and (when
    asked) the report itself."""

    passed: tuple[bool, ...]
    claims: tuple[float, ...]
    stopped: str | None = None
    report: dict[str, Any] | None = None

    @property
    def all_passed(self) -> bool:
        return self.stopped is None and all(self.passed)


def run_once(
    document: dict[str, Any], seed: int, claims: Sequence[Claim] = (), keep_report: bool = False
) -> Outcome:
    """Run `document` to its end on `seed`, measuring `claims` (an unmeasurable or infinite value
    counts as +infinity: for a latency, failures decide it)."""
    from simengine.design import DesignError
    from simengine.goals import measure
    from simengine.simulation import RunLimitExceeded, Simulation
    from simengine.validation import parse_design

    try:
        design = parse_design(document)
    except DesignError as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        return Outcome((False,), (math.inf,) * len(claims), f"invalid design: {problems}")
    sim = Simulation(design, seed=seed)
    try:
        report = sim.run_to_end()
    except RunLimitExceeded as exc:
        return Outcome((False,) * len(sim.design.goals), (math.inf,) * len(claims), str(exc))
    values = []
    for c in claims:
        value, _ = measure(sim, report, c["metric"], c["scope"])
        values.append(math.inf if value is None else float(value))
    passed = tuple(bool(g["passed"]) for g in report["goals"])
    return Outcome(passed, tuple(values), None, report if keep_report else None)


@dataclass
class Row:
    """A scenario's line of the table."""

    slug: str
    seeds: int
    exploration: bool = False  # no solution: nothing to lose or win
    start_failed: int = 0  # seeds on which the starting design failed a goal
    solution_passed: int = 0  # seeds on which the solution met every goal
    hints: list[tuple[int, bool, str]] = field(default_factory=list)  # (index, held, what)
    reports: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def beatable(self) -> bool:
        return self.start_failed == self.seeds and self.solution_passed == self.seeds

    @property
    def ok(self) -> bool:
        return not self.exploration and self.beatable and all(h for _, h, _ in self.hints)


def _moves(claim: Claim, changed: float, base: float) -> bool:
    return changed < base if claim["moves"] == "down" else changed > base


def _claim_holds(claim: Claim, changed: float, base: float) -> bool:
    if "moves" in claim:
        return changed < base if claim["moves"] == "down" else changed > base
    return _OPS[claim["op"]](changed, claim["value"])


def _describe(claim: Claim) -> str:
    what = f"{claim['metric']}({claim['scope'] or 'all'})"
    if "moves" in claim:
        return f"{what} {claim['moves']}"
    return f"{what} {claim['op']} {claim['value']}"


def _key(claim: Claim) -> tuple[str, str | None]:
    return claim["metric"], claim["scope"]


def check_scenario(
    scenario: ScenarioFile,
    seeds: Sequence[int],
    hint_seeds: Sequence[int],
    pool: Any,
    keep_reports: bool = False,
) -> Row:
    """The scenario's row. `hint_seeds` are the first of `seeds`: the start's and the solution's
    runs on them are the bases the hints' changes are compared with. With `keep_reports`, the
    row keeps the start's and the solution's reports on the first seed (`row.reports`)."""
    row = Row(scenario.slug, len(seeds), exploration=scenario.solution is None)
    if row.exploration:
        return row
    if list(hint_seeds) != list(seeds)[: len(hint_seeds)]:
        raise ValueError("hint seeds must be the first of the seeds")
    keys = sorted({_key(c) for h in scenario.hint_checks for c in h.expect}, key=str)
    claims = [{"metric": m, "scope": s} for m, s in keys]
    docs = {"start": scenario.document, "solution": scenario.solved_document()}
    futures = {
        (name, seed): pool.submit(run_once, doc, seed, claims, keep_reports and seed == seeds[0])
        for name, doc in docs.items()
        for seed in seeds
    }
    changed = {
        (i, seed): pool.submit(run_once, scenario.hinted_document(h), seed, claims)
        for i, h in enumerate(scenario.hint_checks)
        if h.change is not None
        for seed in hint_seeds
    }
    runs = {k: f.result() for k, f in futures.items()}
    row.start_failed = sum(not runs["start", s].all_passed for s in seeds)
    row.solution_passed = sum(runs["solution", s].all_passed for s in seeds)
    row.reports = {name: runs[name, seeds[0]].report for name in docs}
    for i, hint in enumerate(scenario.hint_checks):
        row.hints.append(_hint_row(i, hint, hint_seeds, runs, changed, keys))
    return row


def _hint_row(
    i: int,
    hint: Hint,
    seeds: Sequence[int],
    runs: dict[tuple[str, int], Outcome],
    changed: dict[tuple[int, int], Any],
    keys: list[tuple[str, str | None]],
) -> tuple[int, bool, str]:
    """Whether hint `i` does what it claims on every seed, and which claim did not."""
    for claim in hint.expect:
        k = keys.index(_key(claim))
        missed = []
        for seed in seeds:
            base = runs[hint.on, seed]
            after = changed[i, seed].result() if hint.change is not None else base
            if after.stopped:
                return i, False, f"its change on seed {seed}: {after.stopped}"
            if not _claim_holds(claim, after.claims[k], base.claims[k]):
                missed.append(seed)
        if missed:
            return i, False, f"{_describe(claim)} not on seeds {missed}"
    return i, True, ", ".join(_describe(c) for c in hint.expect) or "no claim"


def make_pool(workers: int | None = None) -> ProcessPoolExecutor:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return ProcessPoolExecutor(workers or cores, mp_context=get_context("forkserver"))


def table(rows: Sequence[Row]) -> str:
    lines = [
        f"{'scenario':26} {'start fails':>11} {'solution passes':>15}  hints",
        "-" * 80,
    ]
    for r in rows:
        if r.exploration:
            lines.append(f"{r.slug:26} an exploration: no solution   <- NOT A CHALLENGE")
            continue
        checked = [h for _, h, what in r.hints if what != "no claim"]
        quiet = len(r.hints) - len(checked)
        mark = "" if r.ok else "   <- NOT BEATABLE AS TAUGHT"
        lines.append(
            f"{r.slug:26} {r.start_failed:>5}/{r.seeds:<5} {r.solution_passed:>9}/{r.seeds:<5}"
            f"  {sum(checked)}/{len(checked)} hold"
            + (f", {quiet} claim nothing" if quiet else "")
            + mark
        )
        lines += [f"    hint {i + 1}: {what}" for i, held, what in r.hints if not held]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="scenarios to check (default: all)")
    parser.add_argument("--seeds", type=int, default=20, help="seeds 1..N for start and solution")
    parser.add_argument(
        "--hint-seeds", type=int, default=None, help="seeds for hints (default: --seeds)"
    )
    args = parser.parse_args(argv)
    chosen = [s for s in scenario_files() if not args.slugs or s.slug in args.slugs]
    if args.slugs and len(chosen) != len(set(args.slugs)):
        known = {s.slug for s in scenario_files()}
        print(f"unknown scenarios: {sorted(set(args.slugs) - known)}", file=sys.stderr)
        return 2
    seeds = range(1, args.seeds + 1)
    hint_seeds = range(1, (args.hint_seeds or args.seeds) + 1)
    with make_pool() as pool:
        rows = [check_scenario(s, seeds, hint_seeds, pool) for s in chosen]
    print(table(rows))
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
