"""An assignment in class: 30 students join, run, check and submit within a minute while the
instructor's class view is open.

A real `python -m daphne` on 127.0.0.1 per repetition (`bench_classroom.repeated`: what
`make run` serves, a new SQLite file, the library loaded), one address for everyone (a school's
NAT). An instructor logs in, sets SCENARIO as an assignment and opens the class view's socket
(`/ws/class/<code>/`). Then the students arrive over ARRIVE_S seconds, each its own browser
session: join with a display name (which makes their fork), open their socket, run the fork at
10x for RUN_S seconds of frames and stop it, "Check my design" on it (the class's forks are the
same design, so one check's seeds serve them all: `check_cache`), and submit it.

Printed per repetition and as the median of BENCH_CLASSROOM_ASSIGN_REPEATS (default 3):
- the time from the first join to the last submission answered (the issue: within a minute);
- errors: every answer that is not 2xx, every error message on a student's socket, and every
  join or submission the class view never showed (must be 0);
- the class view's update latency: from a submission's POST answered (and from a join's) to
  the class socket's update carrying it, p50 / p99 / max. The update is sent when the write
  commits, before the answer is written, so many arrive "early" (counted, taken as 0 ms); so
  also from the submission's POST sent to the update (the whole way from a student's click);
- the server's memory: the peak of RSS (and PSS) over daphne, the fork server and every worker,
  sampled every SAMPLE_S.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import subprocess
import sys
import time

from websockets.asyncio.client import connect

from benchmarks.bench_classroom import _p, repeated, simulate_socket
from playground.live.testing import ROOT, Browser, DaphneServer

SCENARIO = os.environ.get("BENCH_CLASSROOM_ASSIGN_SCENARIO", "scale-up-or-out")
STUDENTS = int(os.environ.get("BENCH_CLASSROOM_ASSIGN_STUDENTS", "30"))
REPEATS = int(os.environ.get("BENCH_CLASSROOM_ASSIGN_REPEATS", "3"))
ARRIVE_S = float(os.environ.get("BENCH_CLASSROOM_ASSIGN_ARRIVE_S", "15"))
# BENCH_CLASSROOM_ASSIGN_REDIS=redis://127.0.0.1:6379/12: the server on Redis (channels_redis,
# the cache, the shared admission), as a deployment of several processes runs; that database is
# emptied before each repetition.
REDIS = os.environ.get("BENCH_CLASSROOM_ASSIGN_REDIS", "")
RUN_S = 3.0  # seconds of a student's run watched before they stop it
SAMPLE_S = 0.25
LIMIT_S = 180.0  # a repetition gives up on students not done by then (they count as errors)
# The instructor, signed in: a session made in the server's database, as logging in makes one
# (the log-in page needs collected static files, which a benchmark's server does not have).
MAKE_INSTRUCTOR = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.create_user("teach", password="bench-passphrase-1")
user.groups.add(Group.objects.get_or_create(name="instructor")[0])
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def _manage(server: DaphneServer, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server._env(),  # the server's own database
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def signed_in(server: DaphneServer) -> Browser:
    """The instructor's browser, with the session cookie of a signed-in instructor."""
    key = _manage(server, "shell", "-c", MAKE_INSTRUCTOR).strip().splitlines()[-1]
    browser = Browser(server.http_url)
    cookie = http.cookiejar.Cookie(
        0,
        "sessionid",
        key,
        None,
        False,
        "127.0.0.1",
        True,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )
    browser.jar.set_cookie(cookie)
    return browser


class ClassView:
    """The instructor's class socket: when each enrollment and each submission first showed."""

    def __init__(self):
        self.enrollments: dict[str, float] = {}  # display name -> first shown
        self.submissions: dict[str, float] = {}  # submission id -> first shown
        self.updates = 0
        self.errors: list[str] = []

    async def read(self, ws) -> None:
        async for raw in ws:
            now = time.perf_counter()
            message = json.loads(raw)
            if message.get("type") == "error":
                self.errors.append(f"class view: {message.get('code')}: {message.get('message')}")
                continue
            self.updates += message.get("type") == "update"
            for line in message.get("students", ()):
                self.enrollments.setdefault(line["display_name"], now)
                if line.get("latest"):
                    self.submissions.setdefault(line["latest"]["id"], now)


class Student:
    """One student's browser: join, run, check, submit; when each answer came."""

    def __init__(self, server: DaphneServer, code: str, index: int):
        self.server, self.code, self.index = server, code, index
        self.name = f"Student {index:02d}"
        self.browser = Browser(server.http_url)
        self.errors: list[str] = []
        self.joined_at = self.submitted_at = self.submit_sent = 0.0
        self.submission: str | None = None

    async def _post(self, path: str, body: dict) -> dict | None:
        status, answer = await asyncio.to_thread(self.browser.request, "POST", path, body)
        if not 200 <= status < 300:
            self.errors.append(f"POST {path}: {status} {answer}")
            return None
        return answer

    async def work(self, delay: float) -> None:
        await asyncio.sleep(delay)
        base = f"/api/assignments/{self.code}"
        joined = await self._post(f"{base}/join/", {"display_name": self.name})
        self.joined_at = time.perf_counter()
        if joined is None:
            return
        design_id = joined["design_id"]
        async with simulate_socket(self.server, self.browser) as ws:
            if not await self._run(ws, design_id) or not await self._check(ws, design_id):
                return
        self.submit_sent = time.perf_counter()
        answer = await self._post(f"{base}/submissions/", {"design_id": design_id})
        self.submitted_at = time.perf_counter()
        if answer is not None:
            self.submission = answer["id"]

    async def _until(self, ws, kinds: set[str]) -> dict | None:
        async for raw in ws:
            message = json.loads(raw)
            if message.get("type") == "error" and message.get("final", True):
                self.errors.append(f"socket: {message.get('code')}: {message.get('message')}")
                return None
            if message.get("type") in kinds:
                return message
        return None

    async def _run(self, ws, design_id: str) -> bool:
        await ws.send(json.dumps({"type": "start", "design_id": design_id, "speed": 10}))
        if await self._until(ws, {"frame"}) is None:
            return False
        await asyncio.sleep(RUN_S)
        await ws.send(json.dumps({"type": "stop"}))
        return await self._until(ws, {"end"}) is not None

    async def _check(self, ws, design_id: str) -> bool:
        await ws.send(json.dumps({"type": "check", "design_id": design_id}))
        return await self._until(ws, {"check_end"}) is not None


async def _class(server: DaphneServer) -> dict:
    if REDIS:
        import redis

        redis.Redis.from_url(REDIS, socket_timeout=2).flushdb()
    await asyncio.to_thread(_manage, server, "load_scenarios")
    teacher = await asyncio.to_thread(signed_in, server)
    status, made = await asyncio.to_thread(
        teacher.request, "POST", "/api/assignments/", {"scenario": SCENARIO}
    )
    if status != 201:
        raise RuntimeError(f"setting the assignment: {status} {made}")
    code = made["code"]
    view = ClassView()
    peak = {"rss": 0, "pss": 0}
    done = asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            memory = await asyncio.to_thread(server.memory_kib)
            peak["rss"], peak["pss"] = (
                max(peak["rss"], memory["rss"]),
                max(peak["pss"], memory["pss"]),
            )
            await asyncio.sleep(SAMPLE_S)

    students = [Student(server, code, i) for i in range(STUDENTS)]
    async with connect(
        f"{server.ws_url}/ws/class/{code}/",
        origin=server.http_url,
        additional_headers={"Cookie": teacher.cookie_header()},
        max_size=16 * 2**20,
    ) as ws:
        reader = asyncio.create_task(view.read(ws))
        sampler = asyncio.create_task(sample())
        begin = time.perf_counter()
        work = [s.work(i * ARRIVE_S / max(1, STUDENTS - 1)) for i, s in enumerate(students)]
        _, late = await asyncio.wait([asyncio.ensure_future(w) for w in work], timeout=LIMIT_S)
        for task in late:
            task.cancel()
        last = max((s.submitted_at for s in students), default=begin)
        await asyncio.sleep(1.0)  # the last update's way to the class view
        done.set()
        reader.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
    join_waits, submit_waits, from_sent, early = [], [], [], 0
    errors = [e for s in students for e in s.errors] + view.errors
    for s in students:
        shown = view.enrollments.get(s.name)
        if s.joined_at and shown is None:
            errors.append(f"{s.name}'s join never showed in the class view")
        elif shown is not None:
            join_waits.append(max(0.0, shown - s.joined_at))
        if s.submission is None:
            if not s.errors:
                errors.append(f"{s.name} never submitted (timed out)")
            continue
        shown = view.submissions.get(s.submission)
        if shown is None:
            errors.append(f"{s.name}'s submission never showed in the class view")
            continue
        early += shown < s.submitted_at
        submit_waits.append(max(0.0, shown - s.submitted_at))
        from_sent.append(shown - s.submit_sent)
    return {
        "class_s": last - begin,
        "submitted": sum(s.submission is not None for s in students),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "submit_p50_ms": _p(submit_waits, 0.50) * 1000,
        "submit_p99_ms": _p(submit_waits, 0.99) * 1000,
        "submit_max_ms": max(submit_waits, default=float("nan")) * 1000,
        "early": early,
        "sent_p50_ms": _p(from_sent, 0.50) * 1000,
        "sent_p99_ms": _p(from_sent, 0.99) * 1000,
        "join_p50_ms": _p(join_waits, 0.50) * 1000,
        "join_p99_ms": _p(join_waits, 0.99) * 1000,
        "updates": view.updates,
        "rss_peak_mb": peak["rss"] / 1024,
        "pss_peak_mb": peak["pss"] / 1024,
        "load": os.getloadavg()[0],
    }


def _line(r: dict) -> str:
    return (
        f"first join to last submission {r['class_s']:.1f} s ({r['submitted']:.0f} submitted) | "
        f"errors {r['errors']:.0f} {r['first_error']} | class view update after a submission "
        f"p50 {r['submit_p50_ms']:.0f} ms p99 {r['submit_p99_ms']:.0f} ms max "
        f"{r['submit_max_ms']:.0f} ms ({r['early']:.0f} before the answer; from the POST sent "
        f"p50 {r['sent_p50_ms']:.0f} ms p99 {r['sent_p99_ms']:.0f} ms), after a join p50 "
        f"{r['join_p50_ms']:.0f} ms p99 {r['join_p99_ms']:.0f} ms, {r['updates']:.0f} updates | "
        f"server RSS peak {r['rss_peak_mb']:.0f} MB (PSS {r['pss_peak_mb']:.0f} MB) | load "
        f"{r['load']:.1f}"
    )


def main() -> None:
    print(
        f"   {STUDENTS} students arrive over {ARRIVE_S:g} s: join {SCENARIO}'s assignment, run "
        f"it at 10x for {RUN_S:g} s, check and submit, with the class view open; {REPEATS} "
        f"repetitions (fresh daphne each{', on Redis' if REDIS else ''}); machine load "
        f"before {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    env = {"REDIS_URL": REDIS} if REDIS else None
    median = repeated(lambda server: asyncio.run(_class(server)), _line, REPEATS, env=env)
    print(
        f"   targets: errors 0 {'met' if median['errors'] == 0 else 'MISSED'}; within a minute "
        f"{'met' if median['class_s'] <= 60 else 'MISSED'}",
        flush=True,
    )


if __name__ == "__main__":
    main()
