"""Watch links expire a day after their run ends (LIVE_WATCH_TTL_S) and their owner can revoke
one: viewers watching then get a final `revoked` error and are let go; a viewer who comes later
gets a clear refusal on the socket (`expired`, `revoked`, `not_found`) and a page that says why
(410 or 404), never the run or its stored report."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client as HttpClient

from playground.models import WatchLink
from tests.live.conftest import new_session, short_design

pytestmark = [pytest.mark.django_db(transaction=True)]


def _browser(session_key: str) -> HttpClient:
    browser = HttpClient(enforce_csrf_checks=True)
    browser.cookies["sessionid"] = session_key
    return browser


@database_sync_to_async
def _revoke(session_key: str, token: str, *, csrf: bool = True):
    browser = _browser(session_key)
    headers = {}
    if csrf:
        headers["HTTP_X_CSRFTOKEN"] = browser.get("/api/csrf/").json()["csrfToken"]
    response = browser.post(
        f"/api/live/{token}/revoke/", content_type="application/json", **headers
    )
    return response.status_code, response.json()


@database_sync_to_async
def _page(token: str):
    response = HttpClient().get(f"/live/{token}/")
    return response.status_code, response.content.decode()


async def _shared_run(clients, session_key, duration=300):
    owner = await clients(session_key=session_key)
    await owner.send(
        {"type": "start", "design": short_design(duration), "speed": 10, "share": True}
    )
    started = await owner.recv()
    assert started["type"] == "started", started
    return owner, started["watch"]


async def _closed(client) -> int:
    output = await client.comm.receive_output(timeout=2)
    assert output["type"] == "websocket.close", output
    return output["code"]


async def test_the_owner_revokes_and_viewers_are_let_go(clients, session_key):
    owner, watch = await _shared_run(clients, session_key)
    viewers = [await clients(watch["ws"]) for _ in range(2)]
    for viewer in viewers:
        await viewer.recv_until(lambda m: m["type"] == "frame")
    assert (await _page(watch["token"]))[0] == 200

    stranger = await new_session()
    assert (await _revoke(stranger, watch["token"]))[0] == 404, "only the owner may revoke"
    status, body = await _revoke(session_key, watch["token"], csrf=False)
    assert status == 403 and "CSRF" in body["detail"]

    status, body = await _revoke(session_key, watch["token"])
    assert status == 200 and body["revoked"] is True and body["token"] == watch["token"]
    assert body["url"].endswith(watch["url"]) and body["expires"]
    for viewer in viewers:
        error, _ = await viewer.recv_until(lambda m: m["type"] == "error")
        assert (
            error["code"] == "revoked" and error["final"] and "stopped sharing" in error["message"]
        )
        assert await _closed(viewer) == 4410
    assert (await _revoke(session_key, watch["token"]))[0] == 200, "revoking again changes nothing"

    late = await clients(watch["ws"])
    error = await late.recv()
    assert error["code"] == "revoked" and error["final"]
    assert await _closed(late) == 4410
    status, html = await _page(watch["token"])
    assert (
        status == 410 and "This run is no longer shared" in html and 'data-reason="revoked"' in html
    )

    await owner.send({"type": "share"})
    refused, _ = await owner.recv_until(lambda m: m["type"] == "error")
    assert refused["code"] == "revoked" and "Start a new run to share" in refused["message"]
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    assert end["reason"] == "stopped" and end["report"], "the owner's run played on to its report"
    late = await clients(watch["ws"])
    assert (await late.recv())["code"] == "revoked", "the stored report is not shown through it"


async def test_a_link_expires_a_while_after_its_run_ends(clients, session_key, settings):
    settings.LIVE_WATCH_TTL_S = 0
    owner, watch = await _shared_run(clients, session_key)
    viewer = await clients(watch["ws"])
    assert (await viewer.recv())["type"] == "watching", "open while the run plays"
    await owner.send({"type": "stop"})
    await owner.recv_until(lambda m: m["type"] == "end")
    await viewer.recv_until(lambda m: m["type"] == "end")

    late = await clients(watch["ws"])
    error = await late.recv()
    assert error["type"] == "error" and error["code"] == "expired" and "report" not in error
    assert "expired" in error["message"] and "a day after it ends" in error["message"]
    assert await _closed(late) == 4410
    status, html = await _page(watch["token"])
    assert status == 410 and "This watch link has expired" in html


async def test_before_it_expires_a_late_viewer_reads_the_report(clients, session_key):
    owner, watch = await _shared_run(clients, session_key)
    await owner.send({"type": "stop"})
    end, _ = await owner.recv_until(lambda m: m["type"] == "end")
    late = await clients(watch["ws"])
    seen = await late.recv()
    assert seen["type"] == "end" and seen["report"] == end["report"]
    link = await database_sync_to_async(WatchLink.objects.get)(run_id=end["run"])
    assert link.ended is not None and (link.expires - link.ended).total_seconds() == 24 * 3600


async def test_one_row_per_share_never_per_frame(clients, session_key):
    owner, watch = await _shared_run(clients, session_key)
    for _ in range(5):
        await owner.recv_until(lambda m: m["type"] == "frame")
    await owner.send({"type": "share"})
    again, _ = await owner.recv_until(lambda m: m["type"] == "shared")
    assert again["watch"] == watch
    assert await database_sync_to_async(WatchLink.objects.count)() == 1
    await owner.send({"type": "stop"})
    await owner.recv_until(lambda m: m["type"] == "end")


async def test_a_link_that_never_existed_is_a_404_page_and_not_found(clients, engine):
    forged = "0123456789abcdef0123456789abcdef.forged"
    status, html = await _page(forged)
    assert status == 404 and "This watch link does not exist" in html and "copied whole" in html
    viewer = await clients(f"/ws/watch/{forged}/")
    error = await viewer.recv()
    assert error["code"] == "not_found" and error["final"]
    assert await _closed(viewer) == 4404


@database_sync_to_async
def _schema() -> str:
    return HttpClient().get("/api/schema/").content.decode()


async def test_the_revoke_endpoint_is_in_the_openapi_schema(engine):
    schema = await _schema()
    assert "/api/live/{token}/revoke/" in schema and "live_watch_revoke" in schema
