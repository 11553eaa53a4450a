"""What a group of users saw, as the frames and the report show it: requests sent, answered and
failed, and their end-to-end latency, per frame slice and over the measured run.

`ClientFigures` reads the counters `Client` keeps (`total`/`ok`/`failed` since t = 0,
`m_*` since the warm-up ended, `w_*` and `win` for the current slice, `hist` for the run).
"""

from __future__ import annotations

from typing import Any


class ClientFigures:
    """The frame and report figures of a `Client` (mixed in before `Component`)."""

    def close(self, now: float) -> None:
        """Close the current slice of the frame counters at `now` (see `metrics.Window`)."""
        self.window.push(self.w_t, now, (self.w_total, self.w_ok, self.w_failed), self.win.take())
        self.hist.flush()  # its values wait in a batch until counted: keep the batch short
        self.w_t = now
        self.w_total = self.w_ok = self.w_failed = 0

    def frame(self) -> dict[str, Any]:
        span, sums, win = self.window.last()
        total, ok, failed = sums or (0, 0, 0)
        p50, p95, p99 = win.quantiles((0.5, 0.95, 0.99))
        return {
            "status": "ok",
            "rps": total / span if span > 0 else 0.0,
            "ok_rps": ok / span if span > 0 else 0.0,
            "errors": failed,
            "p50_ms": p50 * 1000.0,
            "p95_ms": p95 * 1000.0,
            "p99_ms": p99 * 1000.0,
            "in_flight": self.total - self.ok - self.failed,
        }

    def summary(self) -> dict[str, Any]:
        h = self.hist
        span = max(1e-9, self.env.now - self.sim.warmup)
        done = self.m_ok + self.m_failed
        return {
            "total": self.m_total,
            "ok": self.m_ok,
            "failed": self.m_failed,
            "in_flight": self.m_total - self.m_ok - self.m_failed,
            "by_cause": dict(sorted(self.m_cause.items())),
            "latency_ms": {
                "mean": h.mean * 1000.0,
                "p50": h.quantile(0.5) * 1000.0,
                "p95": h.quantile(0.95) * 1000.0,
                "p99": h.quantile(0.99) * 1000.0,
            },
            "error_rate": self.m_failed / done if done else 0.0,
            "throughput_rps": self.m_ok / span,
            "retries": self.retries_sent,
            "circuit_opens": self.breaker.opens if self.breaker is not None else 0,
            "location": self.location,
        }
