"""A browser-like HTTP session for tests and benchmarks (cookies, CSRF) to talk to a test
server's REST API (playground.live.testing). Nothing here runs in production."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request
from typing import Any


class Browser:
    """Cookies and CSRF like a browser tab: GET /api/csrf/ first, then POST with X-CSRFToken."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        # Secure cookies (the production settings' session and CSRF cookies) are sent over plain
        # http too: the test servers stand where daphne stands behind a proxy that ends TLS.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.jar = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if method != "GET":
            if self.cookie("csrftoken") is None:
                self.request("GET", "/api/csrf/")
            request.add_header("X-CSRFToken", self.cookie("csrftoken") or "")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def save_design(self, name: str, document: dict[str, Any]) -> str:
        """Save a design (which also starts the session the websocket needs); returns its id."""
        status, body = self.request("POST", "/api/designs/", {"name": name, "document": document})
        if status != 201:
            raise RuntimeError(f"saving a design: {status} {body}")
        return body["id"]
