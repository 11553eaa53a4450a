"""Controls from any socket: a control carrying `"run": <id>` on a learner's socket that does not
play that run is forwarded, through the channel layer, to the socket that does (on whichever
server process it is).

Every socket playing a run listens on `run_group(run)`. The sender's `ControlRelay.forward`
sends the control there with the sender's owner key (`limits.owner_key`) and its own channel to
answer on; the playing socket (`Relayed`) obeys it only if the sender owns the run (same user,
or same browser session), and answers with what the sender would have heard on the run's own
socket: the control's acknowledgement from the run (`{"type": "controlled", "run", "control",
"t", "message", "id"?, ...}`, the frame event it sees) or the error (with "run"). A socket
that does not own the run stays silent, so nobody learns that someone else's run exists: after
LIVE_CONTROL_RELAY_S without an answer the sender hears `not_running`.

Its channel-layer calls go through this process's `fanout` (bounded, with a time-out) and never
raise: a control that could not be forwarded or answered ends as `not_running` after
LIVE_CONTROL_RELAY_S, and a run whose socket could not join its group still plays (only
controls from its owner's other sockets miss it). Failures make one log line per burst.

Nothing here imports Channels: the channel layer is handed in.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from django.conf import settings

from playground.live.fanout import BurstLog, fanout
from playground.live.protocol import CONTROLLED, BadMessage

_MISSING = object()
RELAY_CALLS = BurstLog(
    "control relay", "layer calls", "controls from the owner's other sockets answer not_running"
)


def run_group(run_id: str) -> str:
    return f"live-run.{run_id}"


def run_field(message: dict[str, Any]) -> str | None:
    """A control's `run` (None without one); a bad one is refused."""
    run = message.get("run")
    if run is not None and (not isinstance(run, str) or not 0 < len(run) <= 64):
        raise BadMessage("bad_field", '"run" must be a run id (from "started"), a short string.')
    return run


def not_running(kind: str, run: str) -> dict[str, Any]:
    return {
        "type": "error",
        "code": "not_running",
        "run": run,
        "message": f'No run of yours with that id is playing: "{kind}" reached no run.',
    }


class ControlRelay:
    """One socket's side of the relay: forwards its controls for runs it does not play, answers
    the controls others forward to the run it plays."""

    def __init__(self, layer, channel_name: str, send_json):
        self.layer, self.channel_name, self.send_json = layer, channel_name, send_json
        self.waiting: dict[str, asyncio.TimerHandle] = {}

    async def _call(self, fn, *args: Any) -> bool:
        return await fanout(self.layer).call(RELAY_CALLS, fn, *args)

    async def join(self, run_id: str) -> None:
        await self._call(self.layer.group_add, run_group(run_id), self.channel_name)

    async def leave(self, run_id: str) -> None:
        await self._call(self.layer.group_discard, run_group(run_id), self.channel_name)

    async def forward(self, message: dict[str, Any], *, owner: str) -> None:
        """Send a control to the socket playing `message["run"]`; its answer, or `not_running`
        after LIVE_CONTROL_RELAY_S, goes to this socket's client (this returns at once: the
        consumer must stay free to receive the answer)."""
        request, run = uuid.uuid4().hex, message["run"]
        answer = {**not_running(message["type"], run), **_echo(message)}
        self.waiting[request] = asyncio.get_running_loop().call_later(
            settings.LIVE_CONTROL_RELAY_S, self._unanswered, request, answer
        )
        event = {"type": "live.control", "message": message, "owner": owner}
        event.update(reply_to=self.channel_name, request=request)
        await self._call(self.layer.group_send, run_group(run), event)

    def _unanswered(self, request: str, answer: dict[str, Any]) -> None:
        if self.waiting.pop(request, None) is not None:
            asyncio.ensure_future(self.send_json(answer))

    async def answered(self, event: dict[str, Any]) -> None:
        """The playing socket's answer (`live.control_reply`); one that comes too late (the
        sender was told `not_running`) is dropped."""
        timer = self.waiting.pop(event["request"], None)
        if timer is not None:
            timer.cancel()
            await self.send_json(event["message"])

    async def reply(self, event: dict[str, Any], message: dict[str, Any]) -> None:
        reply = {"type": "live.control_reply", "request": event["request"], "message": message}
        await self._call(self.layer.send, event["reply_to"], reply)

    def close(self) -> None:
        for timer in self.waiting.values():
            timer.cancel()
        self.waiting.clear()


def _echo(message: dict[str, Any]) -> dict[str, Any]:
    return {"id": message["id"]} if "id" in message else {}


class Relayed:
    """The playing socket's side: controls forwarded to its run, each under a relay id of its
    own until the run acknowledges or refuses it; then the sender is answered with its own id."""

    def __init__(self, relay: ControlRelay):
        self.relay = relay
        self.pending: dict[str, tuple[dict[str, Any], Any]] = {}

    async def obey(self, event: dict[str, Any], owner: str, run_id, on_control) -> None:
        """Pass a forwarded control to `on_control` if its sender is `owner` and it names
        `run_id` (the run playing); else answer nothing (the sender hears `not_running`)."""
        if event["message"].get("run") != run_id or event["owner"] != owner:
            return
        local = self.local(event)
        try:
            await on_control(local)
        except BadMessage as bad:
            error = {"type": "error", "code": bad.code, "message": bad.message}
            await self.refused(local, error)

    def local(self, event: dict[str, Any]) -> dict[str, Any]:
        """The forwarded control as this socket passes it down, under a relay id."""
        message = dict(event["message"])
        relay_id = f"relay-{uuid.uuid4().hex}"
        self.pending[relay_id] = (event, message.pop("id", _MISSING))
        message.pop("run", None)
        return {**message, "id": relay_id}

    async def refused(self, control: dict[str, Any], error: dict[str, Any]) -> None:
        """The control was refused before it reached the run (not_running, busy, bad_field)."""
        event, original = self.pending.pop(control["id"])
        await self.relay.reply(event, _answer(error, event, original))

    def frame(self, text: str) -> str:
        """A frame from the run: acknowledgements of relayed controls answer their senders, and
        the frame goes on with the senders' own ids (or none) in them."""
        if not self.pending or "relay-" not in text:
            return text
        frame = json.loads(text)
        for item in frame.get("events") or ():
            found = self.pending.pop(str(item.get("id")), None) if isinstance(item, dict) else None
            if found is not None:
                event, original = found
                item.pop("id")
                if original is not _MISSING:
                    item["id"] = original
                ack = {k: v for k, v in item.items() if k != "kind"}
                asyncio.ensure_future(
                    self.relay.reply(event, _answer({"type": CONTROLLED, **ack}, event, original))
                )
        return json.dumps(frame, separators=(",", ":"))

    def error(self, error: dict[str, Any]) -> bool:
        """The run refused a relayed control (an inject's bad target): its sender hears it; True
        if the error was one of those."""
        found = self.pending.pop(str(error.get("id")), None)
        if found is None:
            return False
        event, original = found
        asyncio.ensure_future(self.relay.reply(event, _answer(error, event, original)))
        return True

    def clear(self) -> None:
        self.pending.clear()


def _answer(message: dict[str, Any], event: dict[str, Any], original: Any) -> dict[str, Any]:
    answer = {k: v for k, v in message.items() if k != "id"}
    answer["run"] = event["message"]["run"]
    if original is not _MISSING:
        answer["id"] = original
    return answer
