"""A body sent chunked (Transfer-Encoding: chunked, no Content-Length) is read as sent, through
a real `python -m daphne` and a raw socket (the test client cannot send chunked bodies): a save
is stored, an update applied, a body past DATA_UPLOAD_MAX_MEMORY_SIZE is 413 in the error shape
with nothing stored, and malformed JSON is the usual 400. (It used to arrive empty: 400
"name: This field is required".)"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from playground.chunked import ChunkedBodies
from playground.live.testing import DaphneServer
from tests.api.conftest import VALID_DOCUMENT, assert_error_shape
from tests.concurrency.tabs import Tab, raw_exchange


@pytest.fixture(scope="module")
def server():
    with DaphneServer() as running:
        yield running


def chunked(body: bytes, size: int = 700) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def send_chunked(
    server, tab: Tab, method: str, path: str, body: bytes, *, extra: str = ""
) -> tuple[int, dict, bytes]:
    cookies = "; ".join(f"{k}={v}" for k, v in tab.cookies.items())
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        "Content-Type: application/json\r\n"
        f"Accept: application/json\r\nTransfer-Encoding: chunked\r\nCookie: {cookies}\r\n"
        f"X-CSRFToken: {tab.cookies['csrftoken']}\r\n{extra}Connection: close\r\n\r\n"
    ).encode()
    return raw_exchange("127.0.0.1", server.port, head + chunked(body))


def browser_with_a_design(server) -> tuple[Tab, dict]:
    tab = Tab(server.http_url)
    created = tab.request("POST", "/api/designs/", {"name": "first", "document": VALID_DOCUMENT})
    assert created.status == 201
    return tab, created.json()


def test_a_chunked_save_is_stored_as_sent(server):
    tab, _ = browser_with_a_design(server)
    document = dict(VALID_DOCUMENT, name="sent in chunks")
    status, _, raw = send_chunked(
        server,
        tab,
        "POST",
        "/api/designs/",
        json.dumps({"name": "chunked", "document": document}).encode(),
    )
    assert status == 201, raw
    created = json.loads(raw)
    assert created["name"] == "chunked" and created["document"] == document
    stored = tab.request("GET", f"/api/designs/{created['id']}/").json()
    assert stored["document"] == document and stored["version"] == 1


def test_a_chunked_update_is_applied(server):
    tab, design = browser_with_a_design(server)
    body = json.dumps({"name": "renamed in chunks", "version": 1}).encode()
    status, _, raw = send_chunked(server, tab, "PATCH", f"/api/designs/{design['id']}/", body)
    assert status == 200, raw
    assert json.loads(raw)["version"] == 2
    assert tab.request("GET", f"/api/designs/{design['id']}/").json()["name"] == "renamed in chunks"


def test_a_chunked_body_past_the_limit_is_413_and_nothing_is_stored(server):
    tab, _ = browser_with_a_design(server)
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    body = json.dumps({"name": "big", "document": dict(VALID_DOCUMENT, padding=padding)}).encode()
    status, headers, raw = send_chunked(server, tab, "POST", "/api/designs/", body)
    assert status == 413
    assert headers["content-type"] == "application/json"
    answer = json.loads(raw)
    assert_error_shape(answer)
    most_kib = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    assert answer["detail"] == f"The request body is too large: at most {most_kib} KiB."
    assert tab.request("GET", "/api/designs/").json()["count"] == 1


def test_a_chunked_body_just_under_the_limit_is_read(server):
    tab, _ = browser_with_a_design(server)
    body = json.dumps(
        {"name": "near the limit", "document": dict(VALID_DOCUMENT, padding="")}
    ).encode()
    padding = "y" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(body))
    body = json.dumps(
        {"name": "near the limit", "document": dict(VALID_DOCUMENT, padding=padding)}
    ).encode()
    assert len(body) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    status, _, raw = send_chunked(server, tab, "POST", "/api/designs/", body)
    assert status == 201, raw[:300]
    assert tab.request("GET", "/api/designs/").json()["count"] == 2


def test_malformed_json_sent_chunked_is_400_in_the_error_shape(server):
    tab, _ = browser_with_a_design(server)
    status, _, raw = send_chunked(
        server, tab, "POST", "/api/designs/", b'{"name": "x", "document": {'
    )
    assert status == 400
    answer = json.loads(raw)
    assert_error_shape(answer)
    assert answer["detail"].startswith("Malformed JSON")
    assert tab.request("GET", "/api/designs/").json()["count"] == 1


def test_a_content_length_beside_chunked_is_ignored(server):
    """RFC 9112: with Transfer-Encoding, Content-Length is not to be trusted; the body is what
    the chunks carried (or the server refuses the request outright), never a prefix of it."""
    tab, _ = browser_with_a_design(server)
    body = json.dumps({"name": "both headers", "document": VALID_DOCUMENT}).encode()
    status, _, raw = send_chunked(
        server, tab, "POST", "/api/designs/", body, extra="Content-Length: 5\r\n"
    )
    assert status in (201, 400), raw
    if status == 201:
        assert json.loads(raw)["name"] == "both headers"
    else:
        assert tab.request("GET", "/api/designs/").json()["count"] == 1


async def _through_middleware(headers: list, messages: list) -> tuple[dict, list]:
    seen: dict = {}
    sent: list = []

    async def app(scope, receive, send):
        seen["headers"], seen["message"] = scope["headers"], await receive()

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    await ChunkedBodies(app)({"type": "http", "headers": headers}, receive, send)
    return seen, sent


async def test_the_app_sees_the_whole_body_with_its_length_and_no_transfer_encoding():
    seen, sent = await _through_middleware(
        [(b"host", b"x"), (b"transfer-encoding", b"chunked"), (b"content-length", b"3")],
        [
            {"type": "http.request", "body": b'{"a"', "more_body": True},
            {"type": "http.request", "body": b": 1}", "more_body": False},
        ],
    )
    assert seen["headers"] == [(b"host", b"x"), (b"content-length", b"8")]
    assert seen["message"] == {"type": "http.request", "body": b'{"a": 1}', "more_body": False}
    assert sent == []


async def test_a_client_that_leaves_mid_body_reaches_nothing():
    seen, sent = await _through_middleware(
        [(b"transfer-encoding", b"chunked")],
        [{"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"}],
    )
    assert seen == {} and sent == []


async def test_a_body_with_its_length_passes_untouched():
    headers = [(b"content-length", b"2")]
    seen, _ = await _through_middleware(
        headers, [{"type": "http.request", "body": b"{}", "more_body": False}]
    )
    assert seen["headers"] is headers and seen["message"]["body"] == b"{}"
