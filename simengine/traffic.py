"""Arrival patterns: how a client's request rate changes over the run.

constant and poisson keep `rate`; step multiplies it by `step_multiplier` from `step_at_s` on;
spike multiplies it by `spike_multiplier` for `spike_duration_s` from `spike_at_s`; diurnal
swings it by `diurnal_amplitude` around `rate` along a sine of period `diurnal_period_s` (a
compressed day). Time-varying patterns are drawn as a poisson process by thinning: candidate
arrivals at the peak rate, each kept with probability rate(t) / peak.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def rate_at(pattern: str, rate: float, props: Mapping[str, Any], t: float) -> float:
    """Requests per second at time t."""
    if pattern == "step":
        return (
            rate * float(props.get("step_multiplier", 2.0))
            if t >= float(props.get("step_at_s", 60))
            else rate
        )
    if pattern == "spike":
        at = float(props.get("spike_at_s", 60))
        if at <= t < at + float(props.get("spike_duration_s", 60)):
            return rate * float(props.get("spike_multiplier", 10.0))
        return rate
    if pattern == "diurnal":
        amplitude = float(props.get("diurnal_amplitude", 0.5))
        period = float(props.get("diurnal_period_s", 600))
        return rate * (1.0 + amplitude * math.sin(2 * math.pi * t / period))
    return rate


def peak_rate(pattern: str, rate: float, props: Mapping[str, Any]) -> float:
    """The highest rate the pattern reaches (the thinning envelope)."""
    if pattern == "step":
        return rate * max(1.0, float(props.get("step_multiplier", 2.0)))
    if pattern == "spike":
        return rate * max(1.0, float(props.get("spike_multiplier", 10.0)))
    if pattern == "diurnal":
        return rate * (1.0 + float(props.get("diurnal_amplitude", 0.5)))
    return rate
