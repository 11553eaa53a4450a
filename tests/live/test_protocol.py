"""The live-run protocol over /ws/simulate/, told as a learner would use it."""
from __future__ import annotations

import asyncio

import pytest

from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_a_run_streams_frames_and_ends_with_a_stored_report(clients, session_key):
    from playground.models import Run

    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(5), "seed": 7, "speed": "max"})
    started = await client.recv()
    assert started["type"] == "started" and started["seed"] == 7
    end, before = await client.recv_until(lambda m: m["type"] == "end", timeout=20)
    frames = [m for m in before if m["type"] == "frame"]
    assert frames, "frames arrive before the end"
    assert all("speed_achieved" in f and f["speed"] == "max" for f in frames)
    assert [f["seq"] for f in frames] == sorted(f["seq"] for f in frames)
    assert end["run"] == started["run"] and end["reason"] == "completed"
    run = await Run.objects.aget(pk=end["run"])
    assert run.report == end["report"] and run.seed == 7 and run.owner_session == session_key
