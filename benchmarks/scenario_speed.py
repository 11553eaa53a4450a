"""Each shipped scenario's run time, before and after: the engine at a baseline revision and the
current one, on the same designs and seeds, in the same run.

For every scenario's starting design and its solution, one complete run on seed 1 (the report
built at the end, as `python -m simengine run` does) in a child process per engine: the
baseline's `simengine/` is exported with `git archive` (`benchmarks.engine._export`), the
current one is this checkout's. The two alternate which goes first, BENCH_ROUNDS times (default
3), and the medians of CPU time are printed with their ratio (current / baseline: below 1 is
faster). BENCH_ENGINE_BASELINE=<rev> picks the baseline (default: `BASELINE`, the engine before
issue 13's speed work); without git the current engine is timed alone.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.engine import ROOT, _export, default_baseline
from playground.scenarios import scenario_files

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

ONE_RUN = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from simengine.simulation import Simulation
from simengine.validation import parse_design
design = parse_design(json.loads(sys.stdin.read()))
t0 = time.process_time()
Simulation(design, seed=1).run_to_end()
print(time.process_time() - t0)
"""


def _cpu(tree: Path, document: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", ONE_RUN, str(tree)],
        input=json.dumps(document),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout)


def _designs() -> list[tuple[str, dict]]:
    out = []
    for s in scenario_files():
        out.append((f"{s.slug} start", s.document))
        if s.solution:
            out.append((f"{s.slug} solution", s.solved_document()))
    return out


def main() -> None:
    rev = default_baseline()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"current": ROOT}
        if rev:
            trees = {"baseline": _export(rev, Path(tmp)), "current": ROOT}
        ratios, totals = [], dict.fromkeys(trees, 0.0)
        print(f"   one run on seed 1, CPU seconds, median of {ROUNDS}; baseline {rev or 'none'}")
        for name, document in _designs():
            cpu: dict[str, list[float]] = {who: [] for who in trees}
            for k in range(ROUNDS):
                order = list(trees)
                for who in order[k % len(order) :] + order[: k % len(order)]:
                    cpu[who].append(_cpu(trees[who], document))
            med = {who: statistics.median(v) for who, v in cpu.items()}
            for who, m in med.items():
                totals[who] += m
            line = f"   {name:<38} current {med['current']:6.2f} s"
            if "baseline" in med:
                ratio = med["current"] / med["baseline"]
                ratios.append(ratio)
                line += f"  baseline {med['baseline']:6.2f} s  current/baseline {ratio:.2f}"
            print(line, flush=True)
        summary = "   all designs: current " + f"{totals['current']:.1f} CPU-s"
        if ratios:
            summary += (
                f", baseline {totals['baseline']:.1f} CPU-s; current/baseline per design: "
                f"median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}, "
                f"best {min(ratios):.2f}"
            )
        print(summary)
