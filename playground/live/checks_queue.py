"""The line of checks waiting for a core, and the runs they share, in one server process.

A check ("Check my design", `checks.CheckSession`) follows a `CheckJob`: one run of
`simengine.verify` for one (canonical design, engine version, seeds) (`check_cache.check_key`).
A run is deterministic, so every check of the same design waiting or running at once follows
the same job: one process, the same progress and the same result for all, each told under its
own check id. A job belongs to nobody: it lives while a check follows it, and the last one to
leave (a cancel, or its socket closing) ends it: out of the line if it waits, its process group
killed if it runs. Leaving frees nothing else.

The line. A job starts when a check core is free (`limits.take_check_core`: one per worker
process, LIVE_CHECK_CORES in all); until then it waits in line, first come first served. Each
owner has one check at most (`limits.claim_check`) and a job ahead always starts before one
behind it, so the order is fair and nobody is starved. A job takes more than one core (up to
LIVE_CHECK_MAX_WORKERS, and no more than its seeds) only when nothing waits behind it. Every
check of a waiting job is told its place (`check_queued`: "place" in the line, 1 being next, and
"ahead": the jobs before it in the line plus those running) at once and whenever it changes.

Per process. The line, the jobs and who follows which live in this daphne process (the
embedded default runs one). With REDIS_URL (several processes, issue 16) the check cores and
each owner's one check are shared through Redis, so the machine's cores are never
over-committed, but each process keeps its own line: a core another process frees is seen at
the next look (every LIVE_CHECK_QUEUE_POLL_S while checks wait), first come first served holds
within a process only, and two processes may each run the same design once (both keep its
seeds, `check_cache`). The owner's claim in Redis expires a check's wall-clock limit (plus a
minute) after it was taken, waiting included: a check that waits longer than that in one process
no longer stops its owner from checking in another.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

from django.conf import settings

from playground.live import limits
from playground.live.protocol import (
    CHECK_END,
    CHECK_PROGRESS,
    TAG_END,
    TAG_PROGRESS,
    TAG_SEED,
    BadMessage,
)

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE = "queued", "running", "done"
CRASHED = "The check stopped unexpectedly; the server is fine, you can check again."
_LAST = object()
_SEED = object()
_background: set[asyncio.Future] = set()


class CheckJob:
    """One run of verify, followed by every check of its design; `followers` are
    `checks.CheckSession`s, told through check_started, check_progress and check_over."""

    def __init__(self, line: CheckLine, key: tuple, *, target, seeds, services, start_process):
        self.line, self.key, self.id = line, key, str(uuid.uuid4())
        self.target, self.seeds = target, seeds  # target: the first check's, with its "cache"
        self.services, self.start_process = services, start_process
        self.followers: list[Any] = []
        self.state = QUEUED
        self.cores: list[str] = []
        self.workers = 0
        self.process = None
        self._started = False  # the process is up (so kill() reaps it)
        self.progress: dict[str, Any] | None = None  # the last check_progress, for latecomers
        self.look: dict[str, Any] | None = None  # the last one with the goals' rows
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.pump: asyncio.Task | None = None

    # -- followers ------------------------------------------------------------------------------

    def welcome(self, check) -> None:
        """A check joins a job already running: told it started, and the progress so far."""
        if not self._started:
            return  # told with the others once the process is up
        check.check_started(self)
        if self.look is not None and self.look is not self.progress:
            check.check_progress(self.look)
        if self.progress is not None:
            check.check_progress(self.progress)

    def unfollow(self, check):
        """`check` no longer follows this job; the coroutine that ends the job if nobody does
        now (None otherwise)."""
        if check in self.followers:
            self.followers.remove(check)
        return None if self.followers or self.state is DONE else self.stop()

    # -- the run --------------------------------------------------------------------------------

    async def start(self, cores: list[str]) -> None:
        """Run verify on the seeds not kept yet in a process of its own, on `cores`."""
        self.cores, self.workers, self.state = cores, len(cores), RUNNING
        self.pump = asyncio.ensure_future(self._pump())
        known = await self._known()
        if self.state is not RUNNING:
            return
        config = {
            "run": self.id,
            "document": self.target["document"],
            "seeds": self.seeds,
            "workers": self.workers,
            "memory_mb": settings.LIVE_MEMORY_MB,
            "nice": settings.LIVE_CHECK_NICE,
            "known": known,
        }
        process = self.process = self.start_process(config, self.on_output)
        try:
            await process.start(
                hard_limit_s=settings.LIVE_CHECK_MAX_WALL_S + settings.LIVE_KILL_GRACE_S
            )
        except Exception as exc:
            log.exception("could not start a check")
            self.process = None
            message = f"The check could not start: {exc}"
            error = {"type": "error", "code": "crashed", "message": message}
            self.inbox.put_nowait((_LAST, error))
            return
        if self.state is not RUNNING or self.process is not process:  # ended while it started
            await process.kill()
            return
        self._started = True
        for check in list(self.followers):
            check.check_started(self)

    async def _known(self) -> list[dict[str, Any]]:
        """The seeds earlier checks kept (none if they cannot be read: they are run again)."""
        cache = self.target["cache"]
        try:
            return await self.services.check_known(
                key=cache["key"], engine=cache["engine"], goals=cache["goals"], seeds=self.seeds
            )
        except Exception:
            log.exception("could not read the kept results for check %s", self.id)
            return []

    def on_output(self, items: list, eof: bool) -> None:
        """Called on the loop with what the check's process wrote; queued for the pump."""
        if self.state is not RUNNING:
            return
        for tag, text in items:
            body = json.loads(text)
            if tag == TAG_PROGRESS:
                self.inbox.put_nowait((CHECK_PROGRESS, body))
            elif tag == TAG_SEED:
                self.inbox.put_nowait((_SEED, body))
            elif tag == TAG_END:
                self.inbox.put_nowait((_LAST, {"type": CHECK_END, "reason": "completed", **body}))
            else:
                self.inbox.put_nowait((_LAST, {**body, "type": "error"}))
        if eof:
            self.inbox.put_nowait((_LAST, {"type": "error", "code": "crashed", "message": CRASHED}))

    async def _pump(self) -> None:
        """The process's messages in order: each seed kept before the progress that counts it
        goes out (and before the end: the next check of the design finds every seed)."""
        while True:
            kind, body = await self.inbox.get()
            if kind is _LAST:
                await self._finish(body)
                return
            if kind is _SEED:
                await self._keep(body)
                continue
            self.progress = body
            if "goals" in body:
                self.look = body
            for check in list(self.followers):
                check.check_progress(body)

    async def _keep(self, result: dict[str, Any]) -> None:
        """Keep a seed for the next check of the design (failing to costs that check a run)."""
        cache = self.target["cache"]
        try:
            await self.services.check_store(
                key=cache["key"], engine=cache["engine"], results=[result]
            )
        except Exception:
            log.exception("could not keep seed %s of check %s", result.get("seed"), self.id)

    async def _finish(self, payload: dict[str, Any]) -> None:
        """The last word: the cores freed, every follower told, the next job let in."""
        self.state = DONE
        self.line.ended(self)
        await self._release()
        followers, self.followers = self.followers, []
        for check in followers:
            check.check_over(payload)
        await self.line.admit()
        if payload["type"] == CHECK_END:
            try:  # after the verdicts are out: nobody waits for it
                await self.services.check_prune(engine=self.target["cache"]["engine"])
            except Exception:
                log.exception("could not prune the kept results")

    async def stop(self) -> None:
        """Nobody follows the job any more: out of the line, or its process group killed."""
        if self.state is DONE:
            return
        self.state = DONE
        self.line.ended(self)
        if self.pump is not None:
            self.pump.cancel()
        await self._release()
        await self.line.admit()

    async def _release(self) -> None:
        """Kill and reap the process and give back the cores. Shielded and safe to repeat."""
        process = self.process if self._started else None
        cores, self.process, self.cores = self.cores, None, []
        work = [] if process is None else [process.kill()]
        work += [self.line.admission.give_check_core(core) for core in cores]
        if work:
            results = await asyncio.shield(asyncio.gather(*work, return_exceptions=True))
            for result in results:
                if isinstance(result, Exception):
                    log.warning("ending check %s: %r", self.id, result)


class CheckLine:
    """The jobs waiting for a check core (first come first served) and those running."""

    def __init__(self, admission):
        self.admission = admission
        self.waiting: list[CheckJob] = []
        self.running: list[CheckJob] = []
        self.jobs: dict[tuple, CheckJob] = {}
        self._lock = asyncio.Lock()
        self._poll: asyncio.TimerHandle | None = None

    def find(self, key: tuple) -> CheckJob | None:
        return self.jobs.get(key)

    async def follow(self, check, key: tuple, **job: Any) -> CheckJob:
        """`check` follows the job of `key` (its design, engine and seeds): the one waiting or
        running, else a new one at the end of the line. Sets `check.job` before it waits."""
        found = self.jobs.get(key)
        if found is not None:
            check.job = found
            found.followers.append(check)
            if found.state is RUNNING:
                found.welcome(check)
            self._tell_places()
            return found
        if len(self.waiting) >= settings.LIVE_CHECK_QUEUE_MAX:
            raise BadMessage(
                "busy",
                f"Busy: {len(self.waiting)} checks are already waiting, the most this server "
                f"keeps in line. Try Check my design again in a few minutes.",
            )
        new = check.job = self.jobs[key] = CheckJob(self, key, **job)
        new.followers.append(check)
        self.waiting.append(new)
        await self.admit()
        return new

    def ended(self, job: CheckJob) -> None:
        """`job` is over (or nobody follows it): no check can join it now."""
        for jobs in (self.waiting, self.running):
            if job in jobs:
                jobs.remove(job)
        if self.jobs.get(job.key) is job:
            del self.jobs[job.key]

    async def admit(self) -> None:
        """Start the jobs at the head of the line while check cores are free; then tell every
        check still waiting its place (each hears only a change)."""
        async with self._lock:
            try:
                while self.waiting:
                    job = self.waiting[0]
                    cores = await self._cores_for(job)
                    if not cores:
                        self._look_again_later()
                        return
                    if not self.waiting or self.waiting[0] is not job:  # it went meanwhile
                        await asyncio.gather(*(self.admission.give_check_core(c) for c in cores))
                        continue
                    self.waiting.pop(0)
                    self.running.append(job)
                    await job.start(cores)
            finally:
                self._tell_places()

    async def _cores_for(self, job: CheckJob) -> list[str]:
        """One check core for `job`, and more (up to LIVE_CHECK_MAX_WORKERS, and its seeds)
        only if nothing waits behind it; none if no core is free."""
        first = f"check-{job.id}:0"
        if not await self.admission.take_check_core(first):
            return []
        cores = [first]
        if len(self.waiting) == 1:
            for i in range(1, min(settings.LIVE_CHECK_MAX_WORKERS, job.seeds)):
                core = f"check-{job.id}:{i}"
                if not await self.admission.take_check_core(core):
                    break
                cores.append(core)
        return cores

    def _look_again_later(self) -> None:
        """A core may be freed elsewhere (another server process, with REDIS_URL)."""
        if self._poll is None:
            loop = asyncio.get_running_loop()
            self._poll = loop.call_later(settings.LIVE_CHECK_QUEUE_POLL_S, self._look_again)

    def _look_again(self) -> None:
        self._poll = None
        if self.waiting:
            future = asyncio.ensure_future(self.admit())
            _background.add(future)
            future.add_done_callback(_background.discard)

    def _tell_places(self) -> None:
        for i, job in enumerate(self.waiting):
            for check in list(job.followers):
                check.check_queued(place=i + 1, ahead=i + len(self.running))


_line: CheckLine | None = None


def line() -> CheckLine:
    """This process's line (a new one whenever the admission counter is new: tests)."""
    global _line
    admission = limits.admission()
    if _line is None or _line.admission is not admission:
        _line = CheckLine(admission)
    return _line
