"""A client's circuit breaker (Michael Nygard, "Release It!"; AWS Builders' Library).

closed: calls go through; after `threshold` failures in a row it opens. open: calls fail at once
("circuit_open") for `reset_s`. half_open: ONE trial call goes through (the others still fail
fast); its success closes the breaker, its failure opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simengine.spec import HOUR_S, bool_prop, float_prop, int_prop

BREAKER_PROPS = (
    bool_prop(
        "circuit_breaker",
        False,
        "Stop calling after repeated failures, then try again after cb_reset_s.",
    ),
    int_prop(
        "cb_failure_threshold",
        5,
        1,
        1000,
        "failures",
        "Consecutive failures that open the circuit breaker.",
        when=("circuit_breaker", (True,)),
    ),
    float_prop(
        "cb_reset_s",
        30.0,
        0.1,
        HOUR_S,
        "s",
        "How long an open breaker waits before letting one trial request through.",
        when=("circuit_breaker", (True,)),
    ),
)


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
