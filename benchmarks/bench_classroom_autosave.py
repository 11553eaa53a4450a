"""A classroom with autosave: N learners each running the reference design at 1x while their
page autosaves it every two seconds, the way the page does (PUT /api/designs/<id>/ with name,
document and the `version` last read; each save is a new version).

A real `python -m daphne` on 127.0.0.1 with its embedded default (SQLite, in-memory channel
layer, one process), N websocket clients and N HTTP sessions in this process. Measured over
BENCH_AUTOSAVE_SECONDS (default 60) after a second of warm-up:

- frames received per learner per second (the stream must not suffer from the saves), and the
  time from `start` to the first frame (a start reads the design and the session from the
  database, so it waits behind a locked database too),
- save latency p50/p99 (request sent to response read),
- how many saves answered 5xx (must be 0: "database is locked" shows up here), 409 (must be 0:
  every learner writes only their own design) or failed otherwise.

Repeated BENCH_AUTOSAVE_REPEATS times (default 3) with a fresh server each; the summary is the
median. Prints figures; asserts nothing.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from websockets.asyncio.client import connect

from benchmarks.bench_classroom import REFERENCE, _p
from playground.live.testing import Browser, DaphneServer

CLIENTS = int(os.environ.get("BENCH_AUTOSAVE_CLIENTS", "30"))
SECONDS = float(os.environ.get("BENCH_AUTOSAVE_SECONDS", "60"))
REPEATS = int(os.environ.get("BENCH_AUTOSAVE_REPEATS", "3"))
SAVE_EVERY_S = 2.0
WARMUP_S = 1.0


class Learner:
    """One tab: a live run at 1x on its socket, and an autosave every SAVE_EVERY_S."""

    def __init__(self, server: DaphneServer, index: int, pool: ThreadPoolExecutor):
        self.server, self.index, self.pool = server, index, pool
        self.browser = Browser(server.http_url)
        self.frame_times: list[float] = []
        self.saves: list[tuple[float, float, int]] = []  # (sent at, latency s, status)
        self.errors: list[dict] = []
        self.ended = asyncio.Event()
        self.first_frame_s: float | None = None

    async def prepare(self, document: dict) -> None:
        self.document = dict(document)
        status, body = await self._call("POST", "/api/designs/", {"name": f"tab {self.index}",
                                                                   "document": self.document})
        if status != 201:
            raise RuntimeError(f"saving a design: {status} {body}")
        self.design_id, self.version = body["id"], body["version"]

    async def _call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        return await asyncio.get_running_loop().run_in_executor(self.pool, self._request, method, path, body)

    def _request(self, method: str, path: str, body) -> tuple[int, dict]:
        """Like `Browser.request`, but an error page that is not JSON (Django's 500) is a
        status to count, and a refused or reset connection is 599."""
        if method != "GET" and self.browser.cookie("csrftoken") is None:
            self._request("GET", "/api/csrf/", None)
        request = urllib.request.Request(self.browser.base_url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Accept", "application/json")
        request.add_header("Content-Type", "application/json")
        request.add_header("X-CSRFToken", self.browser.cookie("csrftoken") or "")
        try:
            with self.browser.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text or b"null")
            except ValueError:
                return error.code, {"detail": text[:200].decode(errors="replace")}
        except (urllib.error.URLError, OSError) as exc:
            return 599, {"detail": str(exc)}

    async def autosave(self, until: float) -> None:
        n = 0
        await asyncio.sleep(self.index * SAVE_EVERY_S / CLIENTS)  # tabs are not in lockstep
        while time.perf_counter() < until:
            n += 1
            self.document["name"] = f"tab {self.index} edit {n}"
            sent = time.perf_counter()
            status, body = await self._call("PUT", f"/api/designs/{self.design_id}/", {
                "name": self.document["name"], "document": self.document, "version": self.version})
            self.saves.append((sent, time.perf_counter() - sent, status))
            if status == 200:
                self.version = body["version"]
            await asyncio.sleep(max(0.0, sent + SAVE_EVERY_S - time.perf_counter()))

    async def play(self, until: float) -> None:
        async with connect(self.server.ws_url + "/ws/simulate/", origin=self.server.http_url,
                           additional_headers={"Cookie": self.browser.cookie_header()},
                           compression=None, max_size=16 * 2**20) as ws:
            reader = asyncio.create_task(self._read(ws))
            self.sent_start = time.perf_counter()
            await ws.send(json.dumps({"type": "start", "design_id": self.design_id, "speed": 1}))
            await self.autosave(until)
            await ws.send(json.dumps({"type": "stop"}))
            try:
                await asyncio.wait_for(self.ended.wait(), 30)
            except asyncio.TimeoutError:
                self.errors.append({"message": "no end within 30 s of stop"})
            finally:
                reader.cancel()

    async def _read(self, ws) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message.get("type") == "frame":
                self.frame_times.append(time.perf_counter())
                if self.first_frame_s is None:
                    self.first_frame_s = self.frame_times[-1] - self.sent_start
            elif message.get("type") == "end":
                self.ended.set()
            elif message.get("type") == "error":
                self.errors.append(message)
                if message.get("final"):
                    self.ended.set()


async def _classroom(server: DaphneServer, document: dict) -> dict:
    with ThreadPoolExecutor(max_workers=CLIENTS, thread_name_prefix="tab") as pool:
        learners = [Learner(server, i, pool) for i in range(CLIENTS)]
        await asyncio.gather(*(learner.prepare(document) for learner in learners))
        begin = time.perf_counter()
        measure_from, until = begin + WARMUP_S, begin + WARMUP_S + SECONDS
        await asyncio.gather(*(learner.play(until) for learner in learners))
    fps = [sum(1 for t in learner.frame_times if measure_from <= t < until) / SECONDS for learner in learners]
    saves = [s for learner in learners for s in learner.saves]
    latencies = [latency for _, latency, status in saves if status == 200]
    errors = [e for learner in learners for e in learner.errors]
    firsts = [learner.first_frame_s for learner in learners if learner.first_frame_s is not None]
    return {
        "fps_median": statistics.median(fps), "fps_min": min(fps),
        "first_median_ms": statistics.median(firsts) * 1000 if firsts else float("nan"),
        "first_max_ms": max(firsts) * 1000 if firsts else float("nan"),
        "first_missing": CLIENTS - len(firsts),
        "saves": len(saves), "saves_ok": len(latencies),
        "save_p50_ms": _p(latencies, 0.50) * 1000, "save_p99_ms": _p(latencies, 0.99) * 1000,
        "save_max_ms": max(latencies) * 1000 if latencies else float("nan"),
        "status_5xx": sum(1 for *_, status in saves if status >= 500),
        "status_409": sum(1 for *_, status in saves if status == 409),
        "status_other": sum(1 for *_, status in saves if status not in (200, 409) and status < 500),
        "errors": len(errors), "first_error": errors[0].get("message", "") if errors else "",
    }


def _line(r: dict) -> str:
    return (f"fps/learner median {r['fps_median']:.2f} min {r['fps_min']:.2f} | first frame median "
            f"{r['first_median_ms']:.0f} ms max {r['first_max_ms']:.0f} ms ({r['first_missing']:.0f} never) "
            f"| saves {r['saves']:.0f} "
            f"({r['saves_ok']:.0f} ok) p50 {r['save_p50_ms']:.0f} ms p99 {r['save_p99_ms']:.0f} ms "
            f"max {r['save_max_ms']:.0f} ms | 5xx {r['status_5xx']:.0f}, 409 {r['status_409']:.0f}, "
            f"other {r['status_other']:.0f} | socket errors {r['errors']:.0f} {r['first_error']}")


def main() -> None:
    document = json.loads(REFERENCE.read_text())
    print(f"   {CLIENTS} learners x reference design at 1x, autosaving every {SAVE_EVERY_S:g} s, "
          f"{SECONDS:g} s measured, {REPEATS} repetitions (fresh daphne each, SQLite), machine "
          f"load before {os.getloadavg()[0]:.1f}", flush=True)
    results = []
    for repetition in range(REPEATS):
        env = {"LIVE_MAX_RUNS_TOTAL": str(max(64, CLIENTS)),
               "LIVE_MAX_RUNS_PER_ADDRESS": str(max(40, CLIENTS))}
        with DaphneServer(env=env, log_path=os.environ.get("BENCH_DAPHNE_LOG")) as server:
            result = asyncio.run(_classroom(server, document))
        results.append(result)
        print(f"   run {repetition + 1}: {_line(result)}", flush=True)
    median = {key: statistics.median(r[key] for r in results) if isinstance(results[0][key], (int, float))
              else results[0][key] for key in results[0]}
    print(f"   median: {_line(median)}", flush=True)
    print(f"   targets: no 5xx {'met' if median['status_5xx'] == 0 else 'MISSED'}; fps >= 9 "
          f"{'met' if median['fps_min'] >= 9 else 'MISSED'}", flush=True)


if __name__ == "__main__":
    main()
