"""How much a live run, a learner, an address and a connection may take.

Two kinds of limit:

- Admission: a run takes a seat when it starts and gives it back when it ends. A start is refused
  at once with a clear "busy" error (which limit, and what the learner can do); nothing queues.
  The seats, checked in this order:
  - per owner (a user or a browser session): LIVE_MAX_RUNS_PER_OWNER;
  - this server process's total: LIVE_MAX_RUNS_TOTAL, and no more runs than the memory budget
    holds at one address-space cap each (LIVE_MEMORY_BUDGET_MB // LIVE_MEMORY_MB: the caps of
    every admitted run together stay inside the machine's memory), nor than the cores keep
    playing at 1x (LIVE_CPU_CORES x LIVE_CPU_SHARE / LIVE_CPU_PER_RUN); see `capacity()`. Each
    process plays its runs in its own workers, so each counts its own. Then the deployment's:
    LIVE_MAX_RUNS_DEPLOYMENT (0: none) across every process. A full server says so before the
    limits below;
  - per client address (`playground.client_address`): LIVE_MAX_RUNS_PER_ADDRESS, generous (a class
    behind one school NAT shares one address) but always below the total (`per_address()`), so one
    client minting sessions cannot take every seat;
  - fast runs (speed "max" or at least LIVE_FAST_SPEED): each can keep a whole core busy, so at
    most LIVE_MAX_FAST_RUNS play at once (by default one fewer than the cores: the class at 1x and
    the server keep a core). A run that speeds up takes a fast seat then, or is refused.
  A check ("Check my design", `checks`) takes none of these: each owner may hold one check at
  a time (`claim_check`), and a running check holds one check core per worker process, of
  LIVE_CHECK_CORES in all (`take_check_core`). Check processes run niced, below the live runs,
  so they need no seat of the live runs' CPU; when no check core is free a check waits in line
  (`checks_queue`) rather than being refused.
  One daphne process counts in memory; several (REDIS_URL set) share the per-owner,
  per-address, fast and deployment counts in Redis (`limits_redis`: one Lua script checks and
  takes a seat atomically). A process's seats live as long as its heartbeat (`liveness`): a
  killed process's seats are freed within seconds.
- Rate: a token bucket per connection (`MessageRate`), so a chatty client gets errors, not a
  busy server.

The numbers live in `playground/settings/live.py`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Seat:
    """One run's place: which run, whose it is and the address it came from."""

    run_id: str
    owner: str
    address: str


def owner_key(owner) -> str:
    """How the seats name an owner (a user, or else a browser session)."""
    return f"user:{owner.user_id}" if owner.user_id is not None else f"session:{owner.session_key}"


def is_fast(speed) -> bool:
    """Does a run at this speed keep a core busy (speed "max", or LIVE_FAST_SPEED and above)?"""
    return speed == "max" or isinstance(speed, (int, float)) and speed >= settings.LIVE_FAST_SPEED


def capacity() -> tuple[int, str]:
    """How many runs may play at once in this server process, and what sets it: "memory" (the
    caps of every run inside the memory budget), "cpu" (the runs at 1x inside their share of the
    cores) or "count" (LIVE_MAX_RUNS_TOTAL), whichever is smallest."""
    by_memory = int(settings.LIVE_MEMORY_BUDGET_MB // max(1, settings.LIVE_MEMORY_MB))
    by_cpu = int(
        settings.LIVE_CPU_CORES * settings.LIVE_CPU_SHARE / settings.LIVE_CPU_PER_RUN + 1e-9
    )
    limit, bound = int(settings.LIVE_MAX_RUNS_TOTAL), "count"
    if by_cpu < limit:
        limit, bound = by_cpu, "cpu"
    if by_memory < limit:
        limit, bound = by_memory, "memory"
    return max(0, limit), bound


def per_address() -> int:
    """Seats one client address may hold: LIVE_MAX_RUNS_PER_ADDRESS, but never the whole server
    (LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES of the total, at least one seat, stays for the others:
    on a small machine the address figure can reach the total, and one client minting sessions
    would otherwise hold every seat again)."""
    total, _ = capacity()
    share = settings.LIVE_SEATS_KEPT_FOR_OTHER_ADDRESSES
    kept = max(1, math.ceil(total * share)) if share > 0 else 0  # 0: an address may fill the server
    return max(1, min(int(settings.LIVE_MAX_RUNS_PER_ADDRESS), total - kept))


def busy_message(scope: str, limit: int) -> str:
    """The sentence a refused learner reads: which limit, and what they can do about it."""
    if scope == "owner":
        return (
            f"Busy: you already have {limit} live run(s) playing, the most one learner may "
            f"have at once. Stop one (or close its tab) and start again."
        )
    if scope == "address":
        return (
            f"Busy: {limit} live runs are already playing from your network address, the most "
            f"one address may have (a whole class behind one school connection shares it). "
            f"Stop a run nobody is watching, or try again when a classmate's run ends."
        )
    if scope == "fast":
        return (
            f"Busy: {limit} run(s) are already playing at {settings.LIVE_FAST_SPEED:g}x or "
            f"faster, as many as this server's {settings.LIVE_CPU_CORES} CPU core(s) allow. "
            f"Play at 10x or slower, or try the faster speed again in a few minutes."
        )
    if scope == "memory":
        budget_gib = settings.LIVE_MEMORY_BUDGET_MB / 1024
        return (
            f"Busy: the server is playing {limit} live runs, all its memory allows "
            f"({settings.LIVE_MEMORY_MB} MiB each of {budget_gib:.1f} GiB). "
            f"Try again in a minute, when a run has ended."
        )
    if scope == "cpu":
        return (
            f"Busy: the server is playing {limit} live runs, as many as its "
            f"{settings.LIVE_CPU_CORES} CPU core(s) keep playing smoothly. "
            f"Try again in a minute, when a run has ended."
        )
    if scope == "deployment":
        return (
            f"Busy: the site is playing its maximum of {limit} live runs across all its "
            f"servers. Try again in a minute, when a run has ended."
        )
    return (
        f"Busy: the server is playing its maximum of {limit} live runs. "
        f"Try again in a minute, when a run has ended."
    )


class LocalAdmission:
    """Seats counted in this process (the embedded default: one daphne process)."""

    def __init__(self):
        self.owners: dict[str, set[str]] = {}
        self.addresses: dict[str, set[str]] = {}
        self.fast: set[str] = set()
        self.total: set[str] = set()
        self.checks: set[str] = set()
        self.check_cores: set[str] = set()

    async def claim_check(self, owner: str) -> bool:
        """The owner's one check at a time: False if they already hold one."""
        if owner in self.checks:
            return False
        self.checks.add(owner)
        return True

    async def release_check(self, owner: str) -> None:
        self.checks.discard(owner)

    async def take_check_core(self, core: str) -> bool:
        """One of the LIVE_CHECK_CORES for a check's worker process: False if none is free."""
        if core in self.check_cores:
            return True
        if len(self.check_cores) >= settings.LIVE_CHECK_CORES:
            return False
        self.check_cores.add(core)
        return True

    async def give_check_core(self, core: str) -> None:
        self.check_cores.discard(core)

    async def acquire(self, seat: Seat, *, fast: bool) -> str | None:
        """Take a seat for `seat.run_id`; returns None, or the reason it was refused."""
        per_owner, address_cap = settings.LIVE_MAX_RUNS_PER_OWNER, per_address()
        total, bound = capacity()
        if len(self.owners.get(seat.owner, ())) >= per_owner:
            return busy_message("owner", per_owner)
        if len(self.total) >= total:  # a full server says so, whoever asks
            return busy_message(bound, total)
        deployment = settings.LIVE_MAX_RUNS_DEPLOYMENT  # one process: it is the deployment
        if deployment > 0 and len(self.total) >= deployment:
            return busy_message("deployment", deployment)
        if len(self.addresses.get(seat.address, ())) >= address_cap:
            return busy_message("address", address_cap)
        if fast and len(self.fast) >= settings.LIVE_MAX_FAST_RUNS:
            return busy_message("fast", settings.LIVE_MAX_FAST_RUNS)
        self.owners.setdefault(seat.owner, set()).add(seat.run_id)
        self.addresses.setdefault(seat.address, set()).add(seat.run_id)
        self.total.add(seat.run_id)
        if fast:
            self.fast.add(seat.run_id)
        return None

    async def set_fast(self, seat: Seat, fast: bool) -> str | None:
        """A playing run changes speed: take (or give back) a fast seat; the refusal, if any."""
        if not fast:
            self.fast.discard(seat.run_id)
            return None
        if seat.run_id in self.fast:
            return None
        if len(self.fast) >= settings.LIVE_MAX_FAST_RUNS:
            return busy_message("fast", settings.LIVE_MAX_FAST_RUNS)
        self.fast.add(seat.run_id)
        return None

    async def release(self, seat: Seat) -> None:
        for index, key in ((self.owners, seat.owner), (self.addresses, seat.address)):
            index.get(key, set()).discard(seat.run_id)
            if not index.get(key):
                index.pop(key, None)
        self.fast.discard(seat.run_id)
        self.total.discard(seat.run_id)


_admission = None


def admission():
    """The admission counter this deployment uses (Redis when REDIS_URL is set)."""
    global _admission
    if _admission is None:
        url = getattr(settings, "LIVE_REDIS_URL", None)
        if url:
            from playground.live.limits_redis import RedisAdmission

            _admission = RedisAdmission(url)
        else:
            _admission = LocalAdmission()
    return _admission
