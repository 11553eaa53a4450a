"""The live-run vocabulary, one list of each: the message types a client sends and the server
answers, the speeds a run may play at, the fault kinds a learner may inject, and the tags on the
worker's pipe. The consumers, the message checks and the worker all import them from here.

The wire protocol itself (fields, codes, order) is told in `playground.live.consumers`.

This module imports nothing from Django or Channels: the worker imports it, and the worker is
preloaded by a fork server that must stay small. The fault kinds are the engine's own list
(`simengine.catalogue.FAULT_KINDS`), not a copy.
"""

from __future__ import annotations

import json
from typing import Any

from simengine.catalogue import FAULT_KINDS as _ENGINE_FAULT_KINDS

# -- client -> server ---------------------------------------------------------------------------

START, SHARE = "start", "share"
PAUSE, RESUME, SPEED, INJECT, SET, STOP = "pause", "resume", "speed", "inject", "set", "stop"
#: Messages that change a run playing; they go down the worker's pipe.
CONTROLS = (PAUSE, RESUME, SPEED, INJECT, SET, STOP)
#: "Check my design": a check of a saved design over many seeds, and its cancel (`checks`).
CHECK, CHECK_STOP = "check", "check_stop"
CHECK_TYPES = (CHECK, CHECK_STOP)
CLIENT_TYPES = (START, SHARE) + CONTROLS + CHECK_TYPES

# -- server -> client ---------------------------------------------------------------------------

STARTED, SHARED, FRAME, END, ERROR, WATCHING = (
    "started",
    "shared",
    "frame",
    "end",
    "error",
    "watching",
)
CHECK_STARTED, CHECK_PROGRESS, CHECK_END = "check_started", "check_progress", "check_end"
#: A check waiting in line for a check core: its place, told at once and whenever it changes.
CHECK_QUEUED = "check_queued"
#: A control sent for a run another socket plays (its "run" field), acknowledged (`relay`).
CONTROLLED = "controlled"
SERVER_TYPES = (
    STARTED,
    SHARED,
    FRAME,
    END,
    ERROR,
    WATCHING,
    CONTROLLED,
    CHECK_QUEUED,
    CHECK_STARTED,
    CHECK_PROGRESS,
    CHECK_END,
)

# -- what a run may be asked to do ----------------------------------------------------------------

SPEEDS: tuple[int | str, ...] = (1, 2, 5, 10, 30, 60, "max")
SPEEDS_TEXT = ", ".join(str(s) for s in SPEEDS[:-1]) + f' or "{SPEEDS[-1]}"'
FAULT_KINDS: tuple[str, ...] = tuple(_ENGINE_FAULT_KINDS)
MAX_CONTROL_BYTES = 4096  # the worker's pipe must never fill

# -- the worker's pipe: one tag byte, then JSON text ---------------------------------------------

TAG_FRAME = b"F"
TAG_END = b"E"
TAG_ERROR = b"X"
TAG_PROGRESS = b"P"  # a check's progress (`check_worker`)
TAG_SEED = b"S"  # a seed the check ran, for the server to keep (`check_worker`)


def encode(tag: bytes, message: dict[str, Any]) -> bytes:
    """A message for the worker's pipe: its tag, then compact JSON."""
    return tag + json.dumps(message, separators=(",", ":"), default=str).encode()


class BadMessage(Exception):
    """A message refused before it means anything: an error frame with a code, a sentence and,
    where there are some, problems with a path. The socket stays open."""

    def __init__(self, code: str, message: str, problems: list | None = None):
        super().__init__(message)
        self.code, self.message, self.problems = code, message, problems
