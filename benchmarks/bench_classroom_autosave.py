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
  every learner writes only their own design) or failed otherwise,
- the CPU the daphne process itself used (near one core: its event loop, which forwards every
  frame, is competing for the interpreter with the request threads).

Repeated BENCH_AUTOSAVE_REPEATS times (default 3) with a fresh server each; the summary is the
median. Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from benchmarks.bench_classroom import REFERENCE, _p, repeated, simulate_socket
from playground.live.testing import ROOT, Browser, DaphneServer

CLIENTS = int(os.environ.get("BENCH_AUTOSAVE_CLIENTS", "30"))
SECONDS = float(os.environ.get("BENCH_AUTOSAVE_SECONDS", "60"))
REPEATS = int(os.environ.get("BENCH_AUTOSAVE_REPEATS", "3"))
SAVE_EVERY_S = 2.0
WARMUP_S = 1.0


def _request(
    base_url: str, cookie: str, csrf: str, method: str, path: str, body
) -> tuple[int, dict]:
    """One request as the page makes it. An error page that is not JSON (Django's 500) is a
    status to count, and a refused or reset connection is 599."""
    request = urllib.request.Request(
        base_url + path, method=method, data=None if body is None else json.dumps(body).encode()
    )
    for name, value in (
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
        ("X-CSRFToken", csrf),
        ("Cookie", cookie),
    ):
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"null")
        except ValueError:
            return error.code, {"detail": text[:200].decode(errors="replace")}
    except (urllib.error.URLError, OSError) as exc:
        return 599, {"detail": str(exc)}


def _autosave(tab: dict, until_wall: float, clients: int) -> list[tuple[float, int]]:
    """One tab's autosave: PUT every SAVE_EVERY_S until `until_wall` (time.time()); returns
    (latency s, status) per save. Each save is a new version, as an edit would make."""
    saves, version, document = [], tab["version"], tab["document"]
    time.sleep(tab["index"] * SAVE_EVERY_S / clients)  # tabs are not in lockstep
    n = 0
    while time.time() < until_wall:
        n += 1
        document["name"] = f"tab {tab['index']} edit {n}"
        sent = time.perf_counter()
        status, body = _request(
            tab["base_url"],
            tab["cookie"],
            tab["csrf"],
            "PUT",
            f"/api/designs/{tab['design_id']}/",
            {"name": document["name"], "document": document, "version": version},
        )
        saves.append((time.perf_counter() - sent, status))
        if status == 200:
            version = body["version"]
        time.sleep(max(0.0, sent + SAVE_EVERY_S - time.perf_counter()))
    return saves


def tabs_main() -> None:
    """`python -m benchmarks.bench_classroom_autosave --tabs`: the autosaving tabs, in a process
    of their own (as the class's browsers are), so their HTTP threads do not compete with the
    websocket readers for this interpreter. Reads the tabs as JSON on stdin, prints the saves."""
    job = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=len(job["tabs"])) as pool:
        results = list(
            pool.map(lambda tab: _autosave(tab, job["until"], len(job["tabs"])), job["tabs"])
        )
    json.dump(results, sys.stdout)


class Learner:
    """One tab's live run at 1x on its socket (its autosave runs in the tabs process)."""

    def __init__(self, server: DaphneServer, index: int):
        self.server, self.index = server, index
        self.browser = Browser(server.http_url)
        self.frame_times: list[float] = []
        self.errors: list[dict] = []
        self.ended = asyncio.Event()
        self.first_frame_s: float | None = None

    def prepare(self, document: dict) -> dict:
        """Save the design (which starts the session): what the tabs need to autosave it."""
        self.design_id = self.browser.save_design(f"tab {self.index}", document)
        return {
            "index": self.index,
            "base_url": self.server.http_url,
            "design_id": self.design_id,
            "version": 1,
            "document": dict(document),
            "cookie": self.browser.cookie_header(),
            "csrf": self.browser.cookie("csrftoken") or "",
        }

    async def play(self, until: float) -> None:
        async with simulate_socket(self.server, self.browser) as ws:
            reader = asyncio.create_task(self._read(ws))
            self.sent_start = time.perf_counter()
            await ws.send(json.dumps({"type": "start", "design_id": self.design_id, "speed": 1}))
            await asyncio.sleep(max(0.0, until - time.perf_counter()))
            await ws.send(json.dumps({"type": "stop"}))
            try:
                await asyncio.wait_for(self.ended.wait(), 30)
            except TimeoutError:
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
    learners = [Learner(server, i) for i in range(CLIENTS)]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        tabs = list(pool.map(lambda learner: learner.prepare(document), learners))
    begin = time.perf_counter()
    measure_from, until = begin + WARMUP_S, begin + WARMUP_S + SECONDS
    job = json.dumps({"tabs": tabs, "until": time.time() + WARMUP_S + SECONDS}).encode()
    autosaver = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.bench_classroom_autosave",
        "--tabs",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    daphne0 = server.cpu_seconds(daphne_only=True)
    (out, _), *_ = await asyncio.gather(
        autosaver.communicate(job), *(learner.play(until) for learner in learners)
    )
    daphne_cpu = (server.cpu_seconds(daphne_only=True) - daphne0) / (time.perf_counter() - begin)
    saves = [save for tab in json.loads(out or b"[]") for save in tab]
    fps = [
        sum(1 for t in learner.frame_times if measure_from <= t < until) / SECONDS
        for learner in learners
    ]
    latencies = [latency for latency, status in saves if status == 200]
    errors = [e for learner in learners for e in learner.errors]
    firsts = [learner.first_frame_s for learner in learners if learner.first_frame_s is not None]
    return {
        "fps_median": statistics.median(fps),
        "fps_min": min(fps),
        "first_median_ms": statistics.median(firsts) * 1000 if firsts else float("nan"),
        "first_max_ms": max(firsts) * 1000 if firsts else float("nan"),
        "first_missing": CLIENTS - len(firsts),
        "saves": len(saves),
        "saves_ok": len(latencies),
        "save_p50_ms": _p(latencies, 0.50) * 1000,
        "save_p99_ms": _p(latencies, 0.99) * 1000,
        "save_max_ms": max(latencies) * 1000 if latencies else float("nan"),
        "status_5xx": sum(1 for _, status in saves if status >= 500),
        "status_409": sum(1 for _, status in saves if status == 409),
        "status_other": sum(1 for _, status in saves if status not in (200, 409) and status < 500),
        "daphne_cpu": daphne_cpu,
        "errors": len(errors),
        "first_error": errors[0].get("message", "") if errors else "",
    }


def _line(r: dict) -> str:
    return (
        f"fps/learner median {r['fps_median']:.2f} min {r['fps_min']:.2f} | first frame median "
        f"{r['first_median_ms']:.0f} ms max {r['first_max_ms']:.0f} ms "
        f"({r['first_missing']:.0f} never) "
        f"| saves {r['saves']:.0f} "
        f"({r['saves_ok']:.0f} ok) p50 {r['save_p50_ms']:.0f} ms p99 {r['save_p99_ms']:.0f} ms "
        f"max {r['save_max_ms']:.0f} ms | 5xx {r['status_5xx']:.0f}, 409 {r['status_409']:.0f}, "
        f"other {r['status_other']:.0f} | daphne process {r['daphne_cpu']:.2f} cores "
        "| socket errors "
        f"{r['errors']:.0f} {r['first_error']}"
    )


def main() -> None:
    document = json.loads(REFERENCE.read_text())
    print(
        f"   {CLIENTS} learners x reference design at 1x, autosaving every {SAVE_EVERY_S:g} s, "
        f"{SECONDS:g} s measured, {REPEATS} repetitions (fresh daphne each, SQLite), machine "
        f"load before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    median = repeated(lambda server: asyncio.run(_classroom(server, document)), _line, REPEATS)
    print(
        f"   targets: no 5xx {'met' if median['status_5xx'] == 0 else 'MISSED'}; fps >= 9 "
        f"{'met' if median['fps_min'] >= 9 else 'MISSED'}",
        flush=True,
    )


if __name__ == "__main__":
    tabs_main() if "--tabs" in sys.argv else main()
