"""Live-stream capacity: a classroom of learners each running the reference design at 1x.

A real `python -m daphne` on 127.0.0.1 (its own temporary SQLite database), N websocket clients
in this process (each its own browser session), all pressing Run at once. Measured per
repetition, after a second of warm-up:

- frames received per client per second (target >= 9),
- control round trip: a `speed` control sent once a second by every client, until the frame
  whose events acknowledge it arrives (p99, target < 200 ms),
- time from sending `start` to the first frame (target < 500 ms, under the burst of N starts),
- server memory: PSS and RSS of daphne, the fork server and every worker, from /proc.

Repeated BENCH_CLASSROOM_REPEATS times (default 3) with a fresh server each; the summary is the
median. Bounded: N clients for BENCH_CLASSROOM_SECONDS (default 10), then every run is stopped.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from pathlib import Path

from websockets.asyncio.client import connect

from playground.live.testing import Browser, DaphneServer

REFERENCE = Path(__file__).parent / "three-tier.json"
CLIENTS = int(os.environ.get("BENCH_CLASSROOM_CLIENTS", "30"))
SECONDS = float(os.environ.get("BENCH_CLASSROOM_SECONDS", "10"))
REPEATS = int(os.environ.get("BENCH_CLASSROOM_REPEATS", "3"))
# A shared, busy machine measures its neighbours more than this server. BENCH_CLASSROOM_NICE=-10
# (root only) raises the priority of the server, its workers and these clients alike, which
# approximates a machine of their own; the figures say which way they were taken.
NICE = int(os.environ.get("BENCH_CLASSROOM_NICE", "0"))
WARMUP_S = 1.0


def simulate_socket(server: DaphneServer, browser: Browser):
    """A learner's /ws/simulate/ socket, as their page opens it (its own origin, its cookies)."""
    return connect(
        server.ws_url + "/ws/simulate/",
        origin=server.http_url,
        additional_headers={"Cookie": browser.cookie_header()},
        compression=None,
        max_size=16 * 2**20,
    )


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Learner:
    """One browser tab: its session, its socket, what it received and when."""

    def __init__(self, server: DaphneServer, index: int):
        self.server, self.index = server, index
        self.browser = Browser(server.http_url)
        self.frame_times: list[float] = []
        self.first_frame_s: float | None = None
        self.rtts: list[float] = []
        self.pending: dict[str, float] = {}
        self.ended = asyncio.Event()
        self.errors: list[dict] = []

    async def prepare(self, document: dict) -> None:
        self.design_id = await asyncio.to_thread(
            self.browser.save_design, f"tab {self.index}", document
        )

    async def play(self, measure_until: float) -> None:
        async with simulate_socket(self.server, self.browser) as ws:
            reader = asyncio.create_task(self._read(ws))
            self.sent_start = time.perf_counter()
            await ws.send(json.dumps({"type": "start", "design_id": self.design_id, "speed": 1}))
            n = 0
            while True:  # one control a second, all inside the measured window
                due = time.perf_counter() + 1.0 - (time.perf_counter() - self.sent_start) % 1.0
                if due + 0.5 > measure_until:
                    break
                await asyncio.sleep(due - time.perf_counter() + self.index / 1000)
                n += 1
                ident = f"{self.index}-{n}"
                self.pending[ident] = time.perf_counter()
                await ws.send(json.dumps({"type": "speed", "value": 1, "id": ident}))
            await asyncio.sleep(max(0.0, measure_until - time.perf_counter()))
            await ws.send(json.dumps({"type": "stop"}))
            try:
                await asyncio.wait_for(self.ended.wait(), 30)
            finally:
                reader.cancel()

    async def _read(self, ws) -> None:
        async for raw in ws:
            now = time.perf_counter()
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "frame":
                if self.first_frame_s is None:
                    self.first_frame_s = now - self.sent_start
                self.frame_times.append(now)
                for event in message.get("events", ()):
                    sent = (
                        self.pending.pop(event.get("id"), None)
                        if event.get("kind") == "control"
                        else None
                    )
                    if sent is not None:
                        self.rtts.append(now - sent)
            elif kind == "end":
                self.ended.set()
            elif kind == "error":
                self.errors.append(message)


async def _classroom(server: DaphneServer, document: dict) -> dict:
    learners = [Learner(server, i) for i in range(CLIENTS)]
    await asyncio.gather(*(learner.prepare(document) for learner in learners))
    begin = time.perf_counter()
    measure_from, measure_until = begin + WARMUP_S, begin + WARMUP_S + SECONDS
    memory: list[dict] = []

    cpu: dict[str, float] = {}

    async def sample_cpu() -> None:
        await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
        cpu["server0"], cpu["daphne0"], cpu["client0"], cpu["wall0"] = (
            server.cpu_seconds(),
            server.cpu_seconds(daphne_only=True),
            time.process_time(),
            time.perf_counter(),
        )
        await asyncio.sleep(max(0.0, measure_until - time.perf_counter()))
        cpu["server"] = (server.cpu_seconds() - cpu["server0"]) / (
            time.perf_counter() - cpu["wall0"]
        )
        cpu["daphne"] = (server.cpu_seconds(daphne_only=True) - cpu["daphne0"]) / (
            time.perf_counter() - cpu["wall0"]
        )
        cpu["client"] = (time.process_time() - cpu["client0"]) / (
            time.perf_counter() - cpu["wall0"]
        )
        cpu["load"] = os.getloadavg()[0]

    async def sample_memory() -> None:
        await asyncio.sleep(WARMUP_S + SECONDS / 2)
        memory.append(await asyncio.to_thread(server.memory_kib))
        memory[-1]["workers"] = len(await asyncio.to_thread(server.worker_pids))

    await asyncio.gather(
        sample_memory(), sample_cpu(), *(learner.play(measure_until) for learner in learners)
    )
    fps = [
        sum(1 for t in learner.frame_times if measure_from <= t < measure_until) / SECONDS
        for learner in learners
    ]
    rtts = [r for learner in learners for r in learner.rtts]
    firsts = [learner.first_frame_s for learner in learners if learner.first_frame_s is not None]
    errors = [e for learner in learners for e in learner.errors]
    lost = sum(len(learner.pending) for learner in learners)
    return {
        "fps_median": statistics.median(fps),
        "fps_min": min(fps),
        "rtt_p50_ms": _p(rtts, 0.50) * 1000,
        "rtt_p99_ms": _p(rtts, 0.99) * 1000,
        "rtt_max_ms": max(rtts) * 1000 if rtts else float("nan"),
        "controls": len(rtts),
        "controls_unacked": lost,
        "first_median_ms": statistics.median(firsts) * 1000 if firsts else float("nan"),
        "first_max_ms": max(firsts) * 1000 if firsts else float("nan"),
        "first_missing": CLIENTS - len(firsts),
        "pss_mb": memory[0]["pss"] / 1024 if memory else float("nan"),
        "rss_mb": memory[0]["rss"] / 1024 if memory else float("nan"),
        "processes": memory[0]["processes"] if memory else 0,
        "workers": memory[0]["workers"] if memory else 0,
        "server_cpu": cpu.get("server", float("nan")),
        "daphne_cpu": cpu.get("daphne", float("nan")),
        "client_cpu": cpu.get("client", float("nan")),
        "load": cpu.get("load", float("nan")),
        "errors": len(errors),
        "first_error": errors[0]["message"] if errors else "",
    }


def _line(r: dict) -> str:
    return (
        f"fps/client median {r['fps_median']:.2f} min {r['fps_min']:.2f} | control RTT p50 "
        f"{r['rtt_p50_ms']:.0f} ms p99 {r['rtt_p99_ms']:.0f} ms max {r['rtt_max_ms']:.0f} ms "
        f"({r['controls']} acked, {r['controls_unacked']} unacked) | first frame median "
        f"{r['first_median_ms']:.0f} ms max {r['first_max_ms']:.0f} ms | server PSS "
        f"{r['pss_mb']:.0f} MB RSS {r['rss_mb']:.0f} MB over {r['processes']} processes "
        f"({r['workers']} workers) | CPU cores used: server {r['server_cpu']:.2f} "
        f"(daphne {r['daphne_cpu']:.2f}) clients {r['client_cpu']:.2f}, "
        f"machine load {r['load']:.1f} | errors {r['errors']} {r['first_error']}"
    )


def repeated(measure, line, repeats: int, *, nice: int = 0, env: dict | None = None) -> dict:
    """`measure(server)` `repeats` times, each against a fresh daphne serving what `make run`
    serves (`playground.settings.dev` on a new SQLite file: admission, throttles and lockout as
    shipped, and a class of 30 fits them; BENCH_SETTINGS names another module; `env`: more of
    the server's environment), printing each run and the median (of every number; the first
    run's text for the rest), which it returns."""
    results = []
    for repetition in range(repeats):
        with DaphneServer(
            settings=os.environ.get("BENCH_SETTINGS", "playground.settings.dev"),
            log_path=os.environ.get("BENCH_DAPHNE_LOG"),
            nice=nice,
            env=env,
        ) as server:
            results.append(measure(server))
        print(f"   run {repetition + 1}: {line(results[-1])}", flush=True)
    median = {
        key: statistics.median(r[key] for r in results)
        if isinstance(results[0][key], (int, float))
        else results[0][key]
        for key in results[0]
    }
    print(f"   median: {line(median)}", flush=True)
    return median


def main() -> None:
    document = json.loads(REFERENCE.read_text())
    if NICE:
        os.nice(NICE)
    print(
        f"   {CLIENTS} clients x reference design at 1x, {SECONDS:g} s measured after "
        f"{WARMUP_S:g} s warm-up, {REPEATS} repetitions (fresh daphne each), niceness "
        f"{os.nice(0)}, machine load before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    median = repeated(
        lambda server: asyncio.run(_classroom(server, document)), _line, REPEATS, nice=NICE
    )
    print(
        f"   targets: fps >= 9 {'met' if median['fps_min'] >= 9 else 'MISSED'}; "
        "control p99 < 200 ms "
        f"{'met' if median['rtt_p99_ms'] < 200 else 'MISSED'}; first frame < 500 ms "
        f"{'met' if median['first_max_ms'] < 500 else 'MISSED'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
