"""The live session without a socket: plain method calls in, messages out through a callback, a
stand-in worker whose output the test writes. What a learner would notice: the run starts, plays,
obeys controls, ends with its report stored first, and leaves nothing held behind."""

from __future__ import annotations

import asyncio
import json

import pytest

from playground.exceptions import NotFound
from playground.live import limits
from playground.live.protocol import TAG_END, TAG_ERROR, TAG_FRAME, BadMessage, encode
from playground.live.session import LiveSession
from playground.owners import Owner
from playground.selectors import design_parsed
from tests.live.conftest import short_design


class FakeWorker:
    """Records what the session asks of a worker; the test plays the worker's output."""

    def __init__(self, config, on_output):
        self.config, self.on_output = config, on_output
        self.controls: list[dict] = []
        self.killed = self.started = False
        self.stop_grace: float | None = None

    async def start(self, *, hard_limit_s: float) -> None:
        self.started = True

    def control(self, message) -> bool:
        self.controls.append(message)
        return not self.killed

    def expect_exit(self, within_s: float) -> None:
        self.stop_grace = within_s

    async def kill(self) -> None:
        self.killed = True

    def write(self, tag: bytes, message: dict, eof: bool = False) -> None:
        data = encode(tag, message)
        self.on_output([(data[:1], data[1:].decode())], eof)


class FakeServices:
    """The services door in memory: one saved design, reports kept in a list."""

    def __init__(self):
        self.parsed: list = []
        self.stored: list[dict] = []
        self.events: list[str] = []

    async def document_for_start(self, *, owner, design_id, share_token, document):
        if design_id is not None:
            raise NotFound(f"No design {design_id} of yours exists.")
        return document, None

    def design_parsed(self, *, document):
        self.parsed.append(document)
        return design_parsed(document=document)

    async def run_store(self, **record) -> None:
        await asyncio.sleep(0.01)  # the database takes a moment
        self.stored.append(record)
        self.events.append("stored")


class Harness:
    def __init__(self, *, backlogged=lambda: False):
        self.sent: list[dict] = []
        self.services = FakeServices()
        self.workers: list[FakeWorker] = []
        self.session = LiveSession(
            owner=Owner(session_key="learner"),
            address="192.0.2.1",
            services=self.services,
            send_text=self.send_text,
            backlogged=lambda: backlogged(),
            watch_along=lambda **kwargs: None,
            start_worker=self.start_worker,
        )

    async def send_text(self, text: str) -> None:
        message = json.loads(text)
        self.sent.append(message)
        if message["type"] == "end":
            self.services.events.append("end sent")

    def start_worker(self, config, on_output) -> FakeWorker:
        self.workers.append(FakeWorker(config, on_output))
        return self.workers[-1]

    @property
    def worker(self) -> FakeWorker:
        return self.workers[-1]

    async def settle(self) -> None:
        for _ in range(20):
            await asyncio.sleep(0.005)

    def types(self) -> list[str]:
        return [m["type"] for m in self.sent]


def frame(seq: int, *ids: str) -> dict:
    events = [{"kind": "control", "id": i} for i in ids]
    return {"type": "frame", "seq": seq, "t": seq / 10, "events": events}


@pytest.fixture
async def harness(settings):
    settings.LIVE_MAX_RUNS_PER_OWNER = 5
    made: list[Harness] = []

    def make(**kwargs) -> Harness:
        made.append(Harness(**kwargs))
        return made[-1]

    yield make
    held = {h.session.seat.run_id for h in made if h.session.seat is not None}
    for h in made:
        await h.session.close()
    assert held == set(), "every seat given back by the run's end"


async def test_a_start_parses_once_and_hands_the_worker_the_parsed_design(harness):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30), "seed": 3, "speed": 5})
    assert len(h.services.parsed) == 1
    config = h.worker.config
    assert "document" not in config, "the worker is not given a document to parse again"
    assert config["design"].run.duration == 30 and config["seed"] == 3 and h.worker.started
    h.worker.write(TAG_FRAME, frame(1))
    await h.settle()
    assert h.types() == ["started", "frame"]
    assert h.sent[0]["seed"] == 3 and h.sent[0]["speed"] == 5 and h.sent[0]["duration"] == 30
    await h.session.close()
    assert h.worker.killed


async def test_the_report_is_stored_and_the_run_released_before_the_end_is_sent(harness):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30)})
    seat = h.session.seat
    h.worker.write(TAG_END, {"type": "end", "reason": "completed", "report": {"ok": 1}}, eof=True)
    await h.settle()
    assert h.services.events == ["stored", "end sent"]
    end = h.sent[-1]
    assert end["run"] == h.sent[0]["run"] and end["report"] == {"ok": 1}
    assert h.services.stored[0]["report"] == {"ok": 1} and h.services.stored[0]["seed"] == 1
    assert h.worker.killed and seat.run_id not in limits.admission().total
    assert h.types().count("error") == 0, "the end of file after the end says nothing more"
    await h.session.handle({"type": "start", "design": short_design(30)})
    assert len(h.workers) == 2, "a new start is welcome at once"
    await h.session.close()


async def test_controls_go_to_the_worker_and_stop_expects_it_to_exit(harness, settings):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30)})
    await h.session.handle({"type": "pause", "id": 7})
    await h.session.handle({"type": "set", "node": "users", "props": {"rate": 3}})
    await h.session.handle({"type": "stop"})
    assert h.worker.controls == [
        {"type": "pause", "id": 7},
        {"type": "set", "node": "users", "props": {"rate": 3}},
        {"type": "stop"},
    ]
    assert h.worker.stop_grace == settings.LIVE_STOP_GRACE_S
    await h.session.close()


@pytest.mark.parametrize(
    "message, code",
    [
        ({"type": "launch"}, "unknown_type"),
        ({"type": "pause"}, "not_running"),
        ({"type": "start", "design_id": "nope"}, "not_found"),
        ({"type": "start", "design": {"format": 1, "nodes": [{"id": "x"}]}}, "invalid_design"),
        ({"type": "start", "design": short_design(30), "seed": -1}, "bad_field"),
        ({"type": "start", "design": short_design(30), "speed": 3}, "bad_field"),
    ],
)
async def test_a_bad_message_is_refused_and_holds_nothing(harness, message, code):
    h = harness()
    with pytest.raises(BadMessage) as refused:
        await h.session.handle(message)
    assert refused.value.code == code
    assert h.workers == [] and h.session.seat is None


async def test_a_refused_control_is_passed_back_and_the_run_plays_on(harness):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30)})
    refusal = {"type": "error", "control": "set", "message": "set refused", "problems": [{}]}
    h.worker.write(TAG_ERROR, refusal)
    h.worker.write(TAG_FRAME, frame(2))
    await h.settle()
    assert h.sent[1:] == [refusal, frame(2)]
    assert not h.worker.killed and h.session.run_id is not None
    await h.session.close()


async def test_a_worker_that_goes_without_a_word_is_a_final_crash(harness):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30)})
    h.worker.on_output([], True)
    await h.settle()
    last = h.sent[-1]
    assert last["type"] == "error" and last["code"] == "crashed" and last["final"] is True
    assert h.worker.killed and h.session.run_id is None


async def test_a_slow_reader_gets_the_latest_frame_with_every_event(harness):
    stalled = {"on": False}
    h = harness(backlogged=lambda: stalled["on"])
    await h.session.handle({"type": "start", "design": short_design(30)})
    h.worker.write(TAG_FRAME, frame(1))
    await h.settle()
    stalled["on"] = True
    for seq in range(2, 9):
        h.worker.write(TAG_FRAME, frame(seq, f"e{seq}"))
    await h.settle()
    assert [m.get("seq") for m in h.sent] == [None, 1], "nothing is sent while the buffer is full"
    stalled["on"] = False
    await asyncio.sleep(0.1)
    [latest] = h.sent[2:]
    assert latest["seq"] == 8, "the frames in between were dropped, not queued"
    assert [e["id"] for e in latest["events"]] == [f"e{seq}" for seq in range(2, 9)]
    await h.session.close()


async def test_output_from_a_run_that_ended_is_dropped(harness):
    h = harness()
    await h.session.handle({"type": "start", "design": short_design(30)})
    old = h.worker
    await h.session.handle({"type": "stop"})
    old.write(TAG_ERROR, {"type": "error", "code": "crashed", "message": "x"})
    await h.settle()
    await h.session.handle({"type": "start", "design": short_design(30)})
    old.write(TAG_FRAME, frame(99))
    await h.settle()
    h.worker.write(TAG_FRAME, frame(1))
    await h.settle()
    assert [m.get("seq") for m in h.sent if m["type"] == "frame"] == [1]
    await h.session.close()
