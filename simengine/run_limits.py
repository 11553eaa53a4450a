"""What one run may use (simulated time, events, requests in flight, memory) before it is
stopped with a message that says which limit it hit and what the learner can change."""

from __future__ import annotations

import resource
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simengine.simulation import Simulation


@dataclass(frozen=True)
class RunLimits:
    """What one run may use before it is stopped with a clear message."""

    max_sim_seconds: float = 86_400.0
    max_events: int = 60_000_000  # simpy events scheduled: ~20M requests, minutes of CPU
    max_in_flight: int = 200_000  # requests started and not yet answered
    max_memory_mb: float = 2048.0  # the process's peak resident memory
    slice_s: float = 1.0  # limits are checked at least this often (simulated seconds)


DEFAULT_RUN_LIMITS = RunLimits()


class RunLimitExceeded(RuntimeError):
    """The run was stopped because it would exceed a limit; the message says which."""


def resident_mb() -> float:
    """The process's resident memory now (Linux /proc), else its peak (getrusage)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def exceeded(sim: Simulation) -> str | None:
    """Which limit the run has gone past, in a sentence; None while it is within them all."""
    lim = sim.limits
    in_flight = sum(c.total - c.ok - c.failed for c in sim.clients)
    if in_flight > lim.max_in_flight:
        return (
            f"{in_flight:,} requests are in flight at t={sim.env.now:.0f} s, more than "
            f"the limit of {lim.max_in_flight:,}: the design cannot keep up with its "
            "traffic (add capacity, lower the rate, or set client timeouts)"
        )
    if next(sim.env._eid) > lim.max_events:
        return (
            f"the run scheduled more than {lim.max_events:,} simulation events by "
            f"t={sim.env.now:.0f} s: shorten the run or lower the request rate"
        )
    if resident_mb() > lim.max_memory_mb:
        return f"the run used more than {lim.max_memory_mb:,.0f} MB of memory"
    return None
