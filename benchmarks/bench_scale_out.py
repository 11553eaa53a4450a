"""Scale-out: the classroom of shared, watched live runs on the embedded default and on two
processes with PostgreSQL and Redis, measured in the same run (issue 16).

Topologies (BENCH_SCALE_TOPOLOGIES, default "embedded,scaled"):

- embedded: one `python -m daphne` on `playground.settings.dev` (what `make run` serves: SQLite,
  the in-memory channel layer), owners and viewers on that one process;
- scaled: two daphne processes on BENCH_SCALE_SETTINGS (default `playground.settings.prod`, as
  `DaphneServer.production` starts it: throttles and lockouts on, counted in Redis) with
  one fresh PostgreSQL database (made on BENCH_SCALE_POSTGRES_URL, dropped after) and Redis
  (BENCH_SCALE_REDIS_URL, default db 13, flushed before each load): owners on A, each owner's
  viewers on B, so every viewer's frames cross processes through channels_redis.

Loads (BENCH_SCALE_LOADS, default "30,60"): that many learners each play the reference
`three-tier.json` at 1x, shared (`start` with "share": true), each run watched by
BENCH_SCALE_VIEWERS (default 2) viewers. All start at once; BENCH_SCALE_WARMUP_S (5) later the
window of BENCH_SCALE_SECONDS (30) is measured; then every owner stops. During the run every owner
sends a pause every BENCH_SCALE_CONTROL_EVERY_S (5) and the resume as soon as the pause is
acknowledged. The live limits are raised through the server's environment to fit the load
(printed). Figures, one table per topology and load:

- frames/s per owner and per viewer over the window less the spans its run was paused (the
  pause's acknowledgement to the resume's: no frame is due then) (median, p5);
- viewer lag: for every frame seq N an owner received in the window, the time until each of its
  viewers received a frame with seq >= N (p50, p99; "missed": N a viewer never caught up with);
- control round trip: pause or resume sent -> the frame whose events acknowledge its id (p99);
- first frame: start sent -> the owner's first frame (median, p99), and a viewer's join -> its
  first frame;
- errors: every socket closed other than normally, every error message, every failed save
  (HTTP 4xx/5xx); must be 0, each printed; and the server logs' lines that report an error;
- memory: RSS and PSS of each daphne and everything below it (fork server, run workers), mid
  window, in all and per run; CPU: each server tree's CPU time over the window, in cores and
  per run; the clients' own CPU and the machine's load average (the clients share its cores).

BENCH_SCALE_NICE=-10 (root only) runs the servers, their workers and the clients at that
niceness. With the kernel's autogroup scheduling on (/proc/sys/kernel/sched_autogroup_enabled,
as on this machine) niceness only ranks processes within their own session, so it does not
take CPU from other sessions' jobs: only a quiet machine gives the figures of a machine of
their own.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.scale_clients import Owner, Viewer, percentile, viewer_lags
from benchmarks.scale_report import server_log_errors, table
from playground.live.testing import PRODUCTION, DaphneServer

REFERENCE = Path(os.environ.get("BENCH_SCALE_DESIGN", Path(__file__).parent / "three-tier.json"))
TOPOLOGIES = os.environ.get("BENCH_SCALE_TOPOLOGIES", "embedded,scaled").split(",")
LOADS = [int(n) for n in os.environ.get("BENCH_SCALE_LOADS", "30,60").split(",") if n]
VIEWERS = int(os.environ.get("BENCH_SCALE_VIEWERS", "2"))
SECONDS = float(os.environ.get("BENCH_SCALE_SECONDS", "30"))
WARMUP_S = float(os.environ.get("BENCH_SCALE_WARMUP_S", "5"))
CONTROL_EVERY_S = float(os.environ.get("BENCH_SCALE_CONTROL_EVERY_S", "5"))
EMBEDDED_SETTINGS = os.environ.get("BENCH_SCALE_EMBEDDED_SETTINGS", "playground.settings.dev")
SCALED_SETTINGS = os.environ.get("BENCH_SCALE_SETTINGS", PRODUCTION)
REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")
POSTGRES_URL = os.environ.get(
    "BENCH_SCALE_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# A shared, busy machine measures its neighbours more than these servers (bench_classroom's
# BENCH_CLASSROOM_NICE): BENCH_SCALE_NICE=-10 (root only) raises the priority of the servers,
# their workers and these clients alike, which approximates a machine of their own.
NICE = int(os.environ.get("BENCH_SCALE_NICE", "0"))
SAVES_AT_ONCE = 8  # designs saved in parallel while preparing (not measured)
# Defaults of playground/settings/live.py that the seat budget is computed from.
CPU_SHARE, MEMORY_MB = 0.8, 256


def limits_env(load: int) -> dict[str, str]:
    """The live limits raised so `load` runs from one address (127.0.0.1) are all admitted."""
    cores = len(os.sched_getaffinity(0)) or 1
    return {
        "LIVE_MAX_RUNS_TOTAL": str(load),
        "LIVE_MAX_RUNS_PER_ADDRESS": str(load),
        "LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES": "0",
        "LIVE_CPU_PER_RUN": f"{min(0.04, cores * CPU_SHARE / (load + 1)):.5f}",
        "LIVE_MEMORY_BUDGET_MB": str(MEMORY_MB * (load + 1)),
    }


@contextlib.contextmanager
def postgres_database():
    """A fresh PostgreSQL database, dropped afterwards; yields its URL."""
    import psycopg

    name = f"playground_scalebench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def servers(topology: str, load: int, logs: str):
    """(owners' server, viewers' server, every server) of a topology, fresh for one load."""
    env = limits_env(load)
    if topology == "embedded":
        with DaphneServer(
            settings=EMBEDDED_SETTINGS, env=env, log_path=f"{logs}/embedded.log"
        ) as one:
            yield one, one, [one]
        return
    if topology != "scaled":
        raise ValueError(f"BENCH_SCALE_TOPOLOGIES: {topology!r} is neither embedded nor scaled")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # the shared seats and throttles start empty
    with postgres_database() as database_url:
        with (
            _scaled_server(database_url, env, f"{logs}/a.log", logs) as a,
            _scaled_server(database_url, env, f"{logs}/b.log", logs) as b,
        ):
            yield a, b, [a, b]


def _scaled_server(database_url: str, env: dict[str, str], log: str, logs: str) -> DaphneServer:
    """One process of the scaled topology: on the production settings (as deployed, static
    files collected once into `logs`) unless BENCH_SCALE_SETTINGS names others."""
    if SCALED_SETTINGS == PRODUCTION:
        return DaphneServer.production(
            database_url, REDIS_URL, env=env, log_path=log, static_root=f"{logs}/static"
        )
    env = {**env, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL}
    return DaphneServer(settings=SCALED_SETTINGS, env=env, log_path=log)


def _cpu(every: list[DaphneServer]) -> list[float]:
    return [server.cpu_seconds() for server in every]


async def _class(owners_on, viewers_on, every, load: int, document: dict) -> dict:
    owners = [Owner(owners_on, i, CONTROL_EVERY_S) for i in range(load)]
    gate = asyncio.Semaphore(SAVES_AT_ONCE)

    async def prepare(owner: Owner) -> None:
        async with gate:
            await owner.prepare(document)

    await asyncio.gather(*(prepare(owner) for owner in owners))
    idle = [await asyncio.to_thread(server.memory_kib) for server in every]
    viewers = [Viewer(viewers_on, o, i) for o in owners for i in range(VIEWERS)]
    begin = time.perf_counter()
    start, until = begin + WARMUP_S, begin + WARMUP_S + SECONDS
    closed, sampled = asyncio.Event(), {}

    async def sample() -> None:
        await asyncio.sleep(max(0.0, start - time.perf_counter()))
        cpu0, client0, wall0 = _cpu(every), time.process_time(), time.perf_counter()
        await asyncio.sleep(max(0.0, start + SECONDS / 2 - time.perf_counter()))
        sampled["memory"] = [await asyncio.to_thread(server.memory_kib) for server in every]
        sampled["workers"] = 0
        for server in every:
            sampled["workers"] += len(await asyncio.to_thread(server.worker_pids))
        await asyncio.sleep(max(0.0, until - time.perf_counter()))
        wall = time.perf_counter() - wall0
        sampled["cpu"] = [(c - c0) / wall for c, c0 in zip(_cpu(every), cpu0, strict=True)]
        sampled["client_cpu"] = (time.process_time() - client0) / wall
        sampled["load"] = os.getloadavg()[0]

    async def owners_then_close() -> None:
        await asyncio.gather(*(owner.play(until) for owner in owners))
        await asyncio.sleep(0.5)  # the viewers' end arrives through the layer
        closed.set()

    await asyncio.gather(sample(), owners_then_close(), *(v.watch(closed) for v in viewers))
    return summarise(owners, viewers, start, until, idle, sampled)


def summarise(owners, viewers, start, until, idle, sampled) -> dict:
    # while a run is paused (pause acknowledged -> resume acknowledged) no frame is due
    owner_fps = [o.fps(start, until, o.paused_spans) for o in owners]
    viewer_fps = [v.fps(start, until, v.owner.paused_spans) for v in viewers]
    lags, missed = [], 0
    for viewer in viewers:
        some, lost = viewer_lags(viewer.owner, viewer, start, until)
        lags.extend(some)
        missed += lost
    rtts = [r for o in owners for r in o.rtts]
    firsts = [o.first_frame_s for o in owners if o.first_frame_s is not None]
    viewer_firsts = [v.first_frame_s for v in viewers if v.first_frame_s is not None]
    errors = [e for c in (*owners, *viewers) for e in c.errors]
    memory = sampled.get("memory", [])
    runs = max(1, len(owners))
    return {
        "runs": len(owners),
        "viewers": len(viewers),
        "owner_fps": (statistics.median(owner_fps), percentile(owner_fps, 0.05)),
        "viewer_fps": (statistics.median(viewer_fps), percentile(viewer_fps, 0.05))
        if viewer_fps
        else (float("nan"), float("nan")),
        "lag_ms": (percentile(lags, 0.5) * 1000, percentile(lags, 0.99) * 1000),
        "lag_missed": missed,
        "lag_samples": len(lags),
        "rtt_ms": (percentile(rtts, 0.5) * 1000, percentile(rtts, 0.99) * 1000),
        "rtt_acked": len(rtts),
        "rtt_unacked": sum(len(o.pending) for o in owners),
        "first_ms": (statistics.median(firsts) * 1000, percentile(firsts, 0.99) * 1000)
        if firsts
        else (float("nan"), float("nan")),
        "first_missing": len(owners) - len(firsts),
        "viewer_first_ms": (statistics.median(viewer_firsts) * 1000, max(viewer_firsts) * 1000)
        if viewer_firsts
        else (float("nan"), float("nan")),
        "errors": errors,
        "rss_mb": [m["rss"] / 1024 for m in memory],
        "pss_mb": [m["pss"] / 1024 for m in memory],
        "idle_rss_mb": [m["rss"] / 1024 for m in idle],
        "idle_pss_mb": [m["pss"] / 1024 for m in idle],
        "per_run_rss_mb": sum(m["rss"] for m in memory) / 1024 / runs,
        "per_run_pss_mb": (sum(m["pss"] for m in memory) - sum(m["pss"] for m in idle))
        / 1024
        / runs,
        "workers": sampled.get("workers", 0),
        "cpu_cores": sampled.get("cpu", []),
        "cpu_per_run": sum(sampled.get("cpu", [])) / runs,
        "client_cpu": sampled.get("client_cpu", float("nan")),
        "load": sampled.get("load", float("nan")),
    }


def measure(topology: str, load: int, document: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="scalebench-") as logs:
        with servers(topology, load, logs) as (owners_on, viewers_on, every):
            result = asyncio.run(_class(owners_on, viewers_on, every, load, document))
        result["log_errors"] = server_log_errors(Path(logs))
    return result


def main() -> None:
    document = json.loads(REFERENCE.read_text())
    if NICE:
        os.nice(NICE)  # the servers and their workers inherit it
    print(
        f"   {REFERENCE.name} at 1x, loads {LOADS} runs each watched by {VIEWERS} viewers, "
        f"{SECONDS:g} s measured after {WARMUP_S:g} s, a pause/resume every "
        f"{CONTROL_EVERY_S:g} s; embedded on {EMBEDDED_SETTINGS}, scaled on {SCALED_SETTINGS} "
        f"(PostgreSQL, {REDIS_URL}); niceness {os.nice(0)}; "
        f"machine load before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for topology in TOPOLOGIES:
        for load in LOADS:
            print(f"   -- {topology}, {load} runs: live limits {limits_env(load)}", flush=True)
            result = measure(topology, load, document)
            print(table(topology, result), flush=True)


if __name__ == "__main__":
    main()
