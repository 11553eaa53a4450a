"""The beatability harness on 20 seeds (BENCH_HARNESS_SEEDS; hints on BENCH_HARNESS_HINT_SEEDS,
default 5): for every scenario, on how many seeds the start fails and the solution passes, and
whether each hint does what it says (`playground.scenarios.harness`). Issue 12 wants every row
to read N/N, N/N and every hint holding. Also the wall time of the whole table, and each
scenario's CPU for one run of its start and its solution on seed 1 (what `make test` pays)."""

from __future__ import annotations

import os
import time

from benchmarks.verify import _designs, _one_run_cpu
from playground.scenarios import scenario_files
from playground.scenarios.harness import check_scenario, make_pool, table

SEEDS = int(os.environ.get("BENCH_HARNESS_SEEDS", "20"))
HINT_SEEDS = int(os.environ.get("BENCH_HARNESS_HINT_SEEDS", "5"))


def main() -> None:
    scenarios = scenario_files()
    t0 = time.perf_counter()
    with make_pool() as pool:
        rows = [
            check_scenario(s, range(1, SEEDS + 1), range(1, HINT_SEEDS + 1), pool)
            for s in scenarios
        ]
    wall = time.perf_counter() - t0
    for line in table(rows).splitlines():
        print(f"   {line}")
    good = sum(r.ok for r in rows)
    print(
        f"   {good} of {len(rows)} scenarios beatable as taught on {SEEDS} seeds "
        f"(hints on {HINT_SEEDS}); the table took {wall:.0f} s wall"
    )
    print("   CPU-s for one run on seed 1 (start / solution):")
    for s in scenarios:
        cpu = {name: _one_run_cpu(doc) for name, doc in _designs(s).items()}
        print(f"     {s.slug:26} {cpu['start']:5.1f} / {cpu.get('solution', float('nan')):5.1f}")
