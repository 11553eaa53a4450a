"""The users' outcomes second by second: what the RTO of a fault is measured on."""

from __future__ import annotations

import math


class Outcomes:
    """How many users' requests ended well, and badly, in each second of the run, and how many
    of the good ones were slower than `slow_s` (the latency bound the RTO is measured against,
    set by the fault manager): the RTO is measured on these. One per run, shared by its clients
    (`Simulation.shared`)."""

    def __init__(self) -> None:
        self.ok: list[int] = []
        self.failed: list[int] = []
        self.slow: list[int] = []
        self.slow_s = math.inf

    def record(self, now: float, ok: bool, latency_s: float | None = None) -> None:
        """A user's request ended at `now`, well or not, `latency_s` after it was sent."""
        sec = int(now)
        if ok and sec < len(self.ok):  # the commonest case, first
            self.ok[sec] += 1
            if latency_s is not None and latency_s > self.slow_s:
                self.slow[sec] += 1
            return
        while len(self.ok) <= sec:
            self.ok.append(0)
            self.failed.append(0)
            self.slow.append(0)
        if ok:
            self.ok[sec] += 1
            if latency_s is not None and latency_s > self.slow_s:
                self.slow[sec] += 1
        else:
            self.failed[sec] += 1

    def prefix_sums(self) -> tuple[list[int], list[int], list[int]]:
        """Running totals of the per-second outcomes (good, failed, slow among the good), so
        any window sums in O(1)."""
        ok_sum, bad_sum, slow_sum = [0], [0], [0]
        for good, bad, slow in zip(self.ok, self.failed, self.slow, strict=True):
            ok_sum.append(ok_sum[-1] + good)
            bad_sum.append(bad_sum[-1] + bad)
            slow_sum.append(slow_sum[-1] + slow)
        return ok_sum, bad_sum, slow_sum
