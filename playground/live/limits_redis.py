"""The seats of several daphne processes, shared through Redis (REDIS_URL set): the same limits as
`limits.LocalAdmission`, each checked and taken atomically by one Lua script.

The keys, under `RedisAdmission.prefix`:
- `deployment`, `owner:<owner>`, `address:<address>`, `fast`: sorted sets of run ids, scored by a
  backstop expiry (a little after the wall-clock limit), counted across every process;
- `runs:<process>`: a hash, run id -> "owner<TAB>address", of the seats one process holds (its
  length is that process's total, `limits.capacity()`'s count);
- `checks:<process>`: a hash of the check claims ("claim:<owner>") and check cores
  ("core:<core>") one process holds;
- `process:<process>`: the process's heartbeat, a key with a short TTL (`liveness`);
- `processes`: the processes that hold or held seats, for the reaper to look through.
A process whose heartbeat key has gone is dead: `reap` frees every seat in its `runs` hash in one
script (so at most one process frees them, and a process that beats again in time keeps them).
The scripts name keys built from the prefix inside Lua: fine on one Redis server, not a cluster.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from django.conf import settings

from playground.live.limits import Seat, busy_message, capacity, per_address

log = logging.getLogger(__name__)

# KEYS: deployment, owner, address, fast, runs (this process's), processes, heartbeat.
# ARGV: now, expires, run id, per-owner limit, per-address limit, process limit, fast (1/0),
# fast limit, deployment limit (0: none), "owner<TAB>address", process id, heartbeat TTL.
# Returns 0 (taken) or what refused it: 1 owner, 2 address, 3 fast, 4 process, 5 deployment.
_ACQUIRE = """
for i = 1, 4 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1]) end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('HLEN', KEYS[5]) >= tonumber(ARGV[6]) then return 4 end
local deployment = tonumber(ARGV[9])
if deployment > 0 and redis.call('ZCARD', KEYS[1]) >= deployment then return 5 end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then return 2 end
if ARGV[7] == '1' and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[8]) then return 3 end
local keep = math.ceil(ARGV[2] - ARGV[1]) + 60
for i = 1, 3 do redis.call('ZADD', KEYS[i], ARGV[2], ARGV[3]) end
for i = 2, 3 do redis.call('EXPIRE', KEYS[i], keep) end
if ARGV[7] == '1' then redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3]) end
redis.call('HSET', KEYS[5], ARGV[3], ARGV[10])
redis.call('EXPIRE', KEYS[5], keep)
redis.call('SADD', KEYS[6], ARGV[11])
redis.call('SET', KEYS[7], '1', 'EX', ARGV[12])
return 0
"""

# KEYS: fast (or the check cores). ARGV: now, expires, run id, limit. Returns 0 (taken) or 1.
_SET_FAST = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 0
"""

# KEYS: the process's heartbeat, its runs, processes, deployment, fast, its checks. ARGV: process
# id, prefix. Frees a dead process's seats and check claims and cores (none if its heartbeat is
# there); returns the run ids freed.
_REAP = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {} end
local checks = redis.call('HKEYS', KEYS[6])
for _, held in ipairs(checks) do
  if string.sub(held, 1, 6) == 'claim:' then
    redis.call('DEL', ARGV[2] .. ':check:' .. string.sub(held, 7))
  else
    redis.call('ZREM', ARGV[2] .. ':check_cores', string.sub(held, 6))
  end
end
redis.call('DEL', KEYS[6])
local runs = redis.call('HGETALL', KEYS[2])
local freed = {}
for i = 1, #runs, 2 do
  local run, held = runs[i], runs[i + 1]
  local tab = string.find(held, '\\t', 1, true)
  redis.call('ZREM', KEYS[4], run)
  redis.call('ZREM', KEYS[5], run)
  redis.call('ZREM', ARGV[2] .. ':owner:' .. string.sub(held, 1, tab - 1), run)
  redis.call('ZREM', ARGV[2] .. ':address:' .. string.sub(held, tab + 1), run)
  freed[#freed + 1] = run
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return freed
"""


class RedisAdmission:
    """Seats shared by every daphne process through Redis; `process_id` names this process in
    its heartbeat and its `runs` hash (a fresh uuid for each process)."""

    prefix = "playground:live:seats"

    def __init__(self, url: str, *, process_id: str | None = None):
        self.url = url
        self.process_id = process_id or uuid.uuid4().hex
        self._clients: dict[int, object] = {}
        self.mine: dict[str, tuple[Seat, bool]] = {}  # the seats this process holds, and fast

    def _client(self):
        from redis import asyncio as aioredis

        loop_id = id(asyncio.get_running_loop())
        if loop_id not in self._clients:
            self._clients[loop_id] = aioredis.Redis.from_url(
                self.url, socket_timeout=10, decode_responses=True
            )
        return self._clients[loop_id]

    def heartbeat_key(self, process_id: str | None = None) -> str:
        return f"{self.prefix}:process:{process_id or self.process_id}"

    def runs_key(self, process_id: str | None = None) -> str:
        return f"{self.prefix}:runs:{process_id or self.process_id}"

    @property
    def processes_key(self) -> str:
        return f"{self.prefix}:processes"

    def _keys(self, seat: Seat) -> list[str]:
        return [
            f"{self.prefix}:deployment",
            f"{self.prefix}:owner:{seat.owner}",
            f"{self.prefix}:address:{seat.address}",
            f"{self.prefix}:fast",
        ]

    @staticmethod
    def _expiry() -> tuple[float, float]:
        now = time.time()
        return now, now + settings.LIVE_MAX_WALL_S + settings.LIVE_KILL_GRACE_S + 30

    async def claim_check(self, owner: str) -> bool:
        """The owner's one check at a time, across processes (expires after a check's limit)."""
        keep = int(settings.LIVE_CHECK_MAX_WALL_S + settings.LIVE_KILL_GRACE_S + 60)
        key = f"{self.prefix}:check:{owner}"
        claimed = bool(await self._client().set(key, "1", nx=True, ex=keep))
        if claimed:
            await self._hold_check(f"claim:{owner}")
        return claimed

    async def release_check(self, owner: str) -> None:
        await self._client().delete(f"{self.prefix}:check:{owner}")
        await self._client().hdel(self.checks_key(), f"claim:{owner}")

    def checks_key(self, process_id: str | None = None) -> str:
        return f"{self.prefix}:checks:{process_id or self.process_id}"

    async def _hold_check(self, field: str) -> None:
        """Note a check claim or core as this process's (freed with its seats if it dies)."""
        keep = int(settings.LIVE_CHECK_MAX_WALL_S + settings.LIVE_KILL_GRACE_S + 60)
        ttl = max(1, round(settings.LIVE_PROCESS_TTL_S))
        async with self._client().pipeline(transaction=True) as pipe:
            pipe.set(self.heartbeat_key(), "1", ex=ttl)
            pipe.sadd(self.processes_key, self.process_id)
            pipe.hset(self.checks_key(), field, "1")
            pipe.expire(self.checks_key(), keep)
            await pipe.execute()

    async def take_check_core(self, core: str) -> bool:
        """A check core shared by every server process (each expires after a check's limit)."""
        now = time.time()
        expires = now + settings.LIVE_CHECK_MAX_WALL_S + settings.LIVE_KILL_GRACE_S + 30
        key = f"{self.prefix}:check_cores"
        taken = await self._client().eval(
            _SET_FAST, 1, key, now, expires, core, settings.LIVE_CHECK_CORES
        )
        if not int(taken):
            await self._hold_check(f"core:{core}")
        return not int(taken)

    async def give_check_core(self, core: str) -> None:
        await self._client().zrem(f"{self.prefix}:check_cores", core)
        await self._client().hdel(self.checks_key(), f"core:{core}")

    async def acquire(self, seat: Seat, *, fast: bool) -> str | None:
        if "\t" in seat.owner:
            raise ValueError(f"a seat's owner has no tab in it: {seat.owner!r}")
        now, expires = self._expiry()
        total, bound = capacity()
        address_cap, deployment = per_address(), settings.LIVE_MAX_RUNS_DEPLOYMENT
        refused = await self._client().eval(
            _ACQUIRE,
            7,
            *self._keys(seat),
            self.runs_key(),
            self.processes_key,
            self.heartbeat_key(),
            now,
            expires,
            seat.run_id,
            settings.LIVE_MAX_RUNS_PER_OWNER,
            address_cap,
            total,
            "1" if fast else "0",
            settings.LIVE_MAX_FAST_RUNS,
            deployment,
            f"{seat.owner}\t{seat.address}",
            self.process_id,
            max(1, round(settings.LIVE_PROCESS_TTL_S)),
        )
        if not int(refused):
            self.mine[seat.run_id] = (seat, fast)
        return {
            0: None,
            1: busy_message("owner", settings.LIVE_MAX_RUNS_PER_OWNER),
            2: busy_message("address", address_cap),
            3: busy_message("fast", settings.LIVE_MAX_FAST_RUNS),
            5: busy_message("deployment", deployment),
        }.get(int(refused), busy_message(bound, total))

    async def set_fast(self, seat: Seat, fast: bool) -> str | None:
        key = self._keys(seat)[3]
        if not fast:
            await self._client().zrem(key, seat.run_id)
        else:
            now, expires = self._expiry()
            refused = await self._client().eval(
                _SET_FAST, 1, key, now, expires, seat.run_id, settings.LIVE_MAX_FAST_RUNS
            )
            if int(refused):
                return busy_message("fast", settings.LIVE_MAX_FAST_RUNS)
        if seat.run_id in self.mine:
            self.mine[seat.run_id] = (seat, fast)
        return None

    async def release(self, seat: Seat) -> None:
        self.mine.pop(seat.run_id, None)
        async with self._client().pipeline(transaction=False) as pipe:
            for key in self._keys(seat):
                pipe.zrem(key, seat.run_id)
            pipe.hdel(self.runs_key(), seat.run_id)
            await pipe.execute()

    # -- liveness (`liveness.Heartbeat` calls these) ---------------------------------------------

    async def beat(self) -> bool:
        """Refresh this process's heartbeat; False if it had gone while this process held seats
        (another process took it for dead and freed them: `retake` puts them back)."""
        client = self._client()
        ttl = max(1, round(settings.LIVE_PROCESS_TTL_S))
        async with client.pipeline(transaction=True) as pipe:
            pipe.set(self.heartbeat_key(), "1", ex=ttl, get=True)
            pipe.sadd(self.processes_key, self.process_id)
            was, _ = await pipe.execute()
        return was is not None or not self.mine

    async def retake(self) -> None:
        """Put this process's seats back after it was taken for dead (its loop stalled past the
        heartbeat's TTL): the runs still play here, so they still hold their seats."""
        _, expires = self._expiry()
        async with self._client().pipeline(transaction=True) as pipe:
            for seat, fast in list(self.mine.values()):
                for key in self._keys(seat)[: 4 if fast else 3]:
                    pipe.zadd(key, {seat.run_id: expires})
                pipe.hset(self.runs_key(), seat.run_id, f"{seat.owner}\t{seat.address}")
            await pipe.execute()

    async def others(self) -> list[str]:
        """The other processes that hold (or held) seats."""
        found = await self._client().smembers(self.processes_key)
        return sorted(pid for pid in found if pid != self.process_id)

    async def reap(self, process_id: str) -> list[str]:
        """If `process_id`'s heartbeat has gone, free its seats; the run ids freed ([] if it is
        alive, or another process freed them first)."""
        freed = await self._client().eval(
            _REAP,
            6,
            self.heartbeat_key(process_id),
            self.runs_key(process_id),
            self.processes_key,
            f"{self.prefix}:deployment",
            f"{self.prefix}:fast",
            self.checks_key(process_id),
            process_id,
            self.prefix,
        )
        return list(freed or [])
