"""A viewer sees everything the owner sees, over the real websocket and the real engine: the fault
the owner injects (the "inject" acknowledgement, with its fault and when it began), pause and
resume (each frame's `paused`), speed changes (`speed`); a viewer who joins mid-run is told the
faults already injected, that the run is paused, and the latest frame; one who joins after the
end gets the design the run played with its report; and the link's expiry rides along."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]

OUTAGE = {"kind": "az_outage", "target": "us-east-1a", "duration": 120}


async def _shared_run(clients, session_key):
    owner = await clients(session_key=session_key)
    await owner.send({"type": "start", "design": short_design(600), "speed": 10, "share": True})
    started, _ = await owner.recv_until(lambda m: m["type"] == "started")
    watch = started["watch"]
    assert watch["short_url"] == f"/w/{watch['code']}/" and watch["qr"].endswith("/qr.svg")
    return owner, watch


def _ack(control):
    return lambda m: (
        m["type"] == "frame"
        and any(e.get("kind") == "control" and e.get("control") == control for e in m["events"])
    )


def _ack_event(frame, control):
    return next(e for e in frame["events"] if e.get("control") == control)


async def test_a_viewer_sees_the_fault_the_pause_the_speed_and_the_resume(clients, session_key):
    owner, watch = await _shared_run(clients, session_key)
    viewer = await clients(watch["ws"])
    hello = await viewer.recv()
    assert hello["type"] == "watching" and hello["paused"] is False and hello["faults"] == []
    assert dt.datetime.fromisoformat(hello["expires"]) > dt.datetime.now(dt.UTC)
    await viewer.recv_until(lambda m: m["type"] == "frame")

    await owner.send({"type": "inject", "fault": OUTAGE})
    frame, _ = await viewer.recv_until(_ack("inject"))
    injected = _ack_event(frame, "inject")
    assert injected["fault"] == OUTAGE and injected["t"] > 0
    # The engine's own event of the fault reaches the viewer too (the timeline's chip).
    fault_event, _ = await viewer.recv_until(
        lambda m: m["type"] == "frame" and any(e["kind"] == "fault" for e in m["events"])
    )

    await owner.send({"type": "pause"})
    paused, _ = await viewer.recv_until(_ack("pause"))
    assert paused["paused"] is True and paused["speed_achieved"] == 0.0

    await owner.send({"type": "speed", "value": 30})
    faster, _ = await viewer.recv_until(_ack("speed"))
    assert faster["speed"] == 30 and faster["paused"] is True, "a speed change while paused"
    assert faster["t"] == paused["t"], "paused: simulated time holds"

    await owner.send({"type": "resume"})
    resumed, _ = await viewer.recv_until(_ack("resume"))
    assert resumed["paused"] is False
    later, _ = await viewer.recv_until(lambda m: m["type"] == "frame" and m["t"] > resumed["t"])
    assert later["paused"] is False and later["speed"] == 30
    await owner.send({"type": "stop"})
    end, _ = await viewer.recv_until(lambda m: m["type"] == "end")
    assert end["report"] and end["expires"], "the end says when the link stops opening"


async def test_a_viewer_who_joins_mid_run_sees_it_as_it_stands(clients, session_key):
    owner, watch = await _shared_run(clients, session_key)
    first = await clients(watch["ws"])  # the owner publishes once somebody may be watching
    await first.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "inject", "fault": OUTAGE})
    await first.recv_until(_ack("inject"))
    await owner.send({"type": "pause"})
    paused, _ = await first.recv_until(_ack("pause"))

    late = await clients(watch["ws"])
    hello = await late.recv()
    assert hello["type"] == "watching" and hello["paused"] is True
    [fault] = hello["faults"]
    assert {k: fault[k] for k in OUTAGE} == OUTAGE and 0 < fault["at"] <= paused["t"]
    assert hello["frame"]["t"] == paused["t"] and hello["frame"]["paused"] is True
    assert "events" not in hello["frame"], "the events come once, in the history's"
    assert hello["design"]["nodes"], "the diagram to draw"
    await owner.send({"type": "stop"})
    await late.recv_until(lambda m: m["type"] == "end")


async def test_a_viewer_who_comes_after_the_end_gets_the_diagram_and_the_report(
    clients, session_key
):
    owner, watch = await _shared_run(clients, session_key)
    await owner.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    late = await clients(watch["ws"])
    seen = await late.recv()
    assert seen["type"] == "end" and seen["reason"] == "finished"
    assert seen["report"] == end["report"]
    assert [n["id"] for n in seen["design"]["nodes"]] == [n["id"] for n in short_design()["nodes"]]
    expires = dt.datetime.fromisoformat(seen["expires"])
    assert dt.timedelta(hours=23) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=24)


async def test_a_viewer_who_comes_after_an_end_during_an_outage_gets_the_run_as_it_ended(
    clients, session_key
):
    owner, watch = await _shared_run(clients, session_key)
    first = await clients(watch["ws"])  # somebody watches, so the run is published
    await first.recv_until(lambda m: m["type"] == "frame")
    outage = {"kind": "az_outage", "target": "us-east-1a"}  # never recovers: dark at the end
    await owner.send({"type": "inject", "fault": outage})
    acked, _ = await owner.recv_until(_ack("inject"))
    await owner.recv_until(lambda m: m["type"] == "frame" and m["t"] > acked["t"])
    await owner.send({"type": "stop"})
    end, before = await owner.recv_until(lambda m: m["type"] == "end")
    last = [m for m in before if m["type"] == "frame"][-1:] or [acked]

    late = await clients(watch["ws"])
    seen = await late.recv()
    assert seen["type"] == "end" and seen["report"] == end["report"]
    [fault] = seen["faults"]
    assert {k: fault[k] for k in outage} == outage and 0 < fault["at"] == acked["t"]
    assert seen["frame"]["t"] >= last[0]["t"] > fault["at"] and "events" not in seen["frame"]
    assert seen["frame"]["nodes"].keys() == last[0]["nodes"].keys(), "every node's last figures"
    total = seen["frame"]["global"]["requests"]["total"]
    assert total >= last[0]["global"]["requests"]["total"] > 0
    history = [row["t"] for row in seen["history"]]
    assert history and history[-1] == seen["frame"]["t"] and history == sorted(history)
    assert any(e.get("control") == "inject" for e in seen["events"]), "the timeline's events"


async def test_a_run_shared_mid_run_keeps_the_outage_injected_before_it_was_shared(
    clients, session_key
):
    owner = await clients(session_key=session_key)
    await owner.send({"type": "start", "design": short_design(600), "speed": 10})
    await owner.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "inject", "fault": OUTAGE})
    acked, _ = await owner.recv_until(_ack("inject"))
    await owner.send({"type": "share"})
    shared, _ = await owner.recv_until(lambda m: m["type"] == "shared")
    await owner.send({"type": "stop"})
    await owner.recv_until(lambda m: m["type"] == "end")
    late = await clients(shared["watch"]["ws"])
    seen = await late.recv()
    assert seen["type"] == "end"
    [fault] = seen["faults"]
    assert {k: fault[k] for k in OUTAGE} == OUTAGE and fault["at"] == acked["t"]
    assert seen["frame"]["t"] >= acked["t"]
