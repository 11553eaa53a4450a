"""What a learner's message must look like before it means anything: the shape of a `start` and of
each control (`pause`, `resume`, `speed`, `inject`, `set`, `stop`, each with an optional `id`).

Only the shape is checked here: the type, the fields present, their JSON types, and the names the
protocol fixes (a speed, a fault kind, from `protocol`). Whether a fault's target exists or a prop
value is in range is the engine's question (`Simulation.inject` / `set_props` answer it with the
design parser's rules, as a DesignError with problems); the worker passes those problems back. A
bad shape is a `BadMessage` (an error frame; the socket stays open and the run plays on).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.live.protocol import (
    FAULT_KINDS,
    INJECT,
    MAX_CONTROL_BYTES,
    SET,
    SPEED,
    SPEEDS,
    SPEEDS_TEXT,
    START,
    BadMessage,
)

SOURCES = ("design_id", "share_token", "design")
DESIGN_SEED = object()  # a start that names no seed plays the design's own


@dataclass(frozen=True)
class StartRequest:
    """A checked `start`: what to run (one of the three sources), how fast, shared or not, and
    the seed asked for (DESIGN_SEED: none was, so the design's own)."""

    design_id: Any
    share_token: Any
    design: dict[str, Any] | None
    speed: int | str
    share: bool
    seed: Any


def field(message: dict, name: str, kinds: tuple, what: str) -> Any:
    if name not in message:
        raise BadMessage("missing_field", f'"{message["type"]}" needs "{name}" ({what}).')
    value = message[name]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise BadMessage("bad_field", f'"{message["type"]}": "{name}" must be {what}.')
    return value


def speed(value: Any, message_type: str) -> int | str:
    if value == "max":
        return "max"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in SPEEDS:
        return int(value)
    raise BadMessage("bad_field", f'"{message_type}": speed must be one of {SPEEDS_TEXT}.')


def seed(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise BadMessage("bad_field", '"start": "seed" must be a whole number from 0.')
    return value


def echo_id(message: dict[str, Any]) -> dict[str, Any]:
    """The message's `id`, to echo in its answer ({} without one); a bad one is refused."""
    if "id" not in message:
        return {}
    if not isinstance(message["id"], (str, int)) or len(str(message["id"])) > 64:
        raise BadMessage("bad_field", '"id" must be a short string or number.')
    return {"id": message["id"]}


def start(message: dict[str, Any]) -> StartRequest:
    """A `start`, checked: exactly one source, an inline design that is an object, a known speed,
    `share` true or false. (The seed is checked once the design's own default is known.)"""
    sources = [name for name in SOURCES if message.get(name) is not None]
    if len(sources) != 1:
        raise BadMessage(
            "missing_field",
            f'"{START}" needs exactly one of "design_id", '
            '"share_token" or "design" (an inline document).',
        )
    if "design" in sources and not isinstance(message["design"], dict):
        raise BadMessage("bad_field", f'"{START}": "design" must be a design document (an object).')
    share = message.get("share", False)
    if not isinstance(share, bool):
        raise BadMessage("bad_field", f'"{START}": "share" must be true or false.')
    return StartRequest(
        design_id=message.get("design_id"),
        share_token=message.get("share_token"),
        design=message.get("design"),
        speed=speed(message.get("speed", 1), START),
        share=share,
        seed=message.get("seed", DESIGN_SEED),
    )


def build(message: dict[str, Any]) -> dict[str, Any]:
    """The control to send the worker, its shape checked."""
    kind = message["type"]
    control: dict[str, Any] = {"type": kind, **echo_id(message)}
    if kind == SPEED:
        value = field(message, "value", (int, float, str), f"a speed: {SPEEDS_TEXT}")
        control["value"] = speed(value, SPEED)
    elif kind == INJECT:
        control["fault"] = _fault(message)
    elif kind == SET:
        control["node"] = field(message, "node", (str,), "a node id")
        props = field(message, "props", (dict,), "an object of props to change")
        if not props:
            raise BadMessage("bad_field", f'"{SET}": "props" is empty: nothing to change.')
        control["props"] = props
    if len(json.dumps(control)) > MAX_CONTROL_BYTES:
        raise BadMessage(
            "too_large",
            f'"{kind}" is too large: a control is at most {MAX_CONTROL_BYTES // 1024} KiB.',
        )
    return control


def _fault(message: dict[str, Any]) -> dict[str, Any]:
    """An `inject`'s fault: an object naming a known kind and a target (the engine checks that
    the target exists and fits the kind, and the numbers)."""
    fault = field(message, "fault", (dict,), 'a fault object: {"kind", "target", ...}')
    if fault.get("kind") not in FAULT_KINDS:
        raise BadMessage(
            "bad_field", f'"{INJECT}": fault.kind must be one of {", ".join(FAULT_KINDS)}.'
        )
    if not isinstance(fault.get("target"), str):
        raise BadMessage(
            "missing_field", f'"{INJECT}": fault.target must name a node, AZ or Region.'
        )
    return fault
