"""What a learner's control message must look like before it goes down the worker's pipe
(`pause`, `resume`, `speed`, `inject`, `set`, `stop`, each with an optional `id`). A bad one is a
`BadMessage` (an error frame; the socket stays open and the run plays on)."""

from __future__ import annotations

import json
from typing import Any

from playground.live import worker
from playground.live.checked import BadMessage

CONTROLS = ("pause", "resume", "speed", "inject", "set", "stop")
MAX_CONTROL_BYTES = 4096  # the worker's pipe must never fill
FAULT_KINDS = ("instance_crash", "az_outage", "region_outage", "dependency_outage", "added_latency")


def field(message: dict, name: str, kinds: tuple, what: str) -> Any:
    if name not in message:
        raise BadMessage("missing_field", f'"{message["type"]}" needs "{name}" ({what}).')
    value = message[name]
    if not isinstance(value, kinds) or isinstance(value, bool) and bool not in kinds:
        raise BadMessage("bad_field", f'"{message["type"]}": "{name}" must be {what}.')
    return value


def speed(value: Any, message_type: str) -> int | str:
    if value == "max":
        return "max"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in worker.SPEEDS:
        return int(value)
    raise BadMessage(
        "bad_field", f'"{message_type}": speed must be one of 1, 2, 5, 10, 30, 60 or "max".'
    )


def echo_id(message: dict[str, Any]) -> dict[str, Any]:
    """The message's `id`, to echo in its answer ({} without one); a bad one is refused."""
    if "id" not in message:
        return {}
    if not isinstance(message["id"], (str, int)) or len(str(message["id"])) > 64:
        raise BadMessage("bad_field", '"id" must be a short string or number.')
    return {"id": message["id"]}


def build(message: dict[str, Any]) -> dict[str, Any]:
    """The control to send the worker, checked."""
    kind = message["type"]
    control: dict[str, Any] = {"type": kind, **echo_id(message)}
    if kind == "speed":
        control["value"] = speed(
            field(message, "value", (int, float, str), 'a speed: 1, 2, 5, 10, 30, 60 or "max"'),
            "speed",
        )
    elif kind == "inject":
        fault = field(message, "fault", (dict,), 'a fault object: {"kind", "target", ...}')
        if fault.get("kind") not in FAULT_KINDS:
            raise BadMessage(
                "bad_field", f'"inject": fault.kind must be one of {", ".join(FAULT_KINDS)}.'
            )
        if not isinstance(fault.get("target"), str):
            raise BadMessage(
                "missing_field", '"inject": fault.target must name a node, AZ or Region.'
            )
        control["fault"] = fault
    elif kind == "set":
        control["node"] = field(message, "node", (str,), "a node id")
        props = field(message, "props", (dict,), "an object of props to change")
        if not props:
            raise BadMessage("bad_field", '"set": "props" is empty: nothing to change.')
        control["props"] = props
    if len(json.dumps(control)) > MAX_CONTROL_BYTES:
        raise BadMessage(
            "too_large",
            f'"{kind}" is too large: a control is at most {MAX_CONTROL_BYTES // 1024} KiB.',
        )
    return control
