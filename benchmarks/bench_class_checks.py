"""Checks a whole class shares: 30 learners press "Check my design" at once beside 10 live runs.

A real `python -m daphne` on 127.0.0.1 per repetition (`bench_classroom.repeated`: what
`make run` serves, a new SQLite file), with the library scenarios loaded. Thirty learners, each
their own browser session, save the starting design of SCENARIO as its page's Start does (a
scenario design, so the check grades the scenario's goals): 15 unchanged, so all 15 share one
cache key, and 15 variants, each the app server's service time nudged by a hundredth of a
millisecond more (a different cache key each, the same cost and verdict as the start). Ten other
learners play the reference design (`three-tier.json`) at 1x. Once the live runs have played for
WARMUP_S, all 30 checks are sent at once, and the live runs play on until the last verdict.

Printed per repetition and as the median of BENCH_CLASS_CHECKS_REPEATS (default 3):
- the time from the checks being sent to the last verdict (the issue's target: within 90 s);
- each learner's wait for their verdict (median, max), and how many waited in line
  (`check_queued`) and how many were answered at once from seeds kept by an earlier check;
- the live runs' frame interval p50 / p99 and frames per second (median learner and slowest),
  over the same window (target: still 10 frames/s);
- errors: every error message on any socket and every 5xx answer to a save (first one shown).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import AsyncExitStack

from benchmarks.bench_classroom import REFERENCE, Learner, _p, repeated, simulate_socket
from playground.live.testing import ROOT, Browser, DaphneServer

SCENARIO = os.environ.get("BENCH_CLASS_CHECKS_SCENARIO", "scale-up-or-out")
CHECKERS = int(os.environ.get("BENCH_CLASS_CHECKS_LEARNERS", "30"))
LIVE = int(os.environ.get("BENCH_CLASS_CHECKS_LIVE", "10"))
REPEATS = int(os.environ.get("BENCH_CLASS_CHECKS_REPEATS", "3"))
WARMUP_S = 2.0
LIMIT_S = 600.0  # a repetition gives up on verdicts not in by then (they count as errors)
TARGET_S = 90.0


class LivePlayer(Learner):
    """A learner playing the reference design at 1x until told to stop (`bench_classroom`'s
    learner: its frames and errors are read the same way)."""

    async def play_until(self, done: asyncio.Event) -> None:
        async with simulate_socket(self.server, self.browser) as ws:
            reader = asyncio.create_task(self._read(ws))
            self.sent_start = time.perf_counter()
            await ws.send(json.dumps({"type": "start", "design_id": self.design_id, "speed": 1}))
            await done.wait()
            await ws.send(json.dumps({"type": "stop"}))
            try:
                await asyncio.wait_for(self.ended.wait(), 30)
            finally:
                reader.cancel()


class Checker:
    """A learner who saves a scenario design and presses Check my design."""

    def __init__(self, server: DaphneServer, index: int):
        self.server, self.index = server, index
        self.browser = Browser(server.http_url)
        self.errors: list[str] = []
        self.server_errors = 0
        self.queued = False
        self.workers: int | None = None
        self.sent = self.ended = 0.0

    async def prepare(self, document: dict) -> None:
        body = {"name": f"learner {self.index}", "document": document, "scenario": SCENARIO}
        request = self.browser.request
        status, answer = await asyncio.to_thread(request, "POST", "/api/designs/", body)
        if status >= 500:
            self.server_errors += 1
        if status != 201:
            raise RuntimeError(f"saving a design: {status} {answer}")
        self.design_id = answer["id"]

    async def check(self, ws, go: asyncio.Event) -> None:
        await go.wait()
        self.sent = time.perf_counter()
        await ws.send(json.dumps({"type": "check", "design_id": self.design_id}))
        async for raw in ws:
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "check_queued":
                self.queued = True
            elif kind == "check_started":
                self.workers = message["workers"]
            elif kind == "error":
                self.errors.append(f"{message.get('code')}: {message.get('message')}")
                if message.get("final") or self.workers is None:
                    break
            elif kind == "check_end":
                self.ended = time.perf_counter()
                break


def _documents() -> list[dict]:
    scenario = json.loads((ROOT / "playground" / "scenarios" / f"{SCENARIO}.json").read_text())
    start = scenario["document"]
    app = next(i for i, n in enumerate(start["nodes"]) if n["kind"] != "client")
    documents = []
    for i in range(CHECKERS):
        document = copy.deepcopy(start)
        if i % 2:  # a variant of its own: another cache key, the same cost and verdict
            props = document["nodes"][app]["props"]
            props["service_ms"] = round(props["service_ms"] + 0.01 * (i // 2 + 1), 2)
        documents.append(document)
    return documents


async def _class(server: DaphneServer) -> dict:
    await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "manage.py", "load_scenarios"],
        cwd=ROOT,
        env=server._env(),  # the server's own database
        check=True,
        stdout=subprocess.DEVNULL,
    )
    players = [LivePlayer(server, i) for i in range(LIVE)]
    checkers = [Checker(server, i) for i in range(CHECKERS)]
    reference = json.loads(REFERENCE.read_text())
    await asyncio.gather(
        *(p.prepare(reference) for p in players),
        *(c.prepare(d) for c, d in zip(checkers, _documents(), strict=True)),
    )
    go, done = asyncio.Event(), asyncio.Event()
    async with AsyncExitStack() as stack:
        sockets = [
            await stack.enter_async_context(simulate_socket(server, c.browser)) for c in checkers
        ]
        playing = [asyncio.create_task(p.play_until(done)) for p in players]
        pairs = zip(checkers, sockets, strict=True)
        checking = [asyncio.create_task(c.check(ws, go)) for c, ws in pairs]
        await asyncio.sleep(WARMUP_S)
        go.set()
        begin = time.perf_counter()
        finished, _ = await asyncio.wait(checking, timeout=LIMIT_S)
        last = time.perf_counter()
        done.set()
        for task in checking:
            task.cancel()
        await asyncio.gather(*playing, return_exceptions=True)
    window = last - begin
    waits = [c.ended - c.sent for c in checkers if c.ended]
    gaps, fps = [], []
    for p in players:
        times = [t for t in p.frame_times if begin <= t <= last]
        gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
        fps.append(len(times) / window if window > 0 else float("nan"))
    errors = [e for c in checkers for e in c.errors] + [
        f"{e.get('code')}: {e.get('message')}" for p in players for e in p.errors
    ]
    missing = sum(1 for c in checkers if not c.ended)
    return {
        "last_verdict_s": window,
        "wait_median_s": statistics.median(waits) if waits else float("nan"),
        "wait_max_s": max(waits) if waits else float("nan"),
        "queued": sum(c.queued for c in checkers),
        "from_cache": sum(c.workers == 0 for c in checkers),
        "verdicts": len(waits),
        "gap_p50_ms": _p(gaps, 0.50) * 1000,
        "gap_p99_ms": _p(gaps, 0.99) * 1000,
        "gap_max_ms": max(gaps) * 1000 if gaps else float("nan"),
        "fps_median": statistics.median(fps) if fps else float("nan"),
        "fps_min": min(fps) if fps else float("nan"),
        "errors": len(errors) + missing,
        "server_5xx": sum(c.server_errors for c in checkers),
        "first_error": errors[0] if errors else ("a verdict never came" if missing else ""),
        "load": os.getloadavg()[0],
    }


def _line(r: dict) -> str:
    return (
        f"last verdict {r['last_verdict_s']:.1f} s | wait median {r['wait_median_s']:.1f} s "
        f"max {r['wait_max_s']:.1f} s ({r['verdicts']:.0f} verdicts, {r['queued']:.0f} waited "
        f"in line, {r['from_cache']:.0f} answered from kept seeds) | live frame interval p50 "
        f"{r['gap_p50_ms']:.0f} ms p99 {r['gap_p99_ms']:.0f} ms max {r['gap_max_ms']:.0f} ms, "
        f"frames/s median {r['fps_median']:.2f} min {r['fps_min']:.2f} | errors "
        f"{r['errors']:.0f}, 5xx {r['server_5xx']:.0f} {r['first_error']} | load "
        f"{r['load']:.1f}"
    )


def main() -> None:
    print(
        f"   {CHECKERS} learners check {SCENARIO}'s start at once (half the same design, half "
        f"a variant each) beside {LIVE} live runs of the reference at 1x; {REPEATS} "
        f"repetitions (fresh daphne each); machine load before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    median = repeated(lambda server: asyncio.run(_class(server)), _line, REPEATS)
    print(
        f"   targets: last verdict within {TARGET_S:g} s "
        f"{'met' if median['last_verdict_s'] <= TARGET_S else 'MISSED'}; live runs at 10 "
        f"frames/s {'met' if median['fps_min'] >= 9.5 else 'MISSED'} (slowest "
        f"{median['fps_min']:.2f}); errors {'none' if not median['errors'] else 'SOME'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
