"""Verify's wall time: how long a learner waits for a verdict on the slowest shipped scenario.

The slowest scenario is the one whose starting design or reference solution takes the most CPU
for one run on seed 1 (each timed once here; BENCH_VERIFY_SCENARIO=<slug> skips the search).
Its start and its solution are then verified (`simengine.verify.verify`, the default seeds and
worker processes, as `python -m simengine verify` does) BENCH_ROUNDS times (default 3); the
median wall time is printed with the seeds used and the verdict. Issue 12's target: a verdict
within 15 s wall on the 2-core build machine.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from playground.scenarios import ScenarioFile, scenario_files
from simengine.simulation import Simulation
from simengine.validation import parse_design
from simengine.verify import usable_cores, verify

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TARGET_S = 15.0


def _designs(s: ScenarioFile) -> dict[str, dict[str, Any]]:
    out = {"start": s.document}
    if s.solution:
        out["solution"] = s.solved_document()
    return out


def _one_run_cpu(document: dict[str, Any]) -> float:
    t0 = time.process_time()
    Simulation(parse_design(document), seed=1).run_to_end()
    return time.process_time() - t0


def slowest() -> tuple[ScenarioFile, float]:
    """The scenario whose start or solution costs the most CPU for one run, and that CPU."""
    wanted = os.environ.get("BENCH_VERIFY_SCENARIO")
    found = [s for s in scenario_files() if not wanted or s.slug == wanted]
    if not found:
        raise SystemExit(f"no scenario called {wanted!r}")
    timed = [(max(_one_run_cpu(d) for d in _designs(s).values()), s) for s in found]
    cpu, scenario = max(timed, key=lambda pair: pair[0])
    return scenario, cpu


def main() -> None:
    scenario, cpu = slowest()
    print(
        f"   slowest scenario: {scenario.slug} ({cpu:.1f} CPU-s for one run on seed 1); "
        f"{usable_cores()} workers, median of {ROUNDS}"
    )
    for name, document in _designs(scenario).items():
        walls, result = [], None
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            result = verify(document)
            walls.append(time.perf_counter() - t0)
        assert result is not None
        verdicts = ", ".join(f"{g['metric']} {g['verdict']}" for g in result["goals"])
        wall = statistics.median(walls)
        print(
            f"   {name:<8} {wall:5.1f} s wall (range {min(walls):.1f}-{max(walls):.1f}; target "
            f"{TARGET_S:g} s: {'met' if wall <= TARGET_S else 'missed'}), "
            f"{result['seeds']} seeds, {'PASS' if result['passed'] else 'NOT PASSED'} "
            f"({verdicts})",
            flush=True,
        )
