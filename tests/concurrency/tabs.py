"""Browser tabs for tests against a real server: raw HTTP/1.1 over one keep-alive connection,
cookies and the CSRF header like a page, and every answer kept as it came (a 500 page that is
not JSON is still an answer to count, not an exception in the test).

`together` starts many tabs' work at the same moment (a barrier), the way a class autosaves.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Answer:
    status: int
    body: Any  # parsed JSON, or the text when it is not JSON

    def json(self) -> dict[str, Any]:
        assert isinstance(self.body, dict), f"{self.status}: {self.body!r:.300}"
        return self.body


class Tab:
    """One browser tab: its own connection; cookies shared with `like` (another tab of the same
    browser) or its own (another learner)."""

    def __init__(self, base_url: str, *, like: Tab | None = None, timeout: float = 120):
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = (
            parts.hostname or "127.0.0.1",
            parts.port or 80,
            timeout,
        )
        self.cookies: dict[str, str] = dict(like.cookies) if like else {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None
    ) -> Answer:
        if method != "GET" and "csrftoken" not in self.cookies:
            self.request("GET", "/api/csrf/")
        data = None if body is None else json.dumps(body).encode()
        sent = {"Accept": "application/json", "Host": f"{self.host}:{self.port}", **(headers or {})}
        if data is not None:
            sent["Content-Type"] = "application/json"
        if method != "GET":
            sent["X-CSRFToken"] = self.cookies["csrftoken"]
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        # A keep-alive connection the server closed is reopened once, for a GET only: a write
        # sent twice could be counted twice.
        for attempt in (1, 2) if method == "GET" else (2,):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=data, headers=sent)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Answer(response.status, _decoded(raw))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _decoded(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")


def together(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Run `work(item)` for every item in its own thread, all released at the same moment;
    results in the order of `items`. An exception in any thread is raised here."""
    barrier = threading.Barrier(len(items))
    results: list[Any] = [None] * len(items)
    errors: list[BaseException] = []

    def run(index: int, item: T) -> None:
        try:
            barrier.wait()
            results[index] = work(item)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def raw_exchange(
    host: str, port: int, request: bytes, *, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    """Send bytes exactly as given (for what http.client will not send, like a chunked body)
    and read one HTTP/1.1 answer: status, headers (lower-case names), body."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
