"""The circuit breaker's states: closed -> open -> half-open with one trial -> closed/open."""

from __future__ import annotations

from simengine.components.breaker import CircuitBreaker


def test_opens_after_threshold_failures_fails_fast_then_tries_once() -> None:
    changes: list[tuple[str, str]] = []
    cb = CircuitBreaker(3, 10.0, lambda state, why: changes.append((state, why)))
    for k in range(3):
        assert cb.admit(k, 0.0)
        cb.record(k, False, 0.0)
    assert cb.state == "open" and changes[-1][0] == "open"
    assert not cb.admit("fast", 5.0)  # fails fast while open
    assert cb.admit("trial", 10.0)  # the reset time has passed: one trial
    assert not cb.admit("other", 10.1)  # only one
    cb.record("trial", False, 10.2)
    assert cb.state == "open" and cb.open_until == 20.2
    assert cb.admit("trial2", 21.0)
    cb.record("trial2", True, 21.1)
    assert cb.state == "closed" and changes[-1] == ("closed", "the trial request succeeded")
    assert cb.opens == 2


def test_a_success_resets_the_failure_count() -> None:
    cb = CircuitBreaker(3, 10.0, lambda *_: None)
    for ok in (False, False, True, False, False):
        cb.record(object(), ok, 0.0)
    assert cb.state == "closed"
