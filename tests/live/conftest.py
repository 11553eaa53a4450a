"""Fixtures for the live-run tests: a browser session (the websocket's owner) and connected
communicators that are always disconnected at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from playground.asgi import application

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = (b"origin", b"http://127.0.0.1")
# What a browser on the page sends: the Origin check compares it with the Host (scheme, host, port).
HOST = (b"host", b"127.0.0.1")


def reference_design() -> dict:
    """The benchmark reference (shared/examples/three-tier.json), kept in the repository."""
    return json.loads((ROOT / "tests" / "simengine" / "fixtures" / "three-tier.json").read_text())


def short_design(duration: float = 30) -> dict:
    design = reference_design()
    design["run"] = {"duration": duration, "seed": 1, "warmup": 0}
    return design


@database_sync_to_async
def new_session() -> str:
    session = SessionStore()
    session["playground_owner_session"] = "x"
    session.create()
    return session.session_key


class Client:
    """A communicator with helpers to read messages of one type."""

    def __init__(self, path: str, session_key: str | None, address: str | None = None):
        headers = [ORIGIN, HOST]
        if session_key:
            headers.append((b"cookie", f"sessionid={session_key}".encode()))
        self.comm = WebsocketCommunicator(application, path, headers=headers)
        if address is not None:  # the peer address the per-address limit counts
            self.comm.scope["client"] = (address, 50000)

    async def connect(self):
        connected, _ = await self.comm.connect()
        assert connected
        return self

    async def send(self, message) -> None:
        await self.comm.send_to(
            text_data=message if isinstance(message, str) else json.dumps(message)
        )

    async def recv(self, timeout: float = 5) -> dict:
        return json.loads(await self.comm.receive_from(timeout=timeout))

    async def recv_until(self, predicate, timeout: float = 10) -> tuple[dict, list[dict]]:
        """Read until a message satisfies `predicate`; returns it and everything read before."""
        import asyncio

        seen = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = await self.recv(timeout=max(0.01, deadline - loop.time()))
            if predicate(message):
                return message, seen
            seen.append(message)

    async def close(self):
        await self.comm.disconnect()


@pytest.fixture
def engine(settings):
    """The real engine (simengine.simulation); tests that need a misbehaving one swap it."""
    settings.LIVE_ENGINE = "simengine.simulation:Simulation"
    return settings


@pytest.fixture
def cores(settings):
    """Two cores for checks, and a fresh count of seats for each test."""
    from playground.live import limits

    settings.LIVE_MAX_FAST_RUNS = 2
    settings.LIVE_CHECK_MAX_WORKERS = settings.LIVE_CHECK_CORES = 2
    limits._admission = None
    yield settings
    limits._admission = None


@pytest.fixture
async def session_key(engine):
    return await new_session()


@pytest.fixture
async def clients():
    """Open clients here; they are all disconnected when the test ends."""
    opened: list[Client] = []

    async def open_client(
        path: str = "/ws/simulate/", session_key: str | None = None, address: str | None = None
    ) -> Client:
        client = await Client(path, session_key, address).connect()
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        await client.close()
