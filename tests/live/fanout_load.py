"""A class watching along, against a real daphne (issue 16): `runs` owners each start a shared run
of a short design, 1 or 2 viewers watch each, and everyone reads to the end. What each socket saw
is counted, and the server's log is searched for the channel layer's failures. Used by
tests/live/test_fanout_redis.py and benchmarks/fanout_capacity.py."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from playground.live.testing import Browser
from tests.live.conftest import short_design

# What the server's log says when the fan-out fails: redis-py's pool ran dry, a handler raised.
FAILURES = ("MaxConnectionsError", "Too many connections", "Traceback", "Exception inside")


def load_env(redis_url: str, runs: int, frame_interval_s: float = 0.1) -> dict[str, str]:
    """A server that admits `runs` runs from one address (every socket here is on 127.0.0.1),
    each sending its owner a frame every `frame_interval_s` (viewers get theirs at the watch
    interval, 0.25 s with Redis, whatever this is)."""
    return {
        "LIVE_FRAME_INTERVAL_S": str(frame_interval_s),
        "REDIS_URL": redis_url,
        "LIVE_MAX_RUNS_TOTAL": str(runs + 10),
        "LIVE_MAX_RUNS_PER_ADDRESS": str(runs + 10),
        "LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES": "0",
        "LIVE_CPU_PER_RUN": "0.001",  # short runs at 1x: the cores are not what is measured
        "LIVE_MAX_WALL_S": "300",
    }


@dataclass
class Seen:
    """One socket's view: what it got and how it closed (None: still open when told to go)."""

    kinds: dict[str, int] = field(default_factory=dict)
    close_code: int | None = None
    errors: list[dict] = field(default_factory=list)

    def count(self, message: dict) -> str:
        kind = message.get("type", "?")
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "error":
            self.errors.append(message)
        return kind


async def _read_to_end(ws, seen: Seen, timeout: float) -> None:
    try:
        async with asyncio.timeout(timeout):
            async for text in ws:
                if seen.count(json.loads(text)) in ("end",) or (
                    seen.errors and seen.errors[-1].get("final")
                ):
                    return
    except ConnectionClosed as closed:
        seen.close_code = closed.rcvd.code if closed.rcvd else 1006
    except TimeoutError:
        pass


def _headers(browser: Browser | None) -> dict[str, str]:
    return {"Cookie": browser.cookie_header()} if browser else {}


async def _one_run(server, browser, index, viewers, duration, timeout, starting):
    owner_seen, viewer_seen = Seen(), [Seen() for _ in range(viewers)]
    options = {"origin": server.http_url, "compression": None, "max_size": 8 * 2**20}
    options["open_timeout"] = 30  # a loaded machine (2 cores shared) answers late, not never
    async with starting:  # a few start at a time, as a class does within a few seconds
        owner = await connect(
            server.ws_url + "/ws/simulate/", additional_headers=_headers(browser), **options
        )
        start = {"type": "start", "design": short_design(duration), "speed": 1, "share": True}
        await owner.send(json.dumps(start))
        async with asyncio.timeout(timeout):
            started = json.loads(await owner.recv())
        owner_seen.count(started)
        sockets = []
        if started.get("type") == "started":
            path = started["watch"]["ws"]
            sockets = [await connect(server.ws_url + path, **options) for _ in range(viewers)]
    try:
        if sockets:
            await asyncio.gather(
                _read_to_end(owner, owner_seen, timeout),
                *(_read_to_end(ws, s, timeout) for ws, s in zip(sockets, viewer_seen, strict=True)),
            )
    finally:
        for ws in (owner, *sockets):
            await ws.close()
    return owner_seen, viewer_seen


async def watch_load(
    server, log_path: str, *, runs: int, duration: float, timeout: float = 60, at_once: int = 4
) -> dict:
    """`runs` shared runs of `duration` simulated seconds at 1x (1 or 2 viewers each, in turn),
    `at_once` starting at a time, every socket read to its end. Returns what they saw and the
    failures in daphne's log (the whole of it, at `log_path`)."""
    browsers = [Browser(server.http_url) for _ in range(runs)]
    saving = asyncio.Semaphore(at_once)

    async def save(index: int) -> None:
        async with saving:
            document = short_design(duration)
            await asyncio.to_thread(browsers[index].save_design, f"run {index}", document)

    await asyncio.gather(*(save(i) for i in range(runs)))
    starting = asyncio.Semaphore(at_once)
    results = await asyncio.gather(
        *(
            _one_run(server, browsers[i], i, 1 + i % 2, duration, timeout, starting)
            for i in range(runs)
        )
    )
    owners = [owner for owner, _ in results]
    viewers = [v for _, vs in results for v in vs]
    log = Path(log_path).read_text(errors="replace")
    return {
        "runs": runs,
        "owners": owners,
        "viewers": viewers,
        "owners_ended": sum(o.kinds.get("end", 0) == 1 for o in owners),
        "owners_closed": [o.close_code for o in owners if o.close_code is not None],
        "viewers_greeted": sum(v.kinds.get("watching", 0) >= 1 for v in viewers),
        "viewers_with_frames": sum(v.kinds.get("frame", 0) >= 1 for v in viewers),
        "viewers_ended": sum(v.kinds.get("end", 0) == 1 for v in viewers),
        "failures": {word: log.count(word) for word in FAILURES if word in log},
    }
