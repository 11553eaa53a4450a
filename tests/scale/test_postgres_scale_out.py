"""Scale-out as DESIGN.md describes it: two daphne processes sharing PostgreSQL (and Redis for the
live layer), on the production settings. A learner's session, designs, version checks and
finished runs must behave the same whichever process a request lands on, because a load balancer
may send each request to a different one. PostgreSQL runs on 127.0.0.1:5432 on every machine of
this project and in CI."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from playground.live.testing import Browser, DaphneServer
from tests.live.conftest import short_design
from tests.postgres import production_pair


@pytest.fixture(scope="module")
def servers():
    """Both on the production settings (as a deployment runs them), one database, one Redis."""
    with production_pair() as (_, first, second):
        yield first, second


def on(browser: Browser, server: DaphneServer) -> Browser:
    """The same browser (same cookies) talking to another process, as behind a load balancer."""
    browser.base_url = server.http_url
    return browser


def test_a_design_saved_through_one_process_is_read_and_guarded_by_the_other(servers):
    first, second = servers
    learner = Browser(first.http_url)
    design_id = learner.save_design("Shared", short_design(30))

    status, design = on(learner, second).request("GET", f"/api/designs/{design_id}/")
    assert status == 200 and design["version"] == 1

    status, updated = on(learner, first).request(
        "PATCH", f"/api/designs/{design_id}/", {"version": 1, "name": "Renamed in tab A"}
    )
    assert status == 200 and updated["version"] == 2
    status, stale = on(learner, second).request(
        "PATCH", f"/api/designs/{design_id}/", {"version": 1, "name": "Stale tab B"}
    )
    assert status == 409 and stale["current_version"] == 2
    status, design = learner.request("GET", f"/api/designs/{design_id}/")
    assert design["name"] == "Renamed in tab A"

    stranger = Browser(second.http_url)
    assert stranger.request("GET", f"/api/designs/{design_id}/")[0] == 404


async def test_a_run_on_one_process_is_stored_for_the_other(servers):
    first, second = servers
    learner = Browser(first.http_url)
    design_id = await asyncio.to_thread(learner.save_design, "Short", short_design(20))
    async with connect(
        second.ws_url + "/ws/simulate/",
        origin=second.http_url,
        additional_headers={"Cookie": learner.cookie_header()},
    ) as ws:
        await ws.send(
            json.dumps({"type": "start", "design_id": design_id, "seed": 5, "speed": "max"})
        )
        async with asyncio.timeout(60):
            while (message := json.loads(await ws.recv()))["type"] != "end":
                assert message["type"] in ("started", "frame"), message
    status, run = await asyncio.to_thread(
        on(learner, first).request, "GET", f"/api/runs/{message['run']}/"
    )
    assert status == 200 and run["seed"] == 5 and run["report"] == message["report"]
