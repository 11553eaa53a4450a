"""The per-process fan-out sender (issue 16) against fake layers that block, fail or never
answer: never more than its bound in flight, the latest frame wins while it waits, an end goes
after the frame it follows and is never dropped, failures make one log line per burst."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from redis.exceptions import MaxConnectionsError

from playground.live.fanout import BurstLog, Fanout
from playground.live.watch_along import merge_frames


class GatedLayer:
    """group_send waits for `gate`; records what is in flight and what was sent, in order."""

    def __init__(self):
        self.gate = asyncio.Event()
        self.in_flight = self.most = 0
        self.sent: list[tuple[str, dict]] = []

    async def group_send(self, group: str, message: dict) -> None:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await self.gate.wait()
            self.sent.append((group, message))
        finally:
            self.in_flight -= 1


class FailingLayer:
    def __init__(self, exc: Exception):
        self.exc, self.calls = exc, 0

    async def group_send(self, group: str, message: dict) -> None:
        self.calls += 1
        raise self.exc


def frame(seq: int, *ids: str) -> dict:
    events = [{"kind": "control", "id": i} for i in ids]
    return {"type": "watch.frame", "text": json.dumps({"seq": seq, "events": events})}


async def until(predicate, what: str) -> None:
    for _ in range(500):
        if predicate():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"never happened: {what}")


def test_a_bad_bound_or_timeout_is_refused_with_its_setting_named():
    with pytest.raises(ValueError, match="LIVE_FANOUT_IN_FLIGHT must be at least 1, not 0"):
        Fanout(object(), in_flight=0, timeout_s=1)
    with pytest.raises(ValueError, match="LIVE_FANOUT_TIMEOUT_S must be above 0, not 0"):
        Fanout(object(), in_flight=4, timeout_s=0)


async def test_never_more_than_the_bound_in_flight_and_every_group_gets_its_frame():
    layer = GatedLayer()
    sender = Fanout(layer, in_flight=4, timeout_s=30)
    for run in range(50):
        sender.post(f"g{run}", frame(1), merge=merge_frames)
    await until(lambda: layer.in_flight == 4, "four sends in flight")
    await asyncio.sleep(0.05)  # room for a fifth, if the bound let one through
    assert layer.in_flight == 4 and sender.active == 4 and len(sender.line) == 46
    layer.gate.set()
    await until(lambda: len(layer.sent) == 50, "every group's frame sent")
    assert layer.most == 4
    assert sorted(group for group, _ in layer.sent) == sorted(f"g{run}" for run in range(50))
    assert sender.active == 0 and not sender.line and not sender.groups


async def test_the_latest_frame_wins_while_it_waits_and_carries_the_skipped_events():
    layer = GatedLayer()
    sender = Fanout(layer, in_flight=1, timeout_s=30)
    sender.post("run", frame(1, "a"), merge=merge_frames)
    await until(lambda: layer.in_flight == 1, "the first frame in flight")
    for seq, event in ((2, "b"), (3, "c"), (4, "d")):
        sender.post("run", frame(seq, event), merge=merge_frames)
    layer.gate.set()
    await until(lambda: len(layer.sent) == 2 and not sender.groups, "both sends done")
    sent = [json.loads(message["text"]) for _, message in layer.sent]
    assert [f["seq"] for f in sent] == [1, 4], "frames 2 and 3 were replaced while they waited"
    assert [e["id"] for e in sent[1]["events"]] == ["b", "c", "d"]


async def test_the_end_is_never_dropped_and_goes_after_the_frame_it_follows():
    layer = GatedLayer()
    sender = Fanout(layer, in_flight=1, timeout_s=30)
    sender.post("other", frame(1), merge=merge_frames)  # holds the only counter
    sender.post("run", frame(1), merge=merge_frames)
    sender.post("run", frame(2), merge=merge_frames)
    end = {"type": "watch.message", "message": {"type": "end"}}
    sender.post("run", end)
    sender.post("run", frame(3), merge=merge_frames)  # after the end: never merged into frame 2
    sender.post("run", {"type": "watch.message", "message": {"type": "error"}})
    layer.gate.set()
    await until(lambda: not sender.groups, "every message sent")
    run = [m for group, m in layer.sent if group == "run"]
    said = [json.loads(m["text"])["seq"] if "text" in m else m["message"]["type"] for m in run]
    assert said == [2, "end", 3, "error"]


async def test_a_send_that_never_answers_gives_up_and_frees_its_counter():
    class Silent:
        async def group_send(self, group, message):
            await asyncio.Event().wait()

    sender = Fanout(Silent(), in_flight=1, timeout_s=0.05)
    sender.frames = BurstLog("watch-along", "sends", "viewers get the next frame", window_s=60)
    sender.post("a", frame(1), merge=merge_frames)
    sender.post("b", frame(1), merge=merge_frames)
    await until(lambda: not sender.groups, "both sends given up")
    assert sender.active == 0
    assert sender.frames.kinds == {"TimeoutError": 2}
    sender.frames.flush()


async def test_failures_make_one_log_line_per_burst_without_tracebacks(caplog):
    layer = FailingLayer(MaxConnectionsError("Too many connections"))
    sender = Fanout(layer, in_flight=8, timeout_s=1)
    sender.frames = BurstLog("watch-along", "sends", "viewers get the next frame", window_s=0.2)
    with caplog.at_level(logging.WARNING, logger="playground.live.fanout"):
        for run in range(57):
            sender.post(f"run{run}", frame(1), merge=merge_frames)
        await until(lambda: caplog.records, "the burst's line")
        await asyncio.sleep(0.3)  # a second line would come within one more window
    assert layer.calls == 57
    assert [r.getMessage() for r in caplog.records] == [
        "watch-along: 57 sends failed in the last 0.2 s (57 MaxConnectionsError: Too many "
        "connections); viewers get the next frame"
    ]
    assert caplog.records[0].exc_info is None
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="playground.live.fanout"):
        sender.post("again", frame(2), merge=merge_frames)  # a new burst: a new line
        await until(lambda: caplog.records, "the second burst's line")
    assert "1 sends failed" in caplog.records[0].getMessage()


async def test_calls_share_the_bound_and_a_failure_is_false_never_raised():
    layer = GatedLayer()
    sender = Fanout(layer, in_flight=2, timeout_s=30)
    burst = BurstLog("test", "calls", "nothing", window_s=60)

    async def boom(*args):
        raise ConnectionError("redis is down")

    sender.post("a", frame(1), merge=merge_frames)
    sender.post("b", frame(1), merge=merge_frames)
    await until(lambda: layer.in_flight == 2, "two sends in flight")
    waiting = asyncio.ensure_future(sender.call(burst, layer.group_send, "c", {"type": "x"}))
    await asyncio.sleep(0.05)
    assert not waiting.done() and layer.in_flight == 2, "the call waits for a counter"
    layer.gate.set()
    assert await waiting is True
    assert await sender.call(burst, boom) is False
    assert burst.kinds == {"ConnectionError": 1} and sender.active == 0
    burst.flush()


async def test_a_call_that_gives_up_waiting_in_line_leaks_no_counter():
    layer = GatedLayer()
    sender = Fanout(layer, in_flight=1, timeout_s=30)
    burst = BurstLog("test", "calls", "nothing", window_s=60)
    sender.post("a", frame(1), merge=merge_frames)  # holds the counter past the call's timeout
    await until(lambda: layer.in_flight == 1, "the send in flight")
    sender.timeout_s = 0.05  # for the call only: the send in flight keeps its 30 s
    assert await sender.call(burst, layer.group_send, "b", {"type": "x"}) is False
    assert burst.kinds == {"TimeoutError": 1}
    burst.flush()
    assert sender.active == 1 and not sender.line, "only the send holds a counter"
    sender.timeout_s = 30
    layer.gate.set()
    assert await sender.call(burst, layer.group_send, "c", {"type": "x"}) is True
    assert sender.active == 0 and not sender.line


async def test_an_end_that_fails_is_tried_again_and_a_frame_that_fails_is_not():
    class FailsTwice:
        def __init__(self):
            self.tries: list[str] = []

        async def group_send(self, group, message):
            self.tries.append(message["type"])
            if len(self.tries) <= 3:  # the frame, then the end twice
                raise MaxConnectionsError("Too many connections")

    layer = FailsTwice()
    sender = Fanout(layer, in_flight=1, timeout_s=1)
    sender.frames = BurstLog("watch-along", "sends", "viewers get the next frame", window_s=60)
    sender.post("run", frame(1), merge=merge_frames)
    sender.post("run", {"type": "watch.message", "message": {"type": "end"}})
    sender.post("run", frame(2), merge=merge_frames)  # after the end: waits for it
    await until(lambda: not sender.groups, "every message tried")
    assert layer.tries == [
        "watch.frame",
        "watch.message",
        "watch.message",
        "watch.message",
        "watch.frame",
    ]
    assert sender.frames.kinds == {"MaxConnectionsError": 3}
    sender.frames.flush()


def _on_redis_settings(script: str, **env: str) -> list[str]:
    """`script` run by a python of its own on the test settings with REDIS_URL set (the layer is
    built from the environment at start-up); its printed words."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "playground.settings.test",
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


def test_with_redis_the_layers_pool_is_sized_to_the_bound_plus_its_margin():
    script = (
        "from django.conf import settings\n"
        "from channels_redis.utils import create_pool\n"
        "host = settings.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0]\n"
        "print(settings.LIVE_FANOUT_IN_FLIGHT, create_pool(host).max_connections)\n"
    )
    assert _on_redis_settings(script, LIVE_FANOUT_IN_FLIGHT="24") == ["24", "40"]


def test_with_redis_one_process_inbox_holds_a_class_of_viewers_frames_not_100():
    """channels_redis keeps all of a process's sockets in one inbox; its default capacity of 100
    refused greetings to viewers of 60 runs (make bench). Every message up to the setting's 500
    is taken by one socket that reads none, and the 501st is refused: the bound is the
    setting's, for the process's whole inbox."""
    script = (
        "import asyncio\n"
        "from channels.exceptions import ChannelFull\n"
        "from channels.layers import get_channel_layer\n"
        "async def main():\n"
        "    layer = get_channel_layer()\n"
        "    channel, taken = await layer.new_channel(), 0\n"
        "    try:\n"
        "        for i in range(501):\n"
        "            await layer.send(channel, {'type': 'watch.frame', 'seq': i})\n"
        "            taken += 1\n"
        "    except ChannelFull:\n"
        "        pass\n"
        "    await layer.flush()\n"
        "    print(layer.capacity, taken)\n"
        "asyncio.run(main())\n"
    )
    assert _on_redis_settings(script) == ["500", "500"]
