"""Arrival patterns' rate over time."""

from __future__ import annotations

import pytest

from simengine.traffic import peak_rate, rate_at


def test_patterns() -> None:
    props = {
        "step_at_s": 60,
        "step_multiplier": 3,
        "spike_at_s": 10,
        "spike_duration_s": 5,
        "spike_multiplier": 10,
        "diurnal_period_s": 100,
        "diurnal_amplitude": 0.5,
    }
    assert rate_at("poisson", 50, props, 999) == 50
    assert [rate_at("step", 50, props, t) for t in (59.9, 60)] == [50, 150]
    assert [rate_at("spike", 10, props, t) for t in (9.9, 10, 14.9, 15)] == [10, 100, 100, 10]
    assert rate_at("diurnal", 100, props, 25) == pytest.approx(150)
    assert rate_at("diurnal", 100, props, 75) == pytest.approx(50)
    assert peak_rate("spike", 10, props) == 100 and peak_rate("constant", 10, props) == 10
