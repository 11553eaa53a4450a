"""A client that reads slower than frames come gets the latest frame, never a growing backlog:
a newer frame replaces one not yet sent, carrying its events, and `seq` shows the gap."""

from __future__ import annotations

import asyncio
import json
from functools import partial
from types import SimpleNamespace

import pytest

from playground.live.backpressure import LatestFrame, send_backlog
from playground.live.checked import CheckedConsumer
from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


def _frame(seq: int, *events: str) -> str:
    return json.dumps(
        {
            "type": "frame",
            "seq": seq,
            "t": seq / 10,
            "events": [{"kind": "control", "id": e} for e in events],
        }
    )


def test_a_newer_frame_replaces_an_unsent_one_and_keeps_its_events():
    slot = LatestFrame(_frame(1, "a"))
    slot.replace(_frame(2))
    slot.replace(_frame(3, "b"))
    sent = json.loads(slot.dumps())
    assert sent["seq"] == 3 and [e["id"] for e in sent["events"]] == ["a", "b"]


def test_the_backlog_is_read_from_daphnes_transport_through_the_session_middleware():
    transport = SimpleNamespace(dataBuffer=b"x" * 5000, offset=1000, _tempDataLen=300)
    protocol = SimpleNamespace(transport=transport)

    async def handle_reply(protocol, message):
        pass

    class SessionWrapper:  # what channels.sessions wraps daphne's send in
        def __init__(self, send):
            self.real_send = send

        async def send(self, message):
            return await self.real_send(message)

    send = SessionWrapper(partial(handle_reply, protocol)).send
    assert send_backlog(send) == 4300
    assert send_backlog(lambda message: None) == 0  # unknown server: no backlog known


async def test_a_client_that_stops_reading_gets_the_latest_frame_not_a_backlog(
    clients, session_key, monkeypatch
):
    """While the client's buffer is full, the frames the run keeps making replace each other in
    the one slot; when it drains, the next frame is the newest (its `seq` jumps over every frame
    made meanwhile) and carries the events of all of them."""
    from playground.live import backpressure

    stalled = {"on": False}
    made_while_stalled: list[int] = []
    put_frame = backpressure.Outbox.put_frame

    def counting_put_frame(self, text):
        if stalled["on"]:
            made_while_stalled.append(json.loads(text)["seq"])
        put_frame(self, text)

    monkeypatch.setattr(backpressure.Outbox, "put_frame", counting_put_frame)
    monkeypatch.setattr(CheckedConsumer, "backlogged", lambda self: stalled["on"])
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 10})
    first, _ = await client.recv_until(lambda m: m["type"] == "frame")
    stalled["on"] = True  # the client's TCP buffer is full: no frame may be sent
    await client.send({"type": "pause", "id": "p"})
    await client.send({"type": "resume", "id": "r"})
    await _until(lambda: len(made_while_stalled) >= 6)  # frames the client could not take
    last_seen = max(
        [first["seq"]] + [m["seq"] for m in await _drain(client) if m["type"] == "frame"]
    )
    stalled["on"] = False
    latest, _ = await client.recv_until(lambda m: m["type"] == "frame")
    assert len(made_while_stalled) >= 6 and latest["seq"] >= made_while_stalled[5]
    assert latest["seq"] - last_seen > 5, "the stale frames were dropped, not queued"
    assert {e.get("id") for e in latest["events"]} >= {"p", "r"}, "no event is lost"
    following, _ = await client.recv_until(lambda m: m["type"] == "frame")
    assert following["seq"] > latest["seq"]
    await client.send({"type": "stop"})
    await client.recv_until(lambda m: m["type"] == "end")


async def _drain(client) -> list[dict]:
    """Whatever already reached the client (frames sent before the buffer filled)."""
    seen = []
    while not await client.comm.receive_nothing(0.05):
        seen.append(await client.recv())
    return seen


async def _until(condition, polls: int = 200) -> None:
    """Wait until `condition()` holds (or give up after `polls` looks; the asserts then fail)."""
    for _ in range(polls):
        if condition():
            return
        await asyncio.sleep(0.05)
