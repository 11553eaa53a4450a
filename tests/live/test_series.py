"""The charts' series kept with a run (playground/live/series.py): sampled once a simulated
second, bounded by halving, latency a gap when nothing succeeded."""

from __future__ import annotations

from playground.live.series import COLUMNS, SeriesRecorder


def _frame(rps: float, ok: float = 1.0) -> dict:
    return {
        "global": {"rps": rps, "ok_rps": ok, "p99_ms": 50.0, "error_rate": 0.1, "cost_per_hour": 2},
        "nodes": {
            "web": {"instances": {"in_service": 2, "pending": 1, "unhealthy": 0}},
            "q": {"depth": 7},
        },
    }


def test_one_row_a_simulated_second_with_totals():
    rec = SeriesRecorder()
    for i in range(1, 31):  # ten frames a simulated second
        rec.add(i / 10, _frame(i))
    out = rec.to_json()
    assert set(out) == {"step_s", *COLUMNS}
    assert out["t"] == [0.1, 1.1, 2.1]
    assert out["rps"] == [1.0, 11.0, 21.0]
    assert out["in_service"] == [2, 2, 2] and out["pending"] == [1, 1, 1]
    assert out["depth"] == [7, 7, 7]


def test_bounded_however_long_the_run():
    rec = SeriesRecorder(max_rows=100)
    for t in range(1, 100_000):
        rec.add(float(t), _frame(t))
    out = rec.to_json()
    assert 50 <= len(out["t"]) < 100
    assert out["t"] == sorted(out["t"]) and out["t"][-1] > 90_000
    assert out["step_s"] >= 1024


def test_latency_is_a_gap_when_nothing_succeeded_and_bad_numbers_are_null():
    rec = SeriesRecorder()
    frame = _frame(5, ok=0)
    frame["global"]["cost_per_hour"] = float("nan")
    rec.add(1.0, frame)
    out = rec.to_json()
    assert out["p99_ms"] == [None] and out["rps"] == [5.0] and out["cost_per_hour"] == [None]
