"""What a run's charts drew, kept with the run so a finished run's charts can be drawn again
(the Runs panel's report and comparison, static/js/live/runs-panel.js).

Built in the worker process (`playback.LiveRun`) from every engine frame, so it does not depend
on how many frames reached the page. Columnar and bounded: one row per simulated second at
first; when MAX_ROWS is reached every other row is dropped and the step doubles, so a run of any
length keeps between MAX_ROWS / 2 and MAX_ROWS rows (at most 12 numbers each: under 40 kB).
Django-free, like the rest of the worker.
"""

from __future__ import annotations

from typing import Any

MAX_ROWS = 600
FIRST_STEP_S = 1.0

# Column name -> how it is read from a frame's "global" figures (static/js/live/charts.js CHARTS).
GLOBAL_COLUMNS = {
    "rps": "rps",
    "ok_rps": "ok_rps",
    "p50_ms": "p50_ms",
    "p95_ms": "p95_ms",
    "p99_ms": "p99_ms",
    "error_rate": "error_rate",
    "cost_per_hour": "cost_per_hour",
}
TOTAL_COLUMNS = ("in_service", "pending", "unhealthy", "depth")
COLUMNS = ("t", *GLOBAL_COLUMNS, *TOTAL_COLUMNS)


def frame_totals(frame: dict[str, Any]) -> dict[str, float]:
    """The instances (in service, pending, unhealthy) and queue depth over every node of a frame,
    as static/js/live/figures.js `totals` counts them."""
    totals = {"in_service": 0, "pending": 0, "unhealthy": 0, "depth": 0}
    for fig in (frame.get("nodes") or {}).values():
        if not isinstance(fig, dict):
            continue
        inst = fig.get("instances")
        if isinstance(inst, dict):
            for k in ("in_service", "pending", "unhealthy"):
                totals[k] += inst.get(k) or 0
        if isinstance(fig.get("depth"), (int, float)):
            totals["depth"] += fig["depth"]
    return totals


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return round(float(value), 4)


class SeriesRecorder:
    """Samples a run's frames at most once per `step` simulated seconds, halving when full."""

    def __init__(self, max_rows: int = MAX_ROWS, first_step: float = FIRST_STEP_S):
        self.max_rows = max(2, max_rows)
        self.step = first_step
        self.rows: list[tuple[float | None, ...]] = []
        self.next_t = 0.0

    def add(self, t: float, frame: dict[str, Any]) -> None:
        if t + 1e-9 < self.next_t:
            return
        glob = frame.get("global") or {}
        totals = frame_totals(frame)
        ok = (glob.get("ok_rps") or 0) > 0  # latency of successes only: a gap when none
        row = [round(t, 3)]
        for name, key in GLOBAL_COLUMNS.items():
            value = _number(glob.get(key))
            row.append(value if ok or not name.startswith("p") else None)
        row.extend(_number(totals[k]) for k in TOTAL_COLUMNS)
        self.rows.append(tuple(row))
        self.next_t = t + self.step
        if len(self.rows) >= self.max_rows:
            self.rows = self.rows[::2]
            self.step *= 2
            self.next_t = self.rows[-1][0] + self.step

    def to_json(self) -> dict[str, Any]:
        """{"step_s": the sampling step now, "t": [...], "rps": [...], ...}: one list a column."""
        out: dict[str, Any] = {"step_s": self.step}
        for i, name in enumerate(COLUMNS):
            out[name] = [row[i] for row in self.rows]
        return out
