"""Watch-along from the owner's side, without a socket: a shared run's frames reach its viewers'
group at a coalesced rate, its last word reaches them after the run is released, and a revoked
link stays closed for the rest of the run."""

from __future__ import annotations

import asyncio
import json

import pytest

from playground.live.protocol import TAG_END, TAG_FRAME, BadMessage
from playground.live.watch_along import WatchAlong, owner_group, watch_group
from tests.live.conftest import short_design
from tests.live.test_session import Harness, frame


class FakeLayer:
    def __init__(self):
        self.sent: list[tuple[str, dict]] = []
        self.groups: dict[str, set[str]] = {}

    async def group_add(self, group: str, channel: str) -> None:
        self.groups.setdefault(group, set()).add(channel)

    async def group_discard(self, group: str, channel: str) -> None:
        self.groups.get(group, set()).discard(channel)

    async def group_send(self, group: str, message: dict) -> None:
        self.sent.append((group, message))

    async def send(self, channel: str, message: dict) -> None:
        self.sent.append((channel, message))


class LinkServices:
    def __init__(self):
        self.opened: list[str] = []
        self.ended: list[str] = []

    async def watch_link_open(self, *, run_id, owner, name, document, design_id) -> dict:
        self.opened.append(run_id)
        return {"token": f"token-{len(self.opened)}", "code": f"CODE{len(self.opened)}"}

    async def watch_link_ended(self, *, run_id) -> None:
        self.ended.append(run_id)


@pytest.fixture
async def shared(settings):
    settings.LIVE_WATCH_INTERVAL_S = 0.2
    layer, links = FakeLayer(), LinkServices()
    h = Harness()
    h.session.watch_along = lambda **kwargs: WatchAlong(layer, "owner-socket", links, **kwargs)
    yield h, layer, links
    await h.session.close()


def _viewer_frames(layer: FakeLayer, run_id: str) -> list[dict]:
    return [
        json.loads(m["text"])
        for group, m in layer.sent
        if group == watch_group(run_id) and m["type"] == "watch.frame"
    ]


async def test_viewers_get_coalesced_frames_and_the_end_after_the_run_is_released(shared):
    h, layer, links = shared
    await h.session.handle({"type": "start", "design": short_design(30), "share": True})
    await h.settle()
    run_id = h.sent[0]["run"]
    assert h.sent[0]["watch"] == {
        "token": "token-1",
        "url": "/live/token-1/",
        "ws": "/ws/watch/token-1/",
        "code": "CODE1",
        "short_url": "/w/CODE1/",
        "qr": "/live/token-1/qr.svg",
    }
    assert layer.groups[owner_group(run_id)] == {"owner-socket"}
    for seq in range(1, 6):
        h.worker.write(TAG_FRAME, frame(seq, f"e{seq}"))
    await asyncio.sleep(0.3)
    seen = _viewer_frames(layer, run_id)
    assert len(seen) < 5, "viewers get at most one frame per interval"
    assert [e["id"] for f in seen for e in f["events"]] == [f"e{s}" for s in range(1, 6)]
    h.worker.write(TAG_END, {"type": "end", "reason": "completed", "report": {}}, eof=True)
    await h.settle()
    [last] = [m["message"] for g, m in layer.sent if m["type"] == "watch.message"]
    assert last["type"] == "end" and last["run"] == run_id
    assert links.ended == [run_id] and layer.groups[owner_group(run_id)] == set()


async def test_a_revoked_link_stays_closed_for_the_rest_of_the_run(shared):
    h, layer, links = shared
    await h.session.handle({"type": "start", "design": short_design(30), "share": True})
    await h.settle()
    run_id = h.sent[0]["run"]
    await h.session.watch_revoked()
    h.worker.write(TAG_FRAME, frame(1))
    await asyncio.sleep(0.3)
    assert _viewer_frames(layer, run_id) == []
    with pytest.raises(BadMessage) as refused:
        await h.session.handle({"type": "share"})
    assert refused.value.code == "revoked"
    await h.session.close()
    assert links.ended == [run_id], "the link's last day starts when the run ends"


async def test_a_viewer_who_joins_is_told_what_plays_and_the_run_so_far(shared):
    h, layer, _ = shared
    await h.session.handle({"type": "start", "design": short_design(30), "share": True})
    await h.settle()
    h.worker.write(TAG_FRAME, {**frame(1), "global": {"rps": 5.0}})
    await h.settle()
    await h.session.watch_join("viewer-1")
    [(channel, message)] = [(c, m) for c, m in layer.sent if c == "viewer-1"]
    hello = message["message"]
    assert hello["type"] == "watching" and hello["run"] == h.sent[0]["run"]
    assert hello["design"]["name"] == short_design()["name"]
    assert [row["global"] for row in hello["history"]] == [{"rps": 5.0}]
    await h.session.close()


async def test_shared_mid_run_the_first_viewer_still_sees_the_faults_and_the_pause(shared):
    """ "share" after the start: what was injected and whether the run is paused were kept
    (frames are not parsed before then, except those that acknowledge an injection)."""
    h, layer, _ = shared
    await h.session.handle({"type": "start", "design": short_design(30)})
    await h.settle()
    outage = {"kind": "az_outage", "target": "us-east-1a", "duration": 60}
    ack = {"kind": "control", "control": "inject", "fault": outage, "t": 4.5, "message": "x"}
    h.worker.write(TAG_FRAME, {**frame(1), "events": [ack]})
    h.worker.write(TAG_FRAME, {**frame(2), "paused": True, "t": 5.0})
    await h.settle()
    await h.session.handle({"type": "share"})
    await h.settle()
    await h.session.watch_join("viewer-1")
    [hello] = [m["message"] for c, m in layer.sent if c == "viewer-1"]
    assert hello["faults"] == [{**outage, "at": 4.5}]
    assert hello["paused"] is True and hello["frame"]["t"] == 5.0
    h.worker.write(TAG_FRAME, {**frame(3), "paused": False, "t": 5.1})
    await h.settle()
    await h.session.watch_join("viewer-2")
    [again] = [m["message"] for c, m in layer.sent if c == "viewer-2"]
    assert again["paused"] is False and again["faults"] == hello["faults"], "kept once shared"


def test_the_picture_kept_at_the_end_thins_the_charts_rows_and_keeps_the_last(settings):
    from playground.live.watch_along import WATCH_FINAL_ROWS, WatchPublisher

    publisher = WatchPublisher(FakeLayer(), "viewers")
    assert publisher.final() is None, "no frame yet: nothing to show"
    outage = {"kind": "az_outage", "target": "us-east-1a"}
    inject = {"kind": "control", "control": "inject", "fault": outage, "t": 3.0}
    for seq in range(1, 1000):
        publisher.record({**frame(seq), "events": [inject] if seq == 30 else []})
    final = publisher.final()
    times = [row["t"] for row in final["history"]]
    assert len(times) <= WATCH_FINAL_ROWS and times[-1] == 99.9 and times == sorted(times)
    assert len(times) >= WATCH_FINAL_ROWS * 0.75, "thinned evenly, not cut short"
    assert final["frame"]["t"] == 99.9 and "events" not in final["frame"]
    assert final["faults"] == [{**outage, "at": 3.0}]
    assert inject in final["events"]


def test_more_shared_runs_in_a_process_each_send_less_often(settings):
    from playground.live.watch_along import WatchPublisher

    settings.LIVE_WATCH_INTERVAL_S, settings.LIVE_WATCH_FRAMES_PER_S = 0.25, 160
    before = WatchPublisher.playing
    publishers = [WatchPublisher(FakeLayer(), f"g{i}") for i in range(80 - before)]
    try:
        assert publishers[0].interval() == 0.5, "80 runs share 160 frames a second: 2 each"
        for publisher in publishers[40 - before :]:
            publisher.close()
            publisher.close()  # twice (a revoke, then the release): counted once
        assert publishers[0].interval() == 0.25, "40 runs fit at the watch interval"
    finally:
        for publisher in publishers:
            publisher.close()
    assert WatchPublisher.playing == before
