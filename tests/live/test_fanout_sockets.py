"""No channel-layer error closes an owner's socket (issue 16): with a layer whose group_add,
group_send and send raise, the owner's run plays on and its socket stays open; viewers get the
run once the layer heals (the owner's group_add and the viewer's join are tried again), and a
viewer whose join is never answered gets a final `unavailable` error, not a hang."""

from __future__ import annotations

import pytest
from channels.layers import InMemoryChannelLayer, get_channel_layer
from redis.exceptions import MaxConnectionsError

from playground.live import watch_along, watching
from playground.live.fanout import fanout
from playground.live.session import LiveSession
from playground.live.watch_along import OWNER_CALLS, owner_group
from playground.live.watching import VIEWER_CALLS
from tests.live.conftest import short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


class FlakyLayer(InMemoryChannelLayer):
    """The in-memory layer, but the calls named in `broken` raise as a dry Redis pool does."""

    broken: set[str] = set()

    def _check(self, name: str) -> None:
        if name in FlakyLayer.broken:
            raise MaxConnectionsError("Too many connections")

    async def group_add(self, group, channel):
        self._check("group_add")
        await super().group_add(group, channel)

    async def group_send(self, group, message):
        self._check("group_send")
        await super().group_send(group, message)

    async def send(self, channel, message):
        self._check("send")
        await super().send(channel, message)


@pytest.fixture
def flaky(settings, monkeypatch, session_key):
    FlakyLayer.broken = set()
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": f"{__name__}.FlakyLayer"}}
    monkeypatch.setattr(watching, "JOIN_WAIT_S", 0.3)
    monkeypatch.setattr(watch_along, "LISTEN_RETRY_S", 0.1)
    yield FlakyLayer
    FlakyLayer.broken = set()
    for burst in (OWNER_CALLS, VIEWER_CALLS):
        burst.flush()


async def _playing(owner, **start):
    await owner.send({"type": "start", "design": short_design(300), "speed": 10, **start})
    started = await owner.recv()
    assert started["type"] == "started", started
    for _ in range(3):  # it plays: frames keep coming
        await owner.recv_until(lambda m: m["type"] == "frame")
    return started


async def test_the_owner_plays_on_while_the_layer_fails_and_viewers_join_once_it_heals(
    flaky, clients, session_key, caplog
):
    flaky.broken = {"group_add", "group_send", "send"}
    owner = await clients(session_key=session_key)
    started = await _playing(owner, share=True)  # the share's group_add failed
    viewer = await clients(started["watch"]["ws"])  # its group_add and join fail too
    await owner.recv_until(lambda m: m["type"] == "frame")
    flaky.broken = set()  # healed: the owner listens again, the viewer asks again
    hello, _ = await viewer.recv_until(lambda m: m["type"] == "watching")
    assert hello["run"] == started["run"]
    await viewer.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    seen, _ = await viewer.recv_until(lambda m: m["type"] == "end")
    assert seen["run"] == end["run"] == started["run"]
    await owner.send({"type": "start", "design": short_design(300), "speed": 10})
    assert (await owner.recv())["type"] == "started", "the owner's socket is still open"
    OWNER_CALLS.flush()
    VIEWER_CALLS.flush()
    fanout(get_channel_layer()).frames.flush()
    lines = [r.getMessage() for r in caplog.records if r.name == "playground.live.fanout"]
    assert any(
        line.startswith("watch-along: ")
        and "owner-side layer calls failed" in line
        and "MaxConnectionsError: Too many connections" in line
        for line in lines
    ), lines
    assert any(line.startswith("watch-along: ") and "viewer-side" in line for line in lines)
    assert all(r.exc_info is None for r in caplog.records if r.name == "playground.live.fanout")


async def test_errors_in_the_owners_watch_handlers_never_close_its_socket(
    flaky, clients, session_key, monkeypatch
):
    async def broken(self, *args):
        raise MaxConnectionsError("Too many connections")

    monkeypatch.setattr(LiveSession, "watch_join", broken)
    monkeypatch.setattr(LiveSession, "watch_revoked", broken)
    monkeypatch.setattr(watching, "JOIN_TRIES", 2)
    owner = await clients(session_key=session_key)
    started = await _playing(owner, share=True)
    viewer = await clients(started["watch"]["ws"])  # the owner's watch_join raises
    await get_channel_layer().group_send(owner_group(started["run"]), {"type": "watch.revoked"})
    refused, _ = await viewer.recv_until(lambda m: m["type"] == "error")
    assert refused["code"] == "unavailable" and refused["final"] is True
    assert "Reload the page to try again" in refused["message"]
    closed = await viewer.comm.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": watching.UNAVAILABLE_CLOSE}
    await owner.recv_until(lambda m: m["type"] == "frame")  # still playing, still open
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped"
    assert OWNER_CALLS.kinds["MaxConnectionsError"] >= 3  # two joins and the revoke, counted


async def test_a_viewer_whose_end_was_lost_gets_it_from_the_stored_report(
    flaky, clients, session_key, monkeypatch
):
    monkeypatch.setattr(watching, "STALL_S", 0.3)
    owner = await clients(session_key=session_key)
    started = await _playing(owner, share=True)
    viewer = await clients(started["watch"]["ws"])
    await viewer.recv_until(lambda m: m["type"] == "watching")
    await viewer.recv_until(lambda m: m["type"] == "frame")
    flaky.broken = {"group_send"}  # from now on nothing reaches the viewer: not even the end
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    seen, _ = await viewer.recv_until(lambda m: m["type"] == "end")
    assert seen["run"] == end["run"] and seen["reason"] == "finished"
    assert seen["report"] == end["report"]
    assert await viewer.comm.receive_nothing(timeout=0.5), "nothing after the end"
