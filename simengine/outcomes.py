"""The users' outcomes second by second: what the RTO of a fault is measured on."""

from __future__ import annotations


class Outcomes:
    """How many users' requests ended well, and badly, in each second of the run: the RTO is
    measured on these. One per run, shared by its clients (`Simulation.shared`)."""

    def __init__(self) -> None:
        self.ok: list[int] = []
        self.failed: list[int] = []

    def record(self, now: float, ok: bool) -> None:
        """A user's request ended at `now`, well or not."""
        sec = int(now)
        while len(self.ok) <= sec:
            self.ok.append(0)
            self.failed.append(0)
        if ok:
            self.ok[sec] += 1
        else:
            self.failed[sec] += 1

    def prefix_sums(self) -> tuple[list[int], list[int]]:
        """Running totals of the per-second outcomes, so any window sums in O(1)."""
        ok_sum, bad_sum = [0], [0]
        for good, bad in zip(self.ok, self.failed, strict=True):
            ok_sum.append(ok_sum[-1] + good)
            bad_sum.append(bad_sum[-1] + bad)
        return ok_sum, bad_sum
