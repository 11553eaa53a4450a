"""The live-run protocol over /ws/simulate/, told as a learner would use it."""

from __future__ import annotations

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


def _acks(frames: list[dict], control: str) -> list[dict]:
    return [
        e
        for f in frames
        if f.get("type") == "frame"
        for e in f["events"]
        if e.get("kind") == "control" and e.get("control") == control
    ]


async def _ack(client, control: str, ident: str) -> dict:
    """Wait for the frame whose events acknowledge the control with this id."""
    frame, _ = await client.recv_until(
        lambda m: m["type"] == "frame" and any(e.get("id") == ident for e in m["events"])
    )
    return frame


async def test_every_control_is_acknowledged_in_the_next_frame(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 10})
    assert (await client.recv())["type"] == "started"
    first = await client.recv()
    assert first["type"] == "frame" and first["seq"] == 1 and first["speed"] == 10

    await client.send({"type": "pause", "id": "p1"})
    paused = await _ack(client, "pause", "p1")
    assert paused["paused"] is True and paused["speed_achieved"] == 0
    assert await client.comm.receive_nothing(0.3), "no frames while paused"

    await client.send({"type": "resume", "id": "r1"})
    resumed = await _ack(client, "resume", "r1")
    assert resumed["paused"] is False

    await client.send({"type": "speed", "value": 60, "id": "s1"})
    sped = await _ack(client, "speed", "s1")
    assert sped["speed"] == 60

    await client.send(
        {
            "type": "inject",
            "id": "i1",
            "fault": {"kind": "az_outage", "target": "us-east-1b", "duration": 60},
        }
    )
    injected = await _ack(client, "inject", "i1")
    ack = [e for e in injected["events"] if e.get("id") == "i1"][0]
    assert ack["fault"]["target"] == "us-east-1b"

    await client.send({"type": "set", "node": "users", "props": {"rate": 200}, "id": "c1"})
    changed = await _ack(client, "set", "c1")
    assert [e for e in changed["events"] if e.get("id") == "c1"][0]["props"] == {"rate": 200}

    await client.send({"type": "stop", "id": "x1"})
    end, before = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped" and "requests" in end["report"]
    assert _acks(before, "stop")


async def test_a_refused_set_is_an_error_and_the_run_carries_on(clients, session_key):
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300), "speed": 5})
    assert (await client.recv())["type"] == "started"
    await client.send({"type": "set", "node": "nope", "props": {"rate": 1}, "id": "bad"})
    error, _ = await client.recv_until(lambda m: m["type"] == "error")
    assert error["control"] == "set" and error["id"] == "bad" and error["problems"]
    frame, _ = await client.recv_until(lambda m: m["type"] == "frame")
    await client.send({"type": "stop"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped"


@pytest.mark.parametrize(
    "message, code",
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_message"),
        ('{"no_type": 1}', "bad_message"),
        ({"type": "launch"}, "unknown_type"),
        ({"type": "start", "seed": 1}, "missing_field"),
        ({"type": "start", "design": "a string"}, "bad_field"),
        (
            {
                "type": "start",
                "design": {"format": 1, "nodes": [{"id": "x", "kind": "warp_drive"}]},
            },
            "invalid_design",
        ),
        ({"type": "start", "design_id": "00000000-0000-0000-0000-000000000000"}, "not_found"),
        ({"type": "start", "share_token": "no-such-token"}, "not_found"),
        ({"type": "start", "design": {"format": 1}, "speed": 7}, "bad_field"),
        ({"type": "start", "design": {"format": 1}, "seed": -1}, "bad_field"),
        ({"type": "pause"}, "not_running"),
        ({"type": "inject", "fault": {"kind": "az_outage", "target": "a"}}, "not_running"),
        ({"type": "stop"}, "not_running"),
        ("x" * (64 * 1024 + 1), "too_large"),
    ],
)
async def test_a_bad_message_gets_an_error_and_the_socket_stays_usable(
    clients, session_key, message, code
):
    client = await clients(session_key=session_key)
    await client.send(message)
    error = await client.recv()
    assert error["type"] == "error" and error["code"] == code and error["message"]
    if code == "invalid_design":
        assert error["problems"] and {"path", "message"} <= set(error["problems"][0])
    await client.send({"type": "start", "design": short_design(2), "speed": "max"})
    assert (await client.recv())["type"] == "started"
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"


async def test_binary_messages_and_bad_control_fields_get_errors(clients, session_key):
    client = await clients(session_key=session_key)
    await client.comm.send_to(bytes_data=b"\x00\x01")
    assert (await client.recv())["code"] == "bad_message"
    await client.send({"type": "start", "design": short_design(300), "speed": 1})
    assert (await client.recv())["type"] == "started"
    for message, code in [
        ({"type": "start", "design": short_design(5)}, "already_running"),
        ({"type": "speed"}, "missing_field"),
        ({"type": "speed", "value": 3}, "bad_field"),
        ({"type": "inject"}, "missing_field"),
        ({"type": "inject", "fault": {"kind": "meteor", "target": "x"}}, "bad_field"),
        ({"type": "inject", "fault": {"kind": "az_outage"}}, "missing_field"),
        ({"type": "set", "node": "users"}, "missing_field"),
        ({"type": "set", "node": "users", "props": {}}, "bad_field"),
        ({"type": "set", "node": "users", "props": {"label": "x" * 5000}}, "too_large"),
    ]:
        await client.send(message)
        error, _ = await client.recv_until(lambda m: m["type"] == "error")
        assert error["code"] == code, (message, error)
    await client.send({"type": "stop"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped"


async def test_a_start_without_a_session_is_refused(clients, engine):
    client = await clients(session_key=None)
    await client.send({"type": "start", "design": short_design(2)})
    assert (await client.recv())["code"] == "no_session"


async def test_a_flood_of_messages_is_rate_limited(clients, session_key, settings):
    settings.LIVE_MESSAGE_RATE, settings.LIVE_MESSAGE_BURST = 1, 3
    client = await clients(session_key=session_key)
    for _ in range(6):
        await client.send({"type": "pause"})
    codes = []
    while not await client.comm.receive_nothing(0.2):
        codes.append((await client.recv())["code"])
    assert codes.count("not_running") == 3 and codes.count("rate_limited") == 1


async def test_origin_is_checked(engine):
    from channels.testing import WebsocketCommunicator

    from playground.asgi import application

    for headers in ([], [(b"origin", b"http://evil.example")]):
        comm = WebsocketCommunicator(application, "/ws/simulate/", headers=headers)
        connected, _ = await comm.connect()
        assert not connected
        await comm.disconnect()


async def test_a_run_longer_than_the_live_limit_is_refused(clients, session_key, settings):
    settings.LIVE_MAX_SIMULATED_S = 100
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design": short_design(300)})
    error = await client.recv()
    assert error["code"] == "too_long" and "100 s" in error["message"]


async def test_a_signed_in_learners_run_is_filed_under_their_account(clients, engine):
    from channels.db import database_sync_to_async
    from django.contrib.auth import get_user_model
    from django.test import Client as HttpClient

    from playground.models import Run

    @database_sync_to_async
    def signed_in_session():
        user = get_user_model().objects.create_user("ada", password="pw-not-checked-here")
        http = HttpClient()
        http.force_login(user)
        return user, http.cookies["sessionid"].value

    user, session = await signed_in_session()
    client = await clients(session_key=session)
    await client.send({"type": "start", "design": short_design(2), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    run = await Run.objects.aget(pk=end["run"])
    assert run.owner_id == user.pk and run.owner_session == ""


async def test_a_server_fault_is_an_error_frame_and_the_socket_stays_open(
    clients, session_key, monkeypatch
):
    from playground.live import services

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "document_for_start", broken)
    client = await clients(session_key=session_key)
    await client.send({"type": "start", "design_id": "00000000-0000-0000-0000-000000000001"})
    error = await client.recv()
    assert error["code"] == "internal" and "database" not in error["message"]
    monkeypatch.undo()
    await client.send({"type": "start", "design": short_design(2), "speed": "max"})
    end, _ = await client.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "completed"
