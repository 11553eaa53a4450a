"""Controls from any socket (`relay`), in one process: a control naming its run (`"run"`) on one of
the owner's sockets that does not play it reaches the socket that does, and the sender hears the
run's own acknowledgement or error; anyone else hears `not_running`, as for no run at all. Across
two daphne processes: tests/scale/test_liveness_scale_out.py."""

from __future__ import annotations

import pytest

from tests.live.conftest import new_session, short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
async def playing(clients, session_key, settings):
    """The owner's run, playing on one socket, and a second socket of the same browser session."""
    settings.LIVE_CONTROL_RELAY_S = 0.5
    player = await clients(session_key=session_key)
    await player.send({"type": "start", "design": short_design(600), "speed": 1})
    started = await player.recv()
    assert started["type"] == "started"
    other = await clients(session_key=session_key)
    return player, other, started["run"]


async def test_the_owners_other_socket_pauses_resumes_speeds_and_stops_the_run(playing):
    player, other, run = playing
    await other.send({"type": "pause", "run": run, "id": "p1"})
    paused = await other.recv()
    assert paused["type"] == "controlled" and paused["control"] == "pause"
    assert paused["run"] == run and paused["id"] == "p1" and "Paused at" in paused["message"]
    frame, _ = await player.recv_until(lambda m: m["type"] == "frame" and m["paused"])
    acks = [e for e in frame["events"] if e.get("control") == "pause"]
    assert acks and acks[0]["id"] == "p1", "the player's frame shows the sender's own id"

    await other.send({"type": "resume", "run": run})
    resumed = await other.recv()
    assert resumed["control"] == "resume" and "id" not in resumed
    await other.send({"type": "speed", "run": run, "value": 10, "id": 7})
    sped = await other.recv()
    assert sped["control"] == "speed" and sped["value"] == 10 and sped["id"] == 7
    await player.recv_until(lambda m: m["type"] == "frame" and m["speed"] == 10)

    await other.send({"type": "stop", "run": run, "id": "s"})
    assert (await other.recv())["control"] == "stop"
    end, _ = await player.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped" and end["run"] == run


async def test_a_relayed_control_the_run_refuses_is_answered_with_its_error(playing):
    _, other, run = playing
    await other.send({"type": "speed", "run": run, "value": 3, "id": "x"})
    bad = await other.recv()
    assert bad["type"] == "error" and bad["code"] == "bad_field" and "run" not in bad, "not sent"
    await other.send(
        {"type": "inject", "run": run, "id": "f", "fault": {"kind": "az_outage", "target": "nope"}}
    )
    refused = await other.recv()
    assert refused["type"] == "error" and refused["control"] == "inject"
    assert refused["id"] == "f" and refused["run"] == run and "refused" in refused["message"]


async def test_a_stranger_or_an_unknown_run_hears_not_running_and_nothing_changes(playing, clients):
    player, other, run = playing
    stranger = await clients(session_key=await new_session())
    await stranger.send({"type": "pause", "run": run, "id": 1})
    answer = await stranger.recv()
    await other.send({"type": "pause", "run": "f" * 32, "id": 1})
    unknown = await other.recv()
    assert answer["code"] == unknown["code"] == "not_running" and answer["id"] == 1
    assert answer["message"] == unknown["message"], "a stranger cannot tell the run exists"
    no_session = await clients()
    await no_session.send({"type": "stop", "run": run})
    assert (await no_session.recv())["code"] == "not_running"
    frame, _ = await player.recv_until(lambda m: m["type"] == "frame")
    assert frame["paused"] is False

    for bad_run in (5, "", "r" * 65):
        await other.send({"type": "pause", "run": bad_run})
        assert (await other.recv())["code"] == "bad_field"


async def test_a_control_naming_the_run_on_its_own_socket_is_obeyed_there(playing):
    player, _, run = playing
    await player.send({"type": "pause", "run": run, "id": "here"})
    frame, seen = await player.recv_until(lambda m: m["type"] == "frame" and m["paused"])
    assert not [m for m in seen if m["type"] in ("controlled", "error")]
