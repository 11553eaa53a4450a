"""The websocket Origin check (playground/live/origin.py): an Origin is accepted only when it is
the page's own origin (scheme, host and port, the Host itself allowed) or a CSRF-trusted one;
anything else is a 403 at the handshake, with no Origin at all included."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from playground.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True)]


async def _handshake(
    origin: str | None,
    host: str | None = "127.0.0.1:8000",
    *,
    scheme: str = "ws",
    extra: list | None = None,
) -> bool:
    headers = []
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if host is not None:
        headers.append((b"host", host.encode()))
    comm = WebsocketCommunicator(application, "/ws/simulate/", headers=headers + (extra or []))
    comm.scope["scheme"] = scheme
    connected, _ = await comm.connect()
    await comm.disconnect()
    return connected


async def test_the_pages_own_origin_is_accepted(engine):
    assert await _handshake("http://127.0.0.1:8000")
    assert await _handshake("http://localhost:8000", host="localhost:8000")
    assert await _handshake("http://127.0.0.1", host="127.0.0.1")
    assert await _handshake("http://127.0.0.1:80", host="127.0.0.1"), (
        "the default port is the same origin"
    )
    assert await _handshake("https://127.0.0.1:8443", host="127.0.0.1:8443", scheme="wss")


@pytest.mark.parametrize(
    "origin",
    [
        # another port of an allowed host (AllowedHostsOriginValidator let it in)
        "http://127.0.0.1:9999",
        "http://127.0.0.1",  # the host without the server's port
        "https://127.0.0.1:8000",  # another scheme
        "http://localhost:8000",  # another allowed host, but not the one the page was served from
        "http://evil.example",  # another site
        "http://evil.example:8000",
        "null",  # a sandboxed frame or a file:// page
        "ws://127.0.0.1:8000",  # not a web origin
        "http://127.0.0.1:8000/play/",  # an origin has no path
    ],
)
async def test_an_origin_that_is_not_the_pages_own_is_refused(engine, origin):
    assert not await _handshake(origin)


async def test_no_origin_is_refused(engine):
    assert not await _handshake(None)


async def test_a_host_that_is_not_allowed_is_refused_even_with_a_matching_origin(engine):
    """DNS rebinding: evil.example resolving to this server sends Host and Origin that agree."""
    assert not await _handshake("http://evil.example:8000", host="evil.example:8000")
    assert not await _handshake("http://127.0.0.1:8000", host=None)


async def test_a_trusted_origin_is_accepted(engine, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://classroom.example", "https://*.school.example"]
    assert await _handshake("https://classroom.example")
    assert await _handshake("https://lab.school.example")
    assert not await _handshake("http://classroom.example"), "the scheme counts"
    assert not await _handshake("https://classroom.example:444"), "the port counts"
    assert not await _handshake("https://school.example.evil"), "a suffix is not a subdomain"


async def test_behind_a_tls_proxy_the_forwarded_scheme_counts(engine, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = [(b"x-forwarded-proto", b"https")]
    assert await _handshake("https://127.0.0.1", host="127.0.0.1", extra=proxied)
    assert not await _handshake("http://127.0.0.1", host="127.0.0.1", extra=proxied)
    settings.SECURE_PROXY_SSL_HEADER = None
    assert not await _handshake("https://127.0.0.1", host="127.0.0.1", extra=proxied), (
        "without the setting the header is whatever the client chose to send"
    )


async def test_settings_are_read_at_each_handshake(engine, settings):
    assert not await _handshake("http://lab.example:8000", host="lab.example:8000")
    settings.ALLOWED_HOSTS = ["lab.example"]
    assert await _handshake("http://lab.example:8000", host="lab.example:8000")
