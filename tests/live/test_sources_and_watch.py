"""What a start may name (own design, a share link, an inline document) and watch-along."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from playground import services
from playground.owners import Owner
from tests.live.conftest import new_session, short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


@database_sync_to_async
def _design_and_link(session_key: str, *, revoked: bool = False):
    owner = Owner(session_key=session_key)
    design = services.design_create(owner=owner, name="Mine", document=short_design(2))
    link = services.share_link_create(owner=owner, design_id=design.id)
    if revoked:
        services.share_link_revoke(owner=owner, token=link.token)
    return str(design.id), link.token


async def test_a_saved_design_runs_for_its_owner_only(clients, session_key):
    design_id, _ = await _design_and_link(session_key)
    mine = await clients(session_key=session_key)
    await mine.send({"type": "start", "design_id": design_id, "speed": "max"})
    assert (await mine.recv())["type"] == "started"
    end, _ = await mine.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"

    stranger = await clients(session_key=await new_session())
    await stranger.send({"type": "start", "design_id": design_id})
    error = await stranger.recv()
    assert error["code"] == "not_found"


async def test_a_share_token_runs_its_snapshot_for_anyone_until_revoked(clients, session_key):
    _, token = await _design_and_link(session_key)
    _, revoked = await _design_and_link(session_key, revoked=True)
    stranger = await clients(session_key=await new_session())
    await stranger.send({"type": "start", "share_token": revoked})
    assert (await stranger.recv())["code"] == "not_found"
    await stranger.send({"type": "start", "share_token": token, "speed": "max"})
    assert (await stranger.recv())["type"] == "started"
    end, _ = await stranger.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"


async def test_viewers_watch_along_read_only(clients, session_key):
    owner = await clients(session_key=session_key)
    await owner.send({"type": "start", "design": short_design(300), "speed": 10, "share": True})
    started = await owner.recv()
    watch = started["watch"]
    assert (
        watch["url"] == f"/live/{watch['token']}/" and watch["ws"] == f"/ws/watch/{watch['token']}/"
    )

    viewers = [await clients(watch["ws"]) for _ in range(3)]  # no session needed to watch
    for viewer in viewers:
        hello = await viewer.recv()
        assert hello["type"] == "watching" and hello["run"] == started["run"]
        assert hello["design"]["name"] == short_design()["name"]
        frame, _ = await viewer.recv_until(lambda m: m["type"] == "frame")
        assert frame["speed"] == 10

    await viewers[0].send({"type": "stop"})
    assert (await viewers[0].recv_until(lambda m: m["type"] == "error"))[0]["code"] == "read_only"

    await owner.send(
        {
            "type": "inject",
            "id": "az",
            "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 30},
        }
    )
    for viewer in viewers:
        await viewer.recv_until(
            lambda m: m["type"] == "frame" and any(e.get("id") == "az" for e in m["events"])
        )
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    for viewer in viewers:
        seen, _ = await viewer.recv_until(lambda m: m["type"] == "end")
        assert seen["run"] == end["run"] and seen["report"] == end["report"]

    late = await clients(watch["ws"])
    seen = await late.recv()
    assert seen["type"] == "end" and seen["report"] == end["report"]


async def test_a_viewer_who_joins_late_gets_the_run_so_far(clients, session_key):
    """Charts and timeline start from the beginning of the run, not from the moment of joining."""
    owner = await clients(session_key=session_key)
    await owner.send({"type": "start", "design": short_design(300), "speed": 10, "share": True})
    watch = (await owner.recv())["watch"]
    await owner.send(
        {
            "type": "inject",
            "id": "az",
            "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 30},
        }
    )
    last, before = await owner.recv_until(lambda m: m["type"] == "frame" and m["t"] >= 4)
    frames = [m for m in before if m["type"] == "frame"] + [last]
    viewer = await clients(watch["ws"])
    hello = await viewer.recv()
    assert hello["type"] == "watching"
    rows = hello["history"]
    ts = [r["t"] for r in rows]
    assert ts == sorted(ts) and ts[0] <= frames[0]["t"] and ts[-1] >= last["t"]
    assert len(rows) >= len(frames)  # every frame the worker sent, not only those the owner read
    row = next(r for r in rows if r["t"] == last["t"])
    assert row["global"] == last["global"]
    in_service = sum(
        (f.get("instances") or {}).get("in_service", 0) for f in last["nodes"].values()
    )
    assert row["totals"]["in_service"] == in_service > 0
    assert set(row["totals"]) == {"in_service", "pending", "unhealthy", "depth"}
    assert any(e.get("id") == "az" for e in hello["events"]), (
        "the fault injected before joining is in the events"
    )
    frame, _ = await viewer.recv_until(lambda m: m["type"] == "frame")
    assert frame["t"] >= ts[-1]
    await owner.send({"type": "stop"})
    await owner.recv_until(lambda m: m["type"] == "end")


async def test_a_run_started_without_a_link_can_be_shared_while_it_plays(clients, session_key):
    owner = await clients(session_key=session_key)
    await owner.send({"type": "share"})
    refused = await owner.recv()
    assert refused["type"] == "error" and refused["code"] == "not_running"
    await owner.send({"type": "start", "design": short_design(300), "speed": 10})
    started = await owner.recv()
    assert "watch" not in started
    await owner.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "share", "id": {"not": "an id"}})
    bad, _ = await owner.recv_until(lambda m: m["type"] == "error")
    assert bad["code"] == "bad_field"
    await owner.send({"type": "share", "id": "s1"})
    shared, _ = await owner.recv_until(lambda m: m["type"] == "shared")
    watch = shared["watch"]
    assert shared["id"] == "s1" and watch["ws"] == f"/ws/watch/{watch['token']}/"
    await owner.send({"type": "share"})
    again, _ = await owner.recv_until(lambda m: m["type"] == "shared")
    assert again["watch"] == watch, "asking again gives the same link"
    viewer = await clients(watch["ws"])
    hello = await viewer.recv()
    assert hello["type"] == "watching" and hello["run"] == started["run"]
    frame, _ = await viewer.recv_until(lambda m: m["type"] == "frame")
    assert frame["t"] >= 0
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    seen, _ = await viewer.recv_until(lambda m: m["type"] == "end")
    assert seen["report"] == end["report"]


async def test_viewers_hear_when_the_owner_leaves(clients, session_key):
    owner = await clients(session_key=session_key)
    await owner.send({"type": "start", "design": short_design(300), "speed": 1, "share": True})
    watch = (await owner.recv())["watch"]
    viewer = await clients(watch["ws"])
    await viewer.recv_until(lambda m: m["type"] == "frame")
    await owner.close()
    error, _ = await viewer.recv_until(lambda m: m["type"] == "error")
    assert error["code"] == "owner_left"


async def test_a_forged_watch_token_is_refused(clients, engine):
    viewer = await clients("/ws/watch/0123456789abcdef0123456789abcdef.forged/")
    error = await viewer.recv()
    assert error["code"] == "not_found"
