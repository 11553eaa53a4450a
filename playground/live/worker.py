"""The worker: one live run, alone in its own process.

The server starts `main` in a child of the fork server (FIELD-NOTES.md: a `forkserver` process
per run), hands it one end of a pipe and forgets about the simulation: the child plays the run
(`playback.LiveRun`) and writes finished frames back.

The design arrives already parsed: the server parsed and validated the document once (the
playground's selectors, with simengine's parser) and the `Design` (frozen dataclasses) comes over
in the process's arguments, pickled by the server's `runner`. The worker never parses or
validates it again.

This module imports nothing from Django (the fork server preloads it, and every worker would
otherwise carry Django's weight). The pipe carries (tags in `protocol`):

- parent -> child: JSON control messages (`pause`, `resume`, `speed`, `inject`, `set`, `stop`),
  each with an optional client `id` echoed in its acknowledgement;
- child -> parent: one tag byte and a JSON text: a frame, the end (with the report), or an
  error. Frames are encoded once here and forwarded as they are.

The worker exits when the run ends, when asked to stop, or as soon as its pipe closes (its parent
is the fork server, so the parent's death is seen only as the pipe's end of file). It is held to
an address-space cap (RLIMIT_AS) and a CPU-time budget (it ends itself with its report, reason
`cpu_limit`; RLIMIT_CPU is the backstop). A failure is reported as `memory_limit` whenever the cap
caused it, however the MemoryError surfaced, otherwise as `crashed` with the error.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import signal
from collections.abc import Callable
from typing import Any

from playground.live.playback import LiveRun
from playground.live.protocol import TAG_ERROR, encode

REPORT_HEADROOM_MB = 16  # above the cap, lifted only to say the run ran out of memory

# Built before any run starts: when memory has run out, saying so must not need any.
MEMORY_LIMIT = (
    TAG_ERROR
    + json.dumps(
        {
            "type": "error",
            "code": "memory_limit",
            "message": "The run used more memory than a live run may have, so it was stopped. "
            "Make the design smaller (fewer requests in flight, shorter queues) and run again.",
        },
        separators=(",", ":"),
    ).encode()
)


def load(dotted: str) -> Callable[..., Any]:
    """`package.module:attribute` from the server's settings (never from user input)."""
    module_name, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


class CpuLimit(Exception):
    """RLIMIT_CPU's soft limit (SIGXCPU): the run used far more CPU time than it may."""


def set_limits(memory_mb: int | None, cpu_s: float | None) -> None:
    """Cap the address space (a runaway design gets MemoryError instead of the machine's RAM; the
    hard limit sits REPORT_HEADROOM_MB above, room to report it) and the CPU time (RLIMIT_CPU, a
    backstop ten seconds after the run's own check: SIGXCPU, then SIGKILL)."""
    if memory_mb:
        limit = int(memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit + REPORT_HEADROOM_MB * 2**20))
    if cpu_s:
        soft = int(cpu_s) + 10
        signal.signal(signal.SIGXCPU, _on_sigxcpu)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))


def _on_sigxcpu(signum, frame):
    raise CpuLimit()


def _lift_memory_cap() -> None:
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ValueError, OSError):
        pass


def out_of_memory(exc: BaseException, memory_mb: int | None) -> bool:
    """Did this failure come from the memory cap? A MemoryError anywhere in the exception's chain
    (an engine may catch it and raise its own error), or an address space that reached the cap."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    if not memory_mb:
        return False
    try:
        with open("/proc/self/status") as status:
            peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return False
    return peak_kib * 1024 >= 0.9 * int(memory_mb) * 2**20


def main(conn, config: dict[str, Any]) -> None:
    """Process entry point: play one run, report how it ended, exit."""
    try:
        if config.get("nice"):
            os.nice(int(config["nice"]))  # below the server's event loop (settings.LIVE_RUN_NICE)
        set_limits(config.get("memory_mb"), config.get("cpu_limit_s"))
        engine = load(config.get("engine", "simengine.simulation:Simulation"))
        LiveRun(conn, engine(config["design"], config["seed"]), config).play()
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        pass  # the server went away: nobody is left to tell
    except BaseException as exc:
        _report_failure(conn, exc, config.get("memory_mb"))
    finally:
        try:
            conn.close()
        except OSError:
            pass


def _failure(code: str, message: str) -> bytes:
    return encode(TAG_ERROR, {"type": "error", "code": code, "message": message})


def _report_failure(conn, exc: BaseException, memory_mb: int | None) -> None:
    """Tell the server why the run failed: memory_limit (every time the cap was the cause, even
    when reporting it runs out of memory again), cpu_limit, or crashed with the error."""
    try:
        if out_of_memory(exc, memory_mb):
            _lift_memory_cap()
            _try_send(conn, MEMORY_LIMIT)
        elif isinstance(exc, CpuLimit):
            text = "The run used far more CPU time than a live run may, so it was stopped."
            _try_send(conn, _failure("cpu_limit", text))
        else:
            text = f"The simulation crashed: {type(exc).__name__}: {exc}"
            _try_send(conn, _failure("crashed", text))
    except MemoryError:
        _lift_memory_cap()
        _try_send(conn, MEMORY_LIMIT)


def _try_send(conn, data: bytes) -> None:
    try:
        conn.send_bytes(data)
    except (OSError, EOFError, ValueError):
        pass
