"""How a client retries: up to `retries` more attempts after a failure or a timeout, each after
a backoff of none, exponential (doubling from `retry_base_ms`, capped at `retry_max_ms`), or
exponential with full jitter (a random wait up to that), as in the AWS SDKs' standard retry mode.
Jitter spreads the retries of many users who failed at once, so they do not all come back
together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simengine.rng import Stream
from simengine.spec import MODEL, enum_prop, float_prop, int_prop

RETRY_PROPS = (
    int_prop(
        "retries",
        2,
        0,
        10,
        "retries",
        "How many times a failed or timed-out request is tried again.",
        "AWS SDKs and Tools reference: standard retry mode makes 3 attempts (2 retries)",
    ),
    enum_prop(
        "backoff",
        "exponential_jitter",
        ("none", "exponential", "exponential_jitter"),
        "Wait between retries: none, doubling, or doubling with random jitter.",
        "AWS SDKs and Tools reference: standard retry mode uses exponential backoff with jitter",
    ),
    float_prop(
        "retry_base_ms",
        100.0,
        0.0,
        60_000.0,
        "ms",
        "First retry waits about this long; each later one waits twice as long.",
        MODEL,
    ),
    float_prop(
        "retry_max_ms",
        20_000.0,
        0.0,
        300_000.0,
        "ms",
        "Longest wait between two retries.",
        "AWS SDKs and Tools reference: standard retry mode caps backoff at 20 s",
    ),
)


def backoff_s(props: Mapping[str, Any], attempt: int, jitter: Stream) -> float:
    """Seconds to wait before retrying after attempt number `attempt` (0 for the first) failed."""
    mode = props["backoff"]
    if mode == "none":
        return 0.0
    cap = float(props["retry_max_ms"]) / 1000.0
    d = min(cap, float(props["retry_base_ms"]) / 1000.0 * 2**attempt)
    return d * jitter.uniform() if mode == "exponential_jitter" else d
