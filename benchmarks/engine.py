"""Engine speed: simulated requests per CPU-second on the three-tier reference, and the ratio of
the engine's CPU time to a bare-simpy model of the same network, in paired rounds.

Each round runs the engine (metrics on, the full report at the end) and the bare model
(`bare_three_tier`) for the same simulated time and seed, alternating which goes first; the
figures are medians over the rounds. `time.process_time` measures CPU, so other work on the
machine disturbs the figures less than wall time would (it still shares caches and cores).
"""

from __future__ import annotations

import copy
import gc
import json
import os
import statistics
import time
from pathlib import Path

from benchmarks import bare_three_tier
from simengine.simulation import Simulation
from simengine.validation import parse_design

REFERENCE = Path(__file__).parent / "three-tier.json"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "11"))
DURATION_S = float(os.environ.get("BENCH_DURATION_S", "130"))  # about 52,000 requests at 400/s


def _engine(doc: dict, seed: int, frame_every: float) -> tuple[float, int]:
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


def _bare(seed: int) -> tuple[float, int]:
    gc.collect()
    t0 = time.process_time()
    n = bare_three_tier.run(DURATION_S, seed)
    return time.process_time() - t0, n


def main() -> None:
    doc = json.loads(REFERENCE.read_text())
    doc["run"] = {"duration": DURATION_S, "seed": 1, "warmup": 5}
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
