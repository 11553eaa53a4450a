"""A client's backoff between retries: doubling from retry_base_ms up to retry_max_ms, and
full jitter spreading the retries of users who failed at the same moment."""

from __future__ import annotations

from simengine.components.retry import RETRY_PROPS, backoff_s
from simengine.rng import Stream

DEFAULTS = {p.name: p.default for p in RETRY_PROPS}


def delays(backoff: str, **props: float) -> list[float]:
    given = {**DEFAULTS, "backoff": backoff, "retry_base_ms": 100, **props}
    jitter = Stream(1, "users/retry")
    return [backoff_s(given, attempt, jitter) for attempt in range(4) for _ in range(50)]


def test_exponential_backoff_doubles_and_jitter_spreads_the_retries() -> None:
    assert sorted(set(delays("exponential"))) == [0.1, 0.2, 0.4, 0.8]
    jitter = delays("exponential_jitter")
    assert all(0 <= d <= 0.8 for d in jitter) and len(set(jitter)) > 150
    assert delays("none") == [0.0] * 200


def test_the_wait_never_exceeds_retry_max_ms() -> None:
    assert max(delays("exponential", retry_max_ms=250)) == 0.25


def test_the_client_retries_with_the_sdks_standard_defaults() -> None:
    assert DEFAULTS["retries"] == 2 and DEFAULTS["backoff"] == "exponential_jitter"
