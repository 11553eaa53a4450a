"""The check worker: one "Check my design", alone in its own process group.

The server starts `main` in a child of the fork server (as it does a live run's worker,
`worker`), with the design's document and how many seeds and worker processes it may use. The
child runs `simengine.verify.verify` (the code of `python -m simengine verify`) and writes what
it learns back down its pipe: each seed finished, each check point's verdicts, and the result.

The child leads its own process group (`os.setpgrp`), and the seeds' processes it forks join it,
so the server ends the whole check with one signal to the group (`checks.CheckProcess.kill`):
a learner who closes the tab leaves nothing running. Each process of the group is held to the
live runs' address-space cap (RLIMIT_AS, inherited by the seeds' processes); the server holds the
wall clock. A pipe that closes (the server went) ends the check at the next seed.

The child also lowers its own priority by config["nice"] (LIVE_CHECK_NICE, inherited by the
seeds' processes): a check is batch work that keeps a core busy for seconds to minutes, while a
live run at 1x needs a few milliseconds of CPU every frame interval (0.1 s) and shows every
delay as a stutter. Niced, the check takes only the CPU the live runs and daphne leave (the
kernel's scheduler gives a waking task of niceness 0 the core at once over one of 19), so the
server may run checks on every core without a live run losing its frame rate, and a check is
never refused for a core a live run might want: it waits in line for a check core instead.

Seeds the server already knows (an earlier check of the same design on the same engine,
`checks`) come in the config as "known" (`simengine.verify_cache.result_to_json` rows) and are
not run again; each seed this check does run goes back up the pipe for the server to keep.

Django-free, like `worker`. The pipe carries (tags in `protocol`): TAG_PROGRESS with
{"done", "planned"} or {"done", "planned", "goals"} (a check point's rows), TAG_SEED with a
seed's result (before the progress that counts it), then TAG_END with {"result"} or TAG_ERROR
with {"code", "message"}.
"""

from __future__ import annotations

import os
from multiprocessing import get_context
from typing import Any

from playground.live.protocol import TAG_END, TAG_ERROR, TAG_PROGRESS, TAG_SEED, encode
from playground.live.worker import MEMORY_LIMIT, out_of_memory, set_limits
from simengine.design import DesignError
from simengine.verify import SeedResult, verify
from simengine.verify_cache import known_from_json, result_to_json


class Gone(Exception):
    """The server's end of the pipe closed: nobody is waiting for this check any more."""


def main(conn, config: dict[str, Any]) -> None:
    """Process entry point: run the check, report how it went, exit."""
    try:
        os.setpgrp()  # the seeds' processes join this group; the server kills it whole
        if config.get("nice"):
            os.nice(int(config["nice"]))  # below the live runs (see above); the seeds inherit it
        set_limits(config.get("memory_mb"), None)
        result = run(conn, config)
        _send(conn, encode(TAG_END, {"result": result}))
    except (Gone, KeyboardInterrupt):
        pass
    except BaseException as exc:
        _report_failure(conn, exc, config.get("memory_mb"))
    finally:
        try:
            conn.close()
        except OSError:
            pass


def run(conn, config: dict[str, Any]) -> dict[str, Any]:
    """verify() on the document, each piece of progress sent as it comes."""
    planned = {"n": 0}

    def on_progress(done: int, planned_so_far: int) -> None:
        planned["n"] = planned_so_far
        _send(conn, encode(TAG_PROGRESS, {"done": done, "planned": planned_so_far}))

    def on_look(done: int, goals: list[dict[str, Any]]) -> None:
        message = {"done": done, "planned": planned["n"] or done, "goals": goals}
        _send(conn, encode(TAG_PROGRESS, message))

    def on_seed(result: SeedResult) -> None:
        if result.stopped is None:  # a run limit may be memory, which is not the design's
            _send(conn, encode(TAG_SEED, result_to_json(result)))

    document = config["document"]
    goals = len(document.get("goals") or []) if isinstance(document, dict) else 0
    workers = max(1, int(config.get("workers") or 1))
    return verify(
        document,
        int(config["seeds"]),
        workers=workers,
        on_progress=on_progress,
        on_look=on_look,
        known=known_from_json(config.get("known"), goals),
        on_seed=on_seed,
        # fork: this process is small and holds nothing but its pipe, and its children
        # must stay in its process group
        context=get_context("fork"),
    )


def _send(conn, data: bytes) -> None:
    try:
        conn.send_bytes(data)
    except (OSError, EOFError, ValueError) as exc:
        raise Gone() from exc


def _report_failure(conn, exc: BaseException, memory_mb: int | None) -> None:
    if isinstance(exc, DesignError):
        message = {"code": "invalid_design", "message": f"The design has problems: {exc}"}
    elif out_of_memory(exc, memory_mb):
        try:
            conn.send_bytes(MEMORY_LIMIT)
        except (OSError, EOFError, ValueError):
            pass
        return
    else:
        message = {"code": "crashed", "message": f"The check crashed: {type(exc).__name__}: {exc}"}
    try:
        conn.send_bytes(encode(TAG_ERROR, {"type": "error", **message}))
    except (OSError, EOFError, ValueError):
        pass
