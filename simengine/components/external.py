"""External: a third-party API outside AWS (a payment provider, a partner service).

It answers after a lognormal time with mean `latency_ms` (third-party services have long tails;
sigma 0.5 is a model assumption) and fails a share `error_rate` of calls ("5xx"). It has no
queue the design can see. A dependency_outage makes it fail every call, as when the provider
is down; added_latency slows it. It is reached over the internet from the caller's Region.
"""

from __future__ import annotations

import math
from typing import Any

from simengine.components.base import Component, Gen, Request
from simengine.spec import KindSpec, float_prop, ratio_prop

SIGMA = 0.5  # model assumption: lognormal spread of a third-party API's latency


PROPS = (
    float_prop("latency_ms", 100.0, 0.0, 600_000.0, "ms", "Mean time the outside service takes."),
    ratio_prop("error_rate", 0.0, "Share of calls that fail."),
)

SPEC = KindSpec(
    "external",
    "External API",
    "External",
    "global",
    "A service outside AWS (a payment provider, a partner API).",
    (),
    PROPS,
)


class External(Component):
    spec = SPEC
    is_router = True  # no queue of its own: utilization is not meaningful

    def start(self) -> None:
        self.rng = self.sim.stream(self.id, "latency")
        self.calls = 0

    def handle(self, req: Request) -> Gen:
        if not self.arrive():
            return self.fail("unavailable")
        st = self.stats
        self.calls += 1
        mean = float(self.props["latency_ms"]) / 1000.0
        d = 0.0
        if mean > 0:
            d = math.exp(math.log(mean) - SIGMA * SIGMA / 2 + SIGMA * self.rng.normal())
        d += self.extra_s
        st.a_n += d
        st.win.add(d)
        req.pending += d
        if self.rng.uniform() < float(self.props["error_rate"]):
            return self.fail("5xx")
        st.completed += 1
        return None
        yield  # pragma: no cover - a generator that never waits on its own

    def summary_extra(self) -> dict[str, Any]:
        return {"calls": self.calls}
