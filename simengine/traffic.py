"""Arrival patterns: how a client's request rate changes over the run.

constant and poisson keep `rate`; step multiplies it by `step_multiplier` from `step_at_s` on;
spike multiplies it by `spike_multiplier` for `spike_duration_s` from `spike_at_s`; diurnal
swings it by `diurnal_amplitude` around `rate` along a sine of period `diurnal_period_s` (a
compressed day). Time-varying patterns are drawn as a poisson process by thinning: candidate
arrivals at the peak rate, each kept with probability rate(t) / peak.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from simengine.limits import DEFAULT_LIMITS
from simengine.spec import float_prop, ratio_prop

if TYPE_CHECKING:
    from simengine.design import Node


PATTERN_PROPS = (
    float_prop(
        "step_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the step pattern raises the rate.",
        when=("pattern", ("step",)),
    ),
    float_prop(
        "step_multiplier",
        2.0,
        0.0,
        1000.0,
        "x",
        "Rate after the step, as a multiple of rate.",
        when=("pattern", ("step",)),
    ),
    float_prop(
        "spike_at_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "When the spike starts.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "spike_duration_s",
        60.0,
        0.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "How long the spike lasts.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "spike_multiplier",
        10.0,
        0.0,
        1000.0,
        "x",
        "Rate during the spike, as a multiple of rate.",
        when=("pattern", ("spike",)),
    ),
    float_prop(
        "diurnal_period_s",
        600.0,
        1.0,
        DEFAULT_LIMITS.max_duration_s,
        "s",
        "Length of one simulated day (a compressed day-night cycle).",
        when=("pattern", ("diurnal",)),
    ),
    ratio_prop(
        "diurnal_amplitude",
        0.5,
        "How far the rate swings above and below rate (0..1).",
        when=("pattern", ("diurnal",)),
    ),
)


def pattern_rule(node: Node) -> Iterator[tuple[str, str]]:
    """A spike must last some time to happen at all."""
    if node.props["pattern"] == "spike" and node.props["spike_duration_s"] <= 0:
        yield "spike_duration_s", "must be more than 0 s for a spike to happen"


def rate_at(pattern: str, rate: float, props: Mapping[str, Any], t: float) -> float:
    """Requests per second at time t."""
    if pattern == "step":
        return rate * float(props["step_multiplier"]) if t >= float(props["step_at_s"]) else rate
    if pattern == "spike":
        at = float(props["spike_at_s"])
        if at <= t < at + float(props["spike_duration_s"]):
            return rate * float(props["spike_multiplier"])
        return rate
    if pattern == "diurnal":
        amplitude = float(props["diurnal_amplitude"])
        period = float(props["diurnal_period_s"])
        return rate * (1.0 + amplitude * math.sin(2 * math.pi * t / period))
    return rate


def peak_rate(pattern: str, rate: float, props: Mapping[str, Any]) -> float:
    """The highest rate the pattern reaches (the thinning envelope)."""
    if pattern == "step":
        return rate * max(1.0, float(props["step_multiplier"]))
    if pattern == "spike":
        return rate * max(1.0, float(props["spike_multiplier"]))
    if pattern == "diurnal":
        return rate * (1.0 + float(props["diurnal_amplitude"]))
    return rate
