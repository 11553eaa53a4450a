"""A client's circuit breaker (Michael Nygard, "Release It!"; AWS Builders' Library).

closed: calls go through; after `threshold` failures in a row it opens. open: calls fail at once
("circuit_open") for `reset_s`. half_open: ONE trial call goes through (the others still fail
fast); its success closes the breaker, its failure opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class CircuitBreaker:
    def __init__(
        self, threshold: int, reset_s: float, on_change: Callable[[str, str], None]
    ) -> None:
        self.threshold = threshold
        self.reset_s = reset_s
        self.on_change = on_change  # (new state, why) -> None
        self.state = "closed"
        self.failures = 0
        self.open_until = -1.0
        self.trial: Any = None
        self.opens = 0

    def admit(self, call: Any, now: float) -> bool:
        """May this call go through now?"""
        if self.state == "closed":
            return True
        if self.state == "open":
            if now < self.open_until:
                return False
            self.state = "half_open"
            self.trial = None
        if self.trial is None:
            self.trial = call
            return True
        return False

    def record(self, call: Any, ok: bool, now: float) -> None:
        """The outcome of a call that was admitted."""
        if self.state == "half_open" and call is self.trial:
            if ok:
                self.state, self.trial = "closed", None
                self.on_change("closed", "the trial request succeeded")
            else:
                self._open(now, "the trial request failed")
            return
        if self.state != "closed":
            return
        if ok:
            self.failures = 0
            return
        self.failures += 1
        if self.failures >= self.threshold:
            self._open(now, f"{self.failures} failures in a row")

    def _open(self, now: float, why: str) -> None:
        self.state = "open"
        self.open_until = now + self.reset_s
        self.failures = 0
        self.trial = None
        self.opens += 1
        self.on_change("open", why)
