"""A real server for tests and benchmarks: daphne in a subprocess on 127.0.0.1 (and, re-exported
from testing_http, `Browser`: a browser-like HTTP session to talk to its REST API).

`WebsocketCommunicator` cannot show what only a real server does (Twisted's buffers, the Origin
check on a real handshake, worker processes under `python -m daphne`), so a few tests and the
classroom benchmark start one of these. Nothing here runs in production.

Two ways to start one: the default (`playground.settings.test`, a migrated SQLite database of its
own in a temporary folder), or `DaphneServer.production(database_url, redis_url)`: the production
settings (`playground.settings.prod`) as a deployment runs them, against a given PostgreSQL
database and Redis, after `migrate` and `collectstatic` into a temporary STATIC_ROOT (what
`deploy/release.sh` does). `kill()` ends daphne and every process below it with SIGKILL, as a
crashed or OOM-killed server ends; `__exit__` stops it politely.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playground.live.testing_http import Browser  # noqa: F401 - re-exported: its home was here

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


PRODUCTION = "playground.settings.prod"


def _gone(pid: int) -> bool:
    """True once `pid` has exited (no such process, or a zombie waiting for its parent)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return True


class DaphneServer:
    """`python -m daphne` (FIELD-NOTES.md: never the console script) on a free port. Use as a
    context manager. By default it has its own migrated SQLite database; `env` overrides any
    variable (DATABASE_URL, REDIS_URL, LIVE_*). See `production()` for the production settings."""

    def __init__(
        self,
        *,
        settings: str = "playground.settings.test",
        env: dict[str, str] | None = None,
        log_path: str | None = None,
        nice: int = 0,
        static_root: str | None = None,
    ):
        self.settings, self.extra_env, self.log_path = settings, env or {}, log_path
        self.nice = nice  # added to daphne's (and so its workers') niceness; < 0 needs root
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.tmp: str | None = None
        # Production settings only: where collectstatic writes (None: a folder in self.tmp).
        # Servers may share one; it is collected once (when it has no manifest yet).
        self.static_root = static_root
        if settings == PRODUCTION and not self.extra_env.get("DATABASE_URL", "").startswith(
            "postgres"
        ):
            raise ValueError(
                "DaphneServer on the production settings needs a PostgreSQL DATABASE_URL in env "
                "(the production settings refuse SQLite); use DaphneServer.production()."
            )

    @classmethod
    def production(
        cls,
        database_url: str,
        redis_url: str | None = None,
        *,
        env: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> DaphneServer:
        """daphne on `playground.settings.prod` against `database_url` (PostgreSQL) and, when
        given, `redis_url`; SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,localhost, CSRF_TRUSTED_ORIGINS
        (this port on both names), SECURE_SSL_REDIRECT=0 (plain http, as behind a proxy that
        ends TLS) and STATIC_ROOT are set for it. `env` adds to or overrides those."""
        server = cls(settings=PRODUCTION, env={"DATABASE_URL": database_url}, **kwargs)
        origins = f"http://127.0.0.1:{server.port},http://localhost:{server.port}"
        server.extra_env.update(
            {
                "SECRET_KEY": "test-production-settings-" + "x" * 40,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": origins,
                "SECURE_SSL_REDIRECT": "0",
                **({"REDIS_URL": redis_url} if redis_url else {}),
                **(env or {}),
            }
        )
        return server

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
        if self.settings == PRODUCTION:
            self.static_root = self.static_root or os.path.join(self.tmp, "static")
            env["STATIC_ROOT"] = self.static_root
        return env

    def _manage(self, env: dict[str, str], *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "manage.py", *args, "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed: {done.stdout}{done.stderr}")

    def __enter__(self) -> DaphneServer:
        self.tmp = tempfile.mkdtemp(prefix="playground-daphne-")
        env = self._env()
        self._manage(env, "migrate")
        if self.settings == PRODUCTION and not os.path.exists(
            os.path.join(env["STATIC_ROOT"], "staticfiles.json")
        ):
            self._manage(env, "collectstatic")
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

    def kill(self, timeout: float = 10) -> list[int]:
        """End daphne and every process below it (fork server, run and check workers) at once
        with SIGKILL, as a crash or the OOM killer would: nothing gets to clean up (no end
        message, no report stored, Redis keys left as they were). Each process is stopped
        (SIGSTOP) before the tree is read again, so none forks a child that escapes; then all
        are killed and waited for (up to `timeout` s). Returns the pids killed, daphne first.
        The context manager's exit afterwards only removes the temporary folder."""
        assert self.process is not None, "kill() needs a started server"
        tree: list[int] = []
        while True:
            found = [pid for pid in [self.process.pid, *self.descendants()] if pid not in tree]
            if not found:
                break
            for pid in found:
                try:
                    os.kill(pid, signal.SIGSTOP)
                except ProcessLookupError:
                    pass
            tree.extend(found)
        for pid in tree:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout)
        deadline = time.monotonic() + timeout
        while not all(_gone(pid) for pid in tree):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes still alive after SIGKILL: {tree}")
            time.sleep(0.05)
        return tree

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
