"""The whole path through a real server: `python -m daphne`, a `websockets` client with the
session cookie of a browser tab, worker processes, and the report read back over REST."""

from __future__ import annotations

import asyncio
import itertools
import json
import time

import pytest
from websockets.asyncio.client import connect

from playground.live.testing import Browser, DaphneServer
from tests.live.conftest import short_design

pytestmark = [pytest.mark.live]


@pytest.fixture(scope="module")
def server():
    with DaphneServer() as running:
        yield running


def _connect(server, browser: Browser | None = None, path: str = "/ws/simulate/", origin=None):
    """A socket as the page opens it: its Origin is the page's own (scheme, host and port)."""
    headers = {"Cookie": browser.cookie_header()} if browser else {}
    return connect(
        server.ws_url + path,
        origin=origin or server.http_url,
        additional_headers=headers,
        compression=None,
        max_size=8 * 2**20,
    )


async def _until(ws, predicate, timeout: float = 15.0) -> tuple[dict, list[dict]]:
    seen = []
    async with asyncio.timeout(timeout):
        while True:
            message = json.loads(await ws.recv())
            if predicate(message):
                return message, seen
            seen.append(message)


async def _no_workers(server, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.worker_pids():
            return True
        await asyncio.sleep(0.05)
    return False


async def _an_outage_is_acknowledged_then_begins(ws) -> None:
    fault = {"kind": "az_outage", "target": "us-east-1b", "duration": 60}
    await ws.send(json.dumps({"type": "inject", "id": "az", "fault": fault}))
    acked, _ = await _until(
        ws, lambda m: m["type"] == "frame" and any(e.get("id") == "az" for e in m["events"])
    )
    ack = [e for e in acked["events"] if e.get("id") == "az"][0]
    assert ack["kind"] == "control" and ack["fault"]["target"] == "us-east-1b"
    # The engine's own event follows as the outage begins; the ALB routes around it.
    outage, _ = await _until(
        ws,
        lambda m: (
            m["type"] == "frame"
            and any(e["kind"] == "fault" and "us-east-1b" in e["message"] for e in m["events"])
        ),
    )
    assert outage["t"] >= ack["t"]


async def test_a_learner_runs_injects_stops_and_reads_the_report(server):
    browser = Browser(server.http_url)
    design_id = await asyncio.to_thread(browser.save_design, "Three tier", short_design(300))
    assert browser.cookie("sessionid")
    async with _connect(server, browser) as ws:
        await ws.send(json.dumps({"type": "start", "design_id": design_id, "seed": 3, "speed": 10}))
        started, _ = await _until(ws, lambda m: m["type"] == "started")
        frames = [json.loads(await ws.recv()) for _ in range(5)]
        assert [f["type"] for f in frames] == ["frame"] * 5
        assert frames[-1]["global"]["rps"] > 0 and frames[-1]["speed"] == 10
        assert len(server.worker_pids()) == 1

        await _an_outage_is_acknowledged_then_begins(ws)
        await ws.send(json.dumps({"type": "stop"}))
        end, _ = await _until(ws, lambda m: m["type"] == "end")
        assert end["run"] == started["run"] and end["reason"] == "stopped"

    status, run = await asyncio.to_thread(browser.request, "GET", f"/api/runs/{end['run']}/")
    assert status == 200 and run["report"] == end["report"] and run["seed"] == 3
    assert run["series"] == end["series"] and run["series"]["t"] and run["series"]["rps"][-1] > 0
    stranger = Browser(server.http_url)
    status, _ = await asyncio.to_thread(stranger.request, "GET", f"/api/runs/{end['run']}/")
    assert status == 404
    assert await _no_workers(server)


async def test_a_dropped_socket_leaves_no_worker_behind(server):
    browser = Browser(server.http_url)
    await asyncio.to_thread(browser.save_design, "Mine", short_design(300))
    ws = await _connect(server, browser)
    await ws.send(json.dumps({"type": "start", "design": short_design(300), "speed": 1}))
    await _until(ws, lambda m: m["type"] == "frame")
    assert len(server.worker_pids()) == 1
    ws.transport.abort()  # no closing handshake: the cable is pulled
    assert await _no_workers(server)


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "http://127.0.0.1:{other}",
        "https://127.0.0.1:{port}",
        "http://127.0.0.1",
    ],
)
async def test_an_origin_other_than_the_pages_own_is_refused(server, origin):
    """Another site, another port or scheme of this host, or the host without the server's port:
    all 403 on a real handshake (the browser's Host is 127.0.0.1:<port>)."""
    origin = origin.format(port=server.port, other=server.port + 1)
    with pytest.raises(Exception) as refused:
        async with _connect(server, origin=origin):
            pass
    assert "403" in str(refused.value)


async def test_a_stalled_reader_skips_stale_frames_through_a_real_server(server):
    """The client stops reading for three seconds at speed max: what piles up is bounded by the
    socket buffers; after them come the newest frames, with a gap in `seq`."""
    import socket

    browser = Browser(server.http_url)
    await asyncio.to_thread(browser.save_design, "Mine", short_design(300))
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    async with connect(
        server.ws_url + "/ws/simulate/",
        sock=sock,
        origin=server.http_url,
        additional_headers={"Cookie": browser.cookie_header()},
        compression=None,
        max_queue=1,
    ) as ws:
        await ws.send(json.dumps({"type": "start", "design": short_design(3000), "speed": "max"}))
        await _until(ws, lambda m: m["type"] == "started")
        await asyncio.sleep(3.0)
        seqs = []
        async with asyncio.timeout(10):
            while len(seqs) < 45:
                message = json.loads(await ws.recv())
                if message["type"] == "frame":
                    seqs.append(message["seq"])
        gaps = [b - a for a, b in itertools.pairwise(seqs) if b - a > 1]
        assert gaps, f"no frame was skipped: {seqs}"
        assert seqs == sorted(seqs)
        await ws.send(json.dumps({"type": "stop"}))
        await _until(ws, lambda m: m["type"] == "end")
