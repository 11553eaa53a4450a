"""A real server for tests and benchmarks: daphne in a subprocess on 127.0.0.1, and a browser-like
HTTP session (cookies, CSRF) to talk to its REST API.

`WebsocketCommunicator` cannot show what only a real server does (Twisted's buffers, the Origin
check on a real handshake, worker processes under `python -m daphne`), so a few tests and the
classroom benchmark start one of these. Nothing here runs in production.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmd:
            return cmd.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class DaphneServer:
    """`python -m daphne` (FIELD-NOTES.md: never the console script) on a free port, with its own
    migrated SQLite database. Use as a context manager."""

    def __init__(
        self,
        *,
        settings: str = "playground.settings.test",
        env: dict[str, str] | None = None,
        log_path: str | None = None,
        nice: int = 0,
    ):
        self.settings, self.extra_env, self.log_path = settings, env or {}, log_path
        self.nice = nice  # added to daphne's (and so its workers') niceness; < 0 needs root
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.tmp: str | None = None

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": self.settings,
                "PYTHONUNBUFFERED": "1",
                "DATABASE_URL": f"sqlite:///{self.tmp}/db.sqlite3",
                **self.extra_env,
            }
        )
        return env

    def __enter__(self) -> DaphneServer:
        self.tmp = tempfile.mkdtemp(prefix="playground-daphne-")
        env = self._env()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        log = open(self.log_path or os.path.join(self.tmp, "daphne.log"), "wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "playground.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.nice(self.nice)) if self.nice else None,
        )
        return self._listening()

    def _listening(self) -> DaphneServer:
        """Wait (up to 30 s) until daphne accepts connections."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited with {self.process.returncode}: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"daphne did not listen within 30 s: {self.log()}")

    def log(self) -> str:
        path = self.log_path or os.path.join(self.tmp or "", "daphne.log")
        try:
            return Path(path).read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- the process tree ---------------------------------------------------------------------

    def descendants(self) -> list[int]:
        """Every process below daphne (the fork server, its resource tracker, the run workers)."""
        assert self.process is not None
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                parents[int(entry)] = _ppid(int(entry))
        found, frontier = [], [self.process.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            found.extend(children)
            frontier.extend(children)
        return found

    def worker_pids(self) -> list[int]:
        """The live runs' workers: the children of the fork server."""
        assert self.process is not None
        below = self.descendants()
        servers = [
            pid for pid in below if _ppid(pid) == self.process.pid and "forkserver" in _cmdline(pid)
        ]
        return [pid for pid in below if _ppid(pid) in servers]

    def cpu_seconds(self, *, daphne_only: bool = False) -> float:
        """User + system CPU time of daphne and everything below it now (live processes only)."""
        assert self.process is not None
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [self.process.pid, *([] if daphne_only else self.descendants())]:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, ValueError, IndexError):
                continue
        return total / tick

    def memory_kib(self) -> dict[str, int]:
        """PSS and RSS (KiB) of daphne and everything below it, from /proc/<pid>/smaps_rollup."""
        assert self.process is not None
        totals = {"pss": 0, "rss": 0, "processes": 0}
        for pid in [self.process.pid, *self.descendants()]:
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            totals["processes"] += 1
            for line in text.splitlines():
                name, _, rest = line.partition(":")
                if name in ("Pss", "Rss"):
                    totals[name.lower()] += int(rest.split()[0])
        return totals


class Browser:
    """Cookies and CSRF like a browser tab: GET /api/csrf/ first, then POST with X-CSRFToken."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
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
