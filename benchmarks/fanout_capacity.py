"""Watch-along capacity of one daphne process (issue 16): at how many watched runs do errors
start? A script (`run`, not `main`: not part of `make bench`; it needs Redis and, for the "before",
another tree):

    PYTHONPATH=. .venv/bin/python -m benchmarks.fanout_capacity [--tree DIR] [--runs 10,20,40]
        [--engine idle|real] [--frame-interval 0.1] [--redis redis://127.0.0.1:6379/11]

`--tree` runs daphne from another checkout (`git archive <commit> | tar -x -C DIR`, then copy
tests/live/fanout_settings.py into it for `--engine idle`). For each size, `runs` owners start a
shared run at 1x at once (4 at a time), 1 or 2 viewers each (tests/live/fanout_load.py), and
the figures are what the sockets saw and what daphne's log says: MaxConnectionsError, "Too many
connections", tracebacks, owners closed (1011), viewers never greeted, without frames or end.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from playground.live import testing
from tests.live.fanout_load import load_env, watch_load

ENGINES = {"idle": "tests.live.fanout_settings", "real": "playground.settings.test"}


def _one(tree: Path, runs: int, *, engine: str, frame_interval_s: float, redis_url: str):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    testing.ROOT = tree  # daphne's working directory: its code
    log_path = tempfile.mktemp(prefix="fanout-capacity-", suffix=".log")
    env = load_env(redis_url, runs, frame_interval_s)
    t0 = time.monotonic()
    with testing.DaphneServer(settings=ENGINES[engine], env=env, log_path=log_path) as server:
        try:
            seen = asyncio.run(watch_load(server, log_path, runs=runs, duration=15, timeout=45))
        except Exception as exc:  # a socket that could not even open: the server gave up
            return {"runs": runs, "crashed": f"{type(exc).__name__}: {exc}"}
    viewers = len(seen["viewers"])
    return {
        "runs": runs,
        "wall_s": round(time.monotonic() - t0, 1),
        "failures": seen["failures"],
        "owners_closed": len(seen["owners_closed"]),
        "owners_without_end": runs - seen["owners_ended"],
        "viewers_not_greeted": viewers - seen["viewers_greeted"],
        "viewers_without_frames": viewers - seen["viewers_with_frames"],
        "viewers_without_end": viewers - seen["viewers_ended"],
        "burst_lines": Path(log_path).read_text(errors="replace").count("failed in the last"),
    }


def _broken(row: dict) -> bool:
    return bool(
        row.get("crashed")
        or row["failures"]
        or row["owners_closed"]
        or row["owners_without_end"]
        or row["viewers_without_end"]
    )


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=testing.ROOT)
    parser.add_argument("--runs", default="10,20,30,40,50")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="idle")
    parser.add_argument("--frame-interval", type=float, default=0.1)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    args = parser.parse_args(argv)
    first_broken = None
    for runs in (int(n) for n in args.runs.split(",")):
        row = _one(
            args.tree,
            runs,
            engine=args.engine,
            frame_interval_s=args.frame_interval,
            redis_url=args.redis,
        )
        print(row, flush=True)
        if first_broken is None and _broken(row):
            first_broken = runs
    print(f"   tree {args.tree}: errors start at {first_broken or 'none of these'} watched runs")


if __name__ == "__main__":
    run()
