"""Engine speed: simulated requests per CPU-second on the three-tier reference, and the ratio of
the engine's CPU time to a bare-simpy model of the same network, in paired rounds.

Each round runs the engine (metrics on, the full report at the end) and the bare model
(`bare_three_tier`) for the same simulated time and seed, alternating which goes first; the
figures are medians over the rounds. `time.process_time` measures CPU, so other work on the
machine disturbs the figures less than wall time would (it still shares caches and cores).

BENCH_ENGINE_BASELINE=<git rev> (default: `BASELINE`, when git has it) also runs the engine as it
was at that revision (its simengine/ exported by `git archive` into a temporary folder), in the
same rounds as the bare model and the current engine, each with a frame every minute and every
second, rotating the order; both engines then run in a child process of their own (the same code
for both), so "before and after" are measured in one run under the same load.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from benchmarks import bare_three_tier

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).parent / "three-tier.json"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "11"))
DURATION_S = float(os.environ.get("BENCH_DURATION_S", "130"))  # about 52,000 requests at 400/s
# The engine before issue 13's speed work: `make bench` measures before and after against it.
BASELINE = "93d7148"

# One engine run (`_engine`) in a child process, with simengine imported from the folder given
# first (the benchmark package itself comes from this checkout: the child runs in ROOT).
ONCE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from benchmarks.engine import _engine
print(json.dumps(_engine(json.loads(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))))
"""


def _engine(doc: dict, seed: int, frame_every: float) -> tuple[float, int]:
    from simengine.simulation import Simulation
    from simengine.validation import parse_design

    design = parse_design(doc)
    gc.collect()
    t0 = time.process_time()
    sim = Simulation(design, seed=seed)
    while not sim.done:
        sim.advance(frame_every)
    report = sim.report()
    cpu = time.process_time() - t0
    total = sum(c.total for c in sim.clients)
    assert report["requests"]["failed"] == 0, report["requests"]
    return cpu, total


def _engine_in(tree: Path, doc: dict, seed: int, frame_every: float) -> tuple[float, int]:
    args = [str(tree), json.dumps(doc), str(seed), str(frame_every)]
    out = subprocess.run(
        [sys.executable, "-c", ONCE, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    cpu, n = json.loads(out.stdout)
    return cpu, n


def _bare(seed: int) -> tuple[float, int]:
    gc.collect()
    t0 = time.process_time()
    n = bare_three_tier.run(DURATION_S, seed)
    return time.process_time() - t0, n


def _reference() -> dict:
    doc = json.loads(REFERENCE.read_text())
    doc["run"] = {"duration": DURATION_S, "seed": 1, "warmup": 5}
    return doc


def _alone(doc: dict) -> None:
    ratios, speeds, bare_speeds, stream_ratios = [], [], [], []
    for k in range(ROUNDS):
        seed = k + 1
        if k % 2 == 0:
            e_cpu, e_n = _engine(copy.deepcopy(doc), seed, 60.0)
            b_cpu, b_n = _bare(seed)
        else:
            b_cpu, b_n = _bare(seed)
            e_cpu, e_n = _engine(copy.deepcopy(doc), seed, 60.0)
        s_cpu, s_n = _engine(copy.deepcopy(doc), seed, 1.0)  # live: a frame per second
        ratios.append((e_cpu / e_n) / (b_cpu / b_n))
        stream_ratios.append((s_cpu / s_n) / (b_cpu / b_n))
        speeds.append(e_n / e_cpu)
        bare_speeds.append(b_n / b_cpu)
        print(
            f"   round {k + 1:2d}: engine {e_n:,} req in {e_cpu:.2f} s CPU "
            f"({e_n / e_cpu:,.0f}/s), bare {b_n:,} in {b_cpu:.2f} s ({b_n / b_cpu:,.0f}/s), "
            f"ratio {ratios[-1]:.2f}, with 1 s frames {stream_ratios[-1]:.2f}",
            flush=True,
        )
    print(
        f"   engine: {statistics.median(speeds):,.0f} simulated requests per CPU-second "
        f"(median of {ROUNDS} rounds of {DURATION_S:g} s, three-tier at 400 req/s)"
    )
    print(f"   bare simpy: {statistics.median(bare_speeds):,.0f} requests per CPU-second")
    print(
        f"   ratio engine / bare simpy CPU per request: median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}); with a frame every simulated second: "
        f"{statistics.median(stream_ratios):.2f}"
    )


def _export(rev: str, into: Path) -> Path:
    """simengine/ as it was at `rev`, in a folder of its own."""
    archive = subprocess.run(
        ["git", "archive", rev, "simengine"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _against(doc: dict, rev: str) -> None:
    """Baseline and current engine (with a frame a minute and a frame a second) and the bare
    model, in rotating order each round."""
    variants = [(who, every) for every in (60.0, 1.0) for who in ("baseline", "current")]
    ratios: dict[tuple[str, float], list[float]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"baseline": _export(rev, Path(tmp)), "current": ROOT}
        for k in range(ROUNDS):
            seed = k + 1
            order: list = ["bare", *variants]
            order = order[k % len(order) :] + order[: k % len(order)]
            cpu: dict = {}
            for v in order:
                if v == "bare":
                    b_cpu, b_n = _bare(seed)
                    cpu[v] = b_cpu / b_n
                else:
                    e_cpu, e_n = _engine_in(trees[v[0]], copy.deepcopy(doc), seed, v[1])
                    cpu[v] = e_cpu / e_n
            for v in variants:
                ratios[v].append(cpu[v] / cpu["bare"])
            print(
                f"   round {k + 1:2d}: ratio to bare simpy: "
                + ", ".join(
                    f"{who} {every:g} s frames {ratios[(who, every)][-1]:.2f}"
                    for who, every in variants
                ),
                flush=True,
            )
    for every in (60.0, 1.0):
        medians = {}
        for who in ("baseline", "current"):
            values = ratios[(who, every)]
            medians[who] = statistics.median(values)
            name = f"baseline ({rev})" if who == "baseline" else "current"
            print(
                f"   {name}, a frame every {every:g} s: ratio engine / bare simpy median "
                f"{medians[who]:.2f} (min {min(values):.2f}, max {max(values):.2f}, "
                f"{ROUNDS} rounds)"
            )
        print(
            f"   a frame every {every:g} s: current / baseline CPU per request "
            f"{medians['current'] / medians['baseline']:.2f}"
        )


def default_baseline() -> str | None:
    """BENCH_ENGINE_BASELINE, else `BASELINE` when this checkout's git history has it (a fresh
    clone does), else None (no before-and-after)."""
    rev = os.environ.get("BENCH_ENGINE_BASELINE", BASELINE)
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True
    )
    return rev if found.returncode == 0 else None


def _floor() -> None:
    """The engine's schedule with no model (`floor_three_tier`) against bare simpy."""
    # Imported here: a baseline engine's child process imports this module with an older
    # simengine first on its path, which may have no kernel.
    from benchmarks import floor_three_tier

    ratios = []
    for k in range(ROUNDS):
        gc.collect()
        t0 = time.process_time()
        n = floor_three_tier.run(DURATION_S, k + 1)
        f_cpu = (time.process_time() - t0) / n
        b_cpu, b_n = _bare(k + 1)
        ratios.append(f_cpu / (b_cpu / b_n))
    print(
        f"   floor (kernel and walkers, no model): ratio to bare simpy median "
        f"{statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})"
    )


def main() -> None:
    doc = _reference()
    baseline = default_baseline()
    if baseline:
        _against(doc, baseline)
    else:
        _alone(doc)
    _floor()
