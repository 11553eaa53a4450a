"""How much a live run, a learner and a connection may take.

Two kinds of limit:

- Admission: how many runs may play at once, per owner (a user or a browser session) and in
  total. Past either, a start is refused with a clear "busy" error at once; nothing queues.
  One daphne process counts in memory; several (REDIS_URL set) share the count in Redis, where
  each seat also expires on its own a little after the run's wall-clock limit, so a crashed
  server cannot hold seats forever.
- Rate: a token bucket per connection (`MessageRate`), so a chatty client gets errors, not a
  busy server.

The numbers live in `playground/settings/live.py`.
"""
from __future__ import annotations

import asyncio
import time

from django.conf import settings


class MessageRate:
    """A token bucket: `rate` messages a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = float(rate), float(burst)
        self.tokens, self.stamp = float(burst), time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def busy_message(scope: str, limit: int) -> str:
    if scope == "owner":
        return (f"Busy: you already have {limit} live run(s) playing, the most one learner may "
                f"have at once. Stop one and start again.")
    return (f"Busy: the server is playing its maximum of {limit} live runs. "
            f"Try again in a minute.")


class LocalAdmission:
    """Seats counted in this process (the embedded default: one daphne process)."""

    def __init__(self):
        self.owners: dict[str, set[str]] = {}
        self.total: set[str] = set()

    async def acquire(self, owner: str, run_id: str) -> str | None:
        """Take a seat for `run_id`; returns None, or the reason it was refused."""
        per_owner, total = settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_TOTAL
        mine = self.owners.setdefault(owner, set())
        if len(mine) >= per_owner:
            return busy_message("owner", per_owner)
        if len(self.total) >= total:
            return busy_message("total", total)
        mine.add(run_id)
        self.total.add(run_id)
        return None

    async def release(self, owner: str, run_id: str) -> None:
        self.owners.get(owner, set()).discard(run_id)
        if not self.owners.get(owner):
            self.owners.pop(owner, None)
        self.total.discard(run_id)


# KEYS: total, owner. ARGV: now, expires, run id, per-owner limit, total limit.
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], math.ceil(ARGV[2] - ARGV[1]) + 60)
return 0
"""


class RedisAdmission:
    """Seats shared by every daphne process through Redis (sorted sets scored by expiry)."""

    prefix = "playground:live:seats"

    def __init__(self, url: str):
        self.url = url
        self._clients: dict[int, object] = {}

    def _client(self):
        from redis import asyncio as aioredis
        loop_id = id(asyncio.get_running_loop())
        if loop_id not in self._clients:
            self._clients[loop_id] = aioredis.Redis.from_url(self.url, socket_timeout=10)
        return self._clients[loop_id]

    async def acquire(self, owner: str, run_id: str) -> str | None:
        now = time.time()
        expires = now + settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S + 30
        per_owner, total = settings.LIVE_MAX_RUNS_PER_OWNER, settings.LIVE_MAX_RUNS_TOTAL
        refused = await self._client().eval(
            _ACQUIRE, 2, f"{self.prefix}:total", f"{self.prefix}:owner:{owner}",
            now, expires, run_id, per_owner, total)
        if refused == 1:
            return busy_message("owner", per_owner)
        if refused == 2:
            return busy_message("total", total)
        return None

    async def release(self, owner: str, run_id: str) -> None:
        client = self._client()
        await client.zrem(f"{self.prefix}:total", run_id)
        await client.zrem(f"{self.prefix}:owner:{owner}", run_id)


_admission = None


def admission():
    """The admission counter this deployment uses (Redis when REDIS_URL is set)."""
    global _admission
    if _admission is None:
        url = getattr(settings, "LIVE_REDIS_URL", None)
        _admission = RedisAdmission(url) if url else LocalAdmission()
    return _admission
